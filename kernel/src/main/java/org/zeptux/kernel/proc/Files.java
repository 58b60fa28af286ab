package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.sync.SpinLock;

/**
 * Open files, each process's file descriptors, and its file-system state (working directory,
 * umask, descriptor limit).
 *
 * <p>An open file ({@link File}, Linux's struct file) is an inode of a file system opened at an
 * offset (a regular file, a directory), a character device ({@link Devices}: the console, null,
 * zero, ...), or one end of a pipe ({@link Pipe}); it has the status flags open(2) gave it
 * (the access mode, O_APPEND, O_NONBLOCK) and a count of the descriptors that share it — dup,
 * fork and the console's three descriptors share one file, so they share its offset and flags.
 * The last close releases it: an inode is unpinned (a file unlinked while open goes then), a
 * pipe end is closed. Descriptors 0 .. {@link #MAX_FDS}-1 of a process index its row of the
 * table (by process slot); each has its own FD_CLOEXEC flag.
 *
 * <p>For fork and execve (the process code calls these):
 * <ul>
 *   <li>{@link #initFs} — a new process from the kernel: working directory "/", umask 022, the
 *       descriptor limit; {@link #openConsole} gives it the console as 0, 1 and 2;
 *   <li>{@link #copyTable} — fork: every descriptor of the parent names the same open file in
 *       the child (references counted), FD_CLOEXEC copied; {@link #forkFs} — the child shares
 *       the parent's working directory (pinned again), umask and limit;
 *   <li>{@link #closeOnExec} — execve: closes the descriptors marked FD_CLOEXEC;
 *   <li>{@link #closeAll} — exit: closes every descriptor and drops the working directory;
 *   <li>{@link #interrupt} — a kill wakes the process where it blocks on a file (a pipe, poll).
 * </ul>
 *
 * <p>Locking: the spinlock "descriptor tables" ({@link #LOCK}) guards every row (its files,
 * FD_CLOEXEC flags and {@link Process#fdTop}) and every open file's count: the threads of a
 * process run on several CPUs at once and open, close and dup in one row together, and
 * processes sharing a file (fork, dup) hold and drop it at once. A lookup takes its reference
 * under the lock (Linux's fdget): {@link #get} gives the caller one when the row is shared
 * by threads ({@link Process#filesShared}), {@link #put} gives it back, so another thread's
 * close only drops the row's reference and the file goes at the last one, after the call that
 * used it. A lookup under the VFS lock that needs only the file's inode takes none
 * ({@link #inodeOf}: the file pins it, and a close unpins it only under the VFS lock). Choosing
 * lowest free descriptors and filling them is one step under the lock ({@link #install},
 * {@link #installFrom}, {@link #replace}). The working directory is changed and read under the
 * VFS lock; the umask under this lock; an open file's offset under the VFS lock, its flags by
 * whoever shares it.
 */
public final class Files {
    private Files() {}

    /**
     * Descriptors a process may have: Linux's default soft limit (RLIMIT_NOFILE 1024), here
     * also the hard one. Each process slot has a row of this many in the table; the loops over a
     * row stop at its {@link Process#fdTop}.
     */
    public static final int MAX_FDS = 1024;
    /** Kinds of open file. */
    public static final int REGULAR = 2;
    public static final int DIRECTORY = 3;
    public static final int CHAR = 4;
    public static final int PIPE = 5;
    /** A block device (BlockFiles): a disk or a partition, by its number. */
    public static final int BLOCK = 6;
    /** A character device: the console, kept under its old name. */
    public static final int CONSOLE = CHAR;

