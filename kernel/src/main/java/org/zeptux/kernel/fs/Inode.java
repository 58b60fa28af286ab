package org.zeptux.kernel.fs;

import org.zeptux.rt.PhysAddr;

/**
 * A node of a mounted file system: a regular file, a directory, a symbolic link or a device,
 * with Linux's attributes. Behaviour is the file system's ({@link #fs}, an object made at build
 * time); state is here, in an object of the pool {@link Vfs#INODES}.
 *
 * <p>Life: a file system makes an inode ({@link Vfs#newInode}) with one reference for its
 * caller. {@link #refs} counts the references held in memory — open files, working
 * directories, mounts, a path walk in progress, a directory's reference to its parent — and
 * {@link #nlink} the names it has in its file system. {@link Vfs#put} drops a reference; when
 * none is left and the file system says the inode may go ({@link FileSystem#droppable}: a tmpfs
 * inode with no name left, any procfs inode), its data is freed and the inode goes back to the
 * pool. So a file that is open but unlinked stays readable until its last close.
 *
 * <p>Every field is written with the VFS lock held ({@link Vfs#lock}), by the VFS or the inode's
 * file system.
 */
public final class Inode {
    /** The file system instance it belongs to, and that file system's behaviour. */
    Mount mount;
    FileSystem fs;
    long ino;
    /** Type ({@link Vfs#S_IFMT}) and permission bits. */
    int mode;
    int uid;
    int gid;
    int nlink;
    long size;
    /** A device's number (Linux's new_encode_dev: major << 8 | minor for small numbers). */
    int rdev;
    /** Access, modification and status-change times, in nanoseconds since 1970 (UTC). */
    long atime;
    long mtime;
    long ctime;
    /** References held in memory (see the class comment). */
    int refs;
    /** Dentry-cache entries that name it, as their directory or as their target ({@link Dcache#forget}). */
    int cached;
    /** A directory's parent (a counted reference; the root of a file system is its own, uncounted). */
    Inode parent;
    /** The mount whose mountpoint it is, or null: a path walk crosses from here to that mount's root. */
    Mount mounted;

    // ---- tmpfs: file data and directory entries ----
    /** The root of the file's page tree (a data page at height 0, else an index page), or null. */
    PhysAddr data;
    int height;
    /** Data pages held (st_blocks), and index pages. */
    long dataPages;
    long indexPages;
    TmpFs.Entry first;
    TmpFs.Entry last;
    /** The cookie the next entry of the directory gets (getdents64's d_off: 3 and up). */
    long nextCookie;

    // ---- ext2: the on-disk inode is in the page cache; these are what the VFS does not keep ----
    /** 512-byte sectors its blocks take on disk (i_blocks). */
    long diskSectors;
    /** The next inode of its volume's inode hash chain. */
    Inode hashNext;
    /** Readahead (PageCache.getSequential): the device page after the last one read, and the last window in pages. */
    long raNext;
    int raWindow;
    /**
     * Asynchronous readahead: the device page whose use by a sequential reader starts the next
     * window (the first page of the last window started; -1 none), and the page after the last
     * window read or started, where that next window begins.
     */
    long raAsync;
    long raAhead;
    /**
     * ext2's block-map cache (Ext2.bmap): logical blocks [mapLblk, mapLblk + mapLen) are the
     * contiguous blocks from mapPblk on, as one indirect block maps them; mapLen 0: nothing.
     * Cleared when blocks are freed; allocation fills only holes, which are never in it.
     */
    long mapLblk;
    long mapPblk;
    int mapLen;

    /** Forgets what reading it taught: the readahead state and the block-map run (a fresh inode's). */
    void forgetReads() {
        raNext = -1;
        raWindow = 0;
        raAsync = -1;
        raAhead = 0;
        mapLen = 0;
    }
    /** A directory's first block that may have room for a new entry (Ext2Dir.add starts there). */
    long dirRoom;
    /** A directory's blocks 1 .. dirLive - 1 hold no live entry (Ext2Dir.find skips them; block 0 holds "." and ".."). */
    long dirLive;
    /** 1 + the offset of the last entry of block {@link #dirRoom}, where Ext2Dir.add goes next; 0: not known. */
    int dirTail;
    /**
     * A directory's name filter (Ext2Dir: a Bloom filter of the names it holds, made by a lookup
     * that walked all of it, every name added since set in it), or null: a lookup of a name the
     * filter does not have is a miss without reading the directory.
     */
    byte[] dirFilter;
    /** Whether a lookup walked all of this directory without finding its name: the next such walk makes the filter. */
    boolean dirFilterWanted;
    /** Whether the directory's dir_index flag is known to be clear (Ext2Dir.unindex need not read it). */
    boolean dirUnindexed;
    /** Whether its block 0 holds no live entry but "." and ".." (Ext2Dir.find starts at block 1). */
    boolean dirHeadDots;
    /** Whether its volume's ring of kept directories holds a reference to it (Ext2.keep). */
    boolean dirKept;

    // ---- procfs: what the node shows ----
    int kind;
    int pid;

    public long ino() {
        return ino;
    }

    /** The mode: type and permission bits. */
    public int mode() {
        return mode;
    }

    public long size() {
        return size;
    }

    public int nlink() {
        return nlink;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public int rdev() {
        return rdev;
    }

    public long atime() {
        return atime;
    }

    public long mtime() {
        return mtime;
    }

    public long ctime() {
        return ctime;
    }

    /** The device number of its file system (st_dev). */
    public int dev() {
        return mount.dev;
    }

    /** 512-byte blocks it holds (st_blocks). */
    public long blocks() {
        return dataPages * 8 + diskSectors;
    }

    public FileSystem fs() {
        return fs;
    }

    /** The file system instance it belongs to. */
    public Mount mount() {
        return mount;
    }

    /** For a procfs node: what it shows, and the process it is about. */
    public int kind() {
        return kind;
    }

    public int pid() {
        return pid;
    }

    public boolean isDirectory() {
        return (mode & Vfs.S_IFMT) == Vfs.S_IFDIR;
    }

    public boolean isSymlink() {
        return (mode & Vfs.S_IFMT) == Vfs.S_IFLNK;
    }

    public boolean isRegular() {
        return (mode & Vfs.S_IFMT) == Vfs.S_IFREG;
    }

    public boolean isCharDevice() {
        return (mode & Vfs.S_IFMT) == Vfs.S_IFCHR;
    }

    public boolean isBlockDevice() {
        return (mode & Vfs.S_IFMT) == Vfs.S_IFBLK;
    }

    public boolean isFifo() {
        return (mode & Vfs.S_IFMT) == Vfs.S_IFIFO;
    }
}
