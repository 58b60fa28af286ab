package org.zeptux.kernel.fs;

import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.proc.Errno;
import org.zeptux.rt.UserPtr;

/**
 * What a kind of file system does (Linux's file_system_type, inode_operations and
 * file_operations in one): an object made at build time, one per kind ({@link TmpFs#TMPFS},
 * procfs, ...); the state is in {@link Inode}s and {@link Mount}s. The VFS calls these with its
 * lock held, after the checks every file system shares (the name is a normal component of at
 * most {@link Vfs#NAME_MAX} bytes, the directory is a directory, a removed name exists, ...).
 *
 * <p>Results: a method returning an inode returns it with one reference for the caller, or
 * null with the reason in {@link Vfs#failure} (a positive errno); a method returning a number
 * returns it, or -errno. What a kind of file system does not do, these defaults refuse with
 * Linux's error for a missing operation.
 */
public abstract class FileSystem {
    private final String name;

    protected FileSystem(String name) {
        this.name = name;
    }

    /** Its name in mount(2) and /proc/mounts. */
    public final String name() {
        return name;
    }

    /** Makes the root directory of new instance {@code m} (its one reference is the mount's); null when out of memory. */
    protected abstract Inode mountRoot(Mount m);

    /** Frees every inode and page of instance {@code m}: nothing of it is in use any more, and its dentries are gone. */
    protected abstract void unmount(Mount m);

    /** Whether lookups of its names may be cached (names change only through the VFS). */
    protected boolean cacheable() {
        return true;
    }

    /**
     * Whether a missing name is an answer (a negative entry: the name may be made) rather than
     * a failed lookup; procfs answers ENOENT to names it does not have, so nothing can be made there.
     */
    protected boolean negativeEntries() {
        return true;
    }

    /** Whether {@code n}, with no reference left, is to be freed now (tmpfs: it has no name left). */
    protected boolean droppable(Inode n) {
        return true;
    }

    /** Frees what the file system holds for {@code n} (its data pages), just before the inode goes. */
    protected void evict(Inode n) {
    }

    /** Whether an inode's attributes (mode, owner, times) may change: 0, or -errno (procfs: EPERM). */
    protected int setattr(Inode n) {
        return 0;
    }

    /** Whether its regular files may be opened for writing. */
    protected boolean writable() {
        return true;
    }

    /** The child named {@code name}[at, at + length) of directory {@code dir}; null with ENOENT when there is none. */
    protected abstract Inode lookup(Inode dir, byte[] name, int at, int length);

    /** Makes a regular file, a device or a FIFO (by {@code mode}'s type) named so in {@code dir}. */
    protected Inode create(Inode dir, byte[] name, int at, int length, int mode, int rdev) {
        Vfs.failure = Errno.EACCES;
        return null;
    }

    /** Makes a directory. */
    protected Inode mkdir(Inode dir, byte[] name, int at, int length, int mode) {
        Vfs.failure = Errno.EPERM;
        return null;
    }

    /** Makes a symbolic link to {@code target}[tat, tat + tlength). */
    protected Inode symlink(Inode dir, byte[] name, int at, int length, byte[] target, int tat, int tlength) {
        Vfs.failure = Errno.EPERM;
        return null;
    }

    /** Gives {@code target} (not a directory, of this instance) one more name. */
    protected int link(Inode dir, byte[] name, int at, int length, Inode target) {
        return -Errno.EPERM;
    }

    /** Removes the name of {@code victim} (not a directory) from {@code dir}. */
    protected int unlink(Inode dir, byte[] name, int at, int length, Inode victim) {
        return -Errno.EPERM;
    }

    /** Removes empty directory {@code victim}, named so in {@code dir} (ENOTEMPTY when it is not empty). */
    protected int rmdir(Inode dir, byte[] name, int at, int length, Inode victim) {
        return -Errno.EPERM;
    }

    /**
     * Moves {@code victim} from its name in {@code from} to its new name in {@code to},
     * replacing {@code target} there if not null (the VFS has checked the kinds match and a
     * replaced directory is empty).
     */
    protected int rename(Inode from, byte[] oldName, int oat, int olength, Inode victim, Inode to, byte[] newName, int nat,
            int nlength, Inode target) {
        return -Errno.EPERM;
    }

    /** Copies symbolic link {@code link}'s target (at most {@code max} bytes) into {@code dst[at..]}; its length, or -errno. */
    protected int readlink(Inode link, byte[] dst, int at, int max) {
        return -Errno.EINVAL;
    }

    /** Reads at most {@code n} bytes at {@code offset} into {@code dst[at..]}: how many (0 at the end), or -errno. */
    protected abstract long read(Inode file, long offset, byte[] dst, int at, int n);

    /**
     * Reads at most {@code n} bytes at {@code offset} to user {@code dst}: how many, -EFAULT when
     * not even the first byte could be copied. This default stages the bytes through {@code io}.
     */
    protected long readUser(Inode file, long offset, UserPtr dst, long n, byte[] io) {
        long done = 0;
        while (done < n) {
            long got = read(file, offset + done, io, 0, (int) Math.min(n - done, io.length));
            if (got < 0) {
                return done > 0 ? done : got;
            }
            if (got == 0) {
                break;
            }
            if (!UserAccess.copyTo(dst.plus(done), io, 0, (int) got)) {
                return done > 0 ? done : -Errno.EFAULT;
            }
            done += got;
            if (got < Math.min(n - done + got, io.length)) {
                break;                              // a short read: the end
            }
        }
        return done;
    }

    /** Writes {@code src[at..at+n)} at {@code offset}: how many, or -errno (ENOSPC when nothing fits). */
    protected long write(Inode file, long offset, byte[] src, int at, int n) {
        return -Errno.EINVAL;
    }

    /** Writes {@code n} bytes from user {@code src} at {@code offset}: how many, or -errno. Stages through {@code io}. */
    protected long writeUser(Inode file, long offset, UserPtr src, long n, byte[] io) {
        long done = 0;
        while (done < n) {
            int chunk = (int) Math.min(n - done, io.length);
            if (!UserAccess.copyFrom(io, 0, src.plus(done), chunk)) {
                return done > 0 ? done : -Errno.EFAULT;
            }
            long put = write(file, offset + done, io, 0, chunk);
            if (put < 0) {
                return done > 0 ? done : put;
            }
            done += put;
            if (put < chunk) {
                break;
            }
        }
        return done;
    }

    /** Sets a regular file's size to {@code size}: the bytes past it go, new ones read as zeros. */
    protected int truncate(Inode file, long size) {
        return -Errno.EPERM;
    }

    /**
     * The first entry of directory {@code dir} at or after {@code position} (2 and up: 0 and 1
     * are "." and "..", which the VFS gives): fills {@code out} and returns the position after
     * it, 0 when there is none, or -errno.
     */
    protected abstract long readdir(Inode dir, long position, DirEntry out);

    /** The name of {@code child} in directory {@code dir} into {@code dst[at..]} (room for NAME_MAX); its length, or -1. */
    protected abstract int nameOf(Inode dir, Inode child, byte[] dst, int at);
}
