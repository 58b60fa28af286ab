package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.DirEntry;
import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.rt.UserPtr;

/**
 * The system calls on file descriptors, with Linux's results and errors: read, write, pread64,
 * pwrite64, readv, writev, preadv, pwritev, lseek, fstat, getdents64, ioctl, fcntl, dup, dup2,
 * dup3, close, pipe, pipe2, fsync, fdatasync, ftruncate, fchdir, fchmod, fchown, sendfile. Each
 * kind of open file answers in its own way: a file of a file system through the VFS (its
 * bytes straight between its pages and user memory), a device through {@link Devices}, a pipe
 * through {@link Pipe}. The calls on paths are {@link PathCalls}'.
 */
final class FileCalls {
    private FileCalls() {}

    static final int SEEK_SET = 0;
    static final int SEEK_CUR = 1;
    static final int SEEK_END = 2;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;
    static final int IOV_MAX = 1024;
    static final int STAT_SIZE = 144;
    static final int F_DUPFD = 0;
    static final int F_GETFD = 1;
    static final int F_SETFD = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_GETLK = 5;
    static final int F_SETLK = 6;
    static final int F_SETLKW = 7;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int F_SETPIPE_SZ = 1031;
    static final int F_GETPIPE_SZ = 1032;
    static final int FD_CLOEXEC = 1;
    static final int F_UNLCK = 2;
    static final int FIONREAD = 0x541B;
    static final int FIONBIO = 0x5421;
    static final int FIONCLEX = 0x5450;
    static final int FIOCLEX = 0x5451;
    /** What open(2) adds to the status flags on x86-64 (force_o_largefile), so F_GETFL shows it. */
    static final int O_LARGEFILE = 0100000;
    /** st_dev of pipes and of the console opened by the kernel (Linux's pipefs and devtmpfs are anonymous devices too). */
    static final int PIPE_DEV = 12;
    static final int CONSOLE_DEV = 5;

    private static boolean readable(Files.File f) {
        return (f.flags & Files.O_ACCMODE) == Files.O_RDONLY || (f.flags & Files.O_ACCMODE) == Files.O_RDWR;
    }

    private static boolean writable(Files.File f) {
        return (f.flags & Files.O_ACCMODE) == Files.O_WRONLY || (f.flags & Files.O_ACCMODE) == Files.O_RDWR;
    }

    private static boolean nonblock(Files.File f) {
        return (f.flags & Files.O_NONBLOCK) != 0;
    }

    /** Whether pread/pwrite/lseek work on {@code f} (terminals and pipes: ESPIPE). */
    private static boolean seekable(Files.File f) {
        return f.kind == Files.REGULAR || f.kind == Files.DIRECTORY || f.kind == Files.BLOCK
                || f.kind == Files.CHAR && !Devices.isTerminal(f.device);
    }

