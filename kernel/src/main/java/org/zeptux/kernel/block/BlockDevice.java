package org.zeptux.kernel.block;

import org.zeptux.rt.PhysAddr;

/**
 * A disk or a partition of one: {@link #sectors()} sectors of {@link #SECTOR} bytes, read and
 * written a run of whole sectors at a time into or out of one page. {@link #transfer} is
 * synchronous for its caller — it returns when the data is on the device (or in its write
 * cache, which {@link #flush} empties) or in memory — and it may sleep, so it is called from a
 * task, never from an interrupt handler and never with a spin lock held. A device serves
 * callers from any CPU; the driver orders and queues their requests.
 *
 * <p>Devices are registered in {@link BlockDevices} under their Linux device number (hda is
 * 3:0, its first partition 3:1, hdb 3:64, hdc 22:0, hdd 22:64), which is how devtmpfs nodes
 * and mount(2)'s source name them.
 */
public abstract class BlockDevice {
    /** The unit of transfer and of {@link #sectors()}. */
    public static final int SECTOR = 512;

    /** Its name as /dev and /proc/partitions show it ("hda", "hda1"). */
    public abstract String name();

    /** Its device number, Linux's (major << 8 | minor) for majors and minors below 256. */
    public abstract int dev();

    /** Its size in sectors. */
    public abstract long sectors();

    /** Whether writes are refused (-EROFS). */
    public boolean readOnly() {
        return false;
    }

    /**
     * Moves {@code length} bytes (a multiple of {@link #SECTOR}, at most a page) between sectors
     * from {@code sector} on and bytes [{@code offset}, {@code offset + length}) of the page at
     * {@code page} ({@code offset} a multiple of {@link #SECTOR}): to the device when
     * {@code write}, from it otherwise. Returns 0, or -errno: -EINVAL for a range outside the
     * device or the page, -EROFS for a write to a read-only device, -EIO when the device failed
     * or did not answer in time.
     */
    public abstract int transfer(boolean write, long sector, PhysAddr page, int offset, int length);

    /** The most pages {@link #transferPages} moves in one call (128 KiB: 256 sectors, one ATA command). */
    public static final int MAX_PAGES = 32;

    /**
     * Moves {@code count} whole pages ({@code count * 8} sectors from {@code sector} on) between the
     * device and the pages at physical addresses {@code pages[0 .. count)} (page-aligned), in order: to the device when {@code write}.
     * A driver that can does it as one command (a scatter-gather DMA transfer); this default moves
     * them a page at a time. Returns 0 or -errno as {@link #transfer}: -EINVAL for a count outside
     * 1 .. {@link #MAX_PAGES} or a range outside the device. The caller keeps {@code pages} as it is
     * until the call returns.
     */
    public int transferPages(boolean write, long sector, long[] pages, int count) {
        int e = checkPages(sector, pages, count);
        if (e != 0) {
            return e;
        }
        for (int i = 0; i < count; i++) {
            e = transfer(write, sector + (long) i * (4096 / SECTOR), PhysAddr.of(pages[i]), 0, 4096);
            if (e != 0) {
                return e;
            }
        }
        return 0;
    }

    /**
     * Starts reading {@code count} whole pages, as {@link #transferPages} reads them, without
     * waiting for the device: the request, which the caller gives to {@link #awaitRead} exactly
     * once (it waits for the transfer and returns its result), or null when this device cannot
     * queue a transfer (it has no request queue, as a RAM disk has none, or {@link #checkPages}
     * refuses the range): the caller then reads synchronously, or not at all. {@code pages} stays
     * as it is until awaitRead returns. Asynchronous readahead ({@code PageCache}) is its user.
     */
    public Request startRead(long sector, long[] pages, int count) {
        return null;
    }

    /** Waits for a request {@link #startRead} gave and gives it back: 0, or -EIO. */
    public int awaitRead(Request r) {
        return -5;
    }

    /** The checks every {@link #transferPages} makes first: 0 or -EINVAL. */
    protected final int checkPages(long sector, long[] pages, int count) {
        if (pages == null || count <= 0 || count > MAX_PAGES || count > pages.length || sector < 0
                || sector > sectors() - (long) count * (4096 / SECTOR)) {
            return -22;
        }
        for (int i = 0; i < count; i++) {
            if ((pages[i] & 4095) != 0) {
                return -22;
            }
        }
        return 0;
    }

    /** Makes every completed write durable (ATA FLUSH CACHE): 0 or -EIO. */
    public int flush() {
        return 0;
    }

    /** The checks every {@link #transfer} makes first: 0 or -EINVAL. */
    protected final int checkRange(long sector, int offset, int length) {
        if (length <= 0 || length > 4096 || (length & (SECTOR - 1)) != 0 || offset < 0
                || (offset & (SECTOR - 1)) != 0 || offset > 4096 - length
                || sector < 0 || sector > sectors() - length / SECTOR) {
            return -22;
        }
        return 0;
    }
}
