package org.zeptux.rt;

/**
 * Linux system calls, for the hosted target's runtime only (a static executable with no
 * libc). Compiled to the {@code syscall} instruction with the x86-64 Linux convention
 * (number in RAX, arguments in RDI, RSI, RDX; RCX and R11 clobbered). The kernel never uses
 * it; on the JVM it does not exist.
 */
public final class Syscall {
    private Syscall() {}

    /** Makes system call {@code number} with three arguments; returns RAX (negative errno on failure). */
    public static long call3(long number, long a1, long a2, long a3) {
        throw new UnsupportedOperationException("system calls exist only in zeptuxc's hosted target");
    }
}
