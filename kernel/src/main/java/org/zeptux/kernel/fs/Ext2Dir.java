package org.zeptux.kernel.fs;

import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.proc.Errno;

/**
 * ext2 directories: blocks of linked entries (inode u32, rec_len u16, name_len u8, file_type u8
 * with the filetype feature, the name, padded to 4 bytes); an entry's rec_len reaches the next,
 * the last of a block reaches the block's end; inode 0 marks an unused entry. Every entry read is
 * checked (rec_len at least 8 and a multiple of 4, inside the block, long enough for its name,
 * the inode number in range) before it is used; a bad one is a line and -EIO. A directory whose
 * dir_index flag is set loses it on its first change (the htree is not kept up; its blocks read
 * as linear ones, as Linux's ext2 reads them). Called with the VFS lock held; {@link #BUF} is its
 * scratch block.
 *
 * <p>What a directory's {@link Inode} remembers, so that creating and removing many names does
 * not walk the directory each time (ext2 has no index here; Linux's ext4 keeps dir_index's hashed
 * tree instead). Each is only a hint, checked before use, or exact by construction; all of it is
 * lost with the inode (Ext2 keeps recently used directories' inodes, {@code Ext2.keep}):
 * <ul>
 * <li>{@link Inode#dirFilter}: a Bloom filter of the names the directory holds ({@link #FILTER}
 * bytes, three bits a name), made by a lookup that walked the whole directory without finding its
 * name, every name {@link #add}ed afterwards set in it. A name whose bits are not all set is not
 * there: the lookup (O_CREAT's, before a create) ends without reading a block. Removals leave
 * their bits (a filter only errs towards "maybe"); a "maybe" that the walk finds false drops the
 * filter, to be made again without the removed names. Every change of a name goes through this
 * class, so nothing can add a name the filter does not have.</li>
 * <li>{@link Inode#dirRoom} and {@link Inode#dirTail}: the block the last entry went to and its
 * last entry's offset; add splits that entry when it has room (the header is read back and
 * checked first), and walks the block otherwise. Any removal forgets the offset.</li>
 * <li>{@link Inode#dirLive}: leading blocks emptied by removals, which lookups skip.</li>
 * </ul>
 */
final class Ext2Dir {
    private Ext2Dir() {}

    private static final byte[] BUF = new byte[4096];

    /** Bytes of a directory's name filter: 32,768 bits, three a name (about 0.5 % false "maybe" at 2,000 names). */
    static final int FILTER = 4096;
    static final Pool<byte[]> FILTERS = Pool.ofBytes("ext2 directory filters", FILTER, Owner.KERNEL_HEAP);
    /** The filter a walk makes, copied to the directory's when the walk ends without a match. */
    private static final byte[] SCRATCH = new byte[FILTER];
    /** Lookups the filters answered without reading the directory, and "maybe"s that were wrong. */
    private static long filterMisses;
    private static long filterFalse;
    /** Where {@link #scan} found what it looked for: the block, the entry's offset, the previous entry's (-1: none). */
    private static long foundBlock;
    private static int foundOffset;
    private static int foundPrevious;
    private static long foundLogical;
    /**
     * The last entry find found (lookup, then unlink or rename, find the same name twice), valid
     * until the next change to any directory: its directory, volume and where it was.
     */
    private static Inode lastDir;
    private static Ext2.Volume lastVolume;
    private static long lastBlock;
    private static long lastLogical;
    private static int lastOffset;
    private static int lastPrevious;

    static int align4(int n) {
        return (n + 3) & ~3;
    }

    /** ext2's file_type for {@code mode}. */
    static int fileType(int mode) {
        switch (mode & Vfs.S_IFMT) {
            case Vfs.S_IFREG: return 1;
            case Vfs.S_IFDIR: return 2;
            case Vfs.S_IFCHR: return 3;
            case Vfs.S_IFBLK: return 4;
            case Vfs.S_IFIFO: return 5;
            case Vfs.S_IFSOCK: return 6;
            case Vfs.S_IFLNK: return 7;
            default: return 0;
        }
    }

    /** getdents64's d_type for ext2's file_type. */
    static int direntType(int ft) {
        switch (ft) {
            case 1: return DirEntry.DT_REG;
            case 2: return DirEntry.DT_DIR;
            case 3: return DirEntry.DT_CHR;
            case 4: return 6;
            case 5: return DirEntry.DT_FIFO;
            case 6: return 12;
            case 7: return DirEntry.DT_LNK;
            default: return DirEntry.DT_UNKNOWN;
        }
    }

