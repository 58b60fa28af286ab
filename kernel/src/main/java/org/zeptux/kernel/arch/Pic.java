package org.zeptux.kernel.arch;

import org.zeptux.rt.Port;

/**
 * The two cascaded 8259A PICs. Whatever the kernel uses, they are reprogrammed so that their
 * 16 IRQs arrive at vectors 0x20..0x2F instead of over the CPU exceptions; with the APIC they
 * are then masked entirely, and only a spurious IRQ 7 or 15 can still arrive (8259A data
 * sheet: ICW1..ICW4, OCW1 masks, OCW2 end of interrupt, OCW3 reads the in-service register).
 */
public final class Pic {
    private Pic() {}

    static final int MASTER = 0x20;
    static final int SLAVE = 0xA0;
    static final int EOI = 0x20;
    static final int READ_ISR = 0x0B;

    /** ICW1..ICW4: edge-triggered, cascaded (slave on IRQ 2), 8086 mode; all lines masked. */
    public static void init(int vectorBase) {
        Port.out8(MASTER, 0x11);
        delay();
        Port.out8(SLAVE, 0x11);
        delay();
        Port.out8(MASTER + 1, vectorBase);
        delay();
        Port.out8(SLAVE + 1, vectorBase + 8);
        delay();
        Port.out8(MASTER + 1, 1 << 2);                  // the slave is on IRQ 2
        delay();
        Port.out8(SLAVE + 1, 2);                        // its cascade identity
        delay();
        Port.out8(MASTER + 1, 0x01);
        delay();
        Port.out8(SLAVE + 1, 0x01);
        delay();
        Port.out8(MASTER + 1, 0xFF);
        Port.out8(SLAVE + 1, 0xFF);
    }

    /** Unmasks IRQ {@code irq} (and the cascade, for the slave's). */
    public static void unmask(int irq) {
        if (irq >= 8) {
            Port.out8(SLAVE + 1, Port.in8(SLAVE + 1) & ~(1 << (irq - 8)));
            irq = 2;
        }
        Port.out8(MASTER + 1, Port.in8(MASTER + 1) & ~(1 << irq));
    }

    /** Ends IRQ {@code irq}: the slave first if it came from there. */
    public static void eoi(int irq) {
        if (irq >= 8) {
            Port.out8(SLAVE, EOI);
        }
        Port.out8(MASTER, EOI);
    }

    /**
     * Whether IRQ {@code irq} (7 or 15) is spurious: its in-service bit is clear. A spurious
     * IRQ 15 still needs an EOI on the master, for the cascade; that is done here.
     */
    public static boolean spurious(int irq) {
        int chip = irq >= 8 ? SLAVE : MASTER;
        Port.out8(chip, READ_ISR);
        boolean inService = (Port.in8(chip) & (1 << (irq & 7))) != 0;
        if (!inService && irq >= 8) {
            Port.out8(MASTER, EOI);
        }
        return !inService;
    }

    /** A write to the unused port 0x80: about a microsecond, for the old 8259s' recovery time. */
    private static void delay() {
        Port.out8(0x80, 0);
    }
}
