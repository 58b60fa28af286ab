package org.zeptux.kernel.fs;

import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.proc.Errno;

/**
 * Mounting and unmounting an ext2 volume: the superblock and every group descriptor checked
 * before anything else is read, the features decided (an INCOMPAT feature this driver does not
 * know refuses the mount with one line and EINVAL; an unknown RO_COMPAT one, or a journal, mounts
 * read-only with a line saying why), the state flag cleared on a read-write mount ("not clean")
 * and set again by a clean unmount, the mount count and times kept; sync, statfs. With the VFS
 * lock held.
 */
final class Ext2Mount {
    private Ext2Mount() {}

    private static final byte[] SB = new byte[1024];

    /** Refuses the mount: one line, EINVAL. */
    private static Inode refuse(Ext2.Volume v, String why, long value) {
        Printf.printf("ext2: %s: %s (%d); not mounted\n", Printf.s(v.dev.name()), Printf.s(why), value);
        v.used = false;
        PageCache.invalidate(v.dev, false);
        Vfs.failure = Errno.EINVAL;
        return null;
    }

    /** Mounts the volume on {@code m}'s device: its root, or null with the reason in {@link Vfs#failure}. */
    static Inode mount(Mount m) {
        BlockDevice dev = m.device;
        if (dev == null) {
            Vfs.failure = Errno.ENOTBLK;
            return null;
        }
        Ext2.Volume v = null;
        Ext2.Volume[] t = Ext2.table();
        for (int i = 0; i < t.length && v == null; i++) {
            if (!t[i].used) {
                v = t[i];
            }
        }
        if (v == null) {
            Vfs.failure = Errno.ENOMEM;
            return null;
        }
        v.used = true;
        v.tableGroup = -1;
        v.bitmapGroup = -1;
        v.inodeHintGroup = -1;
        Ext2Dir.forget();
        v.dev = dev;
        v.mount = m;
        m.state = v;
        for (int h = 0; h < Ext2.HASH; h++) {
            v.hash[h] = null;
        }
        if (dev.sectors() < 4) {
            return refuse(v, "device too small for a superblock, sectors", dev.sectors());
        }
        if (Ext2.readAtOf(v, 1024, SB, 0, 1024) < 0) {
            return refuse(v, "cannot read the superblock, errno", Vfs.failure);
        }
        if (Ext2.u16(SB, 56) != Ext2.MAGIC) {
            return refuse(v, "no ext2 superblock (magic)", Ext2.u16(SB, 56));
        }
        long logBlock = Ext2.u32(SB, 24);
        if (logBlock > 2) {
            return refuse(v, "block size not 1, 2 or 4 KiB: log_block_size", logBlock);
        }
        v.blockSize = 1024 << logBlock;
        v.revLevel = (int) Ext2.u32(SB, 76);
        if (v.revLevel > 1) {
            return refuse(v, "revision level not 0 or 1", v.revLevel);
        }
        v.inodesCount = Ext2.u32(SB, 0);
        v.blocksCount = Ext2.u32(SB, 4);
        v.reservedBlocks = Ext2.u32(SB, 8);
        v.firstDataBlock = Ext2.u32(SB, 20);
        v.blocksPerGroup = Ext2.u32(SB, 32);
        v.inodesPerGroup = Ext2.u32(SB, 40);
        v.inodeSize = v.revLevel == 0 ? 128 : Ext2.u16(SB, 88);
        v.firstIno = v.revLevel == 0 ? 11 : Ext2.u32(SB, 84);
        v.compat = v.revLevel == 0 ? 0 : (int) Ext2.u32(SB, 92);
        v.incompat = v.revLevel == 0 ? 0 : (int) Ext2.u32(SB, 96);
        v.roCompat = v.revLevel == 0 ? 0 : (int) Ext2.u32(SB, 100);
        long bitsPerBlock = 8L * v.blockSize;
        if (v.firstDataBlock != (v.blockSize == 1024 ? 1 : 0)) {
            return refuse(v, "first data block not 1 (1 KiB blocks) or 0", v.firstDataBlock);
        }
        if (v.blocksCount <= v.firstDataBlock + 2 || v.blocksCount * (v.blockSize / 512) > dev.sectors()) {
            return refuse(v, "block count does not fit the device: blocks", v.blocksCount);
        }
        if (v.blocksPerGroup == 0 || v.blocksPerGroup > bitsPerBlock) {
            return refuse(v, "bad blocks per group", v.blocksPerGroup);
        }
        if (v.inodesPerGroup == 0 || v.inodesPerGroup > bitsPerBlock) {
            return refuse(v, "bad inodes per group", v.inodesPerGroup);
        }
        if (v.inodeSize < 128 || v.inodeSize > v.blockSize || (v.inodeSize & (v.inodeSize - 1)) != 0) {
            return refuse(v, "bad inode size", v.inodeSize);
        }
        long groups = (v.blocksCount - v.firstDataBlock + v.blocksPerGroup - 1) / v.blocksPerGroup;
        if (groups <= 0 || groups > 65536 || v.inodesCount > groups * v.inodesPerGroup || v.inodesCount < Ext2.ROOT_INO) {
            return refuse(v, "groups and inode count disagree: inodes", v.inodesCount);
        }
        v.groups = (int) groups;
        if (v.firstIno <= Ext2.ROOT_INO || v.firstIno > v.inodesCount) {
            return refuse(v, "bad first inode", v.firstIno);
        }
        if ((v.incompat & Ext2.INCOMPAT_RECOVER) != 0) {
            return refuse(v, "an ext3/ext4 journal needs recovery (needs_recovery); ext2 cannot replay it: incompat", v.incompat);
        }
        if ((v.incompat & Ext2.INCOMPAT_EXTENTS) != 0) {
            return refuse(v, "ext4 extents are not supported: incompat", v.incompat);
        }
        if ((v.incompat & ~Ext2.INCOMPAT_SUPPORTED) != 0) {
            return refuse(v, "unsupported incompat features", v.incompat & ~Ext2.INCOMPAT_SUPPORTED);
        }
        long gdBlocks = (groups * 32 + v.blockSize - 1) / v.blockSize;
        if (v.firstDataBlock + 1 + gdBlocks > v.blocksCount) {
            return refuse(v, "group descriptors past the end: groups", groups);
        }
        long tableBlocks = (v.inodesPerGroup * v.inodeSize + v.blockSize - 1) / v.blockSize;
        long freeBlocks = 0;
        long freeInodes = 0;
        for (long g = 0; g < groups; g++) {
            long gd = Ext2.gdPosOf(v, g);
            long bb = Ext2.wordOf(v, gd);
            long ib = Ext2.wordOf(v, gd + 4);
            long it = Ext2.wordOf(v, gd + 8);
            if (bb < 0 || ib < 0 || it < 0) {
                return refuse(v, "cannot read group descriptor", g);
            }
            if (bb <= v.firstDataBlock || bb >= v.blocksCount || ib <= v.firstDataBlock || ib >= v.blocksCount
                    || it <= v.firstDataBlock || it + tableBlocks > v.blocksCount) {
                return refuse(v, "group descriptor's bitmap or inode table outside the file system: group", g);
            }
            if (Ext2.readAtOf(v, gd + 12, SB, 0, 4) < 0) {
                return refuse(v, "cannot read group descriptor", g);
            }
            long fb = Ext2.u16(SB, 0);
            long fi = Ext2.u16(SB, 2);
            if (fb > Ext2.blocksInGroupOf(v, g) || fi > v.inodesPerGroup) {
                return refuse(v, "group descriptor's free counts exceed the group: group", g);
            }
            freeBlocks += fb;
            freeInodes += fi;
        }
        v.freeBlocks = freeBlocks;
        v.freeInodes = freeInodes;
        v.lastAllocated = 0;
        if (Ext2.readAtOf(v, 1024, SB, 0, 1024) < 0) {
            return refuse(v, "cannot read the superblock", 0);
        }
        v.readOnly = m.readOnly() || dev.readOnly();
        if (!v.readOnly && (v.roCompat & ~Ext2.RO_COMPAT_SUPPORTED) != 0) {
            Printf.printf("ext2: %s: read-only: unsupported ro_compat features %x\n", Printf.s(dev.name()),
                    (long) (v.roCompat & ~Ext2.RO_COMPAT_SUPPORTED));
            v.readOnly = true;
        }
        if (!v.readOnly && (v.compat & Ext2.COMPAT_HAS_JOURNAL) != 0) {
            Printf.printf("ext2: %s: read-only: an ext3 journal, which ext2 does not keep\n", Printf.s(dev.name()));
            v.readOnly = true;
        }
        int state = Ext2.u16(SB, 58);
        if (!v.readOnly) {
            if ((state & Ext2.S_VALID) == 0 || (state & Ext2.S_ERRORS) != 0) {
                Printf.printf("ext2: %s: warning: mounting a file system not checked since it was last in use (state %d)\n",
                        Printf.s(dev.name()), (long) state);
            }
            Ext2.put16(SB, 58, state & ~Ext2.S_VALID);
            Ext2.put16(SB, 52, Ext2.u16(SB, 52) + 1);
            Ext2.put32(SB, 44, Vfs.now() / 1_000_000_000L);
            if (Ext2.writeAtOf(v, 1024, SB, 0, 1024) < 0 || PageCache.sync(dev, Long.MAX_VALUE, true) < 0) {
                return refuse(v, "cannot write the superblock", 0);
            }
        }
        if (v.readOnly) {
            m.flags |= Mounts.MS_RDONLY;
        }
        Inode root = Ext2.igetOf(v, Ext2.ROOT_INO, null);
        if (root == null || !root.isDirectory()) {
            if (root != null) {
                Vfs.free(root);
            }
            if (!v.readOnly) {
                writeSuper(v, true);
                PageCache.sync(dev, Long.MAX_VALUE, true);
            }
            return refuse(v, "the root inode is not a directory", Ext2.ROOT_INO);
        }
        if (!v.readOnly) {
            PageCache.startWriteback();
        }
        Printf.printf("ext2: %s: %d-byte blocks, %d blocks (%d free), %d inodes (%d free)", Printf.s(dev.name()),
                (long) v.blockSize, v.blocksCount, v.freeBlocks, v.inodesCount, v.freeInodes);
        Printf.printf(v.readOnly ? ", read-only\n" : "\n");
        return root;
    }

