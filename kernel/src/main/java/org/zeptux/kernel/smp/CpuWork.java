package org.zeptux.kernel.smp;

/**
 * Work an application processor runs for the boot CPU ({@link Smp#post}), in its idle task's
 * context with interrupts on: it must not sleep (the idle task cannot) and should end soon.
 * Objects made at build time, as interrupt handlers are.
 */
public interface CpuWork {
    /** Runs on CPU {@code cpu} with the argument {@link Smp#post} gave. */
    void run(int cpu, long arg);
}
