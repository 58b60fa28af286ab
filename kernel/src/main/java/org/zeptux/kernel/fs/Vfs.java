package org.zeptux.kernel.fs;

import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.proc.Clock;
import org.zeptux.kernel.proc.Errno;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sync.Mutex;
import org.zeptux.rt.Platform;
import org.zeptux.rt.UserPtr;

/**
 * The virtual file system: inodes and their references, path walks, and the operations on
 * names and files every file system shares, with Linux's rules and errors (fs/namei.c, fs/open.c).
 * File systems ({@link FileSystem}: tmpfs, procfs) do the part that is theirs; system calls
 * ({@code proc.PathCalls}, {@code proc.FileCalls}) copy arguments in and results out.
 *
 * <p><b>Paths.</b> {@link #walk} resolves a path component by component from a start directory
 * (or the walk's root, for a leading '/'): {@code .} stays, {@code ..} goes to the parent (never
 * above the root; from a mount's root to its mountpoint's parent), a mountpoint leads to the
 * root of what is mounted on it, and a symbolic link is followed — its target spliced in front of
 * the rest of the path — at most {@link #MAXSYMLINKS} times (ELOOP). A component longer than
 * {@link #NAME_MAX} is ENAMETOOLONG, a component after a non-directory ENOTDIR, a missing one
 * ENOENT; a trailing '/' asks for a directory. Names are looked up in the {@link Dcache} first.
 *
 * <p><b>References.</b> See {@link Inode}: {@link #get} and {@link #put}; an inode goes when its
 * last reference does and its file system lets it ({@link FileSystem#droppable}).
 *
 * <p><b>Locking.</b> One sleeping lock ({@link #lock}) covers every inode, the dentry cache and
 * the mount table: a system call takes it around its whole operation on names or file data, and
 * never holds it while it waits for a pipe or the console. Methods here expect it held. (Finer
 * locks — per inode, as Linux's i_rwsem — come with several CPUs.)
 */
public final class Vfs {
    private Vfs() {}

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    /** The longest name of one component, and of a path with its NUL (Linux's NAME_MAX, PATH_MAX). */
    public static final int NAME_MAX = 255;
    public static final int PATH_MAX = 4096;
    /** The most symbolic links one walk follows (Linux's MAXSYMLINKS). */
    public static final int MAXSYMLINKS = 40;
    /** The largest file size (Linux's MAX_LFS_FILESIZE is larger; tmpfs's page tree holds 2^48 bytes). */
    public static final long MAX_FILE_SIZE = 1L << 48;

    /** {@link #walk} flags: follow a symbolic link as the last component; stop at the parent; want a directory. */
    public static final int FOLLOW = 1;
    public static final int PARENT = 2;
    public static final int DIRECTORY = 4;

    /** What the last component of a PARENT walk is. */
    public static final int LAST_NORM = 0;
    public static final int LAST_ROOT = 1;
    public static final int LAST_DOT = 2;
    public static final int LAST_DOTDOT = 3;

    /** open(2) flags. */
    public static final int O_ACCMODE = 3;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;

    /** rename flags. */
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;
    public static final int RENAME_WHITEOUT = 4;

    /** Why the last file-system operation that returned null failed (a positive errno); with the lock held. */
    public static int failure;

    static final Pool<Inode> INODES = Pool.of("inodes", Inode.class, Owner.KERNEL_HEAP);
    private static final Mutex LOCK = new Mutex("vfs");
    /** The mount of "/". */
    private static Mount rootMount;

    // ---- the lock ----

    /** Takes the VFS lock (before the scheduler runs, and on the JVM's simulated PC, there is one thread and no lock). */
    public static void lock() {
        if (Scheduler.running()) {
            LOCK.lock();
        }
    }

    public static void unlock() {
        if (Scheduler.running()) {
            LOCK.unlock();
        }
    }

    // ---- the root ----

    /**
     * Mounts an empty tmpfs as "/" (rootfs, as Linux's before it unpacks the initramfs) and sets
     * tmpfs's page limit to half the memory; false when out of memory. Once, at boot.
     */
    public static boolean init() {
        if (Platform.simulated()) {
            return false;                           // the JVM's simulated PC boots to the monitor without one
        }
        TmpFs.setDefaultLimit();
        lock();
        try {
            rootMount = Mounts.mount(TmpFs.ROOTFS, null, "rootfs", 0);
            return rootMount != null;
        } finally {
            unlock();
        }
    }

