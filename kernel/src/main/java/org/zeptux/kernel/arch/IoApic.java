package org.zeptux.kernel.arch;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.Mmio;
import org.zeptux.kernel.hw.MmioRegion;

/**
 * The I/O APICs (82093AA data sheet): each has an index register (IOREGSEL, +0x00) and a
 * data window (IOWIN, +0x10); register 1 holds the number of redirection entries, and entry n
 * is the register pair 0x10 + 2n (low: vector, polarity, trigger, mask; high: destination).
 * All entries start masked; {@link #route} unmasks one GSI to a vector on one CPU.
 */
public final class IoApic {
    private IoApic() {}

    static final int IOREGSEL = 0x00;
    static final int IOWIN = 0x10;
    static final int VERSION = 0x01;
    static final int REDIRECTION = 0x10;
    static final int ACTIVE_LOW = 1 << 13;
    static final int LEVEL = 1 << 15;
    static final int MASKED = 1 << 16;

    private static final int[] ENTRIES = new int[Madt.MAX_IOAPICS];

    /** Maps every I/O APIC the MADT lists and masks all their entries. */
    public static void init() {
        for (int i = 0; i < Madt.ioapics(); i++) {
            MmioRegion base = Mmio.IOAPICS[i];
            base.map(Madt.ioapicAddress(i));
            ENTRIES[i] = ((read(base, VERSION) >>> 16) & 0xFF) + 1;
            for (int n = 0; n < ENTRIES[i]; n++) {
                write(base, REDIRECTION + 2 * n, MASKED);
                write(base, REDIRECTION + 2 * n + 1, 0);
            }
        }
    }

    /**
     * Routes GSI {@code gsi} to {@code vector} on the CPU with APIC ID {@code apicId}, fixed
     * delivery, with the polarity and trigger mode of MPS INTI {@code flags} (0: edge, high).
     */
    public static void route(int gsi, int vector, int flags, int apicId) {
        for (int i = 0; i < Madt.ioapics(); i++) {
            int first = Madt.ioapicGsiBase(i);
            if (gsi >= first && gsi < first + ENTRIES[i]) {
                MmioRegion base = Mmio.IOAPICS[i];
                int n = gsi - first;
                write(base, REDIRECTION + 2 * n + 1, apicId << 24);
                write(base, REDIRECTION + 2 * n, redirection(vector, flags));
                return;
            }
        }
        Panic.panic("IoApic.route: no I/O APIC serves the GSI");
    }

    /** The low half of an unmasked redirection entry for {@code vector} with MPS INTI {@code flags}. */
    public static int redirection(int vector, int flags) {
        int entry = vector & 0xFF;
        if ((flags & Madt.POLARITY_MASK) == Madt.POLARITY_LOW) {
            entry |= ACTIVE_LOW;
        }
        if ((flags & Madt.TRIGGER_MASK) == Madt.TRIGGER_LEVEL) {
            entry |= LEVEL;
        }
        return entry;
    }

    private static int read(MmioRegion base, int register) {
        base.store32(IOREGSEL, register);
        return base.load32(IOWIN);
    }

    private static void write(MmioRegion base, int register, int value) {
        base.store32(IOREGSEL, register);
        base.store32(IOWIN, value);
    }
}
