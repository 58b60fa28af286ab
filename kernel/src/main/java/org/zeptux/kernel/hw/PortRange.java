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
    /** The first port; 0 for a range a PCI BAR assigns at run time, until {@link #assign}. */
    private int base;
    private final int size;
    /** Whether the base comes from a PCI base address register ({@link #assign}). */
    private final boolean assignable;

    PortRange(int base, int size) {
        this(base, size, false);
    }

    private PortRange(int base, int size, boolean assignable) {
        this.base = base;
        this.size = size;
        this.assignable = assignable;
    }

    /** A range of {@code size} ports whose base a PCI device's BAR gives at boot ({@link #assign}). */
    static PortRange assignable(int size) {
        return new PortRange(0, size, true);
    }

    /**
     * Sets an assignable range's base, once, from a PCI I/O BAR (bits 31..2): true, or false
     * (nothing changed) when the range is fixed, assigned already, or {@code base} is 0 or the
     * range would pass port 0xFFFF. Called while the kernel starts, before the range is used.
     */
    public boolean assign(int base) {
        if (!assignable || this.base != 0 || base <= 0 || base > 0x10000 - size) {
            return false;
        }
        this.base = base;
        return true;
    }

    /** Whether the range can be used: fixed, or assigned. */
    public boolean present() {
        return base != 0;
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

    /**
     * Writes {@code words} 16-bit values to the port at {@code offset} from memory at
     * {@code from} + {@code at} (an ATA data transfer); the caller holds {@code from} as for
     * {@link #readWords}.
     */
    public void writeWords(int offset, Address from, long at, int words) {
        int port = port(offset, 2);
        for (int w = 0; w < words; w++) {
            Port.out16(port, from.load16(at + 2L * w) & 0xFFFF);
        }
    }

    /** Reads the 32-bit port at {@code offset}. */
    public int in32(int offset) {
        return Port.in32(port(offset, 4));
    }

    /** Writes the 32-bit port at {@code offset}. */
    public void out32(int offset, int value) {
        Port.out32(port(offset, 4), value);
    }

    /** The port at {@code offset}, where {@code width} bytes must fit in the range. */
    private int port(int offset, int width) {
        if (base == 0) {
            throw new IllegalStateException("port range used before its PCI BAR assigned it");
        }
        if (offset < 0 || offset > size - width) {
            throw new IndexOutOfBoundsException("port offset outside the device's range");
        }
        return base + offset;
    }
}
