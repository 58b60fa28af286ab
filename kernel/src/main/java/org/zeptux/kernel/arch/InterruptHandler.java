package org.zeptux.kernel.arch;

/**
 * What runs when an interrupt arrives on the vectors it is registered for
 * ({@link Interrupts#register}). Handlers are objects made at build time (static
 * initialisers) and registered at boot; the dispatcher calls them with interrupts off and
 * sends the end of interrupt after {@link #handle} returns if {@link #needsEoi} says so.
 */
public interface InterruptHandler {
    /** Handles the interrupt on {@code vector}; {@code frame} holds the interrupted registers (TrapFrame). */
    void handle(long frame, int vector);

    /** What {@code irqs} shows for the handler. */
    String name();

    /** Whether the controller needs an end of interrupt afterwards (not for spurious interrupts). */
    default boolean needsEoi() {
        return true;
    }
}
