package org.zeptux.kernel.hw;

import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;

/**
 * Backtraces of Java frames, symbolised by the kernel from the frame table zeptuxc links into
 * every image (code address → the Java frames it stands for, inlined methods included; the
 * layout, with each frame string and each list of frames stored once, is in zeptuxc's FrameTable).
 *
 * <p>It walks the frame-pointer chain (every function keeps RBP; boot/entry.asm starts the
 * chain with 0): at a frame address, +0 holds the caller's frame address and +8 the return
 * address. The walk stops at 0, at a frame outside the kernel's half of the address space or
 * misaligned, or after {@link #MAX_FRAMES}.
 */
public final class Backtrace {
    private Backtrace() {}

    /** At most this many frames are printed; a run of identical frames counts once. */
    public static final int MAX_FRAMES = 32;
    /** The walk gives up after this many frames (a 64 KiB stack holds at most 4096). */
    static final int MAX_WALK = 16384;

    @Export("zeptux_frames")
    private static native long table();

    /**
     * Prints the frames above {@code frame} (a frame address), one {@code   at ...} line each;
     * a run of frames with the same return address (recursion) is printed once, followed by
     * {@code   ... N more of the same}.
     */
    public static void print(long frame) {
        walk(frame, null);
    }

    /**
     * Prints the frames of the code that called this, as {@link #print} does, leaving out the
     * innermost ones whose text starts with {@code skip} ({@code "Panic."}: a panic's own methods,
     * however the compiler inlined them into each other or into their caller), so the first line
     * is the same Java frame whatever was inlined. Nothing on the JVM.
     */
    public static void printCallers(String skip) {
        walk(Cpu.frameAddress(), skip);         // this method's own frame: never inlined, live while it prints
    }

    /** {@link #print} from {@code frame}, the innermost frames starting with {@code skip} (if not null) left out. */
    private static void walk(long frame, String skip) {
        if (frame == 0) {
            return;                             // no frames (the JVM, or the outermost frame)
        }
        long previous = 0;
        int repeats = 0;
        int printed = 0;
        for (int walked = 0; walked < MAX_WALK && printed < MAX_FRAMES && frame != 0 && (frame & 7) == 0
                && frame < 0; walked++) {                 // the kernel half: boot and task stacks
            long ret = Memory.load64(frame + 8);
            if (ret == previous) {
                repeats++;
            } else {
                printRepeats(repeats);
                repeats = 0;
                skip = printCode(ret - 1, ret, skip);   // ret - 1 lies inside the call instruction
                printed++;
                previous = ret;
            }
            frame = Memory.load64(frame);
        }
        printRepeats(repeats);
    }

    /**
     * Stores the return addresses of the (at most {@code max}) frames above the caller's in
     * {@code into[from ..]}, the rest of the {@code max} slots 0; returns how many it stored (0 on
     * the JVM). For reports that print a call path later ({@link #printCaptured}).
     */
    public static int capture(long[] into, int from, int max) {
        if (from < 0 || max < 0 || from > into.length - max) {
            throw new ArrayIndexOutOfBoundsException("a backtrace outside its array");
        }
        long own = Cpu.frameAddress();                      // this method's own frame: never inlined
        long frame = own == 0 ? 0 : Memory.load64(own);     // the caller's (0 on the JVM)
        int n = 0;
        for (int walked = 0; walked < MAX_WALK && n < max && frame != 0 && (frame & 7) == 0 && frame < 0; walked++) {
            into[from + n] = Memory.load64(frame + 8);
            n++;
            frame = Memory.load64(frame);
        }
        for (int i = n; i < max; i++) {
            into[from + i] = 0;
        }
        return n;
    }

    /** Prints the return addresses {@link #capture} stored ({@code max} slots from {@code from}), a line a Java frame. */
    public static void printCaptured(long[] from, int offset, int max) {
        for (int i = 0; i < max; i++) {
            long ret = from[offset + i];
            if (ret != 0) {
                printCode(ret - 1, ret, null);
            }
        }
    }

    private static void printRepeats(int repeats) {
        if (repeats > 0) {
            Print.str("  ... ");
            Print.dec(repeats);
            Print.str(" more of the same");
            Print.nl();
        }
    }

    /**
     * Prints the Java frames of the instruction at {@code address} (where a CPU exception
     * stopped), one {@code   at ...} line each, or the address if no Java code is there.
     */
    public static void printInstruction(long address) {
        printCode(address, address, null);
    }

    /** Prints the innermost Java frame at code address {@code address}, or its hex value; no newline. */
    public static void printWhere(long address) {
        long entry = find(address);
        if (entry == 0) {
            Print.str("0x");
            Print.hex(address, 16);
            return;
        }
        printFrame(entry, 0);
    }

    /**
     * {@code   at FRAME} a line for each frame at code address {@code address}, else {@code   at
     * 0xSHOWN}; the innermost frames that start with {@code skip} (when not null) are left out.
     * Returns {@code skip} while every frame so far was left out, else null.
     */
    private static String printCode(long address, long shown, String skip) {
        long entry = find(address);
        if (entry == 0) {
            Print.str("  at 0x");
            Print.hex(shown, 16);
            Print.nl();
            return null;
        }
        long frames = Memory.load32(entry + 12);
        for (int k = 0; k < frames; k++) {
            if (skip != null && frameStartsWith(entry, k, skip)) {
                continue;
            }
            skip = null;
            Print.str("  at ");
            printFrame(entry, k);
            Print.nl();
        }
        return skip;
    }

    /** Whether frame {@code k} of table entry {@code entry} starts with {@code prefix} (ASCII). */
    private static boolean frameStartsWith(long entry, int k, String prefix) {
        long frame = frameAt(entry, k);
        if (Memory.load16(frame) < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Memory.load8(frame + 2 + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Prints frame {@code k} (0: innermost) of table entry {@code entry}: {@code Class.method(File.java:LINE)}. */
    private static void printFrame(long entry, int k) {
        long frame = frameAt(entry, k);
        int length = Memory.load16(frame);
        for (int i = 0; i < length; i++) {
            Print.chr(Memory.load8(frame + 2 + i));
        }
    }

    /** Frame {@code k} of table entry {@code entry}: a u16 length, then the text. */
    private static long frameAt(long entry, int k) {
        long table = table();
        return table + Memory.load32(table + Memory.load32(entry + 8) + 4L * k);
    }

    /** The table entry whose range holds {@code address} (binary search), or 0 if it has no frames. */
    private static long find(long address) {
        long table = table();
        long low = 0;
        long high = Memory.load64(table) - 1;
        long found = 0;
        while (low <= high) {                   // the last entry at or below address
            long mid = (low + high) >>> 1;
            long entry = table + 8 + mid * 16;
            if (Long.compareUnsigned(Memory.load64(entry), address) <= 0) {
                found = entry;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found == 0 || Memory.load32(found + 12) == 0) {
            return 0;
        }
        return found;
    }
}
