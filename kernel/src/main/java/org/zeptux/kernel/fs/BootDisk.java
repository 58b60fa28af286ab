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
 * ram0, the RAM disk (block device 1:0, Linux's ramdisk major) the kernel registers at boot: up
 * to 64 MiB, its pages charged to the owner ramdisk. When the initramfs holds {@code /ram0.img}
 * its bytes are copied onto ram0 at boot (a disk image made on the host, say by
 * {@code mke2fs -t ext2 -d}), so {@code mknod /dev/ram0 b 1 0; mount -t ext2 /dev/ram0 /mnt}
 * works before there are real disks; the file may be removed afterwards. (The page cache's
 * writeback thread starts with the first ext2 mount, not here.)
 */
public final class BootDisk {
    private BootDisk() {}

    public static final RamDisk RAM0 = new RamDisk("ram0", 1 << 8, 16384, Owner.RAMDISK);
    private static final byte[] PATH = {'/', 'r', 'a', 'm', '0', '.', 'i', 'm', 'g'};
    private static final byte[] CHUNK = new byte[FilePages.PAGE];

    /**
     * Registers ram0 and fills it from /ram0.img if there is one (one line); applies the
     * command line's {@code pagecache=KIB}, the page cache's limit (one line).
     */
    public static void init() {
        BlockDevices.register(RAM0);
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
        Inode n = Vfs.lookupKernel(PATH, PATH.length);
        if (n == null) {
            return;
        }
        long size = Math.min(n.size(), RAM0.capacity()) & ~(long) (BlockDevice.SECTOR - 1);
        RAM0.resize(size);
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
                if (RAM0.transfer(true, done / BlockDevice.SECTOR, page, 0, want) < 0) {
                    break;
                }
            }
            done += want;
        }
        if (page != null) {
            Buddy.free(page, 0, Owner.RAMDISK);
        }
        Vfs.unpinKernel(n);
        Printf.printf("ram0: %d KiB from /ram0.img%s\n", done >>> 10, Printf.s(done == size ? "" : " (cut short)"));
    }
}
