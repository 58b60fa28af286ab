package org.zeptux.kernel.proc;

import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.block.BlockDevices;
import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.rt.MaySleep;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.UserPtr;

/**
 * An open block-device node (/dev/hdb, /dev/hdb1): read, write, lseek, pread, pwrite, fsync and
 * the size ioctls on the device's bytes, as Linux's def_blk_fops does them without the page cache.
 * Each call moves whole sectors between the device and a bounce page of its own (owner DMA), at
 * most a page at a time, and copies the bytes asked for between that page and the user's buffer;
 * a write that covers part of a sector reads the sector first. Reads stop at the device's end
 * (0 there), writes there fail with ENOSPC, lseek past it with EINVAL; a device error is EIO, a
 * bad user buffer EFAULT — after some bytes, the count so far.
 */
final class BlockFiles {
    private BlockFiles() {}

    static final int BLKGETSIZE = 0x1260;
    static final int BLKFLSBUF = 0x1261;
    static final int BLKSSZGET = 0x1268;
    static final int BLKGETSIZE64 = 0x80081272;
    static final int PAGE = 4096;
    static final int SECTOR = BlockDevice.SECTOR;

    static long size(BlockDevice d) {
        return d.sectors() * SECTOR;
    }

    /** read(2) or pread64(2) of {@code n} bytes at {@code pos} (the caller updates the offset). */
    @MaySleep
    static long read(Files.File f, UserPtr buf, long n, long pos) {
        BlockDevice d = BlockDevices.find(f.device);
        if (d == null) {
            return -Errno.ENXIO;
        }
        long size = size(d);
        if (pos >= size || n == 0) {
            return 0;
        }
        n = Math.min(n, size - pos);
        PhysAddr page = Buddy.alloc(0, Owner.DMA);
        if (page == null) {
            return -Errno.ENOMEM;
        }
        long done = 0;
        long error = 0;
        while (done < n && error == 0) {
            long at = pos + done;
            int within = (int) (at & (SECTOR - 1));
            int bytes = (int) Math.min(PAGE - within, n - done);
            int length = (within + bytes + SECTOR - 1) & -SECTOR;
            if (d.transfer(false, at / SECTOR, page, 0, length) != 0) {
                error = -Errno.EIO;
            } else {
                int copied = FilePages.copyToUser(buf.plus(done), page, 0, within, bytes);
                done += copied;
                if (copied < bytes) {
                    error = -Errno.EFAULT;
                }
            }
        }
        Buddy.free(page, 0, Owner.DMA);
        return done > 0 ? done : error;
    }

    /** write(2) or pwrite64(2) of {@code n} bytes at {@code pos}. */
    @MaySleep
    static long write(Files.File f, UserPtr buf, long n, long pos) {
        BlockDevice d = BlockDevices.find(f.device);
        if (d == null) {
            return -Errno.ENXIO;
        }
        if (d.readOnly()) {
            return -Errno.EROFS;
        }
        long size = size(d);
        if (n == 0) {
            return 0;
        }
        if (pos >= size) {
            return -Errno.ENOSPC;
        }
        n = Math.min(n, size - pos);
        PhysAddr page = Buddy.alloc(0, Owner.DMA);
        if (page == null) {
            return -Errno.ENOMEM;
        }
        long done = 0;
        long error = 0;
        while (done < n && error == 0) {
            long at = pos + done;
            int within = (int) (at & (SECTOR - 1));
            int bytes = (int) Math.min(PAGE - within, n - done);
            int length = (within + bytes + SECTOR - 1) & -SECTOR;
            long sector = at / SECTOR;
            if (within != 0 || (bytes & (SECTOR - 1)) != 0) {
                // Part of a sector: what is there first (the whole run; only its ends matter).
                if (d.transfer(false, sector, page, 0, length) != 0) {
                    error = -Errno.EIO;
                    continue;
                }
            }
            int copied = FilePages.copyFromUser(page, 0, within, buf.plus(done), bytes);
            if (copied < bytes) {
                error = -Errno.EFAULT;
            } else if (d.transfer(true, sector, page, 0, length) != 0) {
                error = -Errno.EIO;
            } else {
                done += bytes;
            }
        }
        Buddy.free(page, 0, Owner.DMA);
        return done > 0 ? done : error;
    }

    /** lseek(2): the new offset, or EINVAL for one outside 0 .. the device's size (Linux's fixed_size_llseek). */
    static long lseek(Files.File f, long offset, long whence) {
        BlockDevice d = BlockDevices.find(f.device);
        if (d == null) {
            return -Errno.ENXIO;
        }
        long size = size(d);
        long to;
        if (whence == FileCalls.SEEK_SET) {
            to = offset;
        } else if (whence == FileCalls.SEEK_CUR) {
            to = f.offset + offset;
        } else if (whence == FileCalls.SEEK_END) {
            to = size + offset;
        } else {
            return -Errno.EINVAL;
        }
        if (to < 0 || to > size) {
            return -Errno.EINVAL;
        }
        f.offset = to;
        return to;
    }

    /** The block ioctls: BLKGETSIZE64 (bytes), BLKGETSIZE (sectors), BLKSSZGET (512), BLKFLSBUF; else ENOTTY. */
    @MaySleep
    static long ioctl(Process p, Files.File f, long request, UserPtr arg) {
        BlockDevice d = BlockDevices.find(f.device);
        if (d == null) {
            return -Errno.ENXIO;
        }
        switch ((int) request) {
            case BLKGETSIZE64:
                Elf.put64(p.io, 0, size(d));
                return UserAccess.copyTo(arg, p.io, 0, 8) ? 0 : -Errno.EFAULT;
            case BLKGETSIZE:
                Elf.put64(p.io, 0, d.sectors());
                return UserAccess.copyTo(arg, p.io, 0, 8) ? 0 : -Errno.EFAULT;
            case BLKSSZGET:
                Elf.put32(p.io, 0, SECTOR);
                return UserAccess.copyTo(arg, p.io, 0, 4) ? 0 : -Errno.EFAULT;
            case BLKFLSBUF:
                return d.flush() == 0 ? 0 : -Errno.EIO;
            default:
                return -Errno.ENOTTY;
        }
    }

    /** fsync(2): the device's write cache emptied (FLUSH CACHE). */
    @MaySleep
    static long fsync(Files.File f) {
        BlockDevice d = BlockDevices.find(f.device);
        if (d == null) {
            return -Errno.ENXIO;
        }
        return d.flush() == 0 ? 0 : -Errno.EIO;
    }
}
