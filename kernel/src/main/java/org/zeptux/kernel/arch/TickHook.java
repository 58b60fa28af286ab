package org.zeptux.kernel.arch;

/**
 * Code the timer interrupt runs on every tick ({@link Timer#setHook}), in interrupt context:
 * it must not sleep. An object made at build time (a static initialiser), as interrupt
 * handlers are.
 */
public interface TickHook {
    /** Runs in the timer interrupt; {@code ticks} is the tick just counted. */
    void tick(long ticks);
}