    /**
     * Mounts a devtmpfs on /dev and proc on /proc, making the directories if the initramfs has
     * none (as Linux's CONFIG_DEVTMPFS_MOUNT does for /dev); prints one line. At boot.
     */
    public static void mountDevAndProc() {
        if (root() == null) {
            return;
        }
        lock();
        try {
            boolean dev = mountAt("dev", TmpFs.DEVTMPFS, "devtmpfs");
            boolean proc = mountAt("proc", Mounts.TYPES[3], "proc");
            Printf.printf("vfs: / tmpfs, /dev %s, /proc %s\n", Printf.s(dev ? "devtmpfs" : "(failed)"),
                    Printf.s(proc ? "proc" : "(failed)"));
        } finally {
            unlock();
        }
    }

    private static boolean mountAt(String name, FileSystem fs, String source) {
        Walk w = Walk.alloc(root());
        if (w == null) {
            return false;
        }
        w.kernel(name);
        int e = mkdir(w, root(), 0755);
        w.kernel(name);
        if ((e == 0 || e == -Errno.EEXIST) && walk(w, root(), FOLLOW | DIRECTORY) == 0) {
            Mount m = Mounts.mount(fs, w.inode, source, 0);
            w.free();
            return m != null;
        }
        w.free();
        return false;
    }

    /** The root directory ("/"), or null before {@link #init}. */
    public static Inode root() {
        return rootMount == null ? null : rootMount.root;
    }

    /** Makes {@code m} the root mount (the initramfs unpacked into a new tmpfs replaces the empty one). */
    static void setRootMount(Mount m) {
        rootMount = m;
    }

    static Mount rootMount() {
        return rootMount;
    }

    // ---- inodes ----

    /** The time now, in nanoseconds since 1970. */
    public static long now() {
        return Clock.realtimeNanos();
    }

    /**
     * A new inode of file system instance {@code m} with {@code mode}, the next inode number,
     * link count 1, owner root and every time now, and one reference; null with ENOMEM.
     */
    public static Inode newInode(Mount m, int mode) {
        Inode n = INODES.alloc();
        if (n == null) {
            failure = Errno.ENOMEM;
            return null;
        }
        n.mount = m;
        n.fs = m.fs;
        n.mode = mode;
        n.ino = m.nextIno;
        m.nextIno++;
        n.nlink = 1;
        long t = now();
        n.atime = t;
        n.mtime = t;
        n.ctime = t;
        n.refs = 1;
        return n;
    }

    /** Sets a procfs node's kind and process, and its inode number. */
    public static void describe(Inode n, int kind, int pid, long ino) {
        n.kind = kind;
        n.pid = pid;
        n.ino = ino;
    }

    /** Sets a node's link count (a file system's own bookkeeping). */
    public static void setLinks(Inode n, int nlink) {
        n.nlink = nlink;
    }

    /** Sets a directory's parent (a counted reference; a file system root passes itself, uncounted). */
    public static void setParent(Inode dir, Inode parent) {
        if (parent != dir) {
            get(parent);
        }
        dir.parent = parent;
    }

    /** One more reference to {@code n}. */
    public static void get(Inode n) {
        n.refs++;
    }

    /** Drops a reference to {@code n}; frees it (and its parent's, up the chain, when that was the last) when it may go. */
    public static void put(Inode n) {
        Inode at = n;
        while (at != null) {
            at.refs--;
            if (at.refs < 0) {
                throw new IllegalStateException("an inode put more often than got");
            }
            if (at.refs > 0 || !at.fs.droppable(at)) {
                return;
            }
            Inode parent = at.parent == at ? null : at.parent;
            destroy(at);
            at = parent;
        }
    }

    /** Frees {@code n} now (its file system's data, its dentries); the caller drops the parent reference it held. */
    private static void destroy(Inode n) {
        n.fs.evict(n);
        if (n.cached > 0) {
            Dcache.forget(n);
        }
        n.parent = null;
        INODES.free(n);
    }

    /** Frees inode {@code n} of an instance being unmounted (no reference but the file system's own is left). */
    static void free(Inode n) {
        n.refs = 0;
        destroy(n);
    }

    /** Inodes in memory. */
    public static long inodes() {
        return INODES.active();
    }

    // ---- path walks ----

    /** The type of the component {@code path}[at, at + length). */
    private static int componentType(byte[] path, int at, int length) {
        if (length == 1 && path[at] == '.') {
            return LAST_DOT;
        }
        if (length == 2 && path[at] == '.' && path[at + 1] == '.') {
            return LAST_DOTDOT;
        }
        return LAST_NORM;
    }

