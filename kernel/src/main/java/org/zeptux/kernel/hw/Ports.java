package org.zeptux.kernel.hw;

/**
 * Every I/O port range the kernel uses, one capability per device (made at build time). A
 * driver uses its own; adding a device means adding its range here, where it is reviewed.
 */
public final class Ports {
    private Ports() {}

    /** COM1, a 16550 UART: registers 0..7. */
    public static final PortRange COM1 = new PortRange(0x3F8, 8);
    /** The master 8259A PIC: command, data. */
    public static final PortRange PIC_MASTER = new PortRange(0x20, 2);
    /** The slave 8259A PIC: command, data. */
    public static final PortRange PIC_SLAVE = new PortRange(0xA0, 2);
    /** The 8254 PIT: channels 0..2, command. */
    public static final PortRange PIT = new PortRange(0x40, 4);
    /** System control port B (the PIT's channel 2 gate and output, the speaker). */
    public static final PortRange PORT_B = new PortRange(0x61, 1);
    /** The POST code port: a write to it takes about a microsecond (I/O delays). */
    public static final PortRange POST = new PortRange(0x80, 1);
    /** The primary ATA channel's command block: data, error, count, LBA, drive, status/command. */
    public static final PortRange ATA_PRIMARY = new PortRange(0x1F0, 8);
    /** The primary ATA channel's control block: alternate status / device control. */
    public static final PortRange ATA_PRIMARY_CONTROL = new PortRange(0x3F6, 1);
    /** The secondary ATA channel's command block and control block (legacy, compatibility mode). */
    public static final PortRange ATA_SECONDARY = new PortRange(0x170, 8);
    public static final PortRange ATA_SECONDARY_CONTROL = new PortRange(0x376, 1);
    /**
     * A PCI IDE function's bus-master registers (SFF-8038i: 8 for each channel, from BAR4) and,
     * in native mode, each channel's command block (BAR0, BAR2) and control block (the port
     * at BAR1 + 2, BAR3 + 2): assigned from the BARs at boot (dev.Pci, dev.Ata).
     */
    public static final PortRange ATA_PRIMARY_DMA = PortRange.assignable(8);
    public static final PortRange ATA_SECONDARY_DMA = PortRange.assignable(8);
    public static final PortRange ATA_PRIMARY_NATIVE = PortRange.assignable(8);
    public static final PortRange ATA_PRIMARY_NATIVE_CONTROL = PortRange.assignable(1);
    public static final PortRange ATA_SECONDARY_NATIVE = PortRange.assignable(8);
    public static final PortRange ATA_SECONDARY_NATIVE_CONTROL = PortRange.assignable(1);
    /** PCI configuration mechanism #1: CONFIG_ADDRESS (0xCF8) and CONFIG_DATA (0xCFC). */
    public static final PortRange PCI_CONFIG = new PortRange(0xCF8, 8);
    /** QEMU's isa-debug-exit device. */
    public static final PortRange DEBUG_EXIT = new PortRange(0xF4, 4);
    /** The 8042 keyboard controller's status and command port (its reset line). */
    public static final PortRange KEYBOARD_CONTROLLER = new PortRange(0x64, 1);
    /** The CMOS RAM and real-time clock: index, data (dev.Rtc). */
    public static final PortRange CMOS = new PortRange(0x70, 2);
}
