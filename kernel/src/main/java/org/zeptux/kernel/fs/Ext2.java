package org.zeptux.kernel.fs;

import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.proc.Errno;
import org.zeptux.rt.UserPtr;

/**
 * The second extended file system, revision 0 and 1, blocks of 1, 2 or 4 KiB (docs/ext2.md):
 * files with direct, indirect, double and triple indirect blocks, holes, sizes over 4 GiB
 * (i_size_high, large_file), directories of linked entries (with or without the filetype
 * feature), symbolic links fast and slow, device nodes and FIFOs, hard links; every change
 * kept in the free counts, the bitmaps and the group descriptors as e2fsck expects them.
 *
 * <p>Everything on disk is reached through the device's {@link PageCache}: the superblock, the
 * group descriptors, the bitmaps, the inode tables, indirect blocks, directory blocks and file
 * data. The on-disk inode stays in the cache; an {@link Inode} in memory holds what the VFS
 * keeps (mode, owner, links, size, times), written back into the record when it is evicted, on
 * fsync and sync, and at unmount. A volume's live inodes are in its hash ({@link Volume#hash}),
 * so a file has one {@link Inode} however many names lead to it. atime: noatime (reads never
 * write an inode; utimensat's times are kept).
 *
 * <p>Nothing read from the disk is trusted: the superblock's geometry is checked at mount, every
 * group descriptor's blocks are inside the file system, every block number met in an inode or an
 * indirect block is inside the data area, every directory entry's rec_len and name length fit
 * its block, every inode number is in range. A failed check is one line naming the volume and
 * the inode or block, and -EIO for the call; the volume stays mounted. Loops cannot happen:
 * block maps are at most three levels deep, directories are walked block by block up to i_size.
 *
 * <p>Concurrency: every entry point runs with the VFS lock held (the VFS calls it so; {@link
 * #syncAll} takes it), which guards the volumes, the scratch buffers here and the inodes.
 */
public final class Ext2 extends FileSystem {
    private Ext2() {
        super("ext2");
    }

    public static final Ext2 EXT2 = new Ext2();

    static final int MAGIC = 0xEF53;
    static final int ROOT_INO = 2;
    static final int N_DIRECT = 12;
    static final int S_VALID = 1;
    static final int S_ERRORS = 2;

    static final int COMPAT_HAS_JOURNAL = 0x4;
    static final int INCOMPAT_FILETYPE = 0x2;
    static final int INCOMPAT_RECOVER = 0x4;
    static final int INCOMPAT_JOURNAL_DEV = 0x8;
    static final int INCOMPAT_META_BG = 0x10;
    static final int INCOMPAT_EXTENTS = 0x40;
    static final int INCOMPAT_64BIT = 0x80;
    static final int INCOMPAT_FLEX_BG = 0x200;
    static final int INCOMPAT_INLINE_DATA = 0x8000;
    static final int RO_COMPAT_SPARSE_SUPER = 0x1;
    static final int RO_COMPAT_LARGE_FILE = 0x2;
    static final int RO_COMPAT_HUGE_FILE = 0x8;
    static final int RO_COMPAT_GDT_CSUM = 0x10;
    static final int RO_COMPAT_METADATA_CSUM = 0x400;
    /** What this driver reads and writes. */
    static final int INCOMPAT_SUPPORTED = INCOMPAT_FILETYPE;
    static final int RO_COMPAT_SUPPORTED = RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE;
    /** i_flags: a directory with an htree index (dir_index), which this driver does not keep up. */
    static final int INDEX_FL = 0x1000;
    static final int EXTENTS_FL = 0x80000;

    static final int VOLUMES = 8;
    static final int HASH = 64;
    /** Directories a volume keeps in memory after their last user ({@link #keep}). */
    static final int KEPT = 32;

    /** One mounted ext2 file system. */
    static final class Volume {
        boolean used;
        Mount mount;
        BlockDevice dev;
        boolean readOnly;
        int blockSize;
        long blocksCount;
        long inodesCount;
        long firstDataBlock;
        long blocksPerGroup;
        long inodesPerGroup;
        int groups;
        int inodeSize;
        long firstIno;
        int revLevel;
        int compat;
        int incompat;
        int roCompat;
        long freeBlocks;
        long freeInodes;
        long reservedBlocks;
        /** The block after which the next data block is looked for (sequential writes stay together). */
        long lastAllocated;
        /** The last group whose inode table inodePos looked up, and that table's block (tables do not move). */
        long tableGroup = -1;
        long table;
        /** The last group whose bitmaps' blocks {@link #bitmaps} looked up, and those blocks (they do not move). */
        long bitmapGroup = -1;
        long blockBitmap;
        long inodeBitmap;
        /** Group {@code inodeHintGroup}'s inode bitmap has no clear bit below {@code inodeHint} (allocInode starts there). */
        long inodeHintGroup = -1;
        long inodeHint;
        final Inode[] hash = new Inode[HASH];
        /** The kept directories ({@link #keep}), each holding a reference; the next slot to take. */
        final Inode[] kept = new Inode[KEPT];
        int keptNext;
    }

    private static final Volume[] TABLE = volumes();

    private static Volume[] volumes() {
        Volume[] t = new Volume[VOLUMES];
        for (int i = 0; i < VOLUMES; i++) {
            t[i] = new Volume();
        }
        return t;
    }

    // ---- scratch buffers (the VFS lock held) ----
    private static final byte[] W = new byte[8];
    private static final byte[] INO = new byte[128];
    private static final byte[] BMP = new byte[4096];
    private static final byte[] IND1 = new byte[4096];
    private static final byte[] IND2 = new byte[4096];
    private static final byte[] IND3 = new byte[4096];

    // ---- little-endian fields ----

