package org.zeptux.rt.host;

/** A device on the simulated I/O bus, attached at a range of ports. */
public interface PortDevice {
    /** Reads {@code size} bytes (1, 2, 4) at {@code offset} from the device's first port. */
    int in(int offset, int size);

    /** Writes {@code size} bytes (1, 2, 4) of {@code value} at {@code offset}. */
    void out(int offset, int size, int value);
}