    /** open(2) flags. */
    public static final int O_ACCMODE = Vfs.O_ACCMODE;
    public static final int O_RDONLY = Vfs.O_RDONLY;
    public static final int O_WRONLY = Vfs.O_WRONLY;
    public static final int O_RDWR = Vfs.O_RDWR;
    public static final int O_CREAT = Vfs.O_CREAT;
    public static final int O_EXCL = Vfs.O_EXCL;
    public static final int O_TRUNC = Vfs.O_TRUNC;
    public static final int O_APPEND = Vfs.O_APPEND;
    public static final int O_NONBLOCK = Vfs.O_NONBLOCK;
    public static final int O_DIRECTORY = Vfs.O_DIRECTORY;
    public static final int O_NOFOLLOW = Vfs.O_NOFOLLOW;
    public static final int O_CLOEXEC = Vfs.O_CLOEXEC;
    /** The status flags F_SETFL may change. */
    static final int SETFL_MASK = O_APPEND | O_NONBLOCK;
    /** Linux's umask at start. */
    public static final int UMASK = 022;

    /** An open file. */
    public static final class File {
        int kind;
        /** A regular file's or directory's inode (pinned), or a device's (devtmpfs node), or null. */
        Inode inode;
        long offset;
        /** Status flags: the access mode, O_APPEND, O_NONBLOCK and the others open(2) was given. */
        int flags;
        int refs;
        /** A device's number (CHAR, BLOCK). */
        int device;
        /** A pipe's end (PIPE); which end is the access mode. */
        Pipe pipe;
        /** A directory's position for getdents64 (0 ".", 1 "..", then the file system's). */
        long position;

        public int kind() {
            return kind;
        }

        public Inode inode() {
            return inode;
        }

        public int flags() {
            return flags;
        }
    }

    static final Pool<File> FILES = Pool.of("open files", File.class, Owner.KERNEL_HEAP);
    private static final File[] TABLE = new File[Processes.MAX * MAX_FDS];
    private static final boolean[] CLOEXEC = new boolean[Processes.MAX * MAX_FDS];

    /**
     * A new open file of {@code kind} with one reference; {@code inode}, if not null, is pinned
     * (the VFS lock must be held then). Null when the pool is exhausted.
     */
    static File open(int kind, Inode inode, int flags) {
        File f = FILES.alloc();
        if (f == null) {
            return null;
        }
        f.kind = kind;
        f.inode = inode;
        f.flags = flags & ~O_CLOEXEC;
        f.refs = 1;
        if (inode != null) {
            Vfs.pin(inode);
        }
        return f;
    }

    /**
     * Guards every descriptor row and every open file's {@code refs} (the class comment).
     */
    private static final SpinLock LOCK = new SpinLock("descriptor tables");

    /**
     * The file {@code fd} names in {@code p}, or null (EBADF), for the caller to use and then give
     * to {@link #put}: with a reference of the caller's when {@code p}'s row is shared by threads
     * (another thread's close cannot free it meanwhile; Linux's fdget). Only the low 32 bits of
     * {@code fd} count, as Linux declares descriptors int or unsigned int (a C int passed through
     * syscall()'s varargs has undefined upper bits).
     */
    static File get(Process p, long fd) {
        int d = (int) fd;
        if (d < 0 || d >= MAX_FDS) {
            return null;
        }
        int at = p.group.slot * MAX_FDS + d;
        if (!p.group.filesShared) {
            return TABLE[at];                   // one thread: only it changes its row
        }
        LOCK.lock();
        File f = TABLE[at];
        if (f != null) {
            f.refs++;
        }
        LOCK.unlock();
        return f;
    }

    /**
     * Gives back what {@link #get} returned (null is nothing): the reference it took for a
     * shared row, the last one releasing the file. Not with the VFS lock held (a release takes it).
     */
    static void put(Process p, File f) {
        if (f != null && p.group.filesShared) {
            drop(f);
        }
    }

    /** Whether descriptor {@code fd} of {@code p} names a file now (select's check). */
    static boolean isOpen(Process p, long fd) {
        int d = (int) fd;
        return d >= 0 && d < MAX_FDS && TABLE[p.group.slot * MAX_FDS + d] != null;
    }

