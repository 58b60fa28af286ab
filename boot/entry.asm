; Zeptux kernel entry, linked into the kernel ELF.
;
; The kernel header (first bytes of the image, read by stage 2) and _start, where stage 2
; jumps in 64-bit mode with RDI = BootInfo and interrupts disabled. _start zeroes .bss, moves
; to the kernel's own stack (64 KiB, with an unmapped guard page below it), and calls
; kmain(bootInfo), the Java entry point (@Export("kmain")), by the System V ABI.

bits 64
default rel

extern kmain
extern __kernel_start, __file_end, __bss_start, __kernel_end, __rodata_start, __data_start

section .zeptux.header progbits alloc noexec nowrite align=8
    db 'ZEPTUXKH'                       ; magic
    dq _start                           ; entry
    dq __kernel_start                   ; virtual start of the image
    dq __file_end                       ; virtual end of the loaded bytes
    dq __kernel_end                     ; virtual end including .bss, page-aligned
    dq stack_guard                      ; left unmapped by the boot page tables

section .text
global _start:function (_start_end - _start)  ; a sized FUNC symbol: tools and backtraces can name it
_start:
    cld
    mov r12, rdi                        ; BootInfo, kept across the clearing
    xor eax, eax
    mov rdi, __bss_start                ; zero .bss below the guard page...
    mov rcx, stack_guard
    sub rcx, rdi
    shr rcx, 3                          ; all these bounds are page-aligned
    rep stosq
    mov rdi, stack_guard + 4096         ; ...and above it (the guard itself is not mapped)
    mov rcx, __kernel_end
    sub rcx, rdi
    shr rcx, 3
    rep stosq
    mov rsp, stack_top
    xor ebp, ebp                        ; the outermost frame: backtraces stop here
    mov rdi, r12
    call kmain
.halt:                                  ; kmain does not return; if it does, stop here
    cli
    hlt
    jmp .halt
_start_end:

; long zeptux_kernel_layout(): the address of five quadwords: the virtual addresses where the
; kernel's text, rodata and data (with .bss) start, where it ends, and the stack guard page.
global zeptux_kernel_layout:function
zeptux_kernel_layout:
    lea rax, [kernel_layout]
    ret

section .rodata
align 8
kernel_layout:
    dq __kernel_start, __rodata_start, __data_start, __kernel_end, stack_guard

section .bss nobits alloc noexec write align=4096
global stack_guard, stack_top
stack_guard:
    resb 4096                           ; not present: an overflow faults instead of corrupting
stack_bottom:
    resb 65536
stack_top:
