package org.zeptux.kernel.hw;

/** Every MMIO region the kernel uses, one capability per device (made at build time, mapped at boot). */
public final class Mmio {
    private Mmio() {}

    /** The most I/O APICs the kernel drives. */
    public static final int MAX_IOAPICS = 8;

    /** The local APIC's registers: a 4 KiB page. */
    public static final MmioRegion LAPIC = new MmioRegion(4096);
    /** The I/O APICs' registers (IOREGSEL, IOWIN), a 4 KiB page each, in MADT order. */
    public static final MmioRegion[] IOAPICS = new MmioRegion[MAX_IOAPICS];

    static {
        for (int i = 0; i < MAX_IOAPICS; i++) {
            IOAPICS[i] = new MmioRegion(4096);
        }
    }
}
