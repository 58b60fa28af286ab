package org.zeptux.kernel.hw;

import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;

/**
 * memcpy, memset, memmove and memcmp, under their C names.
 *
 * <p>LLVM may turn any copy or fill loop into a call of these functions, in the kernel as in
 * any freestanding program, so the kernel must define them. zeptuxc compiles functions
 * exported under these names with {@code "no-builtins"}, so their own loops are not turned
 * back into calls of themselves. Addresses are virtual; the regions must be mapped.
 */
public final class Builtins {
    private Builtins() {}

    /** Copies {@code n} bytes from {@code src} to {@code dst} (regions must not overlap); returns {@code dst}. */
    @Export("memcpy")
    public static long memcpy(long dst, long src, long n) {
        long i = 0;
        for (; i + 8 <= n; i += 8) {
            Memory.store64(dst + i, Memory.load64(src + i));
        }
        for (; i < n; i++) {
            Memory.store8(dst + i, Memory.load8(src + i));
        }
        return dst;
    }

    /** Copies {@code n} bytes from {@code src} to {@code dst}; the regions may overlap. Returns {@code dst}. */
    @Export("memmove")
    public static long memmove(long dst, long src, long n) {
        if (!unsignedBelow(src, dst) || !unsignedBelow(dst, src + n)) {
            return memcpy(dst, src, n);
        }
        // dst lies inside [src, src + n): copy from the end down.
        long i = n;
        while (i > 0) {
            i--;
            Memory.store8(dst + i, Memory.load8(src + i));
        }
        return dst;
    }

    /** Sets {@code n} bytes at {@code dst} to the low byte of {@code c}; returns {@code dst}. */
    @Export("memset")
    public static long memset(long dst, int c, long n) {
        long b = c & 0xFF;
        long word = b * 0x0101010101010101L;
        long i = 0;
        for (; i + 8 <= n; i += 8) {
            Memory.store64(dst + i, word);
        }
        for (; i < n; i++) {
            Memory.store8(dst + i, c);
        }
        return dst;
    }

    /** {@code a < b} as unsigned 64-bit values. */
    private static boolean unsignedBelow(long a, long b) {
        return (a ^ Long.MIN_VALUE) < (b ^ Long.MIN_VALUE);
    }

    /**
     * Compares {@code n} bytes as unsigned values; returns 0 if equal, else the difference of the
     * first differing bytes (negative if {@code a}'s is smaller).
     */
    @Export("memcmp")
    public static int memcmp(long a, long b, long n) {
        for (long i = 0; i < n; i++) {
            int x = Memory.load8(a + i);
            int y = Memory.load8(b + i);
            if (x != y) {
                return x - y;
            }
        }
        return 0;
    }
}
