package org.zeptux.kernel.fs;

/**
 * A mounted file system instance (Linux's superblock and vfsmount in one: each instance is
 * mounted once): its behaviour, its root, where it is mounted and how. The mount table
 * ({@link Mounts}) holds a fixed number of them, made at build time; {@link #used} says which
 * are live. Written with the VFS lock held.
 */
public final class Mount {
    boolean used;
    FileSystem fs;
    /** Its root directory (a counted reference) and the directory it covers (counted; null for /). */
    Inode root;
    Inode mountpoint;
    /** st_dev of its inodes: Linux's anonymous devices, major 0, minor 1 and up. */
    int dev;
    /** MS_RDONLY and the other mount flags /proc/mounts shows. */
    int flags;
    /** The source named at mount(2), for /proc/mounts (at most {@link Mounts#SOURCE_MAX} bytes). */
    final byte[] source = new byte[Mounts.SOURCE_MAX];
    int sourceLength;
    /** The next inode number it gives. */
    long nextIno;
    /** Open files, working directories and programs being loaded on it: while any, it is busy (EBUSY). */
    int users;
    /** When it was mounted: /proc/mounts lists mounts in this order. */
    long sequence;

    /** The block device it is on (ext2), or null. */
    org.zeptux.kernel.block.BlockDevice device;
    /** Its file system's state for this instance (ext2: an {@code Ext2.Volume}), or null. */
    Object state;

    public FileSystem fs() {
        return fs;
    }

    public Inode root() {
        return root;
    }

    public boolean readOnly() {
        return (flags & Mounts.MS_RDONLY) != 0;
    }
}
