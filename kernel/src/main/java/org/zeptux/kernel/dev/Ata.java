package org.zeptux.kernel.dev;

import org.zeptux.kernel.arch.Interrupts;
import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.block.BlockDevices;
import org.zeptux.kernel.block.Partition;
import org.zeptux.kernel.block.Partitions;
import org.zeptux.kernel.boot.CommandLine;
import org.zeptux.kernel.hw.Buffers;
import org.zeptux.kernel.hw.Ports;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.rt.MaySleep;
import org.zeptux.rt.Platform;
import org.zeptux.rt.PhysAddr;

/**
 * The ATA disks: the two channels of the IDE controller (primary 0x1F0/0x3F6 IRQ 14, secondary
 * 0x170/0x376 IRQ 15, or a PCI IDE function's BARs and interrupt line in native mode), their
 * masters and slaves as /dev/hda .. /dev/hdd (3:0, 3:64, 22:0, 22:64), their MBR partitions as
 * hda1 …, all registered as {@link BlockDevice}s.
 *
 * <p>{@link #init} finds them while the kernel starts: the PCI IDE controller (class 01h,
 * subclass 01h) if there is one, with its bus-master registers (BAR4) when its prog-if says it
 * can master the bus and the command line has no {@code ata.dma=0}; then each channel — a
 * floating bus (status 0xFF) has nothing on it; a software reset; each device's signature
 * (ATA/ATAPI-6 9.12: count 01h, LBA low 01h, then LBA mid/high 00h/00h for ATA, 14h/EBh for
 * ATAPI); IDENTIFY DEVICE for size (words 60-61, or 100-103 with LBA48 from word 83 bit 10),
 * model and modes. ATAPI devices (CD-ROMs) are named and skipped. Probing polls with the
 * devices' interrupt disabled (nIEN), every wait bounded; afterwards each channel's interrupt is
 * on and every transfer goes through the channel's queue ({@link AtaChannel}).
 */
public final class Ata {
    private Ata() {}

    public static final int SECTOR = 512;
    /** Results of {@link #read}. */
    public static final int OK = 0;
    public static final int NO_DISK = -1;
    public static final int DEVICE_ERROR = -3;

    static final AtaChannel PRIMARY = new AtaChannel(0);
    static final AtaChannel SECONDARY = new AtaChannel(1);
    static final AtaChannel[] CHANNELS = {PRIMARY, SECONDARY};
    static final AtaDisk HDA = new AtaDisk("hda", 3 << 8, PRIMARY, 0);
    static final AtaDisk HDB = new AtaDisk("hdb", 3 << 8 | 64, PRIMARY, 1);
    static final AtaDisk HDC = new AtaDisk("hdc", 22 << 8, SECONDARY, 0);
    static final AtaDisk HDD = new AtaDisk("hdd", 22 << 8 | 64, SECONDARY, 1);
    static final AtaDisk[] DISKS = {HDA, HDB, HDC, HDD};

    static {
        PRIMARY.drives[0] = HDA;
        PRIMARY.drives[1] = HDB;
        SECONDARY.drives[0] = HDC;
        SECONDARY.drives[1] = HDD;
    }

    /** IDENTIFY's 256 words, while the kernel starts. */
    private static final byte[] ID = new byte[512];
    private static final String[] UDMA = {"UDMA/16", "UDMA/25", "UDMA/33", "UDMA/44", "UDMA/66", "UDMA/100", "UDMA/133"};
    /** The PCI IDE function (Pci.address), or -1; its bus-master base, or 0. */
    private static int function = -1;
    private static int busMasterBase;

    /** Finds the controller, the channels' devices and the disks' partitions; prints what it found. */
    @MaySleep
    public static void init() {
        if (Platform.simulated()) {
            return;
        }
        controller();
        for (int c = 0; c < CHANNELS.length; c++) {
            probe(CHANNELS[c]);
        }
        for (int c = 0; c < CHANNELS.length; c++) {
            AtaChannel ch = CHANNELS[c];
            if (ch.used) {
                if (c == 1 && PRIMARY.used && PRIMARY.irq == ch.irq) {
                    PRIMARY.shares = ch;                // native mode, one line: the primary's handler serves both
                } else {
                    Interrupts.register(Interrupts.IRQ_BASE + ch.irq, ch);
                }
                ch.control.out8(0, 0);              // nIEN clear: the device interrupts from here on
                Interrupts.enableIsa(ch.irq);
                Printf.printf("ata%d: PATA cmd 0x%x ctl 0x%x bmdma 0x%x irq %d: %s\n", c + 1, ch.command.base(),
                        ch.control.base(), ch.busMaster != null ? ch.busMaster.base() : 0, ch.irq,
                        Printf.s(ch.busMaster != null ? "DMA" : "PIO"));
            }
        }
        for (int i = 0; i < DISKS.length; i++) {
            AtaDisk d = DISKS[i];
            if (d.present && BlockDevices.register(d) == 0) {
                Printf.printf("%s: %d sectors (%d MB)\n", Printf.s(d.name()), d.sectors, d.sectors * SECTOR / 1000000);
            }
        }
        for (int i = 0; i < DISKS.length; i++) {
            if (DISKS[i].present) {
                Partitions.scan(DISKS[i], DISKS[i].partitions);
            }
        }
    }