    static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int o) {
        return ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (long) (b[o + 3] & 0xFF) << 24);
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int o, long v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }

    // ---- bytes of the device through the page cache ----

    /** Copies {@code n} bytes of the device at byte {@code pos} (inside one page) into {@code dst[at..]}: 0 or -errno. */
    private static int readAt(Volume v, long pos, byte[] dst, int at, int n) {
        return PageCache.readBytes(v.dev, pos, dst, at, n);
    }

    /** Copies {@code src[at..at+n)} to the device at byte {@code pos} (inside one page), in the cache, dirty: 0 or -errno. */
    private static int writeAt(Volume v, long pos, byte[] src, int at, int n) {
        return PageCache.writeBytes(v.dev, pos, src, at, n);
    }

    /** The 32-bit word at byte {@code pos}, or -errno. */
    private static long word(Volume v, long pos) {
        int e = readAt(v, pos, W, 0, 4);
        return e < 0 ? e : u32(W, 0);
    }

    private static int setWord(Volume v, long pos, long value) {
        put32(W, 0, value);
        return writeAt(v, pos, W, 0, 4);
    }

    private static int half(Volume v, long pos) {
        int e = readAt(v, pos, W, 0, 2);
        return e < 0 ? e : u16(W, 0);
    }

    private static int setHalf(Volume v, long pos, int value) {
        put16(W, 0, value);
        return writeAt(v, pos, W, 0, 2);
    }

    private static long blockPos(Volume v, long block) {
        return block * v.blockSize;
    }

    private static int readBlock(Volume v, long block, byte[] dst) {
        return readAt(v, blockPos(v, block), dst, 0, v.blockSize);
    }

    private static int writeBlock(Volume v, long block, byte[] src) {
        return writeAt(v, blockPos(v, block), src, 0, v.blockSize);
    }

    /** Whether {@code block} may hold data or an indirect block: inside the file system, past the superblock. */
    private static boolean dataBlock(Volume v, long block) {
        return block > v.firstDataBlock && block < v.blocksCount;
    }

    /** One line about what is wrong on disk; -EIO for the caller. */
    private static int corrupt(Volume v, String what, long ino, long number) {
        Printf.printf("ext2: %s: inode %d: %s %d\n", Printf.s(v.dev.name()), ino, Printf.s(what), number);
        return -Errno.EIO;
    }

    static Volume volume(Inode n) {
        return (Volume) n.mount.state;
    }

    // ---- group descriptors ----

    private static long gdPos(Volume v, long group) {
        return blockPos(v, v.firstDataBlock + 1) + group * 32;
    }

    private static long groupOfBlock(Volume v, long block) {
        return (block - v.firstDataBlock) / v.blocksPerGroup;
    }

    private static long groupOfInode(Volume v, long ino) {
        return (ino - 1) / v.inodesPerGroup;
    }

    /** Blocks in group {@code g} (the last may be short). */
    private static long blocksInGroup(Volume v, long g) {
        return Math.min(v.blocksPerGroup, v.blocksCount - v.firstDataBlock - g * v.blocksPerGroup);
    }

    // ---- inodes on disk ----

    /** Byte position of inode {@code ino}'s record, or -EIO when its table is not where it may be. */
    private static long inodePos(Volume v, long ino) {
        long g = groupOfInode(v, ino);
        long table;
        if (g == v.tableGroup) {
            table = v.table;
        } else {
            table = word(v, gdPos(v, g) + 8);
            if (table < 0) {
                return table;
            }
            v.tableGroup = g;
            v.table = table;
        }
        return blockPos(v, table) + ((ino - 1) % v.inodesPerGroup) * v.inodeSize;
    }

    private static boolean inodeInRange(Volume v, long ino) {
        return ino >= 1 && ino <= v.inodesCount;
    }

    /** i_block[k] (k 0..14) of inode {@code ino}, or -errno. */
    private static long iblock(Volume v, long ino, int k) {
        long pos = inodePos(v, ino);
        return pos < 0 ? pos : word(v, pos + 40 + 4 * k);
    }

    private static int setIblock(Volume v, long ino, int k, long value) {
        long pos = inodePos(v, ino);
        return pos < 0 ? (int) pos : setWord(v, pos + 40 + 4 * k, value);
    }

    /** Adds {@code sectors} (may be negative) to the inode's i_blocks, on disk and in {@code n}. */
    private static void addSectors(Volume v, Inode n, long sectors) {
        n.diskSectors += sectors;
        long pos = inodePos(v, n.ino);
        if (pos >= 0) {
            setWord(v, pos + 28, n.diskSectors);
        }
    }

    /** Writes what the VFS keeps of {@code n} into its record: mode, owner, size, times, links. */
    private static int writeInode(Volume v, Inode n) {
        return writeInode(v, n, -1);
    }

    /** As {@link #writeInode(Volume, Inode)}, with i_dtime set to {@code dtime} (seconds) unless it is negative. */
    private static int writeInode(Volume v, Inode n, long dtime) {
        if (v.readOnly) {
            return 0;
        }
        long pos = inodePos(v, n.ino);
        if (pos < 0) {
            return (int) pos;
        }
        int e = readAt(v, pos, INO, 0, 128);
        if (e < 0) {
            return e;
        }
        put16(INO, 0, n.mode);
        put16(INO, 2, n.uid);
        put32(INO, 4, n.size);
        put32(INO, 8, n.atime / 1_000_000_000L);
        put32(INO, 12, n.ctime / 1_000_000_000L);
        put32(INO, 16, n.mtime / 1_000_000_000L);
        if (dtime >= 0) {
            put32(INO, 20, dtime);
        }
        put16(INO, 24, n.gid);
        put16(INO, 26, n.nlink);
        put32(INO, 28, n.diskSectors);
        if (n.isRegular()) {
            put32(INO, 108, n.size >>> 32);
            if (n.size > 0x7FFFFFFFL && (v.roCompat & RO_COMPAT_LARGE_FILE) == 0) {
                v.roCompat |= RO_COMPAT_LARGE_FILE;          // as Linux's ext2 does for the first large file
            }
        }
        put16(INO, 120, n.uid >>> 16);
        put16(INO, 122, n.gid >>> 16);
        return writeAt(v, pos, INO, 0, 128);
    }

    /** The live inode {@code ino} of {@code v}, counted; made from its record when not live. Null with EIO or ENOMEM. */
    private static Inode iget(Volume v, long ino, Inode parent) {
        if (!inodeInRange(v, ino)) {
            corrupt(v, "inode number out of range, named in directory", parent == null ? 0 : parent.ino, ino);
            Vfs.failure = Errno.EIO;
            return null;
        }
        int h = (int) (ino & (HASH - 1));
        for (Inode n = v.hash[h]; n != null; n = n.hashNext) {
            if (n.ino == ino) {
                Vfs.get(n);
                return n;
            }
        }
        long pos = inodePos(v, ino);
        int e = pos < 0 ? (int) pos : readAt(v, pos, INO, 0, 128);
        if (e < 0) {
            Vfs.failure = -e;
            return null;
        }
        int mode = u16(INO, 0);
        int links = u16(INO, 26);
        int type = mode & Vfs.S_IFMT;
        boolean known = type == Vfs.S_IFREG || type == Vfs.S_IFDIR || type == Vfs.S_IFLNK || type == Vfs.S_IFCHR
                || type == Vfs.S_IFBLK || type == Vfs.S_IFIFO || type == Vfs.S_IFSOCK;
        if (!known || links == 0) {
            corrupt(v, known ? "deleted inode (no links) named by directory" : "inode has no file type, named by directory",
                    ino, parent == null ? 0 : parent.ino);
            Vfs.failure = Errno.EIO;
            return null;
        }
        long flags = u32(INO, 32);
        if ((flags & EXTENTS_FL) != 0) {
            corrupt(v, "uses extents (ext4), flags", ino, flags);
            Vfs.failure = Errno.EIO;
            return null;
        }
        long sectors = u32(INO, 28);
        long size = u32(INO, 4);
        if (type == Vfs.S_IFDIR && (size > sectors * 512 || sectors > v.blocksCount * (v.blockSize / 512))) {
            // A directory has no holes: its size is at most the blocks it holds, which are at most the volume's.
            corrupt(v, "directory larger than its blocks, size", ino, size);
            Vfs.failure = Errno.EIO;
            return null;
        }
        Inode n = Vfs.newInode(v.mount, mode);
        if (n == null) {
            return null;
        }
        n.ino = ino;
        n.uid = u16(INO, 2) | u16(INO, 120) << 16;
        n.gid = u16(INO, 24) | u16(INO, 122) << 16;
        n.size = u32(INO, 4);
        if (type == Vfs.S_IFREG) {
            n.size |= u32(INO, 108) << 32;
        }
        n.atime = (long) (int) u32(INO, 8) * 1_000_000_000L;
        n.ctime = (long) (int) u32(INO, 12) * 1_000_000_000L;
        n.mtime = (long) (int) u32(INO, 16) * 1_000_000_000L;
        n.nlink = links;
        n.diskSectors = u32(INO, 28);
        n.forgetReads();
        n.dirRoom = 0;
        n.dirLive = 1;
        n.dirTail = 0;
        n.dirFilter = null;
        n.dirFilterWanted = false;
        n.dirUnindexed = false;
        n.dirHeadDots = false;
        n.dirKept = false;
        if (type == Vfs.S_IFCHR || type == Vfs.S_IFBLK) {
            long old = u32(INO, 40);
            if (old != 0) {
                n.rdev = (int) (old & 0xFFFF);
            } else {
                long nw = u32(INO, 44);            // Linux's new_encode_dev: minor low 8, major 12, minor high 12
                int major = (int) ((nw >>> 8) & 0xFFF);
                int minor = (int) ((nw & 0xFF) | ((nw >>> 12) & 0xFFF00));
                n.rdev = major << 8 | minor;
            }
        }
        if (type == Vfs.S_IFDIR) {
            Vfs.setParent(n, parent == null ? n : parent);
        }
        n.hashNext = v.hash[h];
        v.hash[h] = n;
        return n;
    }

    /**
     * Keeps directory {@code n} in memory after its last user has gone: the volume holds a
     * reference to each of its last {@link #KEPT} directories looked up or made (a ring; the
     * oldest is let go), as Linux's inode and dentry caches keep unused directories. Without it a
     * directory no process holds open or as its working directory would be read from its inode
     * record again by every path walk through it, and what Ext2Dir remembers of it (the name
     * filter, where the next entry goes, the blocks emptied) would be lost with it. rmdir and
     * rename over a directory let it go at once ({@link #unkeep}), so a removed directory's inode
     * and block are freed then; unmount drops the ring before it frees the inodes.
     */
    private static void keep(Volume v, Inode n) {
        if (n.dirKept || !n.isDirectory() || n.ino == ROOT_INO) {
            return;                                 // kept already, or the root: its mount holds it
        }
        Vfs.get(n);
        n.dirKept = true;
        Inode old = v.kept[v.keptNext];
        v.kept[v.keptNext] = n;
        v.keptNext = (v.keptNext + 1) % KEPT;
        if (old != null) {
            old.dirKept = false;
            Vfs.put(old);                           // may free it (written back) when nobody else holds it
        }
    }

    /** Lets directory {@code n} go if its volume keeps it (it is being removed). */
    private static void unkeep(Volume v, Inode n) {
        if (!n.dirKept) {
            return;
        }
        for (int i = 0; i < KEPT; i++) {
            if (v.kept[i] == n) {
                v.kept[i] = null;
                n.dirKept = false;
                Vfs.put(n);
                return;
            }
        }
    }

    private static void unhash(Volume v, Inode n) {
        int h = (int) (n.ino & (HASH - 1));
        Inode prev = null;
        for (Inode c = v.hash[h]; c != null; c = c.hashNext) {
            if (c == n) {
                if (prev == null) {
                    v.hash[h] = c.hashNext;
                } else {
                    prev.hashNext = c.hashNext;
                }
                n.hashNext = null;
                return;
            }
            prev = c;
        }
    }

    // ---- block maps ----

    /** Entries in an indirect block. */
    private static long per(Volume v) {
        return v.blockSize / 4;
    }

    /** Blocks a file may have: 12 + p + p^2 + p^3, bounded by i_blocks' 2^32 sectors. */
    static long maxBlocks(Volume v) {
        long p = per(v);
        long tree = N_DIRECT + p + p * p + p * p * p;
        return Math.min(tree, (1L << 32) / (v.blockSize / 512) - (p * p + p + 3));
    }

    /** A new block for inode {@code n}, zeroed in the cache, counted in its i_blocks; 0 with ENOSPC. */
    private static long newBlock(Volume v, Inode n) {
        long goal = v.lastAllocated;                // after the last block taken, if that is in the inode's group
        if (goal == 0 || groupOfBlock(v, goal) != groupOfInode(v, n.ino)) {
            goal = v.firstDataBlock + groupOfInode(v, n.ino) * v.blocksPerGroup;     // else from its group's start
        }
        long b = allocBlock(v, goal);
        if (b <= 0) {
            return b;
        }
        long page = blockPos(v, b) / PageCache.PAGE;
        PageCache.Page p = v.blockSize == PageCache.PAGE ? PageCache.getZeroed(v.dev, page)
                : PageCache.get(v.dev, page, true);
        if (p == null) {
            freeBlock(v, b, n.ino);
            return -Vfs.failure;
        }
        if (v.blockSize == PageCache.PAGE) {
            PageCache.markDirty(p);                 // zeroed once by getZeroed, not again
        } else {
            PageCache.zero(p, (int) (blockPos(v, b) % PageCache.PAGE), v.blockSize);
        }
        PageCache.put(p);
        addSectors(v, n, v.blockSize / 512);
        return b;
    }

    /**
     * The block holding logical block {@code lblk} of {@code n}: its number, 0 for a hole (when
     * not {@code create}), or -errno (EIO for a block number outside the file system, EFBIG, ENOSPC).
     */
    private static long bmap(Volume v, Inode n, long lblk, boolean create) {
        if (lblk >= n.mapLblk && lblk - n.mapLblk < n.mapLen) {
            return n.mapPblk + (lblk - n.mapLblk);
        }
        long p = per(v);
        if (lblk < 0 || lblk >= maxBlocks(v)) {
            return -Errno.EFBIG;
        }
        int slot;
        int depth;
        long rest = lblk;
        if (rest < N_DIRECT) {
            slot = (int) rest;
            depth = 0;
        } else if ((rest -= N_DIRECT) < p) {
            slot = 12;
            depth = 1;
        } else if ((rest -= p) < p * p) {
            slot = 13;
            depth = 2;
        } else {
            rest -= p * p;
            slot = 14;
            depth = 3;
        }
        long b = iblock(v, n.ino, slot);
        if (b < 0) {
            return b;
        }
        if (b == 0) {
            if (!create || v.readOnly) {
                return 0;
            }
            b = newBlock(v, n);
            if (b <= 0) {
                return b == 0 ? -Errno.ENOSPC : b;
            }
            setIblock(v, n.ino, slot, b);
        } else if (!dataBlock(v, b)) {
            return corrupt(v, "block number outside the file system", n.ino, b);
        }
        long span = 1;
        for (int i = 1; i < depth; i++) {
            span *= p;
        }
        for (int level = depth; level > 0; level--) {
            long idx = (rest / span) % p;
            long pos = blockPos(v, b) + 4 * idx;
            long next = word(v, pos);
            if (next < 0) {
                return next;
            }
            boolean made = next == 0;
            if (next == 0) {
                if (!create || v.readOnly) {
                    return 0;
                }
                next = newBlock(v, n);
                if (next <= 0) {
                    return next == 0 ? -Errno.ENOSPC : next;
                }
                setWord(v, pos, next);
            } else if (!dataBlock(v, next)) {
                return corrupt(v, "block number outside the file system, in indirect block", n.ino, next);
            }
            if (level == 1 && !made) {
                remember(v, n, lblk, next, pos, p - 1 - idx);
            }
            b = next;
            span /= p;
            if (span == 0) {
                span = 1;
            }
        }
        return b;
    }

    /**
     * Fills {@code n}'s block-map cache from the leaf indirect block where {@code lblk} maps to
     * {@code b} (its entry at device byte {@code pos}): the run of up to {@code after} entries
     * after it that go on with b + 1, b + 2, ... (a file written in order has one run an
     * indirect block). Nothing on a read error (the next bmap reads the entries again).
     */
    private static void remember(Volume v, Inode n, long lblk, long b, long pos, long after) {
        int run = PageCache.wordRun(v.dev, pos + 4, b, (int) after);
        if (run > v.blocksCount - 1 - b) {
            run = (int) (v.blocksCount - 1 - b);    // b is a data block: so is every block up to the last
        }
        n.mapLblk = lblk;
        n.mapPblk = b;
        n.mapLen = run < 0 ? 0 : run + 1;
    }

    // ---- allocation ----

    /** A free block, from {@code goal}'s group on: its number (marked used, counted), 0 when none is free, -errno. */
    private static long allocBlock(Volume v, long goal) {
        long g0 = Math.max(0, Math.min(v.groups - 1, groupOfBlock(v, Math.max(goal, v.firstDataBlock))));
        for (long i = 0; i <= v.groups; i++) {
            long g = (g0 + i) % v.groups;
            long gd = gdPos(v, g);
            int free = half(v, gd + 12);
            if (free <= 0) {
                continue;
            }
            if (bitmaps(v, g) < 0) {
                return -Errno.EIO;
            }
            long bitmap = v.blockBitmap;
            long count = blocksInGroup(v, g);
            long start = i == 0 ? Math.max(0, goal - v.firstDataBlock - g * v.blocksPerGroup) : 0;
            long bit = findZeroOnDisk(v, bitmap, start, count);
            if (bit == -1 && start > 0) {
                bit = findZeroOnDisk(v, bitmap, 0, count);
            }
            if (bit == -2) {
                return -Errno.EIO;
            }
            if (bit < 0) {
                corrupt(v, "group's free block count is wrong (bitmap full), group", 0, g);
                continue;
            }
            BMP[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
            writeAt(v, blockPos(v, bitmap) + (bit >>> 3), BMP, (int) (bit >>> 3), 1);
            setHalf(v, gd + 12, free - 1);
            v.freeBlocks--;
            long b = v.firstDataBlock + g * v.blocksPerGroup + bit;
            v.lastAllocated = b;
            return b;
        }
        return 0;
    }

    /** Looks up group {@code g}'s block and inode bitmaps' blocks into {@link Volume#blockBitmap} and {@link Volume#inodeBitmap}: 0 or -errno. */
    private static int bitmaps(Volume v, long g) {
        if (g == v.bitmapGroup) {
            return 0;
        }
        long gd = gdPos(v, g);
        long blocks = word(v, gd);
        long inodes = blocks < 0 ? blocks : word(v, gd + 4);
        if (inodes < 0) {
            return (int) inodes;
        }
        v.blockBitmap = blocks;
        v.inodeBitmap = inodes;
        v.bitmapGroup = g;
        return 0;
    }

    /**
     * The first clear bit in [{@code from}, {@code count}) of the bitmap whose block is {@code
     * bitmap}, read into {@link #BMP} (at the same offsets) 64 bytes at a time, not a whole block
     * for one bit: -1 when there is none, -2 when it cannot be read. The byte holding the bit found
     * is in BMP.
     */
    private static long findZeroOnDisk(Volume v, long bitmap, long from, long count) {
        long pos = blockPos(v, bitmap);
        long bit = from;
        while (bit < count) {
            int lo = (int) (bit >>> 3);
            int hi = (int) Math.min((count + 7) >>> 3, (lo & ~63) + 64);
            if (readAt(v, pos + lo, BMP, lo, hi - lo) < 0) {
                return -2;
            }
            long end = Math.min(count, (long) hi << 3);
            long z = findZero(BMP, bit, end);
            if (z >= 0) {
                return z;
            }
            bit = end;
        }
        return -1;
    }

    private static long findZero(byte[] map, long from, long count) {
        for (long bit = from; bit < count; bit++) {
            int by = map[(int) (bit >>> 3)];
            if (by == -1 && (bit & 7) == 0) {
                bit += 7;
                continue;
            }
            if ((by & (1 << (bit & 7))) == 0) {
                return bit;
            }
        }
        return -1;
    }

    private static void freeBlock(Volume v, long b, long ino) {
        if (!dataBlock(v, b)) {
            corrupt(v, "freeing a block outside the file system", ino, b);
            return;
        }
        long g = groupOfBlock(v, b);
        long bit = b - v.firstDataBlock - g * v.blocksPerGroup;
        long gd = gdPos(v, g);
        if (bitmaps(v, g) < 0) {
            return;
        }
        int old = PageCache.modifyByte(v.dev, blockPos(v, v.blockBitmap) + (bit >>> 3), 1 << (bit & 7), 0);
        if (old < 0) {
            return;
        }
        if ((old & (1 << (bit & 7))) == 0) {
            corrupt(v, "freeing a block already free", ino, b);
            return;
        }
        PageCache.addU16(v.dev, gd + 12, 1);
        v.freeBlocks++;
    }

    /** A free inode number for a new inode (a directory: spread over groups; else near {@code near}), 0 when none. */
    private static long allocInode(Volume v, long near, boolean directory) {
        long g0 = groupOfInode(v, near);
        if (directory) {
            long best = -1;
            long bestFree = 0;
            for (long g = 0; g < v.groups; g++) {
                long gd = gdPos(v, g);
                int fi = half(v, gd + 14);
                int fb = half(v, gd + 12);
                if (fi > 0 && fb > 0 && fi > bestFree) {
                    best = g;
                    bestFree = fi;
                }
            }
            if (best >= 0) {
                g0 = best;
            }
        }
        for (long i = 0; i < v.groups; i++) {
            long g = (g0 + i) % v.groups;
            long gd = gdPos(v, g);
            int free = half(v, gd + 14);
            if (free <= 0) {
                continue;
            }
            if (bitmaps(v, g) < 0) {
                return 0;
            }
            long bitmap = v.inodeBitmap;
            long from = 0;
            if (g == 0) {
                from = v.firstIno - 1;
            }
            if (g == v.inodeHintGroup) {
                from = Math.max(from, v.inodeHint);     // none clear below it
            }
            long bit = findZeroOnDisk(v, bitmap, from, v.inodesPerGroup);
            if (bit == -2) {
                return 0;
            }
            if (bit < 0) {
                corrupt(v, "group's free inode count is wrong (bitmap full), group", 0, g);
                continue;
            }
            long ino = g * v.inodesPerGroup + bit + 1;
            if (ino > v.inodesCount) {
                continue;
            }
            BMP[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
            writeAt(v, blockPos(v, bitmap) + (bit >>> 3), BMP, (int) (bit >>> 3), 1);
            setHalf(v, gd + 14, free - 1);
            if (directory) {
                PageCache.addU16(v.dev, gd + 16, 1);
            }
            v.inodeHintGroup = g;
            v.inodeHint = bit + 1;
            v.freeInodes--;
            return ino;
        }
        return 0;
    }

    private static void freeInode(Volume v, long ino, boolean directory) {
        long g = groupOfInode(v, ino);
        long bit = (ino - 1) % v.inodesPerGroup;
        long gd = gdPos(v, g);
        if (bitmaps(v, g) < 0) {
            return;
        }
        int old = PageCache.modifyByte(v.dev, blockPos(v, v.inodeBitmap) + (bit >>> 3), 1 << (bit & 7), 0);
        if (old < 0) {
            return;
        }
        if ((old & (1 << (bit & 7))) == 0) {
            corrupt(v, "freeing an inode already free", ino, ino);
            return;
        }
        if (g == v.inodeHintGroup && bit < v.inodeHint) {
            v.inodeHint = bit;
        }
        PageCache.addU16(v.dev, gd + 14, 1);
        if (directory) {
            PageCache.addU16(v.dev, gd + 16, -1);
        }
        v.freeInodes++;
    }

    /** A new inode on disk: a zeroed record with {@code mode}, one link, times now; live and counted. Null with the reason. */
    private static Inode newInode(Volume v, Inode dir, int mode, int rdev) {
        boolean directory = (mode & Vfs.S_IFMT) == Vfs.S_IFDIR;
        long ino = allocInode(v, dir.ino, directory);
        if (ino <= 0) {
            Vfs.failure = Errno.ENOSPC;
            return null;
        }
        long pos = inodePos(v, ino);
        for (int i = 0; i < 128; i++) {
            INO[i] = 0;
        }
        long now = Vfs.now() / 1_000_000_000L;
        put16(INO, 0, mode);
        put32(INO, 8, now);
        put32(INO, 12, now);
        put32(INO, 16, now);
        put16(INO, 26, 1);
        if ((mode & Vfs.S_IFMT) == Vfs.S_IFCHR || (mode & Vfs.S_IFMT) == Vfs.S_IFBLK) {
            int major = rdev >>> 8;
            int minor = rdev & 0xFF;
            if (major < 256 && minor < 256) {
                put32(INO, 40, rdev & 0xFFFF);
            } else {
                put32(INO, 44, (minor & 0xFF) | (major & 0xFFF) << 8 | (long) (minor & ~0xFF) << 12);
            }
        }
        if (pos < 0 || writeAt(v, pos, INO, 0, 128) < 0 || v.inodeSize > 128 && zeroExtra(v, pos) < 0) {
            freeInode(v, ino, directory);
            Vfs.failure = Errno.EIO;
            return null;
        }
        Inode n = iget(v, ino, dir);
        if (n == null) {
            freeInode(v, ino, directory);
            return null;
        }
        return n;
    }

    private static int zeroExtra(Volume v, long pos) {
        for (int i = 0; i < 128; i++) {
            INO[i] = 0;
        }
        for (int off = 128; off < v.inodeSize; off += 128) {
            int e = writeAt(v, pos + off, INO, 0, 128);
            if (e < 0) {
                return e;
            }
        }
        return 0;
    }

    // ---- truncation ----

    /** Frees data blocks from entry {@code from} of indirect block {@code b}: whether it is empty afterwards. */
    private static boolean free1(Volume v, Inode n, long b, long from) {
        if (readBlock(v, b, IND1) < 0) {
            return false;
        }
        boolean empty = true;
        boolean changed = false;
        for (int i = 0; i < v.blockSize / 4; i++) {
            long c = u32(IND1, 4 * i);
            if (c != 0 && i >= from) {
                if (dataBlock(v, c)) {
                    freeBlock(v, c, n.ino);
                    addSectors(v, n, -(v.blockSize / 512));
                }
                put32(IND1, 4 * i, 0);
                changed = true;
            } else if (c != 0) {
                empty = false;
            }
        }
        if (changed) {
            writeBlock(v, b, IND1);
        }
        return empty;
    }

    private static boolean free2(Volume v, Inode n, long b, long from) {
        if (readBlock(v, b, IND2) < 0) {
            return false;
        }
        long p = per(v);
        boolean empty = true;
        for (int i = 0; i < p; i++) {
            long c = u32(IND2, 4 * i);
            long first = (long) i * p;
            if (c == 0 || first + p <= from) {
                empty &= c == 0;
                continue;
            }
            if (dataBlock(v, c) && free1(v, n, c, Math.max(0, from - first))) {
                freeBlock(v, c, n.ino);
                addSectors(v, n, -(v.blockSize / 512));
                put32(IND2, 4 * i, 0);
                writeAt(v, blockPos(v, b) + 4 * i, IND2, 4 * i, 4);
            } else if (!dataBlock(v, c)) {
                corrupt(v, "block number outside the file system, in indirect block", n.ino, c);
                put32(IND2, 4 * i, 0);
                writeAt(v, blockPos(v, b) + 4 * i, IND2, 4 * i, 4);
            } else {
                empty = false;
            }
        }
        return empty;
    }

    private static boolean free3(Volume v, Inode n, long b, long from) {
        if (readBlock(v, b, IND3) < 0) {
            return false;
        }
        long p = per(v);
        boolean empty = true;
        for (int i = 0; i < p; i++) {
            long c = u32(IND3, 4 * i);
            long first = (long) i * p * p;
            if (c == 0 || first + p * p <= from) {
                empty &= c == 0;
                continue;
            }
            if (dataBlock(v, c) && free2(v, n, c, Math.max(0, from - first))) {
                freeBlock(v, c, n.ino);
                addSectors(v, n, -(v.blockSize / 512));
                put32(IND3, 4 * i, 0);
                writeAt(v, blockPos(v, b) + 4 * i, IND3, 4 * i, 4);
            } else if (!dataBlock(v, c)) {
                corrupt(v, "block number outside the file system, in indirect block", n.ino, c);
                put32(IND3, 4 * i, 0);
                writeAt(v, blockPos(v, b) + 4 * i, IND3, 4 * i, 4);
            } else {
                empty = false;
            }
        }
        return empty;
    }

    /** Frees every block of {@code n} from logical block {@code from} on (indirect blocks left empty too). */
    private static void freeFrom(Volume v, Inode n, long from) {
        n.mapLen = 0;                               // the block-map cache goes with the blocks
        long p = per(v);
        long pos = inodePos(v, n.ino);
        if (pos < 0 || readAt(v, pos + 40, IBLOCKS, 0, 60) < 0) {     // i_block[15], read once
            return;
        }
        boolean changed = false;
        for (int k = 0; k < N_DIRECT; k++) {
            long b = u32(IBLOCKS, 4 * k);
            if (k >= from && b > 0) {
                if (dataBlock(v, b)) {
                    freeBlock(v, b, n.ino);
                    n.diskSectors -= v.blockSize / 512;
                }
                put32(IBLOCKS, 4 * k, 0);
                changed = true;
            }
        }
        if (changed) {                              // the direct blocks' part of i_block, written once (i_blocks:
            writeAt(v, pos + 40, IBLOCKS, 0, 4 * N_DIRECT);     // by the writeInode both callers make next)
        }
        long[] starts = STARTS;
        starts[0] = N_DIRECT;
        starts[1] = N_DIRECT + p;
        starts[2] = N_DIRECT + p + p * p;
        for (int level = 1; level <= 3; level++) {
            long start = starts[level - 1];
            long b = u32(IBLOCKS, 4 * (11 + level));
            if (b <= 0) {
                continue;
            }
            long span = level == 1 ? p : level == 2 ? p * p : p * p * p;
            if (from >= start + span) {
                continue;
            }
            long rel = Math.max(0, from - start);
            boolean empty;
            if (!dataBlock(v, b)) {
                corrupt(v, "block number outside the file system", n.ino, b);
                setIblock(v, n.ino, 11 + level, 0);
                continue;
            }
            empty = level == 1 ? free1(v, n, b, rel) : level == 2 ? free2(v, n, b, rel) : free3(v, n, b, rel);
            if (empty) {
                freeBlock(v, b, n.ino);
                addSectors(v, n, -(v.blockSize / 512));
                setIblock(v, n.ino, 11 + level, 0);
            }
        }
    }

    /** freeFrom's copy of an inode's i_block[15]. */
    private static final byte[] IBLOCKS = new byte[60];

    private static final long[] STARTS = new long[3];

    // ---- the file system's operations ----

    @Override
    protected Inode mountRoot(Mount m) {
        return Ext2Mount.mount(m);
    }

    @Override
    protected void unmount(Mount m) {
        Volume v = (Volume) m.state;
        for (int i = 0; i < KEPT; i++) {
            if (v.kept[i] != null) {
                v.kept[i].dirKept = false;          // Vfs.free below frees it whatever its references
                v.kept[i] = null;
            }
        }
        v.keptNext = 0;
        for (int h = 0; h < HASH; h++) {
            while (v.hash[h] != null) {
                Vfs.free(v.hash[h]);                // evict writes it back and unhashes it
            }
        }
        Ext2Mount.release(v);
    }

    @Override
    protected boolean droppable(Inode n) {
        return true;
    }

    @Override
    protected void evict(Inode n) {
        PageCache.lock();                       // held over the call: its small accesses do not lock each
        try {
            Volume v = volume(n);
            unhash(v, n);
            Ext2Dir.dropFilter(n);
            if (v.readOnly) {
                return;
            }
            if (n.nlink == 0) {
                boolean fast = n.isSymlink() && fastSymlink(v, n);
                if (!fast && !n.isCharDevice() && !n.isFifo() && (n.mode & Vfs.S_IFMT) != Vfs.S_IFBLK) {
                    freeFrom(v, n, 0);
                }
                n.size = 0;
                // i_dtime: a time, and never below the inode count (e2fsck reads such a dtime as a link
                // of the orphan list); a clock still at 0 (the JVM's simulated PC) would give one
                writeInode(v, n, Math.max(v.inodesCount + 1, Vfs.now() / 1_000_000_000L));
                long pos = inodePos(v, n.ino);
                if (fast && pos >= 0) {
                    for (int k = 0; k < 15; k++) {
                        setWord(v, pos + 40 + 4 * k, 0);
                    }
                }
                freeInode(v, n.ino, n.isDirectory());
            } else {
                writeInode(v, n);
            }
        } finally {
            PageCache.unlock();
        }
    }

    /** Whether symbolic link {@code n} keeps its target in i_block: no block but an extended-attribute one (Linux's rule). */
    private static boolean fastSymlink(Volume v, Inode n) {
        long pos = inodePos(v, n.ino);
        long acl = pos < 0 ? 0 : word(v, pos + 104);
        return n.diskSectors - (acl > 0 ? v.blockSize / 512 : 0) == 0;
    }

    /** Zeroes the bytes of {@code file}'s last block past its size (before the size grows over them). */
    private static void zeroTail(Volume v, Inode file) {
        int within = (int) (file.size % v.blockSize);
        if (within == 0) {
            return;
        }
        long b = bmap(v, file, file.size / v.blockSize, false);
        if (b > 0) {
            PageCache.Page p = PageCache.get(v.dev, blockPos(v, b) / PageCache.PAGE, true);
            if (p != null) {
                PageCache.zero(p, (int) ((blockPos(v, b) + within) % PageCache.PAGE), v.blockSize - within);
                PageCache.put(p);
            }
        }
    }

    @Override
    protected boolean writable() {
        return true;
    }

    @Override
    protected Inode lookup(Inode dir, byte[] name, int at, int length) {
        PageCache.lock();                       // held over the call: its small accesses do not lock each
        try {
            Volume v = volume(dir);
            long ino = Ext2Dir.find(v, dir, name, at, length);
            if (ino <= 0) {
                Vfs.failure = ino == 0 ? Errno.ENOENT : (int) -ino;
                return null;
            }
            Inode n = iget(v, ino, dir);
            if (n != null) {
                keep(v, n);
            }
            return n;
        } finally {
            PageCache.unlock();
        }
    }

    @Override
    protected Inode create(Inode dir, byte[] name, int at, int length, int mode, int rdev) {
        PageCache.lock();                       // held over the call: its small accesses do not lock each
        try {
            Volume v = volume(dir);
            Inode n = newInode(v, dir, mode, rdev);
            if (n == null) {
                return null;
            }
            int e = Ext2Dir.add(v, dir, name, at, length, n.ino, mode);
            if (e < 0) {
                n.nlink = 0;
                Vfs.put(n);
                Vfs.failure = -e;
                return null;
            }
            n.rdev = rdev;
            writeInode(v, dir);
            return n;
        } finally {
            PageCache.unlock();
        }
    }

    @Override
    protected Inode mkdir(Inode dir, byte[] name, int at, int length, int mode) {
        Volume v = volume(dir);
        Inode n = newInode(v, dir, mode, 0);
        if (n == null) {
            return null;
        }
        int e = Ext2Dir.init(v, n, dir);
        if (e == 0) {
            e = Ext2Dir.add(v, dir, name, at, length, n.ino, mode);
        }
        if (e < 0) {
            n.nlink = 0;
            Vfs.put(n);
            Vfs.failure = -e;
            return null;
        }
        n.nlink = 2;
        dir.nlink++;
        writeInode(v, n);
        writeInode(v, dir);
        keep(v, n);
        return n;
    }

    @Override
    protected Inode symlink(Inode dir, byte[] name, int at, int length, byte[] target, int tat, int tlength) {
        Volume v = volume(dir);
        if (tlength >= v.blockSize) {
            Vfs.failure = Errno.ENAMETOOLONG;
            return null;
        }
        Inode n = newInode(v, dir, Vfs.S_IFLNK | 0777, 0);
        if (n == null) {
            return null;
        }
        int e = 0;
        if (tlength < 60) {
            long pos = inodePos(v, n.ino);
            e = pos < 0 ? (int) pos : writeAt(v, pos + 40, target, tat, tlength);
        } else {
            long b = bmap(v, n, 0, true);
            e = b < 0 ? (int) b : writeAt(v, blockPos(v, b), target, tat, tlength);
        }
        n.size = tlength;
        if (e == 0) {
            e = Ext2Dir.add(v, dir, name, at, length, n.ino, n.mode);
        }
        if (e < 0) {
            n.nlink = 0;
            Vfs.put(n);
            Vfs.failure = -e;
            return null;
        }
        writeInode(v, n);
        return n;
    }

    @Override
    protected int link(Inode dir, byte[] name, int at, int length, Inode target) {
        Volume v = volume(dir);
        if (target.nlink >= 32000) {
            return -Errno.EMLINK;
        }
        int e = Ext2Dir.add(v, dir, name, at, length, target.ino, target.mode);
        if (e < 0) {
            return e;
        }
        target.nlink++;
        target.ctime = Vfs.now();
        writeInode(v, target);
        return 0;
    }

    @Override
    protected int unlink(Inode dir, byte[] name, int at, int length, Inode victim) {
        PageCache.lock();                       // held over the call: its small accesses do not lock each
        try {
            Volume v = volume(dir);
            int e = Ext2Dir.remove(v, dir, name, at, length);
            if (e < 0) {
                return e;
            }
            victim.nlink--;
            victim.ctime = Vfs.now();
            writeInode(v, victim);
            return 0;
        } finally {
            PageCache.unlock();
        }
    }

    @Override
    protected int rmdir(Inode dir, byte[] name, int at, int length, Inode victim) {
        Volume v = volume(dir);
        int e = Ext2Dir.empty(v, victim);
        if (e < 0) {
            return e;
        }
        e = Ext2Dir.remove(v, dir, name, at, length);
        if (e < 0) {
            return e;
        }
        victim.nlink = 0;
        dir.nlink--;
        victim.size = 0;
        writeInode(v, dir);
        unkeep(v, victim);
        return 0;
    }

    @Override
    protected int rename(Inode from, byte[] oldName, int oat, int olength, Inode victim, Inode to, byte[] newName, int nat,
            int nlength, Inode target) {
        Volume v = volume(from);
        if (target == victim) {
            return 0;
        }
        if (target != null && target.isDirectory()) {
            int e = Ext2Dir.empty(v, target);
            if (e < 0) {
                return e;
            }
        }
        int e;
        if (target != null) {
            e = Ext2Dir.retarget(v, to, newName, nat, nlength, victim.ino, victim.mode);
        } else {
            e = Ext2Dir.add(v, to, newName, nat, nlength, victim.ino, victim.mode);
        }
        if (e < 0) {
            return e;
        }
        e = Ext2Dir.remove(v, from, oldName, oat, olength);
        if (e < 0) {
            return e;
        }
        if (target != null) {
            if (target.isDirectory()) {
                target.nlink = 0;
                to.nlink--;
                unkeep(v, target);
            } else {
                target.nlink--;
            }
            writeInode(v, target);
        }
        if (victim.isDirectory() && from != to) {
            Ext2Dir.setParentEntry(v, victim, to.ino);
            from.nlink--;
            to.nlink++;
            Inode was = victim.parent;
            Vfs.setParent(victim, to);
            Vfs.put(was);
        }
        writeInode(v, from);
        writeInode(v, to);
        writeInode(v, victim);
        return 0;
    }

    @Override
    protected int readlink(Inode link, byte[] dst, int at, int max) {
        Volume v = volume(link);
        int n = (int) Math.min(max, link.size);
        if (link.size >= v.blockSize || link.size < 0) {
            return corrupt(v, "symbolic link's size is not below the block size, size", link.ino, link.size);
        }
        long pos = inodePos(v, link.ino);
        if (pos < 0) {
            return (int) pos;
        }
        if (fastSymlink(v, link)) {
            if (link.size >= 60) {
                return corrupt(v, "fast symbolic link longer than 60 bytes, size", link.ino, link.size);
            }
            int e = readAt(v, pos + 40, dst, at, n);
            return e < 0 ? e : n;
        }
        long b = bmap(v, link, 0, false);
        if (b <= 0) {
            return b == 0 ? corrupt(v, "slow symbolic link without a block", link.ino, 0) : (int) b;
        }
        int e = readAt(v, blockPos(v, b), dst, at, n);
        return e < 0 ? e : n;
    }

    @Override
    protected long read(Inode file, long offset, byte[] dst, int at, int n) {
        return read(file, offset, dst, at, null, n);
    }

    /** Copies straight from the cache pages to user memory: no kernel buffer, one copy a block. */
    @Override
    protected long readUser(Inode file, long offset, UserPtr dst, long n, byte[] io) {
        return read(file, offset, null, 0, dst, n);
    }

    /**
     * Reads at most {@code n} bytes at {@code offset} into {@code dst[at..]} or, with {@code dst}
     * null, to user {@code udst}: how many (0 at the end), or -errno (-EFAULT when not even the
     * first byte could be copied to user memory).
     */
    private static long read(Inode file, long offset, byte[] dst, int at, UserPtr udst, long n) {
        PageCache.lock();                       // held over the call, as write holds it: its page and block-map accesses do not lock each
        try {
            return readLocked(file, offset, dst, at, udst, n);
        } finally {
            PageCache.unlock();
        }
    }

    private static long readLocked(Inode file, long offset, byte[] dst, int at, UserPtr udst, long n) {
        Volume v = volume(file);
        if (offset < 0) {
            return -Errno.EINVAL;
        }
        if (offset >= file.size || n <= 0) {
            return 0;
        }
        long end = Math.min(file.size, offset + n);
        long done = 0;
        int bs = v.blockSize;
        while (offset + done < end) {
            long pos = offset + done;
            long lblk = pos / bs;
            int within = (int) (pos % bs);
            int chunk = (int) Math.min(bs - within, end - pos);
            long b = bmap(v, file, lblk, false);
            if (b < 0) {
                return done > 0 ? done : b;
            }
            if (b == 0) {
                if (udst == null) {
                    for (int i = 0; i < chunk; i++) {
                        dst[at + (int) done + i] = 0;
                    }
                } else if (!UserAccess.zero(udst.plus(done), chunk)) {
                    return done > 0 ? done : -Errno.EFAULT;     // a hole's chunk is at most a block, 4 KiB
                }
            } else {
                long bpos = blockPos(v, b) + within;
                PageCache.Page p = PageCache.getSequential(v.dev, bpos / PageCache.PAGE, file, pos < PageCache.PAGE);
                if (p == null) {
                    return done > 0 ? done : -Vfs.failure;
                }
                if (udst == null) {
                    PageCache.read(p, (int) (bpos % PageCache.PAGE), dst, at + (int) done, chunk);
                } else {
                    int copied = PageCache.copyToUser(p, (int) (bpos % PageCache.PAGE), udst.plus(done), chunk);
                    if (copied < chunk) {
                        PageCache.put(p);
                        done += copied;
                        return done > 0 ? done : -Errno.EFAULT;     // a fault: what was copied before it counts
                    }
                }
                PageCache.put(p);
            }
            done += chunk;
        }
        return done;
    }

    @Override
    protected long write(Inode file, long offset, byte[] src, int at, int n) {
        return write(file, offset, src, at, null, n);
    }

    /** Copies straight from user memory into the cache pages: no kernel buffer, one copy a block. */
    @Override
    protected long writeUser(Inode file, long offset, UserPtr src, long n, byte[] io) {
        return write(file, offset, null, 0, src, n);
    }

    /** Writes {@code n} bytes from {@code src[at..]} or, with {@code src} null, from user {@code usrc}. */
    private static long write(Inode file, long offset, byte[] src, int at, UserPtr usrc, long n) {
        PageCache.lock();                       // held over the call: its small accesses do not lock each
        try {
            Volume v = volume(file);
            if (v.readOnly) {
                return -Errno.EROFS;
            }
            int bs = v.blockSize;
            long done = 0;
            long result = 0;
            if (offset > file.size && n > 0) {
                zeroTail(v, file);                      // the gap past the old end reads as zeros
            }
            while (done < n) {
                long pos = offset + done;
                long lblk = pos / bs;
                int within = (int) (pos % bs);
                int chunk = (int) Math.min(bs - within, n - done);
                long b = bmap(v, file, lblk, true);
                if (b <= 0) {
                    result = b == 0 ? -Errno.ENOSPC : b;
                    break;
                }
                PageCache.Page p = PageCache.get(v.dev, blockPos(v, b) / PageCache.PAGE, chunk < PageCache.PAGE);
                if (p == null) {
                    result = -Vfs.failure;
                    break;
                }
                int in = (int) ((blockPos(v, b) + within) % PageCache.PAGE);
                int copied = chunk;
                if (src != null) {
                    PageCache.write(p, in, src, at + (int) done, chunk);
                } else {
                    copied = PageCache.copyFromUser(p, in, usrc.plus(done), chunk);
                }
                PageCache.put(p);
                done += copied;
                if (copied < chunk) {
                    result = -Errno.EFAULT;
                    break;
                }
            }
            if (offset + done > file.size) {
                file.size = offset + done;
            }
            if (done > 0) {
                writeInode(v, file);
                return done;
            }
            return result;
        } finally {
            PageCache.unlock();
        }
    }

    @Override
    protected int truncate(Inode file, long size) {
        Volume v = volume(file);
        if (v.readOnly) {
            return -Errno.EROFS;
        }
        int bs = v.blockSize;
        if (size / bs >= maxBlocks(v)) {
            return -Errno.EFBIG;
        }
        if (size > file.size) {
            zeroTail(v, file);
        }
        if (size < file.size) {
            long keep = (size + bs - 1) / bs;
            freeFrom(v, file, keep);
            int within = (int) (size % bs);
            if (within != 0) {
                long b = bmap(v, file, size / bs, false);
                if (b > 0) {
                    PageCache.Page p = PageCache.get(v.dev, blockPos(v, b) / PageCache.PAGE, true);
                    if (p != null) {
                        PageCache.zero(p, (int) ((blockPos(v, b) + within) % PageCache.PAGE), bs - within);
                        PageCache.put(p);
                    }
                }
            }
        }
        file.size = size;
        file.mtime = Vfs.now();
        writeInode(v, file);
        return 0;
    }

    @Override
    protected long readdir(Inode dir, long position, DirEntry out) {
        return Ext2Dir.readdir(volume(dir), dir, position, out);
    }

    @Override
    protected int nameOf(Inode dir, Inode child, byte[] dst, int at) {
        return Ext2Dir.nameOf(volume(dir), dir, child.ino, dst, at);
    }

    // ---- for Ext2Dir and Ext2Mount ----

    static int readBlockOf(Volume v, long block, byte[] dst) {
        return readBlock(v, block, dst);
    }

    static int writeBlockOf(Volume v, long block, byte[] src) {
        return writeBlock(v, block, src);
    }

    static long bmapOf(Volume v, Inode n, long lblk, boolean create) {
        return bmap(v, n, lblk, create);
    }

    static int corruptOf(Volume v, String what, long ino, long number) {
        return corrupt(v, what, ino, number);
    }

    static int writeInodeOf(Volume v, Inode n) {
        return writeInode(v, n);
    }

    static long inodeFlags(Volume v, long ino) {
        long pos = inodePos(v, ino);
        return pos < 0 ? pos : word(v, pos + 32);
    }

    static int setInodeFlags(Volume v, long ino, long flags) {
        long pos = inodePos(v, ino);
        return pos < 0 ? (int) pos : setWord(v, pos + 32, flags);
    }

    static long wordOf(Volume v, long pos) {
        return word(v, pos);
    }

    static int readAtOf(Volume v, long pos, byte[] dst, int at, int n) {
        return readAt(v, pos, dst, at, n);
    }

    static int writeAtOf(Volume v, long pos, byte[] src, int at, int n) {
        return writeAt(v, pos, src, at, n);
    }

    static Inode igetOf(Volume v, long ino, Inode parent) {
        return iget(v, ino, parent);
    }

    static Volume[] table() {
        return TABLE;
    }

    static long gdPosOf(Volume v, long g) {
        return gdPos(v, g);
    }

    static long blocksInGroupOf(Volume v, long g) {
        return blocksInGroup(v, g);
    }

    /** Writes every live inode of {@code v} back (sync, fsync, umount). */
    static void writeInodes(Volume v) {
        for (int h = 0; h < HASH; h++) {
            for (Inode n = v.hash[h]; n != null; n = n.hashNext) {
                writeInode(v, n);
            }
        }
    }

    // ---- sync and statfs, for the system calls ----

    /** sync(2): every mounted ext2 volume's inodes, superblock and pages written back, the devices flushed. 0 or -EIO. */
    public static int syncAll() {
        int result = 0;
        Vfs.lock();
        try {
            for (int i = 0; i < VOLUMES; i++) {
                if (TABLE[i].used && Ext2Mount.sync(TABLE[i]) < 0) {
                    result = -Errno.EIO;
                }
            }
        } finally {
            Vfs.unlock();
        }
        return result;
    }

    /** fsync(2) of {@code n}: its volume written back (more than needed, never less). 0 or -EIO; 0 for other file systems. */
    public static int fsync(Inode n) {
        if (n == null || n.fs != EXT2) {
            return 0;
        }
        Vfs.lock();
        try {
            return Ext2Mount.sync(volume(n));
        } finally {
            Vfs.unlock();
        }
    }

    /** Fills struct statfs (120 bytes in {@code io}) for a file of an ext2 volume; false for other file systems. */
    public static boolean statfs(Inode n, byte[] io) {
        if (n.fs != EXT2) {
            return false;
        }
        Volume v = volume(n);
        put64(io, 0, MAGIC);
        put64(io, 8, v.blockSize);
        put64(io, 16, v.blocksCount - v.firstDataBlock);
        put64(io, 24, v.freeBlocks);
        put64(io, 32, Math.max(0, v.freeBlocks - v.reservedBlocks));
        put64(io, 40, v.inodesCount);
        put64(io, 48, v.freeInodes);
        put32(io, 56, n.mount.dev);
        put64(io, 64, Vfs.NAME_MAX);
        put64(io, 72, v.blockSize);
        put64(io, 80, n.mount.readOnly() ? 1 : 0);
        return true;
    }

    private static void put64(byte[] b, int o, long v) {
        put32(b, o, v);
        put32(b, o + 4, v >>> 32);
    }
}