    /**
     * Walks {@code w}'s path from {@code start} (a directory; a leading '/' starts at the walk's
     * root instead): with {@link #PARENT}, to the directory holding the last component —
     * {@code w.dir}, the component and its type, and {@code w.inode} its inode if it exists (a
     * symbolic link there followed only with {@link #FOLLOW}); else to the inode the whole path
     * names ({@code w.inode}; a last symbolic link followed with FOLLOW or a trailing '/').
     * Returns 0 or -errno; what it found is counted and {@code w.free()} drops it.
     */
    public static int walk(Walk w, Inode start, int flags) {
        w.release();
        if (w.length == 0) {
            return -Errno.ENOENT;
        }
        Inode cur = w.path[0] == '/' ? w.root : start;
        get(cur);
        int i = 0;
        while (true) {
            byte[] path = w.path;
            int length = w.length;
            while (i < length && path[i] == '/') {
                i++;
            }
            if (i == length) {                              // "/", or a link to "/": no component left
                if ((flags & PARENT) != 0) {
                    w.dir = cur;
                    w.lastType = LAST_ROOT;
                    w.lastAt = i;
                    w.lastLength = 0;
                    w.trailing = false;
                    get(cur);
                    w.inode = cur;
                    return 0;
                }
                w.inode = cur;
                return 0;
            }
            int j = i;
            while (j < length && path[j] != '/') {
                j++;
            }
            int k = j;
            while (k < length && path[k] == '/') {
                k++;
            }
            boolean last = k == length;
            boolean trailing = last && j < length;
            int type = componentType(path, i, j - i);
            if (!cur.isDirectory()) {
                put(cur);
                return -Errno.ENOTDIR;
            }
            if (last && (flags & PARENT) != 0) {
                w.lastAt = i;
                w.lastLength = j - i;
                w.lastType = type;
                w.trailing = trailing;
                if (type != LAST_NORM) {
                    w.dir = cur;
                    w.inode = null;
                    return 0;
                }
                if (j - i > NAME_MAX) {
                    put(cur);
                    return -Errno.ENAMETOOLONG;
                }
                if (cur.nlink == 0) {
                    put(cur);
                    return -Errno.ENOENT;            // a removed directory: nothing is made in it
                }
                Inode child = lookupChild(cur, path, i, j - i);
                if (child == null && (failure != Errno.ENOENT || !cur.fs.negativeEntries())) {
                    put(cur);
                    return -failure;
                }
                child = crossMounts(child);
                if (child != null && child.isSymlink() && (flags & FOLLOW) != 0) {
                    int e = follow(w, child, j);
                    put(child);
                    if (e < 0) {
                        put(cur);
                        return e;
                    }
                    if (w.path[0] == '/') {
                        put(cur);
                        cur = w.root;
                        get(cur);
                    }
                    i = 0;
                    continue;
                }
                w.dir = cur;
                w.inode = child;
                return 0;
            }
            Inode next;
            if (type == LAST_DOT) {
                next = cur;
                get(next);
            } else if (type == LAST_DOTDOT) {
                next = parentOf(w, cur);
            } else {
                if (j - i > NAME_MAX) {
                    put(cur);
                    return -Errno.ENAMETOOLONG;
                }
                next = lookupChild(cur, path, i, j - i);
                if (next == null) {
                    put(cur);
                    return -failure;
                }
                next = crossMounts(next);
            }
            if (next.isSymlink() && (!last || (flags & FOLLOW) != 0 || trailing)) {
                int e = follow(w, next, j);
                put(next);
                if (e < 0) {
                    put(cur);
                    return e;
                }
                if (w.path[0] == '/') {
                    put(cur);
                    cur = w.root;
                    get(cur);
                }
                i = 0;
                continue;
            }
            put(cur);
            cur = next;
            i = k;
            if (last) {
                if ((trailing || (flags & DIRECTORY) != 0) && !cur.isDirectory()) {
                    put(cur);
                    return -Errno.ENOTDIR;
                }
                w.inode = cur;
                return 0;
            }
        }
    }

    /**
     * Follows link {@code link}, met at the component ending at {@code end} of the path: the path
     * becomes the link's target followed by the rest ({@code path[end..]}). 0, or -ELOOP (too
     * many links), -ENAMETOOLONG (the spliced path is PATH_MAX or more), -ENOENT (an empty
     * target), -ENOMEM.
     */
    private static int follow(Walk w, Inode link, int end) {
        w.links++;
        if (w.links > MAXSYMLINKS) {
            return -Errno.ELOOP;
        }
        if (w.spare == null) {
            w.spare = Walk.PATHS.alloc();
            if (w.spare == null) {
                return -Errno.ENOMEM;
            }
        }
        int rest = w.length - end;
        if (link.size >= PATH_MAX || link.size + rest >= PATH_MAX) {
            return -Errno.ENAMETOOLONG;
        }
        int n = link.fs.readlink(link, w.spare, 0, PATH_MAX - 1);
        if (n < 0) {
            return n;
        }
        if (n == 0) {
            return -Errno.ENOENT;
        }
        if (n + rest >= PATH_MAX) {
            return -Errno.ENAMETOOLONG;
        }
        System.arraycopy(w.path, end, w.spare, n, rest);
        byte[] t = w.path;
        w.path = w.spare;
        w.spare = t;
        w.length = n + rest;
        return 0;
    }

