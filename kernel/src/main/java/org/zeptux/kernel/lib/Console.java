package org.zeptux.kernel.lib;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Shootdown;
import org.zeptux.rt.AtomicInt;

/**
 * Whole pieces of output to the console (COM1): {@link #write} sends a buffer under the
 * console's spinlock (interrupts disabled meanwhile), so nothing an interrupt handler or another
 * CPU prints lands inside it. {@link Printf} and {@link Log} write each call's line this way;
 * {@link Print} writes byte by byte.
 *
 * <p>A panic writes without the lock ({@link #panicking}): the CPU that panics may hold it.
 */
public final class Console {
    private Console() {}

    /**
     * The CPU that holds the console (-1: none): a lock of its own rather than a SpinLock, whose
     * misuse reports and lock-order checks print through here. Taken with interrupts off; a CPU
     * that holds it already (a fault inside a write) writes on without waiting.
     */
    private static final AtomicInt OWNER = new AtomicInt(-1);
    /** Set once a panic began: from then on output goes out without the lock. */
    private static volatile boolean panicking;

    /** Writes the first {@code length} bytes of {@code bytes}, as one piece. */
    static void write(byte[] bytes, int length) {
        if (panicking || !Scheduler.running()) {
            long flags = Scheduler.irqSave();
            for (int k = 0; k < length; k++) {
                Uart.write(bytes[k] & 0xFF);
            }
            Scheduler.irqRestore(flags);
            return;
        }
        long flags = Scheduler.irqSave();
        int cpu = PerCpu.index();
        boolean nested = OWNER.get() == cpu;
        if (!nested) {
            while (!OWNER.compareAndSet(-1, cpu)) {
                Shootdown.serve();                  // the holder may wait for this CPU's TLB
                Processor.pause();
            }
        }
        for (int k = 0; k < length; k++) {
            Uart.write(bytes[k] & 0xFF);
        }
        if (!nested) {
            OWNER.setRelease(-1);
        }
        Scheduler.irqRestore(flags);
    }

    /** A panic began: output no longer waits for the lock (the panicking CPU may hold it). */
    public static void panicking() {
        panicking = true;
    }
}
