package org.zeptux.rt.host;

/** The kernel wrote to the isa-debug-exit device: QEMU would exit now. */
public final class MachineExit extends MachineStopped {
    private static final long serialVersionUID = 1L;
    private final int value;

    public MachineExit(int value) {
        super("isa-debug-exit " + value);
        this.value = value;
    }

    /** The byte the kernel wrote. */
    public int value() {
        return value;
    }

    /** The status QEMU would exit with: (value &lt;&lt; 1) | 1. */
    public int qemuStatus() {
        return (value << 1) | 1;
    }
}
