package org.zeptux.kernel.hw;

import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.sched.TaskBody;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Memory;
import org.zeptux.rt.StackUnbounded;

/**
 * Deliberate CPU exceptions for testing the trap path, reached from the monitor's
 * {@code fault KIND} command: each faults in this Java code, so the panic names a line here.
 */
public final class Faults {
    private Faults() {}

    /** Non-canonical: bits 63..47 are not all equal, so any access is a #GP(0). */
    static final long NON_CANONICAL = 0x8000000000000000L;
    /** Canonical but not mapped: the boot page tables leave PML4 entry 256 empty. */
    static final long UNMAPPED = 0xFFFF800000000000L;

    /** Past the kernel header, in code. */
    static final long TEXT_OFFSET = 0x100;

    private static long zero;
    private static long sink;

    /** #UD: an undefined opcode. */
    public static void invalidOpcode() {
        Cpu.ud2();
    }

    /** #GP: a load from a non-canonical address. */
    public static void generalProtection() {
        sink = Memory.mmioLoad64(NON_CANONICAL);   // volatile: the load is not removed
    }

    /** #PF: a store to an address nothing maps. */
    public static void pageFault() {
        Memory.store64(UNMAPPED, 0x2A);
    }

    /** #PF: a write to the kernel's own code, which is mapped read+execute (W^X). */
    public static void writeToText() {
        Memory.store8(Paging.kernelText() + TEXT_OFFSET, 0xCC);
    }

    /** #DE: the divide instruction with a zero divisor (no Java check in between). */
    public static void divideError() {
        sink = Cpu.udiv128(0, 1, zero);
    }

    /** A kernel stack overflow: unbounded recursion runs into the guard page; a #DF reports it. */
    /** Runs {@link #stackOverflow} in a task of its own: its stack's guard page is hit (a double fault naming the task). */
    public static void taskStackOverflow() {
        Task t = Scheduler.spawn("overflow", OVERFLOW, 0, 0, false);
        if (t != null) {
            Scheduler.join(t);
        }
    }

    private static final class Overflow implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            stackOverflow();
            return 0;
        }
    }

    private static final TaskBody OVERFLOW = new Overflow();

    public static void stackOverflow() {
        sink = recurse(0);
    }

    @StackUnbounded("fault stack: runs into the guard page on purpose")
    private static long recurse(long depth) {
        sink = depth;
        return recurse(depth + 1) + Cpu.frameAddress();
    }
}
