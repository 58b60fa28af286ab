/* fault KIND: prints one line, then does what KIND names, which the CPU refuses in user mode;
   the kernel ends the process with a signal (SIGSEGV, SIGILL or SIGFPE) and carries on.
   KIND: null (write to address 0), kernel (read a kernel address), noncanonical (read a
   non-canonical address: #GP), readonly (write to a read-only page), nx (call into a page mapped
   without PROT_EXEC), ud (ud2: #UD), divide (divide by zero: #DE), cli (a privileged instruction). */
#include "check.h"
#include <sys/mman.h>

int main(int argc, char **argv) {
    start(argc, argv);
    const char *kind = argc > 2 ? argv[2] : "null";
    say("fault: %s\n", kind);
    if (strcmp(kind, "null") == 0) {
        *(volatile int *) 0 = 1;
    } else if (strcmp(kind, "kernel") == 0) {
        (void) *(volatile long *) 0xffffffff80100000UL;
    } else if (strcmp(kind, "noncanonical") == 0) {
        (void) *(volatile long *) 0x8000000000000000UL;
    } else if (strcmp(kind, "readonly") == 0) {
        volatile char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            *p = 1;
        }
    } else if (strcmp(kind, "nx") == 0) {
        unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            p[0] = 0xc3; /* ret */
            ((void (*)(void)) p)();
        }
    } else if (strcmp(kind, "ud") == 0) {
        __asm__ volatile("ud2");
    } else if (strcmp(kind, "divide") == 0) {
        __asm__ volatile("xor %%ecx, %%ecx; div %%ecx" ::: "eax", "ecx", "edx");
    } else if (strcmp(kind, "cli") == 0) {
        __asm__ volatile("cli");
    } else {
        say("fault: unknown kind %s\n", kind);
        return 2;
    }
    say("fault: %s did not fault\n", kind);
    return 1;
}
