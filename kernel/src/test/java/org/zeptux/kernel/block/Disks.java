package org.zeptux.kernel.block;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Disk images for the MBR tests: partition entries written as the MBR has them, and a reader over the bytes. */
final class Disks {
    private Disks() {}

    /** A disk of {@code sectors} zeroed sectors. */
    static byte[] disk(int sectors) {
        return new byte[sectors * 512];
    }

    /** Writes entry {@code slot} (0..3) of the table in sector {@code sector}, and the signature. */
    static void entry(byte[] disk, int sector, int slot, int type, long start, long count) {
        ByteBuffer b = ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN);
        int at = sector * 512 + 446 + 16 * slot;
        disk[at + 4] = (byte) type;
        b.putInt(at + 8, (int) start);
        b.putInt(at + 12, (int) count);
        sign(disk, sector);
    }

    static void sign(byte[] disk, int sector) {
        disk[sector * 512 + 510] = 0x55;
        disk[sector * 512 + 511] = (byte) 0xAA;
    }

    /** Reads sectors of {@code disk}; counts the reads. */
    static final class Reader implements SectorReader {
        final byte[] disk;
        int reads;

        Reader(byte[] disk) {
            this.disk = disk;
        }

        @Override
        public int read(long sector, byte[] into) {
            reads++;
            if (sector < 0 || sector >= disk.length / 512) {
                return -22;
            }
            System.arraycopy(disk, (int) sector * 512, into, 0, 512);
            return 0;
        }
    }
}
