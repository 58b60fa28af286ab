package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.PortRange;
import org.zeptux.kernel.hw.Ports;

/**
 * The two cascaded 8259A PICs. Whatever the kernel uses, they are reprogrammed so that their
 * 16 IRQs arrive at vectors 0x20..0x2F instead of over the CPU exceptions; with the APIC they
 * are then masked entirely, and only a spurious IRQ 7 or 15 can still arrive (8259A data
 * sheet: ICW1..ICW4, OCW1 masks, OCW2 end of interrupt, OCW3 reads the in-service register).
 */
public final class Pic {
    private Pic() {}

    /** Each chip's command (offset 0) and data (offset 1) ports: 0x20/0x21 and 0xA0/0xA1. */
    static final PortRange MASTER = Ports.PIC_MASTER;
    static final PortRange SLAVE = Ports.PIC_SLAVE;
    static final int COMMAND = 0;
    static final int DATA = 1;
    static final int EOI = 0x20;
    static final int READ_ISR = 0x0B;

    /** ICW1..ICW4: edge-triggered, cascaded (slave on IRQ 2), 8086 mode; all lines masked. */
    public static void init(int vectorBase) {
        MASTER.out8(COMMAND, 0x11);
        delay();
        SLAVE.out8(COMMAND, 0x11);
        delay();
        MASTER.out8(DATA, vectorBase);
        delay();
        SLAVE.out8(DATA, vectorBase + 8);
        delay();
        MASTER.out8(DATA, 1 << 2);                  // the slave is on IRQ 2
        delay();
        SLAVE.out8(DATA, 2);                        // its cascade identity
        delay();
        MASTER.out8(DATA, 0x01);
        delay();
        SLAVE.out8(DATA, 0x01);
        delay();
        MASTER.out8(DATA, 0xFF);
        SLAVE.out8(DATA, 0xFF);
    }

    /** Unmasks IRQ {@code irq} (and the cascade, for the slave's). */
    public static void unmask(int irq) {
        if (irq >= 8) {
            SLAVE.out8(DATA, SLAVE.in8(DATA) & ~(1 << (irq - 8)));
            irq = 2;
        }
        MASTER.out8(DATA, MASTER.in8(DATA) & ~(1 << irq));
    }

    /** Ends IRQ {@code irq}: the slave first if it came from there. */
    public static void eoi(int irq) {
        if (irq >= 8) {
            SLAVE.out8(COMMAND, EOI);
        }
        MASTER.out8(COMMAND, EOI);
    }

    /**
     * Whether IRQ {@code irq} (7 or 15) is spurious: its in-service bit is clear. A spurious
     * IRQ 15 still needs an EOI on the master, for the cascade; that is done here.
     */
    public static boolean spurious(int irq) {
        PortRange chip = irq >= 8 ? SLAVE : MASTER;
        chip.out8(COMMAND, READ_ISR);
        boolean inService = (chip.in8(COMMAND) & (1 << (irq & 7))) != 0;
        if (!inService && irq >= 8) {
            MASTER.out8(COMMAND, EOI);
        }
        return !inService;
    }

    /** A write to the unused port 0x80: about a microsecond, for the old 8259s' recovery time. */
    private static void delay() {
        Ports.POST.out8(0, 0);
    }
}
