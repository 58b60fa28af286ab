package org.zeptux.kernel.fs;

/**
 * A file, directory or symbolic link of the root file system: its attributes, where its data
 * lies in the archive, and its place in the tree (parent, first child, next sibling). Made by
 * {@link RootFs#mount} from a pool (owner "kernel heap"); read-only afterwards.
 */
public final class Inode {
    long ino;
    int mode;
    int uid;
    int gid;
    int nlink;
    long mtime;
    long size;
    /** Where the data starts in the archive. */
    long dataOffset;
    /** The last component of the name: where it starts in the archive, and its length. */
    long nameOffset;
    int nameLength;
    Inode parent;
    Inode firstChild;
    Inode nextSibling;

    public long ino() {
        return ino;
    }

    /** The mode: type ({@link Cpio#S_IFMT}) and permission bits. */
    public int mode() {
        return mode;
    }

    public long size() {
        return size;
    }

    public int nlink() {
        return nlink;
    }

    /** The directory holding it (the root is its own parent). */
    public Inode parent() {
        return parent;
    }

    /** Its first entry, if a directory; the next entry of its directory. */
    public Inode firstChild() {
        return firstChild;
    }

    public Inode nextSibling() {
        return nextSibling;
    }

    /** The length of the last component of its name. */
    public int nameLength() {
        return nameLength;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public long mtime() {
        return mtime;
    }

    public boolean isDirectory() {
        return (mode & Cpio.S_IFMT) == Cpio.S_IFDIR;
    }

    public boolean isSymlink() {
        return (mode & Cpio.S_IFMT) == Cpio.S_IFLNK;
    }

    public boolean isRegular() {
        return (mode & Cpio.S_IFMT) == Cpio.S_IFREG;
    }
}
