package org.zeptux.kernel.hw;

import org.zeptux.rt.Address;
import org.zeptux.rt.Port;

/**
 * A range of I/O ports a driver may use: {@code size} ports from {@code base}, reached at
 * offsets 0..size-1 and checked, so a driver holding the range can program its device and no
 * other. The ranges are made at build time, all in {@link Ports}: that table is every port the
 * kernel touches.
 */
public final class PortRange {
    private final int base;
    private final int size;

    PortRange(int base, int size) {
        this.base = base;
        this.size = size;
    }

    /** The first port (for messages). */
    public int base() {
        return base;
    }

    /** Reads the byte port at {@code offset}. */
    public int in8(int offset) {
        return Port.in8(port(offset, 1));
    }

    /** Writes the byte port at {@code offset}. */
    public void out8(int offset, int value) {
        Port.out8(port(offset, 1), value);
    }

    /** Reads the 16-bit port at {@code offset}. */
    public int in16(int offset) {
        return Port.in16(port(offset, 2));
    }

    /** Writes the 16-bit port at {@code offset}. */
    public void out16(int offset, int value) {
        Port.out16(port(offset, 2), value);
    }

    /**
     * Reads {@code words} 16-bit values from the port at {@code offset} into {@code bytes}
     * bytes of memory at {@code to} + {@code at} (an ATA data transfer). The caller holds
     * {@code to} from the code that made it, with its size: {@code at + 2 * words} must not pass it.
     */
    public void readWords(int offset, Address to, long at, int words) {
        int port = port(offset, 2);
        for (int w = 0; w < words; w++) {
            to.store16(at + 2L * w, Port.in16(port));
        }
    }

    /** The port at {@code offset}, where {@code width} bytes must fit in the range. */
    private int port(int offset, int width) {
        if (offset < 0 || offset > size - width) {
            throw new IndexOutOfBoundsException("port offset outside the device's range");
        }
        return base + offset;
    }
}
