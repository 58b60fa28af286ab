package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.Cpio;
import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.fs.RootFs;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.rt.UserPtr;

/**
 * The file system calls over the read-only root (the initramfs) and the console: open and
 * openat, read, pread64, write, readv and writev, lseek, fstat, stat, lstat and newfstatat,
 * access and faccessat, getdents64, ioctl, fcntl, dup, dup2 and dup3, getcwd. The working
 * directory is the root. Every byte crosses through the process's staging buffer with
 * {@link UserAccess}, so a bad pointer is -EFAULT.
 */
final class FileCalls {
    private FileCalls() {}

    static final int SEEK_SET = 0;
    static final int SEEK_CUR = 1;
    static final int SEEK_END = 2;
    static final int IOV_MAX = 1024;
    static final int STAT_SIZE = 144;
    static final int S_IFCHR = 0020000;
    /** The console's device number: ttyS0, major 4, minor 64. */
    static final int CONSOLE_RDEV = (4 << 8) | 64;
    static final int ROOT_DEV = 1;
    static final int DT_CHR = 2;
    static final int DT_DIR = 4;
    static final int DT_REG = 8;
    static final int DT_LNK = 10;
    static final int F_DUPFD = 0;
    static final int F_GETFD = 1;
    static final int F_SETFD = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int W_OK = 2;

    /** read(2) (at the file's offset, {@code at} -1) or pread64(2) (at {@code at}; -2 a negative offset). */
    static long read(Process p, long fd, UserPtr buf, long n, long at) {
        Files.File f = Files.get(p, fd);
        if (f == null || (f.flags & Files.O_ACCMODE) == Files.O_WRONLY) {
            return -Errno.EBADF;
        }
        if (at == -2) {
            return -Errno.EINVAL;
        }
        if (n < 0) {
            return -Errno.EINVAL;
        }
        if (f.kind == Files.CONSOLE) {
            return at >= 0 ? -Errno.ESPIPE : Terminal.read(p, buf, n);
        }
        if (f.kind == Files.DIRECTORY) {
            return -Errno.EISDIR;
        }
        long offset = at >= 0 ? at : f.offset;
        byte[] io = p.io;
        long done = 0;
        while (done < n) {
            int got = RootFs.read(f.inode, offset + done, io, 0, (int) Math.min(n - done, io.length));
            if (got == 0) {
                break;
            }
            if (!UserAccess.copyTo(buf.plus(done), io, 0, got)) {
                if (done == 0) {
                    return -Errno.EFAULT;
                }
                break;
            }
            done += got;
        }
        if (at < 0) {
            f.offset += done;
        }
        return done;
    }

    /** write(2): the console only (the root is read-only, so no file is open for writing). */
    static long write(Process p, long fd, UserPtr buf, long n) {
        Files.File f = Files.get(p, fd);
        if (f == null || (f.flags & Files.O_ACCMODE) == Files.O_RDONLY) {
            return -Errno.EBADF;
        }
        if (n < 0) {
            return -Errno.EINVAL;
        }
        return Terminal.write(p, buf, n);
    }