    /**
     * The inode of the file {@code fd} names, for a caller that holds the VFS lock: the file pins
     * it and a close unpins it only under that lock, so it stays while the caller holds it and no
     * reference is taken. Null with {@code p.lookupError} -EBADF when no file, 0 when the file has
     * no inode (a pipe, the console).
     */
    static Inode inodeOf(Process p, long fd) {
        int d = (int) fd;
        if (d < 0 || d >= MAX_FDS) {
            p.lookupError = -Errno.EBADF;
            return null;
        }
        LOCK.lock();
        File f = TABLE[p.group.slot * MAX_FDS + d];
        Inode inode = f == null ? null : f.inode;
        LOCK.unlock();
        p.lookupError = f == null ? -Errno.EBADF : 0;
        return inode;
    }

    /** Marks the row of {@code g} (a group's leader) shared by threads: from now on lookups take references. */
    static void shareRow(Process g) {
        g.filesShared = true;                   // by its only thread, before the second one exists
    }

    /** {@code p}'s descriptor limit (RLIMIT_NOFILE). */
    static int limit(Process p) {
        return p.group.fileLimit == 0 ? MAX_FDS : p.group.fileLimit;
    }

    /** Sets {@code p}'s descriptor limit: 0, or -EPERM above {@link #MAX_FDS} (the hard limit). */
    static int setLimit(Process p, long limit) {
        if (limit < 0 || limit > MAX_FDS) {
            return -Errno.EPERM;
        }
        p.group.fileLimit = limit == 0 ? -1 : (int) limit;
        return 0;
    }

    /** Whether descriptor {@code fd} is below {@code p}'s limit. */
    static boolean allowed(Process p, long fd) {
        int limit = limit(p);
        return fd >= 0 && fd < (limit < 0 ? 0 : limit);
    }

    /** Installs {@code f} at the lowest free descriptor of {@code p}; returns it, or -EMFILE (the caller keeps f). */
    static int install(Process p, File f, boolean cloexec) {
        LOCK.lock();
        int fd = lowestFree(p, 0);
        if (fd >= 0) {
            set(p, fd, f, cloexec);
        }
        LOCK.unlock();
        return fd < 0 ? -Errno.EMFILE : fd;
    }

    /**
     * dup and F_DUPFD: {@code f} (one more reference) at the lowest free descriptor of {@code p}
     * at or above {@code from}; returns it, or -EMFILE.
     */
    static int installFrom(Process p, File f, int from, boolean cloexec) {
        LOCK.lock();
        int fd = lowestFree(p, from);
        if (fd >= 0) {
            f.refs++;
            set(p, fd, f, cloexec);
        }
        LOCK.unlock();
        return fd < 0 ? -Errno.EMFILE : fd;
    }

    /** dup2 and dup3: descriptor {@code fd} of {@code p} names {@code f} (one more reference); what it named is closed. */
    static void replace(Process p, int fd, File f, boolean cloexec) {
        LOCK.lock();
        File old = TABLE[p.group.slot * MAX_FDS + fd];
        f.refs++;
        set(p, fd, f, cloexec);
        boolean last = old != null && --old.refs == 0;
        LOCK.unlock();
        if (last) {
            release(old);
        }
    }

    /**
     * pipe: {@code r} and {@code w} at the two lowest free descriptors of {@code p}; their
     * numbers in {@code io[0..8)}, or false (EMFILE: nothing installed).
     */
    static boolean installPair(Process p, File r, File w, boolean cloexec, byte[] io) {
        LOCK.lock();
        int rfd = lowestFree(p, 0);
        int wfd = rfd < 0 ? -1 : lowestFree(p, rfd + 1);
        if (wfd >= 0) {
            set(p, rfd, r, cloexec);
            set(p, wfd, w, cloexec);
        }
        LOCK.unlock();
        if (wfd < 0) {
            return false;
        }
        org.zeptux.kernel.lib.Elf.put32(io, 0, rfd);
        org.zeptux.kernel.lib.Elf.put32(io, 4, wfd);
        return true;
    }

