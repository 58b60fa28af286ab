package org.zeptux.rt.host;

/**
 * A CPU exception raised on the simulated machine ({@code ud2}, {@code int3}, a {@code div}
 * that faults). The JVM simulation has no IDT to deliver it through, so the machine stops.
 */
public class CpuException extends MachineStopped {
    private static final long serialVersionUID = 1L;

    private final int vector;

    public CpuException(int vector, String instruction) {
        super("CPU exception " + vector + " (" + instruction + ")");
        this.vector = vector;
    }

    /** The exception's vector: 0 #DE, 3 #BP, 6 #UD, ... */
    public int vector() {
        return vector;
    }
}