    /** readv(2) and writev(2): each iovec in turn; stops at the first short transfer. */
    static long vector(Process p, long fd, UserPtr iov, long count, boolean write) {
        if (count < 0 || count > IOV_MAX) {
            return -Errno.EINVAL;
        }
        if (Files.get(p, fd) == null) {
            return -Errno.EBADF;
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
            long done = write ? write(p, fd, UserPtr.of(base), length) : read(p, fd, UserPtr.of(base), length, -1);
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

    /**
     * Copies the path at user {@code path} into the staging buffer; returns its length, or
     * -EFAULT, -ENAMETOOLONG, -ENOENT (empty).
     */
    private static int path(Process p, UserPtr path) {
        int n = UserAccess.string(p.io, path);
        if (n < 0) {
            return -Errno.EFAULT;
        }
        if (n >= p.io.length) {
            return -Errno.ENAMETOOLONG;
        }
        return n == 0 ? -Errno.ENOENT : n;
    }

    /** The directory a relative path starts from: AT_FDCWD (the root) or an open directory; null with EBADF/ENOTDIR in ERROR. */
    private static Inode directory(Process p, long dirfd) {
        if (dirfd == Syscalls.AT_FDCWD) {
            return RootFs.root();
        }
        Files.File f = Files.get(p, dirfd);
        return f == null || f.kind != Files.DIRECTORY ? null : f.inode;
    }

    /** Looks up the path at user {@code path} from {@code dirfd}; the inode, or null with the error in the process's lookupError. */
    private static Inode lookup(Process p, long dirfd, UserPtr path) {
        return lookup(p, dirfd, path, true);
    }

    /** As {@link #lookup}, following a symbolic link in the last component only if {@code follow}. */
    private static Inode lookup(Process p, long dirfd, UserPtr path, boolean follow) {
        int n = path(p, path);
        if (n < 0) {
            p.lookupError = n;
            return null;
        }
        Inode dir = p.io[0] == '/' ? RootFs.root() : directory(p, dirfd);
        if (dir == null) {
            p.lookupError = Files.get(p, dirfd) == null ? -Errno.EBADF : -Errno.ENOTDIR;
            return null;
        }
        Inode found = follow ? RootFs.lookupFrom(dir, p.io, n) : RootFs.lookupNoFollow(dir, p.io, n);
        if (found == null) {
            p.lookupError = RootFs.throughNonDirectory(dir, p.io, n) ? -Errno.ENOTDIR : -Errno.ENOENT;
        } else if (p.io[n - 1] == '/' && !found.isDirectory()) {
            p.lookupError = -Errno.ENOTDIR;         // "file/" names a directory that is not one
            return null;
        }
        return found;
    }

    /** open(2) and openat(2): read-only opens of the root's files and directories. */
    static long open(Process p, long dirfd, UserPtr path, long flags) {
        Inode node = lookup(p, dirfd, path);
        int access = (int) flags & Files.O_ACCMODE;
        boolean writing = access != Files.O_RDONLY || (flags & Files.O_TRUNC) != 0;
        if (node == null) {
            return p.lookupError == -Errno.ENOENT && (flags & Files.O_CREAT) != 0 ? -Errno.EROFS : p.lookupError;
        }
        if ((flags & Files.O_DIRECTORY) != 0 && !node.isDirectory()) {
            return -Errno.ENOTDIR;
        }
        if (node.isDirectory() && writing) {
            return -Errno.EISDIR;
        }
        if (writing) {
            return -Errno.EROFS;
        }
        Files.File f = Files.open(node.isDirectory() ? Files.DIRECTORY : Files.REGULAR, node, (int) flags);
        if (f == null) {
            return -Errno.ENOMEM;
        }
        int fd = Files.install(p, f);
        if (fd < 0) {
            Files.FILES.free(f);
        } else if ((flags & Files.O_CLOEXEC) != 0) {
            Files.setCloseOnExec(p, fd, true);
        }
        return fd;
    }

    static long lseek(Process p, long fd, long offset, long whence) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        if (f.kind == Files.CONSOLE) {
            return -Errno.ESPIPE;
        }
        if (f.kind == Files.DIRECTORY) {
            if (whence != SEEK_SET || offset != 0) {
                return -Errno.EINVAL;
            }
            f.position = 0;
            f.nextChild = null;
            return 0;
        }
        long base;
        if (whence == SEEK_SET) {
            base = 0;
        } else if (whence == SEEK_CUR) {
            base = f.offset;
        } else if (whence == SEEK_END) {
            base = f.inode.size();
        } else {
            return -Errno.EINVAL;
        }
        long to = base + offset;
        if (offset > 0 && to < base || to < 0) {
            return -Errno.EINVAL;
        }
        f.offset = to;
        return to;
    }

    /** Fills a struct stat (x86-64, 144 bytes) in the staging buffer for {@code node} (null: the console) and copies it out. */
    private static long statOut(Process p, Inode node, UserPtr buf) {
        byte[] io = p.io;
        for (int i = 0; i < STAT_SIZE; i++) {
            io[i] = 0;
        }
        if (node == null) {
            Elf.put64(io, 0, 0);
            Elf.put64(io, 8, 1);
            Elf.put64(io, 16, 1);
            Elf.put32(io, 24, S_IFCHR | 0620);
            Elf.put64(io, 40, CONSOLE_RDEV);
            Elf.put64(io, 56, 1024);
        } else {
            Elf.put64(io, 0, ROOT_DEV);
            Elf.put64(io, 8, node.ino());
            Elf.put64(io, 16, node.nlink());
            Elf.put32(io, 24, node.mode());
            Elf.put32(io, 28, node.uid());
            Elf.put32(io, 32, node.gid());
            Elf.put64(io, 48, node.size());
            Elf.put64(io, 56, 4096);
            Elf.put64(io, 64, (node.size() + 511) / 512);
            Elf.put64(io, 72, node.mtime());
            Elf.put64(io, 88, node.mtime());
            Elf.put64(io, 104, node.mtime());
        }
        return UserAccess.copyTo(buf, io, 0, STAT_SIZE) ? 0 : -Errno.EFAULT;
    }

    static long fstat(Process p, long fd, UserPtr buf) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        return statOut(p, f.kind == Files.CONSOLE ? null : f.inode, buf);
    }