    /** The PCI IDE function: native-mode BARs, the bus-master registers, bus mastering on. */
    private static void controller() {
        PRIMARY.command = Ports.ATA_PRIMARY;
        PRIMARY.control = Ports.ATA_PRIMARY_CONTROL;
        PRIMARY.irq = 14;
        SECONDARY.command = Ports.ATA_SECONDARY;
        SECONDARY.control = Ports.ATA_SECONDARY_CONTROL;
        SECONDARY.irq = 15;
        function = Pci.find(1, 1);
        if (function < 0) {
            Print.str("ata: no PCI IDE controller: legacy ports, PIO");
            Print.nl();
            return;
        }
        int cls = Pci.read32(function, Pci.CLASS);
        int progIf = cls >>> 8 & 0xFF;
        int id = Pci.read32(function, Pci.VENDOR);
        Printf.printf("ata: PCI IDE controller %02x:%02x.%d (%04x:%04x), prog-if 0x%02x\n", function >>> 16 & 0xFF,
                function >>> 11 & 0x1F, function >>> 8 & 7, id & 0xFFFF, id >>> 16 & 0xFFFF, progIf);
        int line = Pci.read32(function, Pci.INTERRUPT) & 0xFF;
        if ((progIf & 0x01) != 0 && nativeMode(PRIMARY, Ports.ATA_PRIMARY_NATIVE, Ports.ATA_PRIMARY_NATIVE_CONTROL, 0, line)) {
            Printf.printf("ata1: native mode at 0x%x, IRQ %d\n", Ports.ATA_PRIMARY_NATIVE.base(), line);
        }
        if ((progIf & 0x04) != 0 && nativeMode(SECONDARY, Ports.ATA_SECONDARY_NATIVE, Ports.ATA_SECONDARY_NATIVE_CONTROL, 2, line)) {
            Printf.printf("ata2: native mode at 0x%x, IRQ %d\n", Ports.ATA_SECONDARY_NATIVE.base(), line);
        }
        if (dmaOff()) {
            Print.str("ata: DMA off (ata.dma=0): PIO");
            Print.nl();
            return;
        }
        busMasterBase = (progIf & 0x80) != 0 ? Pci.ioBar(function, 4) : 0;
        if (busMasterBase == 0 || !Ports.ATA_PRIMARY_DMA.assign(busMasterBase)
                || !Ports.ATA_SECONDARY_DMA.assign(busMasterBase + 8)) {
            Print.str("ata: the controller cannot master the bus: PIO");
            Print.nl();
            return;
        }
        PhysAddr prd = Buddy.alloc(0, Owner.DMA);
        if (prd == null || prd.toLong() >= 0x1_0000_0000L - 4096) {
            if (prd != null) {
                Buddy.free(prd, 0, Owner.DMA);
            }
            Print.str("ata: no page below 4 GiB for the PRD tables: PIO");
            Print.nl();
            return;
        }
        int command = Pci.read32(function, Pci.COMMAND) & 0xFFFF;     // not the status half: its bits clear on a write of 1
        Pci.write32(function, Pci.COMMAND, command | Pci.IO_SPACE | Pci.BUS_MASTER);
        PRIMARY.busMaster = Ports.ATA_PRIMARY_DMA;
        PRIMARY.prdPage = prd;
        PRIMARY.prdIndex = 0;
        SECONDARY.busMaster = Ports.ATA_SECONDARY_DMA;
        SECONDARY.prdPage = prd;
        SECONDARY.prdIndex = 256;                   // the page's second half
        Printf.printf("ata: bus-master DMA registers at 0x%x, PRD tables at 0x%lx\n", busMasterBase, prd.toLong());
    }

