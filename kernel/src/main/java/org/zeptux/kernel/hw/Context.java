package org.zeptux.kernel.hw;

import org.zeptux.rt.Address;
import org.zeptux.rt.Export;

/**
 * Kernel stacks as the scheduler uses them: switching from one to another (boot/switch.asm),
 * the first frame a new task's stack starts with, and the words of a stack (its saved stack
 * pointer, its fill pattern). A stack is named by its base address, as sched.Stacks made it.
 */
public final class Context {
    private Context() {}

    @Export("zeptux_switch")
    private static native void switchStacks(long saveAt, long newSp);

    @Export("zeptux_task_start_address")
    private static native long taskStart();

    /**
     * Makes the first frame zeptux_switch pops below {@code top}: R15, R14, R13, R12, RBX, RBP
     * (all 0), then the task's start; records its stack pointer in the stack's first word, at
     * {@code base}.
     */
    public static void prepare(long base, long top) {
        long sp = top - 64;
        Address frame = Address.of(sp);
        for (int i = 0; i < 6; i++) {
            frame.store64(8L * i, 0);
        }
        frame.store64(48, taskStart());
        Address.of(base).store64(0, sp);
    }

    /** Saves the running task's stack pointer at {@code fromBase} and continues on the stack at {@code toBase}. */
    public static void switchTo(long fromBase, long toBase) {
        switchStacks(fromBase, Address.of(toBase).load64(0));
    }

    /** Fills {@code bytes} of the stack at {@code base} with {@code pattern} (for the high-water mark). */
    public static void fill(long base, long bytes, long pattern) {
        Address a = Address.of(base);
        for (long off = 0; off < bytes; off += 8) {
            a.store64(off, pattern);
        }
    }

    /** The first offset at or above {@code from} in the stack at {@code base} that does not hold {@code pattern}, or {@code bytes}. */
    public static long firstUsed(long base, long from, long bytes, long pattern) {
        Address a = Address.of(base);
        long off = from;
        while (off < bytes && a.load64(off) == pattern) {
            off += 8;
        }
        return off;
    }
}