    /** read(2) (at the file's offset, {@code at} -1) or pread64(2) (at {@code at}; -2 a negative offset). */
    static long read(Process p, long fd, UserPtr buf, long n, long at) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            return read(p, f, buf, n, at);          // with a reference when threads share the row: another's close cannot free it
        } finally {
            Files.put(p, f);
        }
    }

    private static long read(Process p, Files.File f, UserPtr buf, long n, long at) {
        if (!readable(f)) {
            return -Errno.EBADF;
        }
        if (at != -1 && !seekable(f)) {
            return -Errno.ESPIPE;
        }
        if (at == -2 || n < 0) {
            return -Errno.EINVAL;
        }
        switch (f.kind) {
            case Files.CHAR:
                return Devices.read(p, f.device, buf, n, nonblock(f));
            case Files.BLOCK: {
                long done = BlockFiles.read(f, buf, n, at >= 0 ? at : f.offset);
                if (done > 0 && at < 0) {
                    f.offset += done;
                }
                return done;
            }
            case Files.PIPE:
                return f.pipe.read(p, buf, n, nonblock(f));
            case Files.DIRECTORY:
                return -Errno.EISDIR;
            default:
                break;
        }
        Vfs.lock();
        try {
            long offset = at >= 0 ? at : f.offset;
            long done = Vfs.readUser(f.inode, offset, buf, n, p.io);
            if (done > 0 && at < 0) {
                f.offset += done;
            }
            return done;
        } finally {
            Vfs.unlock();
        }
    }

    /** write(2) ({@code at} -1) or pwrite64(2) (at {@code at}; -2 a negative offset). */
    static long write(Process p, long fd, UserPtr buf, long n, long at) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            return write(p, f, buf, n, at);
        } finally {
            Files.put(p, f);
        }
    }

    private static long write(Process p, Files.File f, UserPtr buf, long n, long at) {
        if (!writable(f)) {
            return -Errno.EBADF;
        }
        if (at != -1 && !seekable(f)) {
            return -Errno.ESPIPE;
        }
        if (at == -2 || n < 0) {
            return -Errno.EINVAL;
        }
        switch (f.kind) {
            case Files.CHAR:
                return Devices.write(p, f.device, buf, n);
            case Files.BLOCK: {
                long done = BlockFiles.write(f, buf, n, at >= 0 ? at : f.offset);
                if (done > 0 && at < 0) {
                    f.offset += done;
                }
                return done;
            }
            case Files.PIPE:
                return f.pipe.write(p, buf, n, nonblock(f));
            case Files.DIRECTORY:
                return -Errno.EISDIR;
            default:
                break;
        }
        if (!UserAccess.inUserHalf(buf, Math.min(n, 1))) {
            return -Errno.EFAULT;
        }
        Vfs.lock();
        try {
            boolean append = (f.flags & Files.O_APPEND) != 0;
            long offset = append ? f.inode.size() : at >= 0 ? at : f.offset;
            long done = Vfs.writeUser(f.inode, offset, buf, n, p.io);
            if (done > 0 && at < 0) {
                f.offset = offset + done;
            }
            return done;
        } finally {
            Vfs.unlock();
        }
    }

    /**
     * readv and writev ({@code at} -1), preadv and pwritev (at {@code at}): each iovec in turn;
     * stops at the first short transfer.
     */
    static long vector(Process p, long fd, UserPtr iov, long count, boolean write, long at) {
        if (count < 0 || count > IOV_MAX) {
            return -Errno.EINVAL;
        }
        Files.File f = Files.get(p, fd);
        if (f == null || !(write ? writable(f) : readable(f))) {
            return -Errno.EBADF;
        }
        if (at < -1) {
            return -Errno.EINVAL;
        }
        long total = 0;
        for (long i = 0; i < count; i++) {
            if (!UserAccess.copyFrom(p.io, 0, iov.plus(16 * i), 16)) {
                return total > 0 ? total : -Errno.EFAULT;
            }
            long base = Elf.u64(p.io, 0);
            long length = Elf.u64(p.io, 8);
            if (length < 0 || length > Long.MAX_VALUE - total) {
                return -Errno.EINVAL;
            }
            if (length == 0) {
                continue;
            }
            long where = at < 0 ? -1 : at + total;
            long done = write ? write(p, fd, UserPtr.of(base), length, where) : read(p, fd, UserPtr.of(base), length, where);
            if (done < 0) {
                return total > 0 ? total : done;
            }
            total += done;
            if (done < length) {
                break;
            }
        }
        return total;
    }

    static long lseek(Process p, long fd, long offset, long whence) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            if (!seekable(f)) {
                return -Errno.ESPIPE;
            }
            if (f.kind == Files.CHAR) {
                return 0;                               // null, zero, full, random: the offset stays 0 (null_lseek)
            }
            if (f.kind == Files.BLOCK) {
                return BlockFiles.lseek(f, offset, whence);
            }
            if (f.kind == Files.DIRECTORY) {
                long to;
                if (whence == SEEK_SET) {
                    to = offset;
                } else if (whence == SEEK_CUR) {
                    to = f.position + offset;
                } else {
                    return -Errno.EINVAL;
                }
                if (to < 0) {
                    return -Errno.EINVAL;
                }
                f.position = to;
                return to;
            }
            Vfs.lock();
            try {
                long size = f.inode.size();
                long to;
                if (whence == SEEK_SET) {
                    to = offset;
                } else if (whence == SEEK_CUR) {
                    to = f.offset + offset;
                    if (offset > 0 && to < f.offset) {
                        return -Errno.EOVERFLOW;
                    }
                } else if (whence == SEEK_END) {
                    to = size + offset;
                    if (offset > 0 && to < size) {
                        return -Errno.EOVERFLOW;
                    }
                } else if (whence == SEEK_DATA) {
                    if (offset < 0 || offset >= size) {
                        return -Errno.ENXIO;
                    }
                    to = offset;
                } else if (whence == SEEK_HOLE) {
                    if (offset < 0 || offset >= size) {
                        return -Errno.ENXIO;
                    }
                    to = size;
                } else {
                    return -Errno.EINVAL;
                }
                if (to < 0) {
                    return -Errno.EINVAL;
                }
                f.offset = to;
                return to;
            } finally {
                Vfs.unlock();
            }
        } finally {
            Files.put(p, f);
        }
    }

    /**
     * Fills a struct stat (x86-64, 144 bytes) for inode {@code n} (the VFS lock held) and copies it to
     * user {@code buf}: 0 or -EFAULT.
     */
    static long statOut(Process p, Inode n, UserPtr buf) {
        byte[] io = p.io;
        clear(io, STAT_SIZE);
        Elf.put64(io, 0, n.dev());
        Elf.put64(io, 8, n.ino());
        Elf.put64(io, 16, n.nlink());
        Elf.put32(io, 24, n.mode());
        Elf.put32(io, 28, n.uid());
        Elf.put32(io, 32, n.gid());
        Elf.put64(io, 40, n.rdev());
        Elf.put64(io, 48, n.isRegular() || n.isDirectory() || n.isSymlink() ? n.size() : 0);
        Elf.put64(io, 56, 4096);
        Elf.put64(io, 64, n.blocks());
        putTime(io, 72, n.atime());
        putTime(io, 88, n.mtime());
        putTime(io, 104, n.ctime());
        return UserAccess.copyTo(buf, io, 0, STAT_SIZE) ? 0 : -Errno.EFAULT;
    }

    /** A struct stat for an open file without an inode: a pipe or the console the kernel opened. */
    private static long statOut(Process p, Files.File f, UserPtr buf) {
        byte[] io = p.io;
        clear(io, STAT_SIZE);
        long now = Vfs.now();
        if (f.kind == Files.PIPE) {
            Elf.put64(io, 0, PIPE_DEV);
            Elf.put64(io, 8, f.pipe.ino);
            Elf.put32(io, 24, Vfs.S_IFIFO | 0600);
        } else {
            Elf.put64(io, 0, CONSOLE_DEV);
            Elf.put64(io, 8, 1);
            Elf.put32(io, 24, Vfs.S_IFCHR | 0600);
            Elf.put64(io, 40, f.device);
        }
        Elf.put64(io, 16, 1);
        Elf.put64(io, 56, 4096);
        putTime(io, 72, now);
        putTime(io, 88, now);
        putTime(io, 104, now);
        return UserAccess.copyTo(buf, io, 0, STAT_SIZE) ? 0 : -Errno.EFAULT;
    }

    static void clear(byte[] io, int n) {
        for (int i = 0; i < n; i++) {
            io[i] = 0;
        }
    }

    /** A time in nanoseconds as struct timespec (seconds, nanoseconds) at {@code at}. */
    static void putTime(byte[] io, int at, long nanos) {
        long s = Math.floorDiv(nanos, 1_000_000_000L);
        Elf.put64(io, at, s);
        Elf.put64(io, at + 8, nanos - s * 1_000_000_000L);
    }

    static long fstat(Process p, long fd, UserPtr buf) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            if (f.inode == null) {
                return statOut(p, f, buf);
            }
            Vfs.lock();
            try {
                return statOut(p, f.inode, buf);
            } finally {
                Vfs.unlock();
            }
        } finally {
            Files.put(p, f);
        }
    }

    /** getdents64(2): struct linux_dirent64 records from the directory's position on. */
    static long getdents(Process p, long fd, UserPtr buf, long count) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            if (f.kind != Files.DIRECTORY) {
                return -Errno.ENOTDIR;
            }
            DirEntry e = DirEntry.alloc();
            if (e == null) {
                return -Errno.ENOMEM;
            }
            byte[] io = p.io;
            int limit = (int) Math.min(Math.max(count, 0), io.length);
            int used = 0;
            long result = 0;
            Vfs.lock();
            try {
                while (true) {
                    long next = Vfs.readdir(f.inode, f.position, e, Vfs.root());
                    if (next < 0) {
                        result = next;
                        break;
                    }
                    if (next == 0) {
                        break;
                    }
                    int reclen = (19 + e.length() + 1 + 7) & -8;
                    if (used + reclen > limit) {
                        if (used == 0) {
                            result = -Errno.EINVAL;     // the buffer cannot hold one entry
                        }
                        break;
                    }
                    Elf.put64(io, used, e.ino());
                    Elf.put64(io, used + 8, next);
                    io[used + 16] = (byte) reclen;
                    io[used + 17] = (byte) (reclen >> 8);
                    io[used + 18] = (byte) e.type();
                    System.arraycopy(e.name(), 0, io, used + 19, e.length());
                    for (int i = used + 19 + e.length(); i < used + reclen; i++) {
                        io[i] = 0;
                    }
                    used += reclen;
                    f.position = next;
                }
            } finally {
                Vfs.unlock();
                e.free();
            }
            if (result < 0) {
                return result;
            }
            if (used > 0 && !UserAccess.copyTo(buf, io, 0, used)) {
                return -Errno.EFAULT;
            }
            return used;
        } finally {
            Files.put(p, f);
        }
    }

    static long ioctl(Process p, long fd, long request, UserPtr arg) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            switch ((int) request) {
                case FIOCLEX:
                    Files.setCloexec(p, (int) fd, true);
                    return 0;
                case FIONCLEX:
                    Files.setCloexec(p, (int) fd, false);
                    return 0;
                case FIONBIO:
                    if (!UserAccess.copyFrom(p.io, 0, arg, 4)) {
                        return -Errno.EFAULT;
                    }
                    f.flags = Elf.i32(p.io, 0) != 0 ? f.flags | Files.O_NONBLOCK : f.flags & ~Files.O_NONBLOCK;
                    return 0;
                case FIONREAD:
                    if (f.kind == Files.PIPE) {
                        Elf.put32(p.io, 0, (int) f.pipe.available());
                        return UserAccess.copyTo(arg, p.io, 0, 4) ? 0 : -Errno.EFAULT;
                    }
                    break;
                default:
                    break;
            }
            if (f.kind == Files.CHAR && Devices.isTerminal(f.device)) {
                return Terminal.ioctl(p, request, arg);
            }
            if (f.kind == Files.BLOCK) {
                return BlockFiles.ioctl(p, f, request, arg);
            }
            return -Errno.ENOTTY;
        } finally {
            Files.put(p, f);
        }
    }

    static long fcntl(Process p, long fd, long command, long arg) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            switch ((int) command) {
                case F_GETFD:
                    return Files.cloexec(p, (int) fd) ? FD_CLOEXEC : 0;
                case F_SETFD:
                    Files.setCloexec(p, (int) fd, (arg & FD_CLOEXEC) != 0);
                    return 0;
                case F_GETFL:
                    return f.flags;
                case F_SETFL:
                    f.flags = (f.flags & ~Files.SETFL_MASK) | ((int) arg & Files.SETFL_MASK);
                    return 0;
                case F_DUPFD:
                case F_DUPFD_CLOEXEC:
                    if (arg < 0 || !Files.allowed(p, arg)) {
                        return -Errno.EINVAL;
                    }
                    return dup(p, fd, -1 - arg, command == F_DUPFD_CLOEXEC ? Files.O_CLOEXEC : 0);
                case F_GETLK:
                    if (!UserAccess.copyFrom(p.io, 0, UserPtr.of(arg), 32)) {
                        return -Errno.EFAULT;
                    }
                    p.io[0] = F_UNLCK;                  // no locks are kept: the region is free
                    p.io[1] = 0;
                    return UserAccess.copyTo(UserPtr.of(arg), p.io, 0, 32) ? 0 : -Errno.EFAULT;
                case F_SETLK:
                case F_SETLKW:
                    return 0;                           // granted: no other lock holder is tracked yet
                case F_GETPIPE_SZ:
                case F_SETPIPE_SZ:
                    return f.kind == Files.PIPE ? Pipe.CAPACITY : -Errno.EBADF;
                default:
                    return -Errno.EINVAL;
            }
        } finally {
            Files.put(p, f);
        }
    }

    /**
     * dup (to -1: the lowest free), dup2 and dup3 (to {@code to}, closing what it named), and
     * F_DUPFD (to -1 - N: the lowest free at or above N); {@code flags} O_CLOEXEC or 0.
     */
    static long dup(Process p, long fd, long to, long flags) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            if ((flags & ~Files.O_CLOEXEC) != 0) {
                return -Errno.EINVAL;
            }
            boolean cloexec = (flags & Files.O_CLOEXEC) != 0;
            if (to >= 0) {
                if (!Files.allowed(p, to)) {
                    return -Errno.EBADF;
                }
                if (to == fd) {
                    return to;
                }
                Files.replace(p, (int) to, f, cloexec);    // what it named closed, in one step
                return to;
            }
            return Files.installFrom(p, f, (int) (-1 - to), cloexec);
        } finally {
            Files.put(p, f);
        }
    }

    /** pipe(2) and pipe2(2): a new pipe's read and write ends as two descriptors written to {@code fds}. */
    static long pipe(Process p, UserPtr fds, long flags) {
        if ((flags & ~(Files.O_CLOEXEC | Files.O_NONBLOCK | 040000)) != 0) {
            return -Errno.EINVAL;
        }
        Pipe pipe = Pipe.create();
        if (pipe == null) {
            return -Errno.ENFILE;
        }
        int status = (int) flags & Files.O_NONBLOCK;
        Files.File r = Files.open(Files.PIPE, null, Files.O_RDONLY | status);
        Files.File w = r == null ? null : Files.open(Files.PIPE, null, Files.O_WRONLY | status);
        if (w == null) {
            if (r != null) {
                Files.FILES.free(r);
            }
            Pipe.close(pipe, false);
            Pipe.close(pipe, true);
            return -Errno.ENFILE;
        }
        r.pipe = pipe;
        w.pipe = pipe;
        boolean cloexec = (flags & Files.O_CLOEXEC) != 0;
        if (!Files.installPair(p, r, w, cloexec, p.io)) {  // both descriptors chosen and filled in one step
            Files.drop(r);
            Files.drop(w);
            return -Errno.EMFILE;
        }
        if (!UserAccess.copyTo(fds, p.io, 0, 8)) {
            Files.closeIf(p, Elf.i32(p.io, 0), r);     // undone, unless another thread closed them meanwhile
            Files.closeIf(p, Elf.i32(p.io, 4), w);
            return -Errno.EFAULT;
        }
        return 0;
    }

    /** fsync(2), fdatasync(2) and syncfs(2): an ext2 file's volume written back and flushed (tmpfs: nothing to do), a disk's write cache flushed; EINVAL for pipes and character devices. */
    static long fsync(Process p, long fd) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            if (f.kind == Files.BLOCK) {
                return BlockFiles.fsync(f);
            }
            if (f.kind != Files.REGULAR && f.kind != Files.DIRECTORY) {
                return -Errno.EINVAL;
            }
            return org.zeptux.kernel.fs.Ext2.fsync(f.inode);
        } finally {
            Files.put(p, f);
        }
    }

    /** ftruncate(2): EINVAL unless a regular file open for writing. */
    static long ftruncate(Process p, long fd, long length) {
        if (length < 0) {
            return -Errno.EINVAL;
        }
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            if (f.kind != Files.REGULAR || !writable(f)) {
                return -Errno.EINVAL;
            }
            Vfs.lock();
            try {
                return Vfs.truncate(f.inode, length);
            } finally {
                Vfs.unlock();
            }
        } finally {
            Files.put(p, f);
        }
    }

    /** fchdir(2). */
    static long fchdir(Process p, long fd) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            if (f.kind != Files.DIRECTORY) {
                return -Errno.ENOTDIR;
            }
            Vfs.lock();
            PathCalls.setCwd(p, f.inode);
            Vfs.unlock();
            return 0;
        } finally {
            Files.put(p, f);
        }
    }

    /** fchmod(2) and fchown(2) ({@code chown}: uid and gid, -1 leaves one). */
    static long fattr(Process p, long fd, boolean chown, long modeOrUid, long gid) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            if (f.inode == null) {
                return 0;                               // a pipe's or the console's own attributes: nothing kept
            }
            Vfs.lock();
            try {
                return chown ? Vfs.chown(f.inode, (int) modeOrUid, (int) gid) : Vfs.chmod(f.inode, (int) modeOrUid);
            } finally {
                Vfs.unlock();
            }
        } finally {
            Files.put(p, f);
        }
    }

    /**
     * sendfile(2): from a regular file (at its offset, or at *offset, updated) to any descriptor
     * open for writing, through the staging buffer.
     */
    static long sendfile(Process p, long out, long in, UserPtr offsetAt, long count) {
        Files.File from = Files.get(p, in);
        Files.File to = Files.get(p, out);
        try {
            return sendfile(p, from, to, offsetAt, count);
        } finally {
            Files.put(p, from);
            Files.put(p, to);
        }
    }

    private static long sendfile(Process p, Files.File from, Files.File to, UserPtr offsetAt, long count) {
        if (from == null || to == null || !readable(from) || !writable(to)) {
            return -Errno.EBADF;
        }
        if (from.kind != Files.REGULAR || count < 0 || to.kind == Files.DIRECTORY) {
            return -Errno.EINVAL;
        }
        long offset = from.offset;
        boolean explicit = !offsetAt.eq(UserPtr.of(0));
        if (explicit) {
            if (!UserAccess.copyFrom(p.io, 0, offsetAt, 8)) {
                return -Errno.EFAULT;
            }
            offset = Elf.u64(p.io, 0);
            if (offset < 0) {
                return -Errno.EINVAL;
            }
        }
        long done = 0;
        long error = 0;
        while (done < count) {
            long got = Vfs.readKernel(from.inode, offset + done, p.io, 0, (int) Math.min(count - done, p.io.length));
            if (got <= 0) {
                error = got;
                break;
            }
            long put = writeKernel(p, to, p.io, (int) got);
            if (put < 0) {
                error = put;
                break;
            }
            done += put;
            if (put < got) {
                break;
            }
        }
        if (done == 0 && error < 0) {
            return error;
        }
        if (explicit) {
            Elf.put64(p.io, 0, offset + done);
            if (!UserAccess.copyTo(offsetAt, p.io, 0, 8)) {
                return -Errno.EFAULT;
            }
        } else {
            from.offset = offset + done;
        }
        return done;
    }

    /** Writes {@code bytes}[0, n) of a kernel buffer to open file {@code f} (sendfile's other end). */
    private static long writeKernel(Process p, Files.File f, byte[] bytes, int n) {
        switch (f.kind) {
            case Files.CHAR:
                if (Devices.isTerminal(f.device)) {
                    Terminal.writeKernel(bytes, n);
                    return n;
                }
                return f.device == Devices.FULL ? -Errno.ENOSPC : n;
            case Files.PIPE:
                return f.pipe.writeFrom(p, bytes, 0, n, nonblock(f));
            default:
                Vfs.lock();
                try {
                    long offset = (f.flags & Files.O_APPEND) != 0 ? f.inode.size() : f.offset;
                    long done = Vfs.write(f.inode, offset, bytes, 0, n);
                    if (done > 0) {
                        f.offset = offset + done;
                    }
                    return done;
                } finally {
                    Vfs.unlock();
                }
        }
    }
}
