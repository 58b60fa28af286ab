package org.zeptux.kernel.dev;

import org.zeptux.kernel.block.Disk;
import org.zeptux.kernel.block.Partition;
import org.zeptux.kernel.block.Request;
import org.zeptux.rt.BuildTime;
import org.zeptux.rt.MaySleep;
import org.zeptux.rt.PhysAddr;

/**
 * One ATA disk, /dev/hda .. /dev/hdd: what IDENTIFY DEVICE said of it (size, LBA48, DMA) and
 * its partitions' device objects (made at build time, registered when the table names them).
 * Its transfers are requests on its channel's queue ({@link AtaChannel#submit}).
 */
public final class AtaDisk extends Disk {
    private final String name;
    private final int dev;
    final AtaChannel channel;
    /** 0 master, 1 slave. */
    final int drive;
    /** Partition objects by number (1 .. Mbr.MAX; 0 unused). */
    final Partition[] partitions;

    /** Set by Ata's probe, before the disk is registered; not written afterwards. */
    boolean present;
    long sectors;
    boolean lba48;
    /** Whether it and its channel do bus-master DMA. */
    boolean dma;
    /** Requests served and their sectors, by kind: written under the channel's lock. */
    long reads;
    long writes;
    long flushes;
    long sectorsRead;
    long sectorsWritten;
    long failures;

    AtaDisk(String name, int dev, AtaChannel channel, int drive) {
        this.name = name;
        this.dev = dev;
        this.channel = channel;
        this.drive = drive;
        this.partitions = partitions(this, name, dev);
    }

    @BuildTime
    private static Partition[] partitions(AtaDisk disk, String name, int dev) {
        Partition[] p = new Partition[org.zeptux.kernel.block.Mbr.MAX + 1];
        for (int n = 1; n < p.length; n++) {
            p[n] = new Partition(disk, name + n, dev + n);
        }
        return p;
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

    @Override
    @MaySleep
    public int transfer(boolean write, long sector, PhysAddr page, int offset, int length) {
        int e = checkRange(sector, offset, length);
        if (e != 0) {
            return e;
        }
        if (page == null) {
            return -22;
        }
        return channel.submit(this, write ? Request.WRITE : Request.READ, sector, length / SECTOR, page, offset, null);
    }

    /** One command for the whole run: a PRD entry a page with DMA, else PIO sector by sector across the pages. */
    @Override
    @MaySleep
    public int transferPages(boolean write, long sector, long[] pages, int count) {
        int e = checkPages(sector, pages, count);
        if (e != 0) {
            return e;
        }
        return channel.submit(this, write ? Request.WRITE : Request.READ, sector, count * (4096 / SECTOR), null, 0, pages);
    }

    /** Queues the read of a run of whole pages as one command ({@link #transferPages}'s) and returns at once. */
    @Override
    @MaySleep
    public Request startRead(long sector, long[] pages, int count) {
        if (checkPages(sector, pages, count) != 0) {
            return null;
        }
        return channel.start(this, Request.READ, sector, count * (4096 / SECTOR), null, 0, pages);
    }

    @Override
    @MaySleep
    public int awaitRead(Request r) {
        return channel.await(r);
    }

    @Override
    @MaySleep
    public int flush() {
        return channel.submit(this, Request.FLUSH, 0, 0, null, 0, null);
    }

    /** Whether transfers use DMA. */
    public boolean usesDma() {
        return dma;
    }
}
