package org.zeptux.rt.host;

/** The simulated machine can make no further progress: halted with interrupts off, or out of input. */
public class MachineStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MachineStopped(String reason) {
        super(reason, null, false, false);
    }
}