    /** A channel in native mode: its command and control blocks from BARs {@code bar}, {@code bar + 1}. */
    private static boolean nativeMode(AtaChannel ch, org.zeptux.kernel.hw.PortRange cmd,
            org.zeptux.kernel.hw.PortRange ctl, int bar, int line) {
        int c = Pci.ioBar(function, bar);
        int k = Pci.ioBar(function, bar + 1);
        if (c == 0 || k == 0 || line == 0 || line >= 16 || !cmd.assign(c) || !ctl.assign(k + 2)) {
            Printf.printf("ata%d: native mode without usable BARs or interrupt line: channel skipped\n", ch.index + 1);
            ch.command = null;
            return false;
        }
        ch.command = cmd;
        ch.control = ctl;
        ch.irq = line;
        return true;
    }

    /** Whether the command line says {@code ata.dma=0}. */
    private static boolean dmaOff() {
        int v = CommandLine.value("ata.dma");
        return v >= 0 && CommandLine.valueEnd(v) == v + 1 && CommandLine.charAt(v) == '0';
    }

    /** Finds the devices on {@code ch} (polling, its interrupt disabled). */
    private static void probe(AtaChannel ch) {
        if (ch.command == null) {
            return;
        }
        ch.control.out8(0, AtaChannel.NIEN);
        if (ch.command.in8(AtaChannel.STATUS) == 0xFF) {
            Printf.printf("ata%d: no devices (floating bus)\n", ch.index + 1);
            return;
        }
        ch.reset();
        for (int drive = 0; drive < 2; drive++) {
            ch.command.out8(AtaChannel.DRIVE, 0xA0 | drive << 4);
            ch.delay400();
            int status = ch.control.in8(0);
            int count = ch.command.in8(AtaChannel.COUNT);
            int low = ch.command.in8(AtaChannel.LBA_LOW);
            int mid = ch.command.in8(AtaChannel.LBA_MID);
            int high = ch.command.in8(AtaChannel.LBA_HIGH);
            if (status == 0xFF || count != 1 || low != 1) {
                continue;                           // no device answers with a signature
            }
            boolean atapi = mid == 0x14 && high == 0xEB || mid == 0x69 && high == 0x96;
            if (!atapi && status == 0) {
                continue;                           // an ATA device is ready after a reset (DRDY): none here
            }
            boolean ata = mid == 0 && high == 0 || mid == 0x3C && high == 0xC3;
            if (!atapi && !ata) {
                Printf.printf("ata%d.%02d: unknown signature 0x%02x%02x: skipped\n", ch.index + 1, drive, high, mid);
                continue;
            }
            if (!identify(ch, atapi ? AtaChannel.IDENTIFY_PACKET : AtaChannel.IDENTIFY)) {
                if (atapi) {
                    Printf.printf("ata%d.%02d: ATAPI device does not identify: skipped\n", ch.index + 1, drive);
                }
                continue;
            }
            describe(ch, drive, atapi);
            if (atapi) {
                Printf.printf("ata%d.%02d: ATAPI device (CD-ROM): no driver, skipped\n", ch.index + 1, drive);
                continue;
            }
            AtaDisk d = ch.drives[drive];
            boolean lba = (word(49) & 0x200) != 0;
            d.lba48 = (word(83) & 0x400) != 0;
            d.sectors = d.lba48 ? (long) word(100) | (long) word(101) << 16 | (long) word(102) << 32 | (long) word(103) << 48
                    : (long) word(60) | (long) word(61) << 16;
            if (!lba || d.sectors == 0) {
                Printf.printf("ata%d.%02d: no LBA addressing: skipped\n", ch.index + 1, drive);
                continue;
            }
            d.dma = ch.busMaster != null && (word(49) & 0x100) != 0;
            d.present = true;
            ch.used = true;
            Printf.printf("ata%d.%02d: %d sectors, %s, %s\n", ch.index + 1, drive, d.sectors,
                    Printf.s(d.lba48 ? "LBA48" : "LBA"), Printf.s(d.dma ? "DMA" : "PIO"));
        }
    }

