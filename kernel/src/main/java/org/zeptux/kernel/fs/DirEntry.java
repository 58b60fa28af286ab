package org.zeptux.kernel.fs;

import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;

/** One directory entry as {@link FileSystem#readdir} reports it: inode number, type (DT_*) and name. */
public final class DirEntry {
    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_BLK = 6;
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;

    static final Pool<DirEntry> POOL = Pool.of("directory readers", DirEntry.class, Owner.KERNEL_HEAP);
    static final Pool<byte[]> NAMES = Pool.ofBytes("directory reader names", Vfs.NAME_MAX + 1, Owner.KERNEL_HEAP);

    long ino;
    int type;
    /** The name, NAME_MAX + 1 bytes of room. */
    byte[] name;
    int length;

    /** A new reader, or null when out of memory; {@link #free} it. */
    public static DirEntry alloc() {
        DirEntry e = POOL.alloc();
        if (e == null) {
            return null;
        }
        e.name = NAMES.alloc();
        if (e.name == null) {
            POOL.free(e);
            return null;
        }
        return e;
    }

    public void free() {
        NAMES.free(name);
        POOL.free(this);
    }

    /** Sets the entry: {@code ino}, {@code type} and the name {@code src}[at, at + length). */
    public void set(long ino, int type, byte[] src, int at, int length) {
        this.ino = ino;
        this.type = type;
        System.arraycopy(src, at, name, 0, length);
        this.length = length;
    }

    /** Sets the entry with an ASCII name. */
    public void set(long ino, int type, String s) {
        this.ino = ino;
        this.type = type;
        for (int i = 0; i < s.length(); i++) {
            name[i] = (byte) s.charAt(i);
        }
        this.length = s.length();
    }

    /** Sets the entry with a decimal name (a process's directory). */
    public void setNumber(long ino, int type, long number) {
        this.ino = ino;
        this.type = type;
        this.length = Vfs.decimal(number, name, 0);
    }

    public long ino() {
        return ino;
    }

    public int type() {
        return type;
    }

    public byte[] name() {
        return name;
    }

    public int length() {
        return length;
    }

    /** DT_* for a mode's type. */
    public static int typeOf(int mode) {
        switch (mode & Vfs.S_IFMT) {
            case Vfs.S_IFDIR: return DT_DIR;
            case Vfs.S_IFREG: return DT_REG;
            case Vfs.S_IFLNK: return DT_LNK;
            case Vfs.S_IFCHR: return DT_CHR;
            case Vfs.S_IFBLK: return DT_BLK;
            case Vfs.S_IFIFO: return DT_FIFO;
            default: return DT_UNKNOWN;
        }
    }
}