    /** Blocks of directory {@code dir}. */
    private static long blocks(Ext2.Volume v, Inode dir) {
        return (dir.size + v.blockSize - 1) / v.blockSize;
    }

    /** Reads block {@code lb} of {@code dir} into {@link #BUF}: its number, or -errno (a hole in a directory is EIO). */
    private static long load(Ext2.Volume v, Inode dir, long lb) {
        long b = Ext2.bmapOf(v, dir, lb, false);
        if (b == 0) {
            return Ext2.corruptOf(v, "directory has a hole at block", dir.ino, lb);
        }
        if (b < 0) {
            return b;
        }
        int e = Ext2.readBlockOf(v, b, BUF);
        return e < 0 ? e : b;
    }

    /** Whether the entry at {@code off} of {@link #BUF} is sound; logs it when it is not. */
    private static boolean sound(Ext2.Volume v, Inode dir, long block, int off) {
        int bs = v.blockSize;
        if (off > bs - 8) {
            Ext2.corruptOf(v, "directory entry past its block's end, block", dir.ino, block);
            return false;
        }
        int rec = Ext2.u16(BUF, off + 4);
        int nameLength = BUF[off + 6] & 0xFF;
        long ino = Ext2.u32(BUF, off);
        if (rec < 8 || (rec & 3) != 0 || rec > bs - off || ino != 0 && 8 + nameLength > rec
                || ino > v.inodesCount) {
            Ext2.corruptOf(v, "bad directory entry (rec_len, name_len or inode), block", dir.ino, block);
            return false;
        }
        return true;
    }

    private static boolean same(int off, byte[] name, int at, int length) {
        if ((BUF[off + 6] & 0xFF) != length || Ext2.u32(BUF, off) == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (BUF[off + 8 + i] != name[at + i]) {
                return false;
            }
        }
        return true;
    }

