package org.zeptux.kernel.dev;

import org.zeptux.kernel.hw.PortRange;
import org.zeptux.kernel.hw.Ports;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.rt.Address;

/**
 * The primary ATA channel's master disk, read with PIO and polling (ATA/ATAPI-6, 28-bit LBA
 * READ SECTORS): the disk the kernel booted from (stage 2 read the kernel the same way). The
 * device's interrupt is disabled (nIEN); every wait is bounded, and an error, a device fault or
 * a timeout ends the read with a failure the caller reports.
 */
public final class Ata {
    private Ata() {}

    /** The command block (0x1F0..0x1F7, registers at the offsets below) and the control block (0x3F6). */
    static final PortRange PORTS = Ports.ATA_PRIMARY;
    static final PortRange CONTROL = Ports.ATA_PRIMARY_CONTROL;
    static final int DATA = 0;
    static final int ERROR = 1;
    static final int COUNT = 2;
    static final int LBA_LOW = 3;
    static final int LBA_MID = 4;
    static final int LBA_HIGH = 5;
    static final int DRIVE = 6;
    static final int COMMAND = 7;
    static final int STATUS = 7;
    static final int BSY = 0x80;
    static final int DF = 0x20;
    static final int DRQ = 0x08;
    static final int ERR = 0x01;
    static final int READ_SECTORS = 0x20;
    static final int NIEN = 0x02;
    public static final int SECTOR = 512;
    /** Give up waiting for the disk after this many TSC cycles (seconds on any CPU). */
    static final long TIMEOUT = 1L << 34;

    /** Results. */
    public static final int OK = 0;
    public static final int NO_DISK = -1;
    public static final int TIMED_OUT = -2;
    public static final int DEVICE_ERROR = -3;

    /**
     * Reads {@code count} sectors (1..256) from {@code lba} (below 2^28) into memory at
     * {@code to}; OK or a negative result.
     */
    public static int read(long lba, int count, Address to) {
        if (count < 1 || count > 256 || lba < 0 || lba + count > (1L << 28)) {
            return DEVICE_ERROR;
        }
        if (PORTS.in8(STATUS) == 0xFF) {
            return NO_DISK;                             // floating bus: nothing attached
        }
        CONTROL.out8(0, NIEN);
        int ready = waitNotBusy();
        if (ready != OK) {
            return ready;
        }
        PORTS.out8(DRIVE, 0xE0 | (int) ((lba >>> 24) & 0x0F));   // master, LBA
        delay();
        PORTS.out8(COUNT, count & 0xFF);                 // 256 is written as 0
        PORTS.out8(LBA_LOW, (int) lba & 0xFF);
        PORTS.out8(LBA_MID, (int) (lba >>> 8) & 0xFF);
        PORTS.out8(LBA_HIGH, (int) (lba >>> 16) & 0xFF);
        PORTS.out8(COMMAND, READ_SECTORS);
        for (int s = 0; s < count; s++) {
            delay();
            int r = waitData();
            if (r != OK) {
                return r;
            }
            PORTS.readWords(DATA, to, (long) s * SECTOR, SECTOR / 2);
        }
        return OK;
    }

    /** Waits until BSY is clear; a device fault or error fails. */
    private static int waitNotBusy() {
        long start = Processor.rdtsc();
        while (true) {
            int status = PORTS.in8(STATUS);
            if ((status & BSY) == 0) {
                return (status & (ERR | DF)) != 0 ? DEVICE_ERROR : OK;
            }
            if (Processor.rdtsc() - start > TIMEOUT) {
                return TIMED_OUT;
            }
            Processor.pause();
        }
    }

    /** Waits until a sector is ready to be read (BSY clear, DRQ set), checking ERR and DF. */
    private static int waitData() {
        long start = Processor.rdtsc();
        while (true) {
            int status = PORTS.in8(STATUS);
            if ((status & BSY) == 0) {
                if ((status & (ERR | DF)) != 0) {
                    return DEVICE_ERROR;
                }
                if ((status & DRQ) != 0) {
                    return OK;
                }
            }
            if (Processor.rdtsc() - start > TIMEOUT) {
                return TIMED_OUT;
            }
            Processor.pause();
        }
    }

    /** About 400 ns for the status to become valid: four reads of the alternate status register. */
    private static void delay() {
        for (int i = 0; i < 4; i++) {
            CONTROL.in8(0);
        }
    }
}
