package org.zeptux.rt;

/**
 * Linux system calls, for the hosted target only (a static executable with no libc): each
 * {@code callN} compiles to one {@code syscall} instruction with the x86-64 Linux convention —
 * the number in RAX, the arguments in RDI, RSI, RDX, R10, R8, R9, the result in RAX (a negative
 * errno on failure, {@code -4095..-1}); RCX and R11 are clobbered, and so is memory (the kernel
 * may write through any argument). The kernel target never makes them.
 *
 * <p>This is the raw half: arguments that are pointers are plain numbers, so only unsafe code may
 * call it. Dialect programs use the typed wrappers of {@code org.zeptux.rt.hosted.Linux}, which
 * take arrays for buffers. On the JVM no system call exists: every method throws
 * {@link UnsupportedOperationException}.
 */
public final class Syscall {
    private Syscall() {}

    /** Makes system call {@code number} without arguments; returns RAX. */
    public static long call0(long number) {
        throw unsupported();
    }

    /** Makes system call {@code number} with one argument; returns RAX. */
    public static long call1(long number, long a1) {
        throw unsupported();
    }

    /** Makes system call {@code number} with two arguments; returns RAX. */
    public static long call2(long number, long a1, long a2) {
        throw unsupported();
    }

    /** Makes system call {@code number} with three arguments; returns RAX (negative errno on failure). */
    public static long call3(long number, long a1, long a2, long a3) {
        throw unsupported();
    }

    /** Makes system call {@code number} with four arguments (the fourth in R10); returns RAX. */
    public static long call4(long number, long a1, long a2, long a3, long a4) {
        throw unsupported();
    }

    /** Makes system call {@code number} with five arguments; returns RAX. */
    public static long call5(long number, long a1, long a2, long a3, long a4, long a5) {
        throw unsupported();
    }

    /** Makes system call {@code number} with six arguments; returns RAX. */
    public static long call6(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        throw unsupported();
    }

    /** What every call throws on the JVM (so does {@code org.zeptux.rt.hosted.Linux}, with the same message). */
    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("system calls exist only in zeptuxc's hosted target");
    }
}
