package org.zeptux.kernel.proc;

import org.zeptux.kernel.block.BlockDevices;
import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.fs.Mounts;
import org.zeptux.kernel.fs.Ext2;
import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.block.BlockDevices;
import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.fs.Walk;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.rt.UserPtr;

/**
 * The system calls on paths, with Linux's results and errors: open, openat, creat, stat, lstat,
 * newfstatat, statx, access, faccessat, faccessat2, mkdir, mkdirat, mknod, mknodat, unlink,
 * unlinkat, rmdir, rename, renameat, renameat2, link, linkat, symlink, symlinkat, readlink,
 * readlinkat, truncate, chdir, getcwd, chmod, fchmodat, chown, lchown, fchownat, utimensat,
 * umask, mount, umount2, statfs, fstatfs. Each copies its path into a {@link Walk} (EFAULT,
 * ENAMETOOLONG, ENOENT for ""), finds where a relative path starts — the working directory for
 * AT_FDCWD, else an open directory (EBADF, ENOTDIR) — and lets the VFS do the rest under its lock.
 */
final class PathCalls {
    private PathCalls() {}

    static final long AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EACCESS = 0x200;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_SYMLINK_FOLLOW = 0x400;
    static final int AT_NO_AUTOMOUNT = 0x800;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int AT_STATX_SYNC_TYPE = 0x6000;
    static final int W_OK = 2;
    static final int X_OK = 1;
    static final long UTIME_NOW = (1L << 30) - 1;
    static final long UTIME_OMIT = (1L << 30) - 2;
    static final int STATX_SIZE = 256;
    static final int STATX_BASIC_STATS = 0x7FF;
    static final long TMPFS_MAGIC = 0x01021994;
    static final long PROC_SUPER_MAGIC = 0x9FA0;

    /** A walk from "/", or null (ENOMEM). */
    private static Walk walk() {
        Inode root = Vfs.root();
        return root == null ? null : Walk.alloc(root);
    }

    /**
     * Where the path in {@code w} starts: "/" for an absolute one (dirfd is not looked at), the
     * working directory for AT_FDCWD, else open directory {@code dirfd}; null with -EBADF or
     * -ENOTDIR in {@code p.lookupError}. The VFS lock is held.
     */
    static Inode start(Process p, Walk w, long dirfd) {
        if (w.length() > 0 && w.path()[0] == '/') {
            return Vfs.root();
        }
        if ((int) dirfd == AT_FDCWD) {
            return Files.cwd(p);
        }
        Inode dir = Files.inodeOf(p, dirfd);       // pinned by its file while the VFS lock is held
        if (dir == null && p.lookupError != 0) {
            return null;
        }
        if (dir == null || !dir.isDirectory()) {
            p.lookupError = -Errno.ENOTDIR;
            return null;
        }
        return dir;
    }

    /** The inode open file {@code dirfd} (or the working directory for AT_FDCWD) names, for AT_EMPTY_PATH; null with the error. */
    private static Inode emptyPath(Process p, long dirfd) {
        if ((int) dirfd == AT_FDCWD) {
            return Files.cwd(p);
        }
        Inode n = Files.inodeOf(p, dirfd);         // pinned by its file while the VFS lock is held
        if (n == null && p.lookupError == 0) {
            p.lookupError = -Errno.ENOENT;
        }
        return n;
    }

    /** What {@link #openPath} returns for a FIFO, left pinned in {@code Process.openingFifo}. */
    private static final long FIFO = Long.MIN_VALUE;

    /** open(2), openat(2), creat(2). */
    static long open(Process p, long dirfd, UserPtr path, long flags, long mode) {
        long r = openPath(p, dirfd, path, flags, mode);
        if (r != FIFO) {
            return r;
        }
        Inode n = p.openingFifo;
        p.openingFifo = null;
        return openFifo(p, n, flags);
    }

