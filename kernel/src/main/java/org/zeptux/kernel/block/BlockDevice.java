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