    /** FNV-1a, 64 bits, of {@code b}[at, at + length): a name's three filter bits are three 15-bit pieces of it. */
    private static long nameHash(byte[] b, int at, int length) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < length; i++) {
            h = (h ^ (b[at + i] & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }

    private static void setBits(byte[] f, long h) {
        for (int k = 0; k < 3; k++) {
            int bit = (int) (h >>> (15 * k)) & (FILTER * 8 - 1);
            f[bit >>> 3] |= (byte) (1 << (bit & 7));
        }
    }

    private static boolean mayHave(byte[] f, long h) {
        for (int k = 0; k < 3; k++) {
            int bit = (int) (h >>> (15 * k)) & (FILTER * 8 - 1);
            if ((f[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Frees {@code dir}'s name filter (it changed in a way the filter cannot follow, or the inode goes). */
    static void dropFilter(Inode dir) {
        if (dir.dirFilter != null) {
            FILTERS.free(dir.dirFilter);
            dir.dirFilter = null;
        }
    }

    /** Lookups answered by directories' name filters alone, and the filters' wrong "maybe"s. */
    static long filterMisses() {
        return filterMisses;
    }

    static long filterFalse() {
        return filterFalse;
    }

    /**
     * The inode named {@code name}[at, at + length) in {@code dir}: its number, 0 when there is
     * none, or -errno; where it is in {@link #foundBlock}, {@link #foundOffset}, {@link #foundPrevious}.
     * A directory's name filter answers "none" without reading it; a walk of a directory of two
     * blocks or more that finds nothing makes the filter (the second such walk: a directory only
     * looked up in once is not worth one).
     */
    static long find(Ext2.Volume v, Inode dir, byte[] name, int at, int length) {
        // "." and ".." (Ext2Dir's own lookups of ".."): always walked, from block 0
        boolean dots = length == 1 && name[at] == '.' || length == 2 && name[at] == '.' && name[at + 1] == '.';
        byte[] filter = dots ? null : dir.dirFilter;
        if (filter != null && !mayHave(filter, nameHash(name, at, length))) {
            filterMisses++;
            return 0;
        }
        long n = blocks(v, dir);
        int bs = v.blockSize;
        long inodes = v.inodesCount;
        byte first = length > 0 ? name[at] : 0;
        boolean build = !dots && filter == null && dir.dirFilterWanted && n >= 2;
        if (build) {
            for (int i = 0; i < FILTER; i++) {
                SCRATCH[i] = 0;
            }
        }
        for (long lb = dots || !dir.dirHeadDots ? 0 : 1; lb < n; lb++) {
            if (lb == 1 && dir.dirLive > 1) {
                lb = dir.dirLive;                   // blocks emptied by removals (files removed in order)
                if (lb >= n) {
                    break;
                }
            }
            long b = load(v, dir, lb);
            if (b < 0) {
                return b;
            }
            boolean live = false;
            boolean others = false;                 // a live entry but "." and ".."
            int prev = -1;
            for (int off = 0; off < bs; ) {
                // sound() and same() in one pass over the entry's header (this loop is most of a lookup)
                if (off > bs - 8) {
                    sound(v, dir, b, off);
                    return -Errno.EIO;
                }
                int rec = (BUF[off + 4] & 0xFF) | (BUF[off + 5] & 0xFF) << 8;
                int nameLength = BUF[off + 6] & 0xFF;
                long ino = Ext2.u32(BUF, off);
                if (rec < 8 || (rec & 3) != 0 || rec > bs - off || ino != 0 && 8 + nameLength > rec || ino > inodes) {
                    sound(v, dir, b, off);
                    return -Errno.EIO;
                }
                if (nameLength == length && ino != 0 && (length == 0 || BUF[off + 8] == first) && same(off, name, at, length)) {
                    foundBlock = b;
                    foundOffset = off;
                    foundPrevious = prev;
                    foundLogical = lb;
                    lastDir = dir;
                    lastVolume = v;
                    lastBlock = b;
                    lastLogical = lb;
                    lastOffset = off;
                    lastPrevious = prev;
                    return ino;
                }
                if (build && ino != 0) {
                    setBits(SCRATCH, nameHash(BUF, off + 8, nameLength));
                }
                live |= ino != 0;
                others |= ino != 0 && !dotOrDotDot(off);
                prev = off;
                off += rec;
            }
            if (!live && lb >= 1 && lb == Math.max(1, dir.dirLive)) {
                dir.dirLive = lb + 1;
            }
            if (lb == 0 && !others) {
                dir.dirHeadDots = true;             // until add puts an entry in block 0
            }
        }
        if (filter != null) {
            filterFalse++;                          // a "maybe" that was not: made again without removed names
            dropFilter(dir);
        } else if (build) {
            byte[] f = FILTERS.alloc();
            if (f != null) {                        // no memory: no filter, the walks go on
                System.arraycopy(SCRATCH, 0, f, 0, FILTER);
                dir.dirFilter = f;
            }
        }
        dir.dirFilterWanted = n >= 2;
        return 0;
    }

    /** Clears the dir_index flag of {@code dir} before its first change. */
    private static void unindex(Ext2.Volume v, Inode dir) {
        if (dir.dirUnindexed) {
            return;                                 // cleared or found clear once: only this driver sets flags
        }
        long flags = Ext2.inodeFlags(v, dir.ino);
        if (flags >= 0 && (flags & Ext2.INDEX_FL) != 0) {
            flags = Ext2.setInodeFlags(v, dir.ino, flags & ~Ext2.INDEX_FL);
        }
        dir.dirUnindexed = flags >= 0;
    }

    private static void setEntry(Ext2.Volume v, int off, long ino, int rec, byte[] name, int at, int length, int mode) {
        Ext2.put32(BUF, off, ino);
        Ext2.put16(BUF, off + 4, rec);
        BUF[off + 6] = (byte) length;
        BUF[off + 7] = (byte) ((v.incompat & Ext2.INCOMPAT_FILETYPE) != 0 ? fileType(mode) : 0);
        System.arraycopy(name, at, BUF, off + 8, length);
    }

    /**
     * Adds the entry {@code name} -> {@code ino} to {@code dir}: after the last entry added when
     * that has room, else in the first gap that fits from the block where the last one went (or
     * where one was removed since), else in a new block. 0 or -errno.
     */
    static int add(Ext2.Volume v, Inode dir, byte[] name, int at, int length, long ino, int mode) {
        lastDir = null;
        unindex(v, dir);
        int need = align4(8 + length);
        long n = blocks(v, dir);
        if (dir.dirFilter != null) {
            setBits(dir.dirFilter, nameHash(name, at, length));
        }
        if (dir.dirTail > 0 && dir.dirRoom >= 0 && dir.dirRoom < n) {
            int e = addAtTail(v, dir, name, at, length, ino, mode, need);
            if (e <= 0) {
                return e;
            }
        }
        dir.dirTail = 0;
        // From the first block that may have room: a directory filled in order is not walked from its start for every entry.
        for (long lb = dir.dirRoom >= 0 && dir.dirRoom < n ? dir.dirRoom : 0; lb < n; lb++) {
            long b = load(v, dir, lb);
            if (b < 0) {
                return (int) b;
            }
            for (int off = 0; off < v.blockSize; ) {
                if (!sound(v, dir, b, off)) {
                    return -Errno.EIO;
                }
                int rec = Ext2.u16(BUF, off + 4);
                boolean free = Ext2.u32(BUF, off) == 0;
                int used = free ? 0 : align4(8 + (BUF[off + 6] & 0xFF));
                if (rec - used >= need) {
                    if (free) {
                        setEntry(v, off, ino, rec, name, at, length, mode);
                    } else {
                        Ext2.put16(BUF, off + 4, used);
                        setEntry(v, off + used, ino, rec - used, name, at, length, mode);
                    }
                    dir.dirRoom = lb;
                    if (lb == 0) {
                        dir.dirHeadDots = false;
                    }
                    if (off + rec == v.blockSize) {
                        dir.dirTail = off + used + 1;       // the new entry is the block's last
                    }
                    if (lb >= 1 && lb < dir.dirLive) {
                        dir.dirLive = lb;                   // live again: find looks at it
                    }
                    // only the bytes that changed: the entry split and the new one
                    int end = off + (free ? 0 : used) + 8 + length;
                    return Ext2.writeAtOf(v, b * v.blockSize + off, BUF, off, end - off);
                }
                off += rec;
            }
        }
        long b = Ext2.bmapOf(v, dir, n, true);
        if (b <= 0) {
            return b == 0 ? -Errno.ENOSPC : (int) b;
        }
        for (int i = 0; i < v.blockSize; i++) {
            BUF[i] = 0;
        }
        setEntry(v, 0, ino, v.blockSize, name, at, length, mode);
        int e = Ext2.writeBlockOf(v, b, BUF);
        if (e < 0) {
            return e;
        }
        dir.size = (n + 1) * v.blockSize;
        dir.dirRoom = n;
        dir.dirTail = 1;
        dir.dirHeadDots &= n > 0;
        return Ext2.writeInodeOf(v, dir);
    }

    /**
     * add's quick way: splits the entry {@link Inode#dirTail} remembers at the end of block {@link
     * Inode#dirRoom}, reading back only its header and checking it first (a live, sound entry that
     * reaches the block's end). 0 when added, 1 when it has no room or is not as remembered (the
     * caller walks the block), or -errno. The new entry is written before the split entry's
     * rec_len shrinks over it, so the block is sound on the disk at any moment.
     */
    private static int addAtTail(Ext2.Volume v, Inode dir, byte[] name, int at, int length, long ino, int mode, int need) {
        int bs = v.blockSize;
        int off = dir.dirTail - 1;
        if (off > bs - 8) {
            return 1;
        }
        long b = Ext2.bmapOf(v, dir, dir.dirRoom, false);
        if (b <= 0) {
            return b < 0 ? (int) b : 1;
        }
        long pos = b * bs;
        int e = Ext2.readAtOf(v, pos + off, BUF, off, 8);
        if (e < 0) {
            return e;
        }
        int rec = Ext2.u16(BUF, off + 4);
        int nameLength = BUF[off + 6] & 0xFF;
        long live = Ext2.u32(BUF, off);
        if (live == 0 || live > v.inodesCount || rec < 8 || (rec & 3) != 0 || off + rec != bs || 8 + nameLength > rec) {
            return 1;
        }
        int used = align4(8 + nameLength);
        if (rec - used < need) {
            return 1;
        }
        if (dir.dirRoom == 0) {
            dir.dirHeadDots = false;
        }
        setEntry(v, off + used, ino, rec - used, name, at, length, mode);
        e = Ext2.writeAtOf(v, pos + off + used, BUF, off + used, 8 + length);
        if (e < 0) {
            return e;
        }
        Ext2.put16(BUF, off + 4, used);
        e = Ext2.writeAtOf(v, pos + off + 4, BUF, off + 4, 2);
        if (e < 0) {
            return e;
        }
        dir.dirTail = off + used + 1;
        return 0;
    }

    /** Forgets the last entry found (a volume is mounted: its Volume and inodes are reused). */
    static void forget() {
        lastDir = null;
        lastVolume = null;
    }

    /**
     * Whether the entry {@code name} of {@code dir} is still where the last find found it, with no
     * directory changed since: the block is still the directory's, the entry there (read back into
     * {@link #BUF} at its offset) has the name and an inode, and the entry before it ends where it
     * starts. Then the found* fields are set as find would set them, without walking the directory.
     */
    private static boolean again(Ext2.Volume v, Inode dir, byte[] name, int at, int length) {
        if (lastDir != dir || lastVolume != v || length <= 0 || lastOffset > v.blockSize - 8 - length
                || Ext2.bmapOf(v, dir, lastLogical, false) != lastBlock) {
            return false;
        }
        long pos = lastBlock * v.blockSize;
        if (Ext2.readAtOf(v, pos + lastOffset, BUF, lastOffset, 8 + length) < 0
                || !same(lastOffset, name, at, length) || Ext2.u16(BUF, lastOffset + 4) < 8 + length) {
            return false;
        }
        if (lastPrevious >= 0 && (Ext2.readAtOf(v, pos + lastPrevious, BUF, lastPrevious, 8) < 0
                || lastPrevious + Ext2.u16(BUF, lastPrevious + 4) != lastOffset || Ext2.u32(BUF, lastPrevious) == 0
                && lastPrevious != 0)) {
            return false;
        }
        foundBlock = lastBlock;
        foundOffset = lastOffset;
        foundPrevious = lastPrevious;
        foundLogical = lastLogical;
        return true;
    }

    /** Removes the entry {@code name} of {@code dir} (merged into the one before it, or marked unused). 0 or -errno. */
    static int remove(Ext2.Volume v, Inode dir, byte[] name, int at, int length) {
        long ino = again(v, dir, name, at, length) ? 1 : find(v, dir, name, at, length);
        lastDir = null;
        if (ino <= 0) {
            return ino == 0 ? -Errno.ENOENT : (int) ino;
        }
        unindex(v, dir);                            // (BUF still holds the block find found it in)
        dir.dirTail = 0;                            // the entry add would split may be the one removed
        if (foundLogical < dir.dirRoom) {
            dir.dirRoom = foundLogical;             // room again before where add would start
        }
        long pos = foundBlock * v.blockSize;
        if (foundPrevious >= 0) {
            int rec = Ext2.u16(BUF, foundPrevious + 4) + Ext2.u16(BUF, foundOffset + 4);
            Ext2.put16(BUF, foundPrevious + 4, rec);
            return Ext2.writeAtOf(v, pos + foundPrevious + 4, BUF, foundPrevious + 4, 2);
        }
        Ext2.put32(BUF, foundOffset, 0);
        return Ext2.writeAtOf(v, pos + foundOffset, BUF, foundOffset, 4);
    }

    /** Points the existing entry {@code name} of {@code dir} at {@code ino} (rename over a name). 0 or -errno. */
    static int retarget(Ext2.Volume v, Inode dir, byte[] name, int at, int length, long ino, int mode) {
        long old = find(v, dir, name, at, length);
        lastDir = null;
        if (old <= 0) {
            return old == 0 ? -Errno.ENOENT : (int) old;
        }
        unindex(v, dir);
        Ext2.put32(BUF, foundOffset, ino);
        if ((v.incompat & Ext2.INCOMPAT_FILETYPE) != 0) {
            BUF[foundOffset + 7] = (byte) fileType(mode);
        }
        return Ext2.writeBlockOf(v, foundBlock, BUF);
    }

    /** Makes new directory {@code dir}'s first block: "." and ".." (to {@code parent}). 0 or -errno. */
    static int init(Ext2.Volume v, Inode dir, Inode parent) {
        lastDir = null;
        long b = Ext2.bmapOf(v, dir, 0, true);
        if (b <= 0) {
            return b == 0 ? -Errno.ENOSPC : (int) b;
        }
        for (int i = 0; i < v.blockSize; i++) {
            BUF[i] = 0;
        }
        setEntry(v, 0, dir.ino, 12, DOTDOT, 0, 1, Vfs.S_IFDIR);
        setEntry(v, 12, parent.ino, v.blockSize - 12, DOTDOT, 0, 2, Vfs.S_IFDIR);
        dir.size = v.blockSize;
        dir.dirRoom = 0;
        dir.dirTail = 13;                           // ".." is the block's last entry
        return Ext2.writeBlockOf(v, b, BUF);
    }

    private static boolean dotOrDotDot(int off) {
        int length = BUF[off + 6] & 0xFF;
        return length == 1 && BUF[off + 8] == '.' || length == 2 && BUF[off + 8] == '.' && BUF[off + 9] == '.';
    }

    /** 0 when {@code dir} holds nothing but "." and "..", -ENOTEMPTY, or -errno. */
    static int empty(Ext2.Volume v, Inode dir) {
        long n = blocks(v, dir);
        for (long lb = 0; lb < n; lb++) {
            long b = load(v, dir, lb);
            if (b < 0) {
                return (int) b;
            }
            for (int off = 0; off < v.blockSize; ) {
                if (!sound(v, dir, b, off)) {
                    return -Errno.EIO;
                }
                if (Ext2.u32(BUF, off) != 0 && !dotOrDotDot(off)) {
                    return -Errno.ENOTEMPTY;
                }
                off += Ext2.u16(BUF, off + 4);
            }
        }
        return 0;
    }

    /** Points directory {@code dir}'s ".." at {@code parent}. 0 or -errno. */
    static int setParentEntry(Ext2.Volume v, Inode dir, long parent) {
        long ino = find(v, dir, DOTDOT, 0, 2);
        lastDir = null;
        if (ino <= 0) {
            return ino == 0 ? Ext2.corruptOf(v, "directory without \"..\"", dir.ino, 0) : (int) ino;
        }
        unindex(v, dir);
        Ext2.put32(BUF, foundOffset, parent);
        return Ext2.writeBlockOf(v, foundBlock, BUF);
    }

    private static final byte[] DOTDOT = {'.', '.'};

    /**
     * The entry of {@code dir} at or after {@code position} (2 + the byte offset in the
     * directory), "." and ".." left out (the VFS gives them): fills {@code out}, returns the
     * position after it, 0 at the end, or -errno.
     */
    static long readdir(Ext2.Volume v, Inode dir, long position, DirEntry out) {
        long offset = Math.max(0, position - 2);
        int bs = v.blockSize;
        long n = blocks(v, dir);
        for (long lb = offset / bs; lb < n; lb++) {
            long b = load(v, dir, lb);
            if (b < 0) {
                return b;
            }
            for (int off = 0; off < bs; ) {
                if (!sound(v, dir, b, off)) {
                    return -Errno.EIO;
                }
                int rec = Ext2.u16(BUF, off + 4);
                long here = lb * bs + off;
                long ino = Ext2.u32(BUF, off);
                if (here >= offset && ino != 0 && !dotOrDotDot(off)) {
                    int ft = (v.incompat & Ext2.INCOMPAT_FILETYPE) != 0 ? BUF[off + 7] & 0xFF : 0;
                    out.set(ino, direntType(ft), BUF, off + 8, BUF[off + 6] & 0xFF);
                    return here + rec + 2;
                }
                off += rec;
            }
        }
        return 0;
    }

    /** The name of inode {@code ino} in {@code dir} into {@code dst[at..]}: its length, or -1. */
    static int nameOf(Ext2.Volume v, Inode dir, long ino, byte[] dst, int at) {
        long n = blocks(v, dir);
        for (long lb = 0; lb < n; lb++) {
            long b = load(v, dir, lb);
            if (b < 0) {
                return -1;
            }
            for (int off = 0; off < v.blockSize; ) {
                if (!sound(v, dir, b, off)) {
                    return -1;
                }
                if (Ext2.u32(BUF, off) == ino && !dotOrDotDot(off)) {
                    int length = BUF[off + 6] & 0xFF;
                    System.arraycopy(BUF, off + 8, dst, at, length);
                    return length;
                }
                off += Ext2.u16(BUF, off + 4);
            }
        }
        return -1;
    }
}