    /** ".." of {@code cur} (counted): its parent, never above the walk's root, across a mount to its mountpoint's parent. */
    private static Inode parentOf(Walk w, Inode cur) {
        Inode at = cur;
        while (at != w.root && at == at.mount.root && at.mount.mountpoint != null) {
            at = at.mount.mountpoint;
        }
        Inode p = at == w.root || at.parent == null ? at : at.parent;
        get(p);
        return p;
    }

    /** {@code n}, or the root of what is mounted on it (on top of each other, the topmost); the reference moves along. */
    static Inode crossMounts(Inode n) {
        while (n != null && n.mounted != null) {
            Inode r = n.mounted.root;
            get(r);
            put(n);
            n = r;
        }
        return n;
    }

    /**
     * The child named {@code name}[at, at + length) of directory {@code dir} (counted), from
     * the dentry cache or the file system; null with the reason in {@link #failure}.
     */
    static Inode lookupChild(Inode dir, byte[] name, int at, int length) {
        boolean cacheable = dir.fs.cacheable();
        if (cacheable) {
            Dcache.Entry e = Dcache.find(dir, name, at, length);
            if (e != null) {
                if (e.inode == null) {
                    failure = Errno.ENOENT;
                    return null;
                }
                get(e.inode);
                return e.inode;
            }
        }
        Inode n = dir.fs.lookup(dir, name, at, length);
        if (cacheable && (n != null || failure == Errno.ENOENT)) {
            Dcache.set(dir, name, at, length, n);
        }
        return n;
    }

    /** Whether {@code a} is {@code b} or a directory above it in the same file system instance. */
    private static boolean isAncestor(Inode a, Inode b) {
        Inode at = b;
        while (true) {
            if (at == a) {
                return true;
            }
            if (at.parent == null || at.parent == at) {
                return false;
            }
            at = at.parent;
        }
    }

    private static int readOnly(Inode n) {
        return n.mount.readOnly() ? -Errno.EROFS : 0;
    }

    // ---- operations on names ----

    /**
     * open(2)'s path part: finds (or with O_CREAT makes, with {@code mode} — the umask already
     * applied) the file {@code flags} ask for and leaves it in {@code w.inode}; truncates it for
     * O_TRUNC. Returns 0, 1 when it made the file, or -errno, in Linux's order of checks.
     */
    public static int open(Walk w, Inode start, int flags, int mode) {
        int access = flags & O_ACCMODE;
        boolean writes = access == O_WRONLY || access == O_RDWR;
        int made = 0;
        if ((flags & O_CREAT) != 0) {
            if ((flags & O_DIRECTORY) != 0) {
                return -Errno.EINVAL;
            }
            boolean follow = (flags & (O_EXCL | O_NOFOLLOW)) == 0;
            int e = walk(w, start, PARENT | (follow ? FOLLOW : 0));
            if (e < 0) {
                return e;
            }
            if (w.lastType != LAST_NORM || w.trailing) {
                return -Errno.EISDIR;
            }
            if (w.inode == null) {
                e = readOnly(w.dir);
                if (e < 0) {
                    return e;
                }
                Inode n = w.dir.fs.create(w.dir, w.path, w.lastAt, w.lastLength, S_IFREG | (mode & 07777), 0);
                if (n == null) {
                    return -failure;
                }
                touchDirectory(w.dir);
                Dcache.set(w.dir, w.path, w.lastAt, w.lastLength, n);
                w.inode = n;
                made = 1;
            } else if ((flags & O_EXCL) != 0) {
                return -Errno.EEXIST;
            } else if (w.inode.isDirectory()) {
                return -Errno.EISDIR;
            }
        } else {
            int e = walk(w, start, ((flags & O_NOFOLLOW) != 0 ? 0 : FOLLOW) | ((flags & O_DIRECTORY) != 0 ? DIRECTORY : 0));
            if (e < 0) {
                return e;
            }
        }
        Inode n = w.inode;
        if ((flags & O_DIRECTORY) != 0 && !n.isDirectory()) {
            return -Errno.ENOTDIR;
        }
        if (n.isSymlink()) {
            return -Errno.ELOOP;
        }
        if (n.isDirectory() && (writes || (flags & O_TRUNC) != 0)) {
            return -Errno.EISDIR;
        }
        if (n.isRegular() && (writes || (flags & O_TRUNC) != 0)) {
            int e = readOnly(n);
            if (e < 0) {
                return e;
            }
            if (!n.fs.writable()) {
                return -Errno.EACCES;
            }
        }
        if (made == 0 && (flags & O_TRUNC) != 0 && n.isRegular()) {
            int e = truncate(n, 0);
            if (e < 0) {
                return e;
            }
        }
        return made;
    }

