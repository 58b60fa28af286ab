package org.zeptux.rt;

/**
 * Where the code runs. Kernel code is unit-tested on the JVM over a simulated PC
 * ({@link org.zeptux.rt.host.Machine}) that has memory, ports and a UART but no interrupt
 * delivery; the few places that need real hardware (the IDT, the interrupt controllers, the
 * timer) ask {@link #simulated()} and take the simulated PC's path instead.
 */
public final class Platform {
    private Platform() {}

    /**
     * True on the JVM; compiled code gets the constant false, so the simulated path is
     * removed from the kernel.
     */
    public static boolean simulated() { return true; }
}
