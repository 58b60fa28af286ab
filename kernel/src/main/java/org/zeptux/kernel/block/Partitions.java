package org.zeptux.kernel.block;

import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.rt.MaySleep;
import org.zeptux.rt.PhysAddr;

/**
 * Reads a disk's partition table ({@link Mbr}) and registers its partitions, printing what it
 * found as Linux does ({@code hda: hda1 hda2 < hda5 hda6 >}) and one line for each partition
 * refused. Called while the kernel starts, one disk at a time (the parser and its sector buffer
 * are shared).
 */
public final class Partitions {
    private Partitions() {}

    private static final Mbr MBR = new Mbr();
    private static final DiskReader READER = new DiskReader();

    /** Reads sectors of a disk through a page of its own. */
    static final class DiskReader implements SectorReader {
        BlockDevice disk;
        PhysAddr page;

        @Override
        @MaySleep
        public int read(long sector, byte[] into) {
            if (sector < 0 || sector >= disk.sectors()) {
                return -22;
            }
            int e = disk.transfer(false, sector, page, 0, BlockDevice.SECTOR);
            if (e == 0) {
                FilePages.read(page, 0, 0, into, 0, BlockDevice.SECTOR);
            }
            return e;
        }
    }

    /**
     * Scans {@code disk} and registers the partitions it has, {@code parts[n]} being number n
     * (1..{@link Mbr#MAX}); returns how many were registered.
     */
    @MaySleep
    public static int scan(Disk disk, Partition[] parts) {
        PhysAddr page = Buddy.alloc(0, Owner.DMA);
        if (page == null) {
            Printf.printf("%s: no memory to read the partition table\n", Printf.s(disk.name()));
            return 0;
        }
        READER.disk = disk;
        READER.page = page;
        int r = MBR.scan(READER, disk.sectors());
        READER.disk = null;
        READER.page = null;
        Buddy.free(page, 0, Owner.DMA);
        if (r == Mbr.READ_ERROR) {
            Printf.printf("%s: cannot read the partition table\n", Printf.s(disk.name()));
            return 0;
        }
        int registered = 0;
        Print.str(disk.name());
        Print.str(":");
        if (r == Mbr.NO_TABLE) {
            Print.str(" no partition table");
        }
        boolean inExtended = false;
        for (int i = 0; i < MBR.count; i++) {
            int n = MBR.number[i];
            if (n >= parts.length || parts[n] == null) {
                continue;
            }
            if (n > 4 && !inExtended) {
                Print.str(" <");
                inExtended = true;
            }
            parts[n].place(MBR.start[i], MBR.sectors[i], MBR.type[i]);
            if (BlockDevices.register(parts[n]) == 0) {
                Print.str(" ");
                Print.str(parts[n].name());
                registered++;
            }
        }
        if (inExtended) {
            Print.str(" >");
        }
        Print.nl();
        for (int i = 0; i < MBR.refused; i++) {
            Printf.printf("%s: partition %d (start %d, %d sectors) %s: refused\n", Printf.s(disk.name()),
                    MBR.refusedNumber[i], MBR.refusedStart[i], MBR.refusedSectors[i],
                    Printf.s(Mbr.REASONS[MBR.reason[i]]));
        }
        return registered;
    }
}
