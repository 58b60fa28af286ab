package org.zeptux.kernel.lib;

import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;

/**
 * Backtraces of Java frames, symbolised by the kernel from the frame table zeptuxc links into
 * every image (return address → the Java frames it stands for, inlined methods included).
 *
 * <p>It walks the frame-pointer chain (every function keeps RBP; boot/entry.asm starts the
 * chain with 0): at a frame address, +0 holds the caller's frame address and +8 the return
 * address. The walk stops at 0, at a frame outside the kernel's half of the address space or
 * misaligned, or after {@link #MAX_FRAMES}.
 */
public final class Backtrace {
    private Backtrace() {}

    public static final int MAX_FRAMES = 32;

    @Export("zeptux_frames")
    private static native long table();

    /** Prints the frames above {@code frame} (a frame address), one {@code   at ...} line each. */
    public static void print(long frame) {
        if (frame == 0) {
            return;                             // no frames (the JVM, or the outermost frame)
        }
        long table = table();
        long count = Memory.load64(table);
        for (int depth = 0; depth < MAX_FRAMES && frame != 0 && (frame & 7) == 0
                && (frame >>> 32) == 0xFFFFFFFFL; depth++) {
            long ret = Memory.load64(frame + 8);
            long entry = find(table, count, ret);
            if (entry == 0) {
                Print.str("  at 0x");
                Print.hex(ret, 16);
                Print.nl();
            } else {
                long text = table + Memory.load64(entry + 8);
                long length = Memory.load64(entry + 16);
                Print.str("  at ");
                for (long i = 0; i < length; i++) {
                    int c = Memory.load8(text + i);
                    Print.chr(c);
                    if (c == '\n') {
                        Print.str("  at ");
                    }
                }
                Print.nl();
            }
            frame = Memory.load64(frame);
        }
    }

    /** The table entry for return address {@code ret} (binary search), or 0. */
    private static long find(long table, long count, long ret) {
        long low = 0;
        long high = count - 1;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            long entry = table + 8 + mid * 24;
            long at = Memory.load64(entry);
            if (at == ret) {
                return entry;
            }
            if (Long.compareUnsigned(at, ret) < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return 0;
    }
}