    /** Writes the superblock's counts and state ({@code clean}: valid again). 0 or -errno. */
    static int writeSuper(Ext2.Volume v, boolean clean) {
        if (v.readOnly) {
            return 0;
        }
        int e = Ext2.readAtOf(v, 1024, SB, 0, 1024);
        if (e < 0) {
            return e;
        }
        Ext2.put32(SB, 12, v.freeBlocks);
        Ext2.put32(SB, 16, v.freeInodes);
        Ext2.put32(SB, 48, Vfs.now() / 1_000_000_000L);
        if (v.revLevel >= 1) {
            Ext2.put32(SB, 100, v.roCompat);
        }
        int state = Ext2.u16(SB, 58);
        Ext2.put16(SB, 58, clean ? state | Ext2.S_VALID : state & ~Ext2.S_VALID);
        return Ext2.writeAtOf(v, 1024, SB, 0, 1024);
    }

    /** Everything of {@code v} written back and flushed, the state left as it is (mounted: not clean). 0 or -EIO. */
    static int sync(Ext2.Volume v) {
        if (v.readOnly) {
            return 0;
        }
        Ext2.writeInodes(v);
        writeSuper(v, false);
        return PageCache.sync(v.dev, Long.MAX_VALUE, true);
    }

    /** At unmount (every inode evicted already): counts and the clean state written, everything back, the cache dropped. */
    static void release(Ext2.Volume v) {
        if (!v.readOnly) {
            writeSuper(v, true);
            if (PageCache.sync(v.dev, Long.MAX_VALUE, true) < 0) {
                Printf.printf("ext2: %s: unmounted with write errors\n", Printf.s(v.dev.name()));
            }
        }
        PageCache.invalidate(v.dev, false);
        v.used = false;
        v.mount = null;
    }
}