    /** mkdir(2): a directory of {@code mode} (umask applied) at {@code w}'s path. 0 or -errno. */
    public static int mkdir(Walk w, Inode start, int mode) {
        int e = walk(w, start, PARENT);
        if (e < 0) {
            return e;
        }
        if (w.lastType != LAST_NORM || w.inode != null) {
            return -Errno.EEXIST;
        }
        e = readOnly(w.dir);
        if (e < 0) {
            return e;
        }
        Inode n = w.dir.fs.mkdir(w.dir, w.path, w.lastAt, w.lastLength, S_IFDIR | (mode & 01777));
        if (n == null) {
            return -failure;
        }
        touchDirectory(w.dir);
        Dcache.set(w.dir, w.path, w.lastAt, w.lastLength, n);
        put(n);
        return 0;
    }

    /** mknod(2) of a regular file, a character device or a FIFO: 0 or -errno (EEXIST, EPERM for other types). */
    public static int mknod(Walk w, Inode start, int mode, int rdev) {
        int type = mode & S_IFMT;
        if (type == 0) {
            mode |= S_IFREG;
            type = S_IFREG;
        }
        if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO) {
            return type == S_IFDIR ? -Errno.EPERM : -Errno.EINVAL;
        }
        int e = walk(w, start, PARENT);
        if (e < 0) {
            return e;
        }
        if (w.lastType != LAST_NORM || w.inode != null) {
            return -Errno.EEXIST;
        }
        if (w.trailing) {
            return -Errno.ENOENT;
        }
        e = readOnly(w.dir);
        if (e < 0) {
            return e;
        }
        Inode n = w.dir.fs.create(w.dir, w.path, w.lastAt, w.lastLength, type | (mode & 07777), rdev);
        if (n == null) {
            return -failure;
        }
        touchDirectory(w.dir);
        Dcache.set(w.dir, w.path, w.lastAt, w.lastLength, n);
        put(n);
        return 0;
    }

    /** unlink(2): removes a name that is not a directory's. 0 or -errno. */
    public static int unlink(Walk w, Inode start) {
        int e = walk(w, start, PARENT);
        if (e < 0) {
            return e;
        }
        if (w.lastType != LAST_NORM) {
            return -Errno.EISDIR;
        }
        e = readOnly(w.dir);
        if (e < 0) {
            return e;
        }
        Inode victim = w.inode;
        if (w.trailing) {
            return victim == null ? -Errno.ENOENT : victim.isDirectory() ? -Errno.EISDIR : -Errno.ENOTDIR;
        }
        if (victim == null) {
            return -Errno.ENOENT;
        }
        if (victim.isDirectory()) {
            return -Errno.EISDIR;
        }
        if (victim.mounted != null) {
            return -Errno.EBUSY;
        }
        e = w.dir.fs.unlink(w.dir, w.path, w.lastAt, w.lastLength, victim);
        if (e < 0) {
            return e;
        }
        touchDirectory(w.dir);
        victim.ctime = now();
        Dcache.set(w.dir, w.path, w.lastAt, w.lastLength, null);
        return 0;
    }

    /** rmdir(2): removes an empty directory. 0 or -errno. */
    public static int rmdir(Walk w, Inode start) {
        int e = walk(w, start, PARENT);
        if (e < 0) {
            return e;
        }
        if (w.lastType == LAST_DOTDOT) {
            return -Errno.ENOTEMPTY;
        }
        if (w.lastType == LAST_DOT) {
            return -Errno.EINVAL;
        }
        if (w.lastType == LAST_ROOT) {
            return -Errno.EBUSY;
        }
        e = readOnly(w.dir);
        if (e < 0) {
            return e;
        }
        Inode victim = w.inode;
        if (victim == null) {
            return -Errno.ENOENT;
        }
        if (!victim.isDirectory()) {
            return -Errno.ENOTDIR;
        }
        if (victim.mounted != null || victim == victim.mount.root) {
            return -Errno.EBUSY;
        }
        e = w.dir.fs.rmdir(w.dir, w.path, w.lastAt, w.lastLength, victim);
        if (e < 0) {
            return e;
        }
        touchDirectory(w.dir);
        Dcache.set(w.dir, w.path, w.lastAt, w.lastLength, null);
        return 0;
    }

    /**
     * link(2): gives the file at {@code from}'s path (a last symbolic link followed only if
     * {@code follow}) the new name at {@code to}'s path. 0 or -errno.
     */
    public static int link(Walk from, Inode fromStart, boolean follow, Walk to, Inode toStart) {
        int e = walk(from, fromStart, follow ? FOLLOW : 0);
        if (e < 0) {
            return e;
        }
        return linkTo(from.inode, to, toStart);
    }

    /** Gives {@code target} the new name at {@code to}'s path (link(2)'s second half; linkat of an open file). */
    public static int linkTo(Inode target, Walk to, Inode toStart) {
        int e = walk(to, toStart, PARENT);
        if (e < 0) {
            return e;
        }
        if (to.lastType != LAST_NORM || to.inode != null) {
            return -Errno.EEXIST;
        }
        if (to.trailing) {
            return -Errno.ENOENT;
        }
        e = readOnly(to.dir);
        if (e < 0) {
            return e;
        }
        if (target.mount != to.dir.mount) {
            return -Errno.EXDEV;
        }
        if (target.isDirectory()) {
            return -Errno.EPERM;
        }
        if (target.nlink == 0) {
            return -Errno.ENOENT;
        }
        e = to.dir.fs.link(to.dir, to.path, to.lastAt, to.lastLength, target);
        if (e < 0) {
            return e;
        }
        touchDirectory(to.dir);
        target.ctime = now();
        Dcache.set(to.dir, to.path, to.lastAt, to.lastLength, target);
        return 0;
    }

    /** symlink(2): a symbolic link to {@code target}[0, tlength) at {@code w}'s path. 0 or -errno. */
    public static int symlink(byte[] target, int tlength, Walk w, Inode start) {
        if (tlength == 0) {
            return -Errno.ENOENT;
        }
        if (tlength >= PATH_MAX) {
            return -Errno.ENAMETOOLONG;
        }
        int e = walk(w, start, PARENT);
        if (e < 0) {
            return e;
        }
        if (w.lastType != LAST_NORM || w.inode != null) {
            return -Errno.EEXIST;
        }
        if (w.trailing) {
            return -Errno.ENOENT;
        }
        e = readOnly(w.dir);
        if (e < 0) {
            return e;
        }
        Inode n = w.dir.fs.symlink(w.dir, w.path, w.lastAt, w.lastLength, target, 0, tlength);
        if (n == null) {
            return -failure;
        }
        touchDirectory(w.dir);
        Dcache.set(w.dir, w.path, w.lastAt, w.lastLength, n);
        put(n);
        return 0;
    }

    /** rename(2), renameat2(2) with flags 0 or RENAME_NOREPLACE. 0 or -errno, in Linux's order of checks. */
    public static int rename(Walk from, Inode fromStart, Walk to, Inode toStart, int flags) {
        if ((flags & ~RENAME_NOREPLACE) != 0) {
            return -Errno.EINVAL;
        }
        int e = walk(from, fromStart, PARENT);
        if (e < 0) {
            return e;
        }
        e = walk(to, toStart, PARENT);
        if (e < 0) {
            return e;
        }
        if (from.dir.mount != to.dir.mount) {
            return -Errno.EXDEV;
        }
        if (from.lastType != LAST_NORM) {
            return -Errno.EBUSY;
        }
        if (to.lastType != LAST_NORM) {
            return (flags & RENAME_NOREPLACE) != 0 ? -Errno.EEXIST : -Errno.EBUSY;
        }
        e = readOnly(from.dir);
        if (e < 0) {
            return e;
        }
        Inode victim = from.inode;
        Inode target = to.inode;
        if (victim == null) {
            return -Errno.ENOENT;
        }
        if (victim.isDirectory() && isAncestor(victim, to.dir)) {
            return -Errno.EINVAL;                   // into its own subtree
        }
        if ((flags & RENAME_NOREPLACE) != 0 && target != null) {
            return -Errno.EEXIST;
        }
        if (!victim.isDirectory() && (from.trailing || to.trailing)) {
            return -Errno.ENOTDIR;
        }
        if (target != null && target.isDirectory() && isAncestor(target, from.dir)) {
            return -Errno.ENOTEMPTY;                // onto a directory above the source
        }
        if (victim == target) {
            return 0;                               // two names of one file: nothing to do
        }
        if (victim.mounted != null || victim == victim.mount.root) {
            return -Errno.EBUSY;
        }
        if (target != null) {
            if (victim.isDirectory() && !target.isDirectory()) {
                return -Errno.ENOTDIR;
            }
            if (!victim.isDirectory() && target.isDirectory()) {
                return -Errno.EISDIR;
            }
            if (target.mounted != null) {
                return -Errno.EBUSY;
            }
        }
        e = from.dir.fs.rename(from.dir, from.path, from.lastAt, from.lastLength, victim, to.dir, to.path, to.lastAt,
                to.lastLength, target);
        if (e < 0) {
            return e;
        }
        long t = now();
        from.dir.mtime = t;
        from.dir.ctime = t;
        to.dir.mtime = t;
        to.dir.ctime = t;
        victim.ctime = t;
        if (target != null) {
            target.ctime = t;
        }
        Dcache.set(from.dir, from.path, from.lastAt, from.lastLength, null);
        Dcache.set(to.dir, to.path, to.lastAt, to.lastLength, victim);
        return 0;
    }

    private static void touchDirectory(Inode dir) {
        long t = now();
        dir.mtime = t;
        dir.ctime = t;
    }

    /** readlink(2): {@code link}'s target into {@code dst[at..]}, at most {@code max} bytes: its length, or -EINVAL (not a link). */
    public static int readlink(Inode link, byte[] dst, int at, int max) {
        if (!link.isSymlink()) {
            return -Errno.EINVAL;
        }
        return link.fs.readlink(link, dst, at, max);
    }

    // ---- attributes ----

    /** Whether {@code n}'s attributes may change: 0, or -EROFS (a read-only mount) or its file system's refusal. */
    private static int attributesChangeable(Inode n) {
        int e = readOnly(n);
        return e < 0 ? e : n.fs.setattr(n);
    }

    /** chmod: the permission bits of {@code n} become {@code mode}'s. 0 or -errno. */
    public static int chmod(Inode n, int mode) {
        int e = attributesChangeable(n);
        if (e < 0) {
            return e;
        }
        n.mode = (n.mode & S_IFMT) | (mode & 07777);
        n.ctime = now();
        return 0;
    }

    /** chown: owner and group ({@code -1} leaves one as it is). 0 or -errno. */
    public static int chown(Inode n, int uid, int gid) {
        int e = attributesChangeable(n);
        if (e < 0) {
            return e;
        }
        if (uid != -1) {
            n.uid = uid;
        }
        if (gid != -1) {
            n.gid = gid;
        }
        n.ctime = now();
        return 0;
    }

    /** utimensat: sets the access and modification times ({@code -1}: leave it), the status change time to now. */
    public static int setTimes(Inode n, long atime, long mtime) {
        int e = attributesChangeable(n);
        if (e < 0) {
            return e;
        }
        if (atime != -1) {
            n.atime = atime;
        }
        if (mtime != -1) {
            n.mtime = mtime;
        }
        n.ctime = now();
        return 0;
    }

    // ---- file data ----

    /** Reads at most {@code n} bytes of {@code file} at {@code offset} into {@code dst[at..]}: how many, or -errno. */
    public static long read(Inode file, long offset, byte[] dst, int at, int n) {
        if (file.isDirectory()) {
            return -Errno.EISDIR;
        }
        return file.fs.read(file, offset, dst, at, n);
    }

    /** Reads at most {@code n} bytes at {@code offset} to user {@code dst} (staging through {@code io} where needed). */
    public static long readUser(Inode file, long offset, UserPtr dst, long n, byte[] io) {
        if (file.isDirectory()) {
            return -Errno.EISDIR;
        }
        return file.fs.readUser(file, offset, dst, n, io);
    }

    /** Writes {@code src[at..at+n)} into {@code file} at {@code offset}: how many, or -errno. */
    public static long write(Inode file, long offset, byte[] src, int at, int n) {
        long e = checkWrite(file, offset, n);
        if (e < 0) {
            return e;
        }
        long done = file.fs.write(file, offset, src, at, n);
        if (done > 0) {
            touchDirectory(file);
        }
        return done;
    }

    /** Writes {@code n} bytes from user {@code src} into {@code file} at {@code offset}: how many, or -errno. */
    public static long writeUser(Inode file, long offset, UserPtr src, long n, byte[] io) {
        long e = checkWrite(file, offset, n);
        if (e < 0) {
            return e;
        }
        long done = file.fs.writeUser(file, offset, src, Math.min(n, MAX_FILE_SIZE - offset), io);
        if (done > 0) {
            touchDirectory(file);
        }
        return done;
    }

    private static long checkWrite(Inode file, long offset, long n) {
        if (file.isDirectory()) {
            return -Errno.EISDIR;
        }
        if (offset < 0) {
            return -Errno.EINVAL;
        }
        if (n > 0 && offset >= MAX_FILE_SIZE) {
            return -Errno.EFBIG;
        }
        return 0;
    }

    /** truncate: sets regular file {@code file}'s size. 0 or -errno (EISDIR, EINVAL, EFBIG, EROFS, ENOSPC). */
    public static int truncate(Inode file, long size) {
        if (file.isDirectory()) {
            return -Errno.EISDIR;
        }
        if (!file.isRegular() || size < 0) {
            return -Errno.EINVAL;
        }
        if (size > MAX_FILE_SIZE) {
            return -Errno.EFBIG;
        }
        int e = readOnly(file);
        if (e < 0) {
            return e;
        }
        e = file.fs.truncate(file, size);
        if (e < 0) {
            return e;
        }
        touchDirectory(file);
        return 0;
    }

    /**
     * The entry of directory {@code dir} at {@code position}: "." at 0, ".." at 1, then the file
     * system's. Fills {@code out} and returns the next position; 0 at the end; or -errno.
     */
    public static long readdir(Inode dir, long position, DirEntry out, Inode root) {
        if (!dir.isDirectory()) {
            return -Errno.ENOTDIR;
        }
        if (dir.nlink == 0) {
            return 0;                               // removed: no entries, not even . and ..
        }
        if (position == 0) {
            out.set(dir.ino, DirEntry.DT_DIR, ".");
            return 1;
        }
        if (position == 1) {
            Inode p = dir.parent == null || dir == root ? dir : dir.parent;
            out.set(p.ino, DirEntry.DT_DIR, "..");
            return 2;
        }
        return dir.fs.readdir(dir, position, out);
    }

    /**
     * The path of directory {@code dir} from {@code root}, NUL-terminated, into {@code dst} (which
     * has room for PATH_MAX); its length with the NUL, -ENOENT when the directory was removed or
     * lies outside {@code root}, -ENAMETOOLONG.
     */
    public static int pathOf(Inode dir, Inode root, byte[] dst, byte[] name) {
        if (dir.nlink == 0) {
            return -Errno.ENOENT;
        }
        int end = dst.length;
        int at = end;
        Inode n = dir;
        while (n != root) {
            if (n == n.mount.root) {
                if (n.mount.mountpoint == null) {
                    return -Errno.ENOENT;           // an instance mounted nowhere
                }
                n = n.mount.mountpoint;
                continue;
            }
            Inode parent = n.parent;
            if (parent == null || parent == n) {
                return -Errno.ENOENT;
            }
            int length = parent.fs.nameOf(parent, n, name, 0);
            if (length < 0) {
                return -Errno.ENOENT;
            }
            if (at - length - 1 < 1) {
                return -Errno.ENAMETOOLONG;
            }
            at -= length;
            System.arraycopy(name, 0, dst, at, length);
            at--;
            dst[at] = '/';
            n = parent;
        }
        if (at == end) {
            at--;
            dst[at] = '/';
        }
        int length = end - at;
        System.arraycopy(dst, at, dst, 0, length);
        dst[length] = 0;
        return length + 1;
    }

    // ---- users of a mount: open files, working directories, programs being loaded ----

    /** A use of {@code n} that keeps its mount busy: a reference, and one more user of the mount. */
    public static void pin(Inode n) {
        get(n);
        n.mount.users++;
    }

    /** Ends a use {@link #pin} began. */
    public static void unpin(Inode n) {
        n.mount.users--;
        put(n);
    }

    /**
     * For the kernel's own readers (exec, the monitor): the inode at {@code path}[0, length),
     * absolute or from "/", links followed, pinned ({@link #unpinKernel} it); null when there is
     * none. Takes and drops the lock itself.
     */
    public static Inode lookupKernel(byte[] path, int length) {
        return lookupKernel(root(), path, 0, length);
    }

    /**
     * As {@link #lookupKernel(byte[], int)}, for the path at {@code path}[at, at + length), a
     * relative one from {@code start} (a directory: execve's working directory; null for "/").
     */
    public static Inode lookupKernel(Inode start, byte[] path, int at, int length) {
        Inode root = root();
        if (root == null || length < 0 || length >= PATH_MAX) {
            return null;
        }
        Walk w = Walk.alloc(root);
        if (w == null) {
            return null;
        }
        Inode found = null;
        System.arraycopy(path, at, w.path, 0, length);
        w.length = length;
        lock();
        if (walk(w, start == null ? root : start, FOLLOW) == 0) {
            found = w.inode;
            pin(found);
        }
        w.free();
        unlock();
        return found;
    }

    /** Ends a use {@link #lookupKernel} began. */
    public static void unpinKernel(Inode n) {
        lock();
        unpin(n);
        unlock();
    }

    /** {@link #read} with the lock taken and dropped around it. */
    public static long readKernel(Inode file, long offset, byte[] dst, int at, int n) {
        lock();
        try {
            return read(file, offset, dst, at, n);
        } finally {
            unlock();
        }
    }

    // ---- helpers ----

    /** Writes {@code v} (>= 0) in decimal into {@code dst[at..]}; returns the number of digits. */
    public static int decimal(long v, byte[] dst, int at) {
        int digits = 1;
        for (long x = v / 10; x != 0; x /= 10) {
            digits++;
        }
        long x = v;
        for (int i = digits - 1; i >= 0; i--) {
            dst[at + i] = (byte) ('0' + (int) (x % 10));
            x /= 10;
        }
        return digits;
    }
}