    private static long openPath(Process p, long dirfd, UserPtr path, long flags, long mode) {
        if (Files.lowestFree(p, 0) < 0) {
            return -Errno.EMFILE;
        }
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int e = w.user(path);
            if (e < 0) {
                return e;
            }
            Inode start = start(p, w, dirfd);
            if (start == null) {
                return p.lookupError;
            }
            e = Vfs.open(w, start, (int) flags, (int) mode & ~p.group.umask);
            if (e < 0) {
                return e;
            }
            Inode n = w.inode();
            int kind;
            if (n.isDirectory()) {
                kind = Files.DIRECTORY;
            } else if (n.isRegular()) {
                kind = Files.REGULAR;
            } else if (n.isCharDevice() && Devices.exists(n.rdev())) {
                kind = Files.CHAR;
            } else if (n.isBlockDevice() && BlockDevices.find(n.rdev()) != null) {
                kind = Files.BLOCK;
            } else if (n.isFifo()) {
                Vfs.pin(n);                         // opened by open(), outside the VFS lock: it may wait for the other end
                p.openingFifo = n;
                return FIFO;
            } else {
                return -Errno.ENXIO;                // a device without a driver
            }
            Files.File f = Files.open(kind, n, ((int) flags & ~(Files.O_CREAT | Files.O_EXCL | Files.O_TRUNC
                    | Files.O_NOFOLLOW | Vfs.O_NOCTTY)) | FileCalls.O_LARGEFILE);
            if (f == null) {
                return -Errno.ENOMEM;
            }
            f.device = n.rdev();
            int fd = Files.install(p, f, (flags & Files.O_CLOEXEC) != 0);
            if (fd < 0) {
                Vfs.unpin(n);
                Files.FILES.free(f);
            }
            return fd;
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    /**
     * The rest of open(2) for FIFO {@code n} (pinned; the pin goes to the open file, or is
     * dropped): its pipe's end ({@link Pipe#openFifo}, which may wait), installed; the
     * descriptor or -errno.
     */
    private static long openFifo(Process p, Inode n, long flags) {
        int access = (int) flags & Files.O_ACCMODE;
        Pipe pipe = access == Files.O_ACCMODE ? null : Pipe.openFifo(p, n, access, (flags & Files.O_NONBLOCK) != 0);
        long result = pipe == null ? (access == Files.O_ACCMODE ? -Errno.EINVAL : p.lookupError) : 0;
        Files.File f = null;
        if (pipe != null) {
            f = Files.open(Files.PIPE, null, ((int) flags & ~(Files.O_CREAT | Files.O_EXCL | Files.O_TRUNC
                    | Files.O_NOFOLLOW | Vfs.O_NOCTTY)) | FileCalls.O_LARGEFILE);
            if (f == null) {
                Pipe.closeEnds(pipe, access);
                result = -Errno.ENOMEM;
            }
        }
        if (f == null) {
            Vfs.lock();
            Vfs.unpin(n);
            Vfs.unlock();
            return result;
        }
        f.pipe = pipe;
        f.inode = n;                                // fstat shows the FIFO's inode; the pin is the file's now
        int fd = Files.install(p, f, (flags & Files.O_CLOEXEC) != 0);
        if (fd < 0) {
            Files.drop(f);
        }
        return fd;
    }

    /**
     * For execve: the program at user {@code path} from {@code p}'s working directory, links
     * followed, pinned (release it with {@link Vfs#unpinKernel}); null with -errno in
     * {@code p.lookupError}: EFAULT, ENAMETOOLONG, ENOENT, ENOTDIR, ELOOP, ENOMEM, and EACCES for
     * what is not a regular file or has no execute bit (the checks of Linux's do_open_execat).
     */
    static Inode executable(Process p, UserPtr path) {
        Walk w = walk();
        if (w == null) {
            p.lookupError = -Errno.ENOMEM;
            return null;
        }
        Vfs.lock();
        try {
            int e = w.user(path);
            if (e == 0) {
                e = Vfs.walk(w, Files.cwd(p), Vfs.FOLLOW);
            }
            if (e == 0 && (!w.inode().isRegular() || (w.inode().mode() & 0111) == 0)) {
                e = -Errno.EACCES;
            }
            if (e < 0) {
                p.lookupError = e;
                return null;
            }
            Inode n = w.inode();
            Vfs.pin(n);
            return n;
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    /** stat, lstat and newfstatat: AT_EMPTY_PATH with "" is fstat of dirfd; AT_SYMLINK_NOFOLLOW is lstat. */
    static long stat(Process p, long dirfd, UserPtr path, UserPtr buf, long flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) != 0) {
            return -Errno.EINVAL;
        }
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        int e = (flags & AT_EMPTY_PATH) != 0 ? w.userMaybeEmpty(path) : w.user(path);
        if (e < 0 || w.empty() && (int) dirfd != AT_FDCWD) {
            w.free();
            return e < 0 ? e : FileCalls.fstat(p, dirfd, buf);
        }
        Vfs.lock();
        try {
            if (w.empty()) {
                return FileCalls.statOut(p, Files.cwd(p), buf);
            }
            Inode start = start(p, w, dirfd);
            if (start == null) {
                return p.lookupError;
            }
            e = Vfs.walk(w, start, (flags & AT_SYMLINK_NOFOLLOW) != 0 ? 0 : Vfs.FOLLOW);
            if (e < 0) {
                return e;
            }
            return FileCalls.statOut(p, w.inode(), buf);
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    /**
     * The inode {@code path} names from {@code dirfd} (a last link followed unless
     * AT_SYMLINK_NOFOLLOW; "" with AT_EMPTY_PATH: dirfd's own), held by the walk; null with the
     * error in {@code p.lookupError}. The VFS lock is held.
     */
    private static Inode resolve(Process p, Walk w, long dirfd, UserPtr path, long flags) {
        int e = (flags & AT_EMPTY_PATH) != 0 ? w.userMaybeEmpty(path) : w.user(path);
        if (e < 0) {
            p.lookupError = e;
            return null;
        }
        if (w.empty()) {
            return emptyPath(p, dirfd);
        }
        Inode start = start(p, w, dirfd);
        if (start == null) {
            return null;
        }
        e = Vfs.walk(w, start, (flags & AT_SYMLINK_NOFOLLOW) != 0 ? 0 : Vfs.FOLLOW);
        if (e < 0) {
            p.lookupError = e;
            return null;
        }
        return w.inode();
    }

    /** statx(2): the basic fields of struct statx. */
    static long statx(Process p, long dirfd, UserPtr path, long flags, long mask, UserPtr buf) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)) != 0
                || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & 0x80000000L) != 0) {
            return -Errno.EINVAL;
        }
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            Inode n = resolve(p, w, dirfd, path, flags);
            if (n == null) {
                return p.lookupError;
            }
            byte[] io = p.io;
            FileCalls.clear(io, STATX_SIZE);
            Elf.put32(io, 0, STATX_BASIC_STATS);
            Elf.put32(io, 4, 4096);
            Elf.put32(io, 16, n.nlink());
            Elf.put32(io, 20, n.uid());
            Elf.put32(io, 24, n.gid());
            Elf.put16(io, 28, n.mode());
            Elf.put64(io, 32, n.ino());
            Elf.put64(io, 40, n.isRegular() || n.isDirectory() || n.isSymlink() ? n.size() : 0);
            Elf.put64(io, 48, n.blocks());
            statxTime(io, 64, n.atime());
            statxTime(io, 96, n.ctime());
            statxTime(io, 112, n.mtime());
            Elf.put32(io, 128, n.rdev() >> 8 & 0xFFF);
            Elf.put32(io, 132, n.rdev() & 0xFF);
            Elf.put32(io, 136, 0);
            Elf.put32(io, 140, n.dev());
            return UserAccess.copyTo(buf, io, 0, STATX_SIZE) ? 0 : -Errno.EFAULT;
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    private static void statxTime(byte[] io, int at, long nanos) {
        long s = Math.floorDiv(nanos, 1_000_000_000L);
        Elf.put64(io, at, s);
        Elf.put32(io, at + 8, (int) (nanos - s * 1_000_000_000L));
    }

    /** access, faccessat and faccessat2: as root every read and write is allowed (EROFS on a read-only mount); execute needs an x bit. */
    static long access(Process p, long dirfd, UserPtr path, long mode, long flags) {
        if ((mode & ~7) != 0 || (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) {
            return -Errno.EINVAL;
        }
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            Inode n = resolve(p, w, dirfd, path, flags);
            if (n == null) {
                return p.lookupError;
            }
            if ((mode & W_OK) != 0 && n.mount().readOnly() && (n.isRegular() || n.isDirectory() || n.isSymlink())) {
                return -Errno.EROFS;
            }
            if ((mode & X_OK) != 0 && !n.isDirectory() && (n.mode() & 0111) == 0) {
                return -Errno.EACCES;
            }
            return 0;
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    /** The shape of the calls that make or remove one name. */
    private static final int MKDIR = 0;
    private static final int MKNOD = 1;
    private static final int UNLINK = 2;
    private static final int RMDIR = 3;
    private static final int CHDIR = 4;
    private static final int TRUNCATE = 5;

    /** mkdir, mkdirat, mknod, mknodat, unlink, rmdir, unlinkat, chdir, truncate: one path and the VFS's operation on it. */
    static long onePath(Process p, int what, long dirfd, UserPtr path, long mode, long dev) {
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int e = w.user(path);
            if (e < 0) {
                return e;
            }
            Inode start = start(p, w, dirfd);
            if (start == null) {
                return p.lookupError;
            }
            switch (what) {
                case MKDIR:
                    return Vfs.mkdir(w, start, (int) mode & 01777 & ~p.group.umask);
                case MKNOD:
                    return Vfs.mknod(w, start, ((int) mode & Vfs.S_IFMT) | ((int) mode & 07777 & ~p.group.umask), decodeDev(dev));
                case UNLINK:
                    return Vfs.unlink(w, start);
                case RMDIR:
                    return Vfs.rmdir(w, start);
                case CHDIR:
                    e = Vfs.walk(w, start, Vfs.FOLLOW | Vfs.DIRECTORY);
                    if (e < 0) {
                        return e;
                    }
                    setCwd(p, w.inode());
                    return 0;
                case TRUNCATE:
                    e = Vfs.walk(w, start, Vfs.FOLLOW);
                    if (e < 0) {
                        return e;
                    }
                    return mode < 0 ? -Errno.EINVAL : Vfs.truncate(w.inode(), mode);
                default:
                    return -Errno.EINVAL;
            }
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    static long mkdir(Process p, long dirfd, UserPtr path, long mode) {
        return onePath(p, MKDIR, dirfd, path, mode, 0);
    }

    static long mknod(Process p, long dirfd, UserPtr path, long mode, long dev) {
        return onePath(p, MKNOD, dirfd, path, mode, dev);
    }

    static long unlinkat(Process p, long dirfd, UserPtr path, long flags) {
        if ((flags & ~AT_REMOVEDIR) != 0) {
            return -Errno.EINVAL;
        }
        return onePath(p, (flags & AT_REMOVEDIR) != 0 ? RMDIR : UNLINK, dirfd, path, 0, 0);
    }

    static long chdir(Process p, UserPtr path) {
        return onePath(p, CHDIR, AT_FDCWD, path, 0, 0);
    }

    static long truncate(Process p, UserPtr path, long length) {
        return onePath(p, TRUNCATE, AT_FDCWD, path, length, 0);
    }

    /** Linux's new_decode_dev of a 32-bit device number, then the kernel's encoding (major << 8 | minor, small numbers). */
    private static int decodeDev(long dev) {
        int major = (int) ((dev & 0xFFF00) >> 8);
        int minor = (int) ((dev & 0xFF) | ((dev >> 12) & 0xFFF00));
        return (minor & 0xFF) | (major << 8) | ((minor & ~0xFF) << 12);
    }

    /** Makes {@code dir} {@code p}'s working directory (the VFS lock held). */
    static void setCwd(Process p, Inode dir) {
        Vfs.pin(dir);
        Inode old = p.group.cwd;
        p.group.cwd = dir;
        if (old != null) {
            Vfs.unpin(old);
        }
    }

    /** rename, renameat, renameat2 (flags 0 or RENAME_NOREPLACE). */
    static long rename(Process p, long olddirfd, UserPtr oldPath, long newdirfd, UserPtr newPath, long flags) {
        Walk from = walk();
        Walk to = from == null ? null : walk();
        if (to == null) {
            if (from != null) {
                from.free();
            }
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int e = from.user(oldPath);
            if (e < 0) {
                return e;
            }
            e = to.user(newPath);
            if (e < 0) {
                return e;
            }
            Inode fromStart = start(p, from, olddirfd);
            if (fromStart == null) {
                return p.lookupError;
            }
            Inode toStart = start(p, to, newdirfd);
            if (toStart == null) {
                return p.lookupError;
            }
            return Vfs.rename(from, fromStart, to, toStart, (int) flags);
        } finally {
            Vfs.unlock();
            from.free();
            to.free();
        }
    }

    /** link and linkat (AT_SYMLINK_FOLLOW follows a last link of the old path; AT_EMPTY_PATH links olddirfd's file). */
    static long link(Process p, long olddirfd, UserPtr oldPath, long newdirfd, UserPtr newPath, long flags) {
        if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0) {
            return -Errno.EINVAL;
        }
        Walk from = walk();
        Walk to = from == null ? null : walk();
        if (to == null) {
            if (from != null) {
                from.free();
            }
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int e = (flags & AT_EMPTY_PATH) != 0 ? from.userMaybeEmpty(oldPath) : from.user(oldPath);
            if (e < 0) {
                return e;
            }
            e = to.user(newPath);
            if (e < 0) {
                return e;
            }
            if (from.empty()) {
                Inode old = Files.inodeOf(p, olddirfd);    // pinned by its file while the VFS lock is held
                if (old == null) {
                    return p.lookupError != 0 ? p.lookupError : -Errno.ENOENT;
                }
                if (old.isDirectory()) {
                    return -Errno.EPERM;
                }
                return linkOpenFile(p, old, to, newdirfd);
            }
            Inode fromStart = start(p, from, olddirfd);
            if (fromStart == null) {
                return p.lookupError;
            }
            Inode toStart = start(p, to, newdirfd);
            if (toStart == null) {
                return p.lookupError;
            }
            return Vfs.link(from, fromStart, (flags & AT_SYMLINK_FOLLOW) != 0, to, toStart);
        } finally {
            Vfs.unlock();
            from.free();
            to.free();
        }
    }

    /** linkat(fd, "", ..., AT_EMPTY_PATH) of an open file that is not a directory: its inode gets the new name. */
    private static long linkOpenFile(Process p, Inode file, Walk to, long newdirfd) {
        Inode toStart = start(p, to, newdirfd);
        if (toStart == null) {
            return p.lookupError;
        }
        return Vfs.linkTo(file, to, toStart);
    }

    /** symlink and symlinkat: a link to {@code target} at {@code path}. */
    static long symlink(Process p, UserPtr target, long dirfd, UserPtr path) {
        Walk w = walk();
        byte[] t = Walk.PATHS.alloc();
        if (w == null || t == null) {
            if (w != null) {
                w.free();
            }
            if (t != null) {
                Walk.PATHS.free(t);
            }
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int n = UserAccess.string(t, target);
            if (n < 0) {
                return -Errno.EFAULT;
            }
            if (n >= t.length) {
                return -Errno.ENAMETOOLONG;
            }
            if (n == 0) {
                return -Errno.ENOENT;
            }
            int e = w.user(path);
            if (e < 0) {
                return e;
            }
            Inode start = start(p, w, dirfd);
            if (start == null) {
                return p.lookupError;
            }
            return Vfs.symlink(t, n, w, start);
        } finally {
            Vfs.unlock();
            w.free();
            Walk.PATHS.free(t);
        }
    }

    /** readlink and readlinkat: a symbolic link's target, not NUL-terminated, cut at {@code size}. */
    static long readlink(Process p, long dirfd, UserPtr path, UserPtr buf, long size) {
        if (size <= 0) {
            return -Errno.EINVAL;
        }
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int e = w.user(path);
            if (e < 0) {
                return e;
            }
            Inode start = start(p, w, dirfd);
            if (start == null) {
                return p.lookupError;
            }
            e = Vfs.walk(w, start, 0);
            if (e < 0) {
                return e;
            }
            int n = Vfs.readlink(w.inode(), p.io, 0, (int) Math.min(size, p.io.length));
            if (n < 0) {
                return n;
            }
            return UserAccess.copyTo(buf, p.io, 0, n) ? n : -Errno.EFAULT;
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    /** getcwd(2): the working directory's path with its NUL; its length, ERANGE when {@code size} is too small, ENOENT when it was removed. */
    static long getcwd(Process p, UserPtr buf, long size) {
        byte[] name = Walk.PATHS.alloc();
        if (name == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int n = Vfs.pathOf(Files.cwd(p), Vfs.root(), p.io, name);
            if (n < 0) {
                return n;
            }
            if (n > size) {
                return -Errno.ERANGE;
            }
            return UserAccess.copyTo(buf, p.io, 0, n) ? n : -Errno.EFAULT;
        } finally {
            Vfs.unlock();
            Walk.PATHS.free(name);
        }
    }

    /** The attribute calls on a path: chmod and fchmodat (mode), chown, lchown, fchownat (uid, gid). */
    static long attributes(Process p, long dirfd, UserPtr path, boolean chown, long modeOrUid, long gid, long flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) {
            return -Errno.EINVAL;
        }
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            Inode n = resolve(p, w, dirfd, path, flags);
            if (n == null) {
                return p.lookupError;
            }
            return chown ? Vfs.chown(n, (int) modeOrUid, (int) gid) : Vfs.chmod(n, (int) modeOrUid);
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    /** utimensat(2): a null path sets dirfd's file's times; null times are now; UTIME_NOW and UTIME_OMIT. */
    static long utimensat(Process p, long dirfd, UserPtr path, UserPtr times, long flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) {
            return -Errno.EINVAL;
        }
        long now = Vfs.now();
        long atime = now;
        long mtime = now;
        if (!times.eq(UserPtr.of(0))) {
            if (!UserAccess.copyFrom(p.io, 0, times, 32)) {
                return -Errno.EFAULT;
            }
            atime = timeOf(Elf.u64(p.io, 0), Elf.u64(p.io, 8), now);
            mtime = timeOf(Elf.u64(p.io, 16), Elf.u64(p.io, 24), now);
            if (atime == -2 || mtime == -2) {
                return -Errno.EINVAL;
            }
            if (atime == -1 && mtime == -1) {
                return 0;
            }
        }
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            Inode n;
            if (path.eq(UserPtr.of(0))) {
                if ((int) dirfd == AT_FDCWD) {
                    return -Errno.EFAULT;
                }
                n = Files.inodeOf(p, dirfd);           // pinned by its file while the VFS lock is held
                if (n == null) {
                    return p.lookupError;           // -EBADF, or 0: a pipe's or the console's times are not kept
                }
            } else {
                n = resolve(p, w, dirfd, path, flags);
                if (n == null) {
                    return p.lookupError;
                }
            }
            return Vfs.setTimes(n, atime, mtime);
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    /** A struct timespec of utimensat as nanoseconds: now for UTIME_NOW, -1 for UTIME_OMIT, -2 when invalid. */
    private static long timeOf(long seconds, long nanos, long now) {
        if (nanos == UTIME_NOW) {
            return now;
        }
        if (nanos == UTIME_OMIT) {
            return -1;
        }
        if (nanos < 0 || nanos >= 1_000_000_000L) {
            return -2;
        }
        return seconds * 1_000_000_000L + nanos;
    }

    /** umask(2): sets the mask (its permission bits), returns the old one. */
    static long umask(Process p, long mask) {
        int old = Files.swapUmask(p, (int) mask & 0777);
        return old;
    }

    /** mount(2): a new tmpfs, devtmpfs or proc at {@code target} (see {@link Mounts}); the data argument is not read. */
    static long mount(Process p, UserPtr source, UserPtr target, UserPtr type, long flags, UserPtr data) {
        Walk w = walk();
        byte[] src = Walk.PATHS.alloc();
        byte[] fstype = Walk.PATHS.alloc();
        if (w == null || src == null || fstype == null) {
            if (w != null) {
                w.free();
            }
            if (src != null) {
                Walk.PATHS.free(src);
            }
            if (fstype != null) {
                Walk.PATHS.free(fstype);
            }
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int slength = 4;
            src[0] = 'n';
            src[1] = 'o';
            src[2] = 'n';
            src[3] = 'e';
            if (!source.eq(UserPtr.of(0))) {
                slength = UserAccess.string(src, source);
                if (slength < 0) {
                    return -Errno.EFAULT;
                }
            }
            int tlength = 0;
            if (!type.eq(UserPtr.of(0))) {
                tlength = UserAccess.string(fstype, type);
                if (tlength < 0) {
                    return -Errno.EFAULT;
                }
            } else if ((flags & (Mounts.MS_REMOUNT | Mounts.MS_BIND | Mounts.MS_MOVE)) == 0
                    && (flags & (0xF0000L << 1)) == 0) {
                return -Errno.EINVAL;
            }
            BlockDevice device = null;
            int tl = Math.min(tlength, fstype.length - 1);
            if ((flags & Mounts.MS_REMOUNT) == 0 && Mounts.needsDevice(fstype, tl)) {
                if (source.eq(UserPtr.of(0))) {
                    return -Errno.EFAULT;
                }
                Inode node = resolve(p, w, AT_FDCWD, source, 0);
                if (node == null) {
                    return p.lookupError;
                }
                if ((node.mode() & Vfs.S_IFMT) != Vfs.S_IFBLK) {
                    return -Errno.ENOTBLK;
                }
                device = BlockDevices.find(node.rdev());
                if (device == null) {
                    return -Errno.ENXIO;
                }
                w.release();
            }
            int e = w.user(target);
            if (e < 0) {
                return e;
            }
            return Mounts.mount(w, Files.cwd(p), fstype, tl, src, Math.min(slength, src.length - 1), flags, device);
        } finally {
            Vfs.unlock();
            w.free();
            Walk.PATHS.free(src);
            Walk.PATHS.free(fstype);
        }
    }

    /** umount2(2). */
    static long umount(Process p, UserPtr target, long flags) {
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            int e = w.user(target);
            if (e < 0) {
                return e;
            }
            return Mounts.umount(w, Files.cwd(p), (int) flags);
        } finally {
            Vfs.unlock();
            w.free();
        }
    }

    /** statfs(2) ({@code fd} -1: by path) and fstatfs(2): struct statfs of the file system holding the file. */
    static long statfs(Process p, UserPtr path, long fd, UserPtr buf) {
        Walk w = walk();
        if (w == null) {
            return -Errno.ENOMEM;
        }
        Vfs.lock();
        try {
            Inode n;
            if (fd >= 0 || path.eq(UserPtr.of(0)) && fd != -1) {
                n = Files.inodeOf(p, fd);              // pinned by its file while the VFS lock is held
                if (n == null && p.lookupError != 0) {
                    return p.lookupError;
                }
                if (n == null) {
                    n = Vfs.root();
                }
            } else {
                n = resolve(p, w, AT_FDCWD, path, 0);
                if (n == null) {
                    return p.lookupError;
                }
            }
            byte[] io = p.io;
            FileCalls.clear(io, 120);
            if (Ext2.statfs(n, io)) {
                return UserAccess.copyTo(buf, io, 0, 120) ? 0 : -Errno.EFAULT;
            }
            boolean proc = n.fs() == ProcFs.PROC;
            long limit = Buddy.ZONE.limit(Owner.TMPFS);
            long used = Buddy.used(Owner.TMPFS);
            Elf.put64(io, 0, proc ? PROC_SUPER_MAGIC : TMPFS_MAGIC);
            Elf.put64(io, 8, 4096);
            if (!proc) {
                Elf.put64(io, 16, limit);
                Elf.put64(io, 24, Math.max(0, limit - used));
                Elf.put64(io, 32, Math.max(0, limit - used));
                Elf.put64(io, 40, limit);
                Elf.put64(io, 48, Math.max(0, limit - Vfs.inodes()));
            }
            Elf.put32(io, 56, n.dev());
            Elf.put64(io, 64, Vfs.NAME_MAX);
            Elf.put64(io, 72, 4096);
            Elf.put64(io, 80, n.mount().readOnly() ? 1 : 0);
            return UserAccess.copyTo(buf, io, 0, 120) ? 0 : -Errno.EFAULT;
        } finally {
            Vfs.unlock();
            w.free();
        }
    }
}
