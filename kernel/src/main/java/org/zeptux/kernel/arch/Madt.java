package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.FirmwareView;
import org.zeptux.kernel.hw.Mmio;
import org.zeptux.kernel.lib.Printf;

/**
 * The Multiple APIC Description Table (ACPI 6.5, 5.2.12): the local APIC's address, the I/O
 * APICs with the global system interrupts (GSIs) they serve, and the interrupt source
 * overrides that say where each ISA IRQ arrives (on a PC, IRQ 0 usually arrives at GSI 2)
 * and with which polarity and trigger mode.
 */
public final class Madt {
    private Madt() {}

    public static final int MAX_IOAPICS = Mmio.MAX_IOAPICS;
    public static final int ISA_IRQS = 16;
    /** MPS INTI flags (ACPI 6.5, table 5.50). */
    public static final int POLARITY_MASK = 3;
    public static final int POLARITY_LOW = 3;
    public static final int TRIGGER_MASK = 3 << 2;
    public static final int TRIGGER_LEVEL = 3 << 2;

    private static long localApic;
    private static boolean legacyPics;
    private static int cpus;
    /** The most processors whose APIC IDs are kept (entries beyond are counted, not started). */
    public static final int MAX_LISTED = 256;
    private static int listed;
    private static final int[] APIC_IDS = new int[MAX_LISTED];
    private static int ioapics;
    private static final long[] IOAPIC_ADDRESS = new long[MAX_IOAPICS];
    private static final int[] IOAPIC_ID = new int[MAX_IOAPICS];
    private static final int[] IOAPIC_GSI_BASE = new int[MAX_IOAPICS];
    private static final int[] ISA_GSI = new int[ISA_IRQS];
    private static final int[] ISA_FLAGS = new int[ISA_IRQS];

    /** Reads the MADT in {@code table}, already checked; addresses in it are physical. */
    public static void parse(FirmwareView table) {
        localApic = table.load32u(36);
        legacyPics = (table.load32(40) & 1) != 0;  // PCAT_COMPAT
        cpus = 0;
        listed = 0;
        ioapics = 0;
        for (int irq = 0; irq < ISA_IRQS; irq++) {
            ISA_GSI[irq] = irq;                             // identity unless overridden
            ISA_FLAGS[irq] = 0;                             // conforms to the bus: ISA is edge, high
        }
        long end = Math.min(table.load32u(4), table.length());
        long p = 44;
        while (p + 2 <= end) {
            int type = table.load8(p);
            int length = table.load8(p + 1);
            if (length < 2 || p + length > end) {
                break;                                      // malformed: stop at what we have
            }
            if (type == 0 && length >= 8) {                 // processor local APIC
                if ((table.load32(p + 4) & 3) != 0) {      // enabled or online-capable
                    addCpu(table.load8(p + 3));
                }
            } else if (type == 9 && length >= 16) {         // processor local x2APIC
                if ((table.load32(p + 8) & 3) != 0) {
                    addCpu(table.load32(p + 4));
                }
            } else if (type == 1 && length >= 12 && ioapics < MAX_IOAPICS) {
                IOAPIC_ID[ioapics] = table.load8(p + 2);
                IOAPIC_ADDRESS[ioapics] = table.load32u(p + 4);
                IOAPIC_GSI_BASE[ioapics] = table.load32(p + 8);
                ioapics++;
            } else if (type == 2 && length >= 10) {         // interrupt source override
                int source = table.load8(p + 3);
                if (table.load8(p + 2) == 0 && source < ISA_IRQS) {
                    ISA_GSI[source] = table.load32(p + 4);
                    ISA_FLAGS[source] = table.load16(p + 8);
                }
            } else if (type == 5 && length >= 12) {         // local APIC address override
                localApic = table.load64(p + 4);
            }
            p += length;
        }
    }

    private static void addCpu(int apicId) {
        for (int i = 0; i < listed; i++) {
            if (APIC_IDS[i] == apicId) {
                return;                                     // listed twice (a local APIC and an x2APIC entry)
            }
        }
        cpus++;
        if (listed < MAX_LISTED) {
            APIC_IDS[listed] = apicId;
            listed++;
        }
    }

    /** Processors whose APIC ID is known (at most MAX_LISTED), in the MADT's order. */
    public static int listedCpus() {
        return listed;
    }

    /** The APIC ID of listed processor {@code i} (an x2APIC ID may exceed 255). */
    public static int apicId(int i) {
        return APIC_IDS[i];
    }

    public static long localApic() {
        return localApic;
    }

    public static boolean legacyPics() {
        return legacyPics;
    }

    public static int cpus() {
        return cpus;
    }

    public static int ioapics() {
        return ioapics;
    }

    public static long ioapicAddress(int i) {
        return IOAPIC_ADDRESS[i];
    }

    public static int ioapicGsiBase(int i) {
        return IOAPIC_GSI_BASE[i];
    }

    /** The GSI that ISA IRQ {@code irq} arrives at. */
    public static int isaGsi(int irq) {
        return ISA_GSI[irq];
    }

    /** The MPS INTI flags of ISA IRQ {@code irq} (0: the bus's defaults, edge and active high). */
    public static int isaFlags(int irq) {
        return ISA_FLAGS[irq];
    }

    /** Prints what the MADT said, one line per I/O APIC and override. */
    public static void print() {
        Printf.printf("acpi: MADT: local APIC at 0x%lx, %d CPUs, %d I/O APICs\n", localApic, cpus, ioapics);
        for (int i = 0; i < ioapics; i++) {
            Printf.printf("acpi: I/O APIC %d at 0x%lx, GSI base %d\n", IOAPIC_ID[i], IOAPIC_ADDRESS[i],
                    IOAPIC_GSI_BASE[i]);
        }
        for (int irq = 0; irq < ISA_IRQS; irq++) {
            if (ISA_GSI[irq] != irq || ISA_FLAGS[irq] != 0) {
                Printf.printf("acpi: ISA IRQ %d -> GSI %d, flags 0x%lx\n", irq, ISA_GSI[irq], ISA_FLAGS[irq]);
            }
        }
    }
}
