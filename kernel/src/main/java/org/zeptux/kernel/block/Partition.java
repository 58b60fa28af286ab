package org.zeptux.kernel.block;

import org.zeptux.rt.PhysAddr;

/**
 * A partition of a disk: {@link #sectors()} sectors from {@link #start()} on its disk, under its
 * own name and number (hda1, 3:1). A driver makes them at build time, one for each number its
 * disks may have; {@link Partitions#scan} fills in the place of those the partition table names
 * and registers them. Transfers are checked against the partition, then passed to the disk.
 */
public final class Partition extends BlockDevice {
    private final Disk disk;
    private final String name;
    private final int dev;
    /** Written once, by Partitions.scan, before it is registered. */
    private long start;
    private long sectors;
    private int type;

    public Partition(Disk disk, String name, int dev) {
        this.disk = disk;
        this.name = name;
        this.dev = dev;
    }

    void place(long start, long sectors, int type) {
        this.start = start;
        this.sectors = sectors;
        this.type = type;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dev() {
        return dev;
    }

    @Override
    public long sectors() {
        return sectors;
    }

    /** Its first sector on the disk. */
    public long start() {
        return start;
    }

    /** Its type in the partition table (0x83 Linux, 0x05 extended …). */
    public int type() {
        return type;
    }

    /** The disk it is part of. */
    public Disk disk() {
        return disk;
    }

    @Override
    public boolean readOnly() {
        return disk.readOnly();
    }

    @Override
    public int transfer(boolean write, long sector, PhysAddr page, int offset, int length) {
        int e = checkRange(sector, offset, length);
        if (e != 0) {
            return e;
        }
        return disk.transfer(write, start + sector, page, offset, length);
    }

    @Override
    public int transferPages(boolean write, long sector, long[] pages, int count) {
        int e = checkPages(sector, pages, count);
        if (e != 0) {
            return e;
        }
        return disk.transferPages(write, start + sector, pages, count);
    }

    @Override
    public Request startRead(long sector, long[] pages, int count) {
        if (checkPages(sector, pages, count) != 0) {
            return null;
        }
        return disk.startRead(start + sector, pages, count);
    }

    @Override
    public int awaitRead(Request r) {
        return disk.awaitRead(r);
    }

    @Override
    public int flush() {
        return disk.flush();
    }
}