    /** Closes {@code fd} of {@code p} if it still names {@code f} (pipe's undo when its answer could not be written). */
    static void closeIf(Process p, int fd, File f) {
        LOCK.lock();
        int at = p.group.slot * MAX_FDS + fd;
        boolean mine = TABLE[at] == f;
        if (mine) {
            TABLE[at] = null;
            CLOEXEC[at] = false;
        }
        boolean last = mine && --f.refs == 0;
        LOCK.unlock();
        if (last) {
            release(f);
        }
    }

    /** Makes descriptor {@code fd} (free) of {@code p} name {@code f}, under the lock; the caller counts the reference. */
    private static void set(Process p, int fd, File f, boolean cloexec) {
        TABLE[p.group.slot * MAX_FDS + fd] = f;
        CLOEXEC[p.group.slot * MAX_FDS + fd] = cloexec;
        raiseTop(p, fd);
    }

    /** umask(2): sets {@code p}'s mask, returns the old one (one step under the lock: threads may set it at once). */
    static int swapUmask(Process p, int mask) {
        LOCK.lock();
        int old = p.group.umask;
        p.group.umask = mask;
        LOCK.unlock();
        return old;
    }

    /** Keeps {@link Process#fdTop} above {@code fd}, now in use: every descriptor from fdTop up is free. */
    private static void raiseTop(Process p, int fd) {
        if (fd >= p.group.fdTop) {
            p.group.fdTop = fd + 1;
        }
    }

    static boolean cloexec(Process p, int fd) {
        return CLOEXEC[p.group.slot * MAX_FDS + fd];
    }

    /** Sets FD_CLOEXEC of {@code fd}, if it still names a file. */
    static void setCloexec(Process p, int fd, boolean on) {
        LOCK.lock();
        int at = p.group.slot * MAX_FDS + fd;
        if (TABLE[at] != null) {
            CLOEXEC[at] = on;
        }
        LOCK.unlock();
    }

    /** The lowest free descriptor of {@code p} at or above {@code from} and below its limit, or -1 (a hint unless under the lock). */
    static int lowestFree(Process p, int from) {
        int limit = Math.min(MAX_FDS, Math.max(0, limit(p)));
        for (int fd = Math.max(from, 0); fd < limit; fd++) {
            if (TABLE[p.group.slot * MAX_FDS + fd] == null) {
                return fd;
            }
        }
        return -1;
    }

    /** Closes {@code fd} of {@code p}: 0, or -EBADF. */
    public static int close(Process p, long fd) {
        int d = (int) fd;
        if (d < 0 || d >= MAX_FDS) {
            return -Errno.EBADF;
        }
        int at = p.group.slot * MAX_FDS + d;
        LOCK.lock();
        File f = TABLE[at];
        TABLE[at] = null;
        CLOEXEC[at] = false;
        boolean last = f != null && --f.refs == 0;
        LOCK.unlock();
        if (f == null) {
            return -Errno.EBADF;
        }
        if (last) {
            release(f);                         // a lookup in another thread holds its own reference
        }
        return 0;
    }

    /** One more reference to {@code f} (a descriptor, a fork's copy), under {@link #LOCK}. */
    static void hold(File f) {
        LOCK.lock();
        f.refs++;
        LOCK.unlock();
    }

    /** Drops a reference to {@code f}; the last releases it. Not with the VFS lock held. */
    static void drop(File f) {
        LOCK.lock();
        f.refs--;
        int left = f.refs;
        LOCK.unlock();
        if (left == 0) {
            release(f);
        }
    }

    /** The last reference to {@code f} went: its pipe end closed, its inode unpinned, the record freed. */
    private static void release(File f) {
        if (f.pipe != null) {
            Pipe.closeEnds(f.pipe, f.flags & O_ACCMODE);   // a FIFO opened O_RDWR holds both
        }
        if (f.inode != null) {
            Vfs.lock();
            Vfs.unpin(f.inode);
            Vfs.unlock();
        }
        FILES.free(f);
    }

