package org.zeptux.kernel.hw;

import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.UserPtr;

/**
 * Copies between kernel arrays and the running process's memory: the only way kernel code
 * reads or writes user memory (Linux's copy_from_user and copy_to_user). A {@link UserPtr} has
 * no loads or stores; these routines check that the whole range lies in the user half, then
 * copy with boot/user.asm's routines, whose page faults resume at a fixup
 * ({@link #fixup}) instead of faulting the kernel: an unmapped or forbidden user address is a
 * {@code false} or {@code -1} result, which system calls return as -EFAULT.
 *
 * <p>The kernel side is always an array the caller owns, and the copy stays inside
 * [{@code at}, {@code at + n}) of it (checked), so no user pointer can make the kernel touch
 * its own memory.
 */
public final class UserAccess {
    private UserAccess() {}

    /** The first address above user memory (Linux's TASK_SIZE: the last page below 2^47 is never mapped). */
    public static final long USER_END = 0x0000_7FFF_FFFF_F000L;

    @Export("zeptux_user_copy")
    private static native long copy(long dst, long src, long n);

    @Export("zeptux_user_string")
    private static native long string(long dst, long src, long max);

    @Export("zeptux_user_fixup")
    private static native long fixupOf(long rip);

    /** Whether [{@code p}, {@code p + n}) lies in the user half (n >= 0, no wrap-around). */
    public static boolean inUserHalf(UserPtr p, long n) {
        long a = p.toLong();
        return n >= 0 && a >= 0 && a <= USER_END && n <= USER_END - a;
    }

    private static long elements(Object array) {
        return Memory.addressOf(array) + 16;
    }

    private static void checkSlice(int length, int at, long n) {
        if (at < 0 || n < 0 || at > length || n > length - at) {
            throw new ArrayIndexOutOfBoundsException("user copy outside the kernel buffer");
        }
    }

    /** Copies {@code n} bytes from user {@code src} into {@code dst[at..]}; false if any could not be read. */
    public static boolean copyFrom(byte[] dst, int at, UserPtr src, int n) {
        checkSlice(dst.length, at, n);
        return inUserHalf(src, n) && (n == 0 || copy(elements(dst) + at, src.toLong(), n) == 0);
    }

    /** Copies {@code src[at..at+n)} to user {@code dst}; false if any byte could not be written. */
    public static boolean copyTo(UserPtr dst, byte[] src, int at, int n) {
        checkSlice(src.length, at, n);
        return inUserHalf(dst, n) && (n == 0 || copy(dst.toLong(), elements(src) + at, n) == 0);
    }

    /** A page of zeros, the source of {@link #zero}. */
    private static final byte[] ZEROS = new byte[4096];

    /**
     * Writes {@code n} zero bytes to user {@code dst} (Linux's clear_user: /dev/zero, a file's
     * holes); false on a fault.
     */
    public static boolean zero(UserPtr dst, long n) {
        for (long done = 0; done < n; done += ZEROS.length) {
            if (!copyTo(dst.plus(done), ZEROS, 0, (int) Math.min(n - done, ZEROS.length))) {
                return false;
            }
        }
        return true;
    }

    /** Copies {@code count} 64-bit words from user {@code src} into {@code dst[at..]}; false on a fault. */
    public static boolean copyFrom(long[] dst, int at, UserPtr src, int count) {
        checkSlice(dst.length, at, count);
        long n = 8L * count;
        return inUserHalf(src, n) && (n == 0 || copy(elements(dst) + 8L * at, src.toLong(), n) == 0);
    }

    /** Copies {@code count} 64-bit words {@code src[at..]} to user {@code dst}; false on a fault. */
    public static boolean copyTo(UserPtr dst, long[] src, int at, int count) {
        checkSlice(src.length, at, count);
        long n = 8L * count;
        return inUserHalf(dst, n) && (n == 0 || copy(dst.toLong(), elements(src) + 8L * at, n) == 0);
    }

    /**
     * Copies {@code n} bytes from kernel address {@code src} to user {@code dst}: for this
     * package's page copies ({@link FilePages}), whose callers check the kernel side; returns how
     * many were copied before a fault (n: all), as Linux's partial copies count.
     */
    static int copyToUser(UserPtr dst, long src, int n) {
        if (!inUserHalf(dst, n)) {
            return 0;
        }
        return n == 0 ? 0 : n - (int) copy(dst.toLong(), src, n);
    }

    /** Copies {@code n} bytes from user {@code src} to kernel address {@code dst} (see {@link #copyToUser}); how many before a fault. */
    static int copyFromUser(long dst, UserPtr src, int n) {
        if (!inUserHalf(src, n)) {
            return 0;
        }
        return n == 0 ? 0 : n - (int) copy(dst, src.toLong(), n);
    }

    /**
     * Copies the NUL-terminated string at user {@code src} into {@code dst} (the NUL included
     * when it fits); returns its length, {@code dst.length} when no NUL came within that many
     * bytes (too long), or -1 when a byte could not be read.
     */
    public static int string(byte[] dst, UserPtr src) {
        long max = dst.length;
        long a = src.toLong();
        if (a < 0 || a >= USER_END) {
            return -1;
        }
        if (max > USER_END - a) {
            max = USER_END - a;                 // a string running into the end faults there
        }
        long n = string(elements(dst), a, max);
        return n < 0 ? -1 : (int) n;
    }

    /** Whether the frame's instruction is one of the user-copy instructions (a fault there may be resolved or fixed up). */
    public static boolean inCopy(long frame) {
        return fixupOf(TrapFrame.rip(frame)) != 0;
    }

    /**
     * As {@link #string(byte[], UserPtr)}, into {@code dst}[at, at + max): the length, {@code max}
     * when no NUL came within max bytes, or -1 when a byte could not be read.
     */
    public static int string(byte[] dst, int at, int max, UserPtr src) {
        checkSlice(dst.length, at, max);
        long a = src.toLong();
        if (a < 0 || a >= USER_END) {
            return -1;
        }
        long limit = Math.min(max, USER_END - a);
        long n = string(elements(dst) + at, a, limit);
        return n < 0 ? -1 : (int) n;
    }

    /**
     * A page fault in the kernel at one of the user-copy instructions: resumes the frame at its
     * fixup and returns true; false for every other kernel page fault (a kernel bug).
     */
    public static boolean fixup(long frame) {
        long resume = fixupOf(TrapFrame.rip(frame));
        if (resume == 0) {
            return false;
        }
        TrapFrame.setRip(frame, resume);
        return true;
    }
}