    /** Runs IDENTIFY (PACKET) DEVICE on the selected device into {@link #ID}; whether it answered. */
    private static boolean identify(AtaChannel ch, int command) {
        ch.command.out8(AtaChannel.COMMAND, command);
        ch.delay400();
        int status = ch.control.in8(0);
        if (status == 0 || status == 0xFF) {
            return false;
        }
        for (int tries = 0; tries < 10; tries++) {
            status = ch.waitStatus();
            if ((status & AtaChannel.BSY) == 0 && (status & (AtaChannel.DRQ | AtaChannel.ERR)) != 0) {
                break;
            }
        }
        if ((status & (AtaChannel.BSY | AtaChannel.ERR | AtaChannel.DF | AtaChannel.DRQ)) != AtaChannel.DRQ) {
            ch.command.in8(AtaChannel.STATUS);
            return false;
        }
        ch.command.readWords(AtaChannel.DATA, Buffers.address(ID, 0), 0, 256);
        ch.command.in8(AtaChannel.STATUS);          // acknowledges the (disabled) interrupt
        return true;
    }

    /** {@code ata1.00: ATA-7: QEMU HARDDISK, 2.5+, max UDMA/100}, from {@link #ID}. */
    private static void describe(AtaChannel ch, int drive, boolean atapi) {
        Printf.printf("ata%d.%02d: ", ch.index + 1, drive);
        int major = word(80);
        int version = 0;
        for (int b = 14; b > 0 && version == 0 && major != 0xFFFF; b--) {
            if ((major & 1 << b) != 0) {
                version = b;
            }
        }
        if (atapi) {
            Print.str("ATAPI: ");
        } else if (version > 0) {
            Printf.printf("ATA-%d: ", version);
        } else {
            Print.str("ATA: ");
        }
        text(27, 20);
        Print.str(", ");
        text(23, 4);
        int udma = (word(53) & 4) != 0 ? word(88) & 0x7F : 0;
        if (udma != 0) {
            int top = 6;
            while ((udma & 1 << top) == 0) {
                top--;
            }
            Printf.printf(", max %s", Printf.s(UDMA[top]));
        }
        Print.nl();
    }

    /** Prints IDENTIFY's string of {@code words} words from {@code first} (two characters a word, high byte first), trailing blanks cut. */
    private static void text(int first, int words) {
        int end = 2 * words;
        while (end > 0 && ch(first, end - 1) == ' ') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            int c = ch(first, i);
            Print.chr(c >= 0x20 && c < 0x7F ? c : '?');
        }
    }

    private static int ch(int first, int i) {
        int w = word(first + i / 2);
        return (i & 1) == 0 ? w >>> 8 : w & 0xFF;
    }

    private static int word(int i) {
        return (ID[2 * i] & 0xFF) | (ID[2 * i + 1] & 0xFF) << 8;
    }

    /**
     * Reads {@code count} sectors (1..8) from {@code lba} of the boot disk (hda) into
     * {@code page}, through its queue: OK, NO_DISK, or DEVICE_ERROR (a failure or a bad range).
     */
    @MaySleep
    public static int read(long lba, int count, PhysAddr page) {
        if (!HDA.present) {
            return NO_DISK;
        }
        if (count < 1 || count > 8) {
            return DEVICE_ERROR;
        }
        return HDA.transfer(false, lba, page, 0, count * SECTOR) == 0 ? OK : DEVICE_ERROR;
    }

    /** The monitor's {@code disks}: each disk and partition, its size, mode and request counts; each channel's counts. */
    public static void list() {
        Print.str("name    dev      sectors        MB  mode      reads     writes  flushes  errors");
        Print.nl();
        for (int i = 0; i < BlockDevices.count(); i++) {
            BlockDevice b = BlockDevices.get(i);
            Printf.printf("%-6s %3d:%-3d %10d %9d", Printf.s(b.name()), b.dev() >> 8, b.dev() & 0xFF, b.sectors(),
                    b.sectors() * SECTOR / 1000000);
            if (b instanceof AtaDisk) {
                AtaDisk d = (AtaDisk) b;
                Printf.printf("  %-4s %10d %10d %8d %7d\n", Printf.s(d.dma ? "DMA" : "PIO"), d.reads, d.writes,
                        d.flushes, d.failures);
            } else if (b instanceof Partition) {
                Printf.printf("  start %d, type 0x%02x\n", ((Partition) b).start(), ((Partition) b).type());
            } else {
                Print.nl();
            }
        }
        for (int c = 0; c < CHANNELS.length; c++) {
            AtaChannel ch = CHANNELS[c];
            if (ch.used) {
                Printf.printf("ata%d: IRQ %d, %s, %d interrupts, %d unexpected, ", c + 1, ch.irq,
                        Printf.s(ch.busMaster != null ? "DMA" : "PIO"), ch.interrupts, ch.unexpected);
                Printf.printf("%d errors, %d timeouts, %d resets, %d busy\n", ch.errors, ch.timeouts, ch.resets, ch.busy());
            }
        }
    }
}