    /** Closes every descriptor of {@code p} and drops its working directory (exit). */
    public static void closeAll(Process p) {
        for (int fd = 0; fd < p.group.fdTop; fd++) {
            close(p, fd);
        }
        LOCK.lock();
        p.group.fdTop = 0;
        LOCK.unlock();
        if (p.group.cwd != null) {
            Inode cwd = p.group.cwd;
            p.group.cwd = null;
            Vfs.lock();
            Vfs.unpin(cwd);
            Vfs.unlock();
        }
    }

    /** Closes the descriptors of {@code p} marked FD_CLOEXEC (execve). */
    public static void closeOnExec(Process p) {
        for (int fd = 0; fd < p.group.fdTop; fd++) {
            if (CLOEXEC[p.group.slot * MAX_FDS + fd]) {     // the other threads have ended: a hint, close checks
                close(p, fd);
            }
        }
    }

    /** fork: {@code to} gets every descriptor of {@code from}, naming the same open files, with their FD_CLOEXEC. */
    public static void copyTable(Process from, Process to) {
        LOCK.lock();                            // the caller's other threads may open and close meanwhile
        int top = Math.max(from.group.fdTop, to.fdTop);
        for (int fd = 0; fd < top; fd++) {
            File f = TABLE[from.group.slot * MAX_FDS + fd];
            if (f != null) {
                f.refs++;
            }
            TABLE[to.slot * MAX_FDS + fd] = f;
            CLOEXEC[to.slot * MAX_FDS + fd] = CLOEXEC[from.group.slot * MAX_FDS + fd];
        }
        to.fdTop = from.group.fdTop;
        LOCK.unlock();
    }

    /** A new process's file-system state: working directory "/", umask 022, the descriptor limit. */
    public static void initFs(Process p) {
        p.startTime = Clock.monotonicNanos();
        p.group.umask = UMASK;
        p.group.fileLimit = MAX_FDS;
        Inode root = Vfs.root();
        if (root != null && p.group.cwd == null) {
            Vfs.lock();
            Vfs.pin(root);
            p.group.cwd = root;
            Vfs.unlock();
        }
    }

    /** fork: {@code to} gets {@code from}'s working directory (pinned again), umask and descriptor limit. */
    public static void forkFs(Process from, Process to) {
        to.startTime = Clock.monotonicNanos();
        to.filesShared = false;                 // its own row, one thread
        to.umask = from.group.umask;
        to.fileLimit = from.group.fileLimit;
        if (from.group.cwd != null) {
            Vfs.lock();
            Vfs.pin(from.group.cwd);
            to.cwd = from.group.cwd;
            Vfs.unlock();
        }
    }

    /** {@code p}'s working directory ("/" when it has none). */
    static Inode cwd(Process p) {
        return p.group.cwd != null ? p.group.cwd : Vfs.root();
    }

    /** Wakes {@code p} where it blocks on a file (a pipe, poll) so it sees it was killed; from kill, any context. */
    public static void interrupt(Process p) {
        Event e = p.blockedOn;                  // read after the signal is pending (Signals.wake: a barrier between)
        if (e != null) {
            e.signal();
        }
    }

    /** Gives {@code p} the console as descriptors 0, 1 and 2 (one open file); false when the pool is exhausted. */
    public static boolean openConsole(Process p) {
        File f = open(CHAR, null, O_RDWR);
        if (f == null) {
            return false;
        }
        f.device = Devices.CONSOLE;
        f.refs = 3;
        for (int fd = 0; fd < 3; fd++) {
            set(p, fd, f, false);
        }
        return true;
    }

    /** Open files in use. */
    public static long openFiles() {
        return FILES.active();
    }
}
