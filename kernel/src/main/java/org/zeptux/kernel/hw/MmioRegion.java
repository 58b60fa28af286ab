package org.zeptux.kernel.hw;

import org.zeptux.kernel.mm.E820;
import org.zeptux.kernel.mm.E820Map;
import org.zeptux.rt.Memory;

/**
 * A device's memory-mapped registers: {@code size} bytes of MMIO, reached as 32-bit registers
 * at offsets checked against the size. The regions are made at build time (the local APIC's,
 * one per I/O APIC), unmapped; {@link #map} places one at the physical address the firmware
 * names, uncached, and refuses addresses in usable RAM, so a region can never reach memory the
 * kernel uses.
 */
public final class MmioRegion {
    private final int size;
    /** The region's virtual address; 0 until {@link #map}. */
    private long base;

    MmioRegion(int size) {
        this.size = size;
    }

    /**
     * Maps the region at physical {@code phys} (page tables: Paging.mapDevice). A physical
     * range that overlaps usable RAM in the e820 map is a panic: that is not a device.
     */
    public void map(long phys) {
        for (int i = 0; i < E820Map.count(); i++) {
            if (E820Map.type(i) == E820.USABLE && Long.compareUnsigned(E820Map.first(i), phys + size - 1) <= 0
                    && Long.compareUnsigned(phys, E820Map.last(i)) <= 0) {
                throw new IllegalArgumentException("MMIO region in usable RAM");
            }
        }
        base = Paging.mapDevice(phys, size);
    }

    /** Reads the 32-bit register at {@code offset}. */
    public int load32(int offset) {
        return Memory.mmioLoad32(register(offset));
    }

    /** Writes the 32-bit register at {@code offset}. */
    public void store32(int offset, int value) {
        Memory.mmioStore32(register(offset), value);
    }

    /** The address of the register at {@code offset} (aligned, inside the region, which is mapped). */
    private long register(int offset) {
        if (base == 0) {
            throw new IllegalStateException("MMIO region used before it is mapped");
        }
        if (offset < 0 || offset > size - 4 || (offset & 3) != 0) {
            throw new IndexOutOfBoundsException("MMIO register offset outside the region or misaligned");
        }
        return base + offset;
    }
}
