package org.zeptux.kernel.fs;

import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.boot.CommandLine;
import org.zeptux.kernel.block.BlockDevices;
import org.zeptux.kernel.block.RamDisk;
import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.rt.PhysAddr;

/**
 * The RAM disks ram0 .. ram3 (block devices 1:0 .. 1:3, Linux's ramdisk major) the kernel
 * registers at boot: ram0 up to 64 MiB, the others up to 16 MiB, their pages charged to the owner
 * ramdisk. When the initramfs holds {@code /ramN.img} its bytes are copied onto ramN at boot (a disk image made on the host, say by
 * {@code mke2fs -t ext2 -d}), so {@code mknod /dev/ram0 b 1 0; mount -t ext2 /dev/ram0 /mnt}
 * works before there are real disks; the file may be removed afterwards. (The page cache's
 * writeback thread starts with the first ext2 mount, not here.)
 */
public final class BootDisk {
    private BootDisk() {}

    public static final RamDisk RAM0 = new RamDisk("ram0", 1 << 8, 16384, Owner.RAMDISK);
    /** ram0 .. ram3 (1:0 .. 1:3): ram0 up to 64 MiB, the others up to 16 MiB. */
    static final RamDisk[] DISKS = {RAM0, new RamDisk("ram1", (1 << 8) | 1, 4096, Owner.RAMDISK),
        new RamDisk("ram2", (1 << 8) | 2, 4096, Owner.RAMDISK), new RamDisk("ram3", (1 << 8) | 3, 4096, Owner.RAMDISK)};
    private static final byte[][] PATHS = {path('0'), path('1'), path('2'), path('3')};
    private static final byte[] CHUNK = new byte[FilePages.PAGE];

    @org.zeptux.rt.BuildTime
    private static byte[] path(char n) {
        return new byte[] {'/', 'r', 'a', 'm', (byte) n, '.', 'i', 'm', 'g'};
    }

    /**
     * Registers ram0 and fills it from /ram0.img if there is one (one line); applies the
     * command line's {@code pagecache=KIB}, the page cache's limit (one line).
     */
    public static void init() {
        for (int i = 0; i < DISKS.length; i++) {
            BlockDevices.register(DISKS[i]);
        }
        int at = CommandLine.value("pagecache");
        if (at >= 0) {
            long kib = 0;
            int end = CommandLine.valueEnd(at);
            for (int i = at; i < end && kib < (1L << 40); i++) {
                int c = CommandLine.charAt(i);
                kib = c >= '0' && c <= '9' ? kib * 10 + c - '0' : -1L << 50;
            }
            if (kib > 0) {
                Buddy.setLimit(Owner.PAGE_CACHE, Math.max(16, kib / 4));
                Printf.printf("page cache: limit %d KiB\n", Math.max(16, kib / 4) * 4);
            } else {
                Printf.printf("page cache: pagecache= wants a size in KiB; no limit\n");
            }
        }
        if (Vfs.root() == null) {
            return;
        }
        for (int i = 0; i < DISKS.length; i++) {
            load(DISKS[i], PATHS[i]);
        }
    }

    /** Fills {@code disk} from the file at {@code path} if there is one (one line). */
    private static void load(RamDisk disk, byte[] path) {
        Inode n = Vfs.lookupKernel(path, path.length);
        if (n == null) {
            return;
        }
        long size = Math.min(n.size(), disk.capacity()) & ~(long) (BlockDevice.SECTOR - 1);
        disk.resize(size);
        PhysAddr page = Buddy.alloc(0, Owner.RAMDISK);
        long done = 0;
        while (page != null && done < size) {
            int want = (int) Math.min(FilePages.PAGE, size - done);
            long got = Vfs.readKernel(n, done, CHUNK, 0, want);
            if (got != want) {
                break;
            }
            boolean zero = true;
            for (int i = 0; i < want && zero; i++) {
                zero = CHUNK[i] == 0;
            }
            if (!zero) {
                FilePages.write(page, 0, 0, CHUNK, 0, want);
                if (disk.transfer(true, done / BlockDevice.SECTOR, page, 0, want) < 0) {
                    break;
                }
            }
            done += want;
        }
        if (page != null) {
            Buddy.free(page, 0, Owner.RAMDISK);
        }
        Vfs.unpinKernel(n);
        Printf.printf("%s: %d KiB from /%s.img%s\n", Printf.s(disk.name()), done >>> 10, Printf.s(disk.name()),
                Printf.s(done == size ? "" : " (cut short)"));
    }
}
