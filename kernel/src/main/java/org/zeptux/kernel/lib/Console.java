package org.zeptux.kernel.lib;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.sched.Scheduler;

/**
 * Whole pieces of output to the console (COM1): {@link #write} sends a buffer with interrupts
 * disabled, so nothing an interrupt handler prints lands inside it. {@link Printf} and
 * {@link Log} write each call's line this way; {@link Print} writes byte by byte.
 *
 * <p>One CPU: disabling interrupts is enough. With several CPUs the console also takes a
 * spinlock here (the SMP issue); until then this is the only place that changes.
 */
final class Console {
    private Console() {}

    /** Writes the first {@code length} bytes of {@code bytes}, with interrupts disabled meanwhile. */
    static void write(byte[] bytes, int length) {
        long flags = Scheduler.irqSave();
        for (int k = 0; k < length; k++) {
            Uart.write(bytes[k] & 0xFF);
        }
        Scheduler.irqRestore(flags);
    }
}