    /** stat, lstat and newfstatat (AT_EMPTY_PATH with "" is fstat of dirfd; AT_SYMLINK_NOFOLLOW: lstat). */
    static long stat(Process p, long dirfd, UserPtr path, UserPtr buf, long flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW_FLAGS)) != 0) {
            return -Errno.EINVAL;
        }
        if ((flags & Syscalls.AT_EMPTY_PATH) != 0) {
            int n = UserAccess.string(p.io, path);
            if (n < 0) {
                return -Errno.EFAULT;
            }
            if (n == 0) {
                if (dirfd == Syscalls.AT_FDCWD) {
                    return statOut(p, RootFs.root(), buf);
                }
                return fstat(p, dirfd, buf);
            }
        }
        Inode node = lookup(p, dirfd, path, (flags & Syscalls.AT_SYMLINK_NOFOLLOW) == 0);
        if (node == null) {
            return p.lookupError;
        }
        return statOut(p, node, buf);
    }

    static final int AT_SYMLINK_NOFOLLOW_FLAGS = Syscalls.AT_SYMLINK_NOFOLLOW | Syscalls.AT_EMPTY_PATH | 0x800;

    /** access and faccessat: existence, and write access is -EROFS. */
    static long access(Process p, long dirfd, UserPtr path, long mode) {
        if ((mode & ~7) != 0) {
            return -Errno.EINVAL;
        }
        Inode node = lookup(p, dirfd, path);
        if (node == null) {
            return p.lookupError;
        }
        return (mode & W_OK) != 0 ? -Errno.EROFS : 0;
    }

    /** getdents64(2): ".", "..", then the directory's entries, as struct linux_dirent64 records. */
    static long getdents(Process p, long fd, UserPtr buf, long count) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        if (f.kind != Files.DIRECTORY) {
            return -Errno.ENOTDIR;
        }
        byte[] io = p.io;
        int limit = (int) Math.min(Math.max(count, 0), io.length);
        int used = 0;
        while (true) {
            Inode entry;
            int nameLength;
            if (f.position == 0) {
                entry = f.inode;
                nameLength = 1;
            } else if (f.position == 1) {
                entry = f.inode.parent();
                nameLength = 2;
            } else {
                entry = f.position == 2 ? f.inode.firstChild() : f.nextChild;
                if (entry == null) {
                    break;
                }
                nameLength = entry.nameLength();
            }
            int reclen = (19 + nameLength + 1 + 7) & -8;
            if (used + reclen > limit) {
                if (used == 0) {
                    return -Errno.EINVAL;           // the buffer cannot hold one entry
                }
                break;
            }
            Elf.put64(io, used, entry.ino());
            Elf.put64(io, used + 8, f.position + 1);
            io[used + 16] = (byte) reclen;
            io[used + 17] = (byte) (reclen >> 8);
            io[used + 18] = (byte) type(entry);
            if (f.position < 2) {
                io[used + 19] = '.';
                io[used + 20] = '.';            // overwritten by the NUL for "."
            } else {
                RootFs.name(entry, io, used + 19);
            }
            for (int i = used + 19 + nameLength; i < used + reclen; i++) {
                io[i] = 0;
            }
            used += reclen;
            if (f.position >= 2) {
                f.nextChild = entry.nextSibling();
            }
            f.position++;
        }
        if (used > 0 && !UserAccess.copyTo(buf, io, 0, used)) {
            return -Errno.EFAULT;
        }
        return used;
    }

    private static int type(Inode node) {
        int t = node.mode() & Cpio.S_IFMT;
        return t == Cpio.S_IFDIR ? DT_DIR : t == Cpio.S_IFLNK ? DT_LNK : DT_REG;
    }

    static long ioctl(Process p, long fd, long request, UserPtr arg) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        if (f.kind != Files.CONSOLE) {
            return -Errno.ENOTTY;
        }
        return Terminal.ioctl(p, request, arg);
    }

    static long fcntl(Process p, long fd, long command, long arg) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        switch ((int) command) {
            case F_GETFD:
                return Files.closeOnExec(p, (int) fd) ? 1 : 0;
            case F_SETFD:
                Files.setCloseOnExec(p, (int) fd, (arg & 1) != 0);
                return 0;
            case F_GETFL:
                return f.flags & ~Files.O_CLOEXEC;
            case F_SETFL:
                return 0;
            case F_DUPFD:
            case F_DUPFD_CLOEXEC:
                return dup(p, fd, -1 - Math.max(arg, 0), 0);
            default:
                return -Errno.EINVAL;
        }
    }

    /**
     * dup (to -1: the lowest free), dup2 and dup3 (to {@code to}, closing what it named), and
     * F_DUPFD (to -1 - N: the lowest free at or above N).
     */
    static long dup(Process p, long fd, long to, long flags) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        if ((flags & ~Files.O_CLOEXEC) != 0) {
            return -Errno.EINVAL;
        }
        if (to >= 0) {
            if (to >= Files.MAX_FDS) {
                return -Errno.EBADF;
            }
            if (to == fd) {
                return to;
            }
            Files.close(p, to);
            Files.set(p, (int) to, f);
            Files.setCloseOnExec(p, (int) to, (flags & Files.O_CLOEXEC) != 0);
            f.refs++;
            return to;
        }
        int from = (int) (-1 - to);
        int slot = Files.lowestFree(p, from);
        if (slot < 0) {
            return -Errno.EMFILE;
        }
        Files.set(p, slot, f);
        f.refs++;
        return slot;
    }

    /** readlink and readlinkat: a symbolic link's target, not NUL-terminated, cut at {@code size}. */
    static long readlink(Process p, long dirfd, UserPtr path, UserPtr buf, long size) {
        if (size <= 0) {
            return -Errno.EINVAL;
        }
        Inode node = lookup(p, dirfd, path, false);
        if (node == null) {
            return p.lookupError;
        }
        if (!node.isSymlink()) {
            return -Errno.EINVAL;
        }
        int n = RootFs.readLink(node, p.io, (int) Math.min(size, p.io.length));
        return UserAccess.copyTo(buf, p.io, 0, n) ? n : -Errno.EFAULT;
    }

    /** sendfile(2) from a file of the root to the console: at the file's offset, or at *offset (updated). */
    static long sendfile(Process p, long out, long in, UserPtr offsetAt, long count) {
        Files.File from = Files.get(p, in);
        Files.File to = Files.get(p, out);
        if (from == null || to == null || (to.flags & Files.O_ACCMODE) == Files.O_RDONLY) {
            return -Errno.EBADF;
        }
        if (from.kind != Files.REGULAR || to.kind != Files.CONSOLE || count < 0) {
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
        while (done < count) {
            int got = RootFs.read(from.inode, offset + done, p.io, 0, (int) Math.min(count - done, p.io.length));
            if (got == 0) {
                break;
            }
            Terminal.writeKernel(p.io, got);
            done += got;
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

    static long getcwd(Process p, UserPtr buf, long size) {
        if (size < 2) {
            return -Errno.ERANGE;
        }
        p.io[0] = '/';
        p.io[1] = 0;
        return UserAccess.copyTo(buf, p.io, 0, 2) ? 2 : -Errno.EFAULT;
    }
}
