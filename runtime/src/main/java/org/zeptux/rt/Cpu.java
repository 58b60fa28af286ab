package org.zeptux.rt;

import org.zeptux.rt.host.Machine;

/**
 * CPU instructions that have no Java equivalent.
 *
 * <p>Each compiles to the one instruction it is named after. On the JVM, {@link #hlt()} with
 * interrupts disabled stops the simulated machine by throwing
 * {@link org.zeptux.rt.host.MachineStopped}.
 */
public final class Cpu {
    private Cpu() {}

    /** Halts until the next interrupt ({@code hlt}). */
    public static void hlt() { Machine.current().hlt(); }

    /** Spin-loop hint ({@code pause}). */
    public static void pause() { Machine.current().pause(); }

    /** Disables maskable interrupts ({@code cli}). */
    public static void cli() { Machine.current().setInterruptsEnabled(false); }

    /** Enables maskable interrupts ({@code sti}). */
    public static void sti() { Machine.current().setInterruptsEnabled(true); }
}
