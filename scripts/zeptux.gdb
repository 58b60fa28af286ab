# The kernel's symbols and Java sources for gdb, from the repository's root: `make gdb` loads
# this and connects to `make qemu-gdb` (started first, in another terminal). Breakpoints then
# take Java lines (hbreak Buddy.java:120: use hbreak before the kernel is loaded, as stage 2
# overwrites memory a software breakpoint patches), and bt and list show Java frames and source.
set confirm off
set pagination off
file kernel/target/zeptux.elf
directory kernel/src/main/java
