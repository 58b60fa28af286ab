package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;

/**
 * Open files and each process's file descriptors. An open file ({@link File}) is the console
 * or an inode of the root file system with an offset; descriptors 0..{@link #MAX_FDS}-1 of a
 * process index its row of the descriptor table (by process slot). A file is shared by the
 * descriptors that name it (a count of references); the last close frees it.
 */
public final class Files {
    private Files() {}

    public static final int MAX_FDS = 64;
    public static final int CONSOLE = 1;
    public static final int REGULAR = 2;
    public static final int DIRECTORY = 3;

    /** open(2) flags. */
    public static final int O_ACCMODE = 3;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_CLOEXEC = 02000000;

    /** An open file. */
    public static final class File {
        int kind;
        Inode inode;
        long offset;
        int flags;
        int refs;
        /** For a directory: the next entry getdents64 returns (0 ".", 1 "..", then the children). */
        Inode nextChild;
        int position;
    }

    static final Pool<File> FILES = Pool.of("open files", File.class, Owner.KERNEL_HEAP);
    private static final File[] TABLE = new File[Processes.MAX * MAX_FDS];
    /** Each descriptor's FD_CLOEXEC. */
    private static final boolean[] CLOSE_ON_EXEC = new boolean[Processes.MAX * MAX_FDS];

    /** A new open file of {@code kind}; null when the pool is exhausted. */
    static File open(int kind, Inode inode, int flags) {
        File f = FILES.alloc();
        if (f == null) {
            return null;
        }
        f.kind = kind;
        f.inode = inode;
        f.flags = flags;
        f.refs = 1;
        return f;
    }

    /** The file {@code fd} names in {@code p}, or null (EBADF). */
    static File get(Process p, long fd) {
        if (fd < 0 || fd >= MAX_FDS) {
            return null;
        }
        return TABLE[p.slot * MAX_FDS + (int) fd];
    }

    /** Installs {@code f} at the lowest free descriptor of {@code p}; returns it, or -EMFILE. */
    static int install(Process p, File f) {
        for (int fd = 0; fd < MAX_FDS; fd++) {
            if (TABLE[p.slot * MAX_FDS + fd] == null) {
                TABLE[p.slot * MAX_FDS + fd] = f;
                CLOSE_ON_EXEC[p.slot * MAX_FDS + fd] = false;
                return fd;
            }
        }
        return -Errno.EMFILE;
    }

    /** Makes descriptor {@code fd} (free) of {@code p} name {@code f}; the caller counts the reference. */
    static void set(Process p, int fd, File f) {
        TABLE[p.slot * MAX_FDS + fd] = f;
        CLOSE_ON_EXEC[p.slot * MAX_FDS + fd] = false;
    }

    /** Descriptor {@code fd}'s FD_CLOEXEC (a valid descriptor). */
    static boolean closeOnExec(Process p, int fd) {
        return CLOSE_ON_EXEC[p.slot * MAX_FDS + fd];
    }

    static void setCloseOnExec(Process p, int fd, boolean on) {
        CLOSE_ON_EXEC[p.slot * MAX_FDS + fd] = on;
    }

    /** A fork: {@code to}'s descriptors name {@code from}'s open files (shared offsets), FD_CLOEXEC copied. */
    static void copyTable(Process from, Process to) {
        for (int fd = 0; fd < MAX_FDS; fd++) {
            File f = TABLE[from.slot * MAX_FDS + fd];
            TABLE[to.slot * MAX_FDS + fd] = f;
            CLOSE_ON_EXEC[to.slot * MAX_FDS + fd] = CLOSE_ON_EXEC[from.slot * MAX_FDS + fd];
            if (f != null) {
                f.refs++;
            }
        }
    }

    /** An execve: closes every descriptor with FD_CLOEXEC. */
    static void closeOnExec(Process p) {
        for (int fd = 0; fd < MAX_FDS; fd++) {
            if (TABLE[p.slot * MAX_FDS + fd] != null && CLOSE_ON_EXEC[p.slot * MAX_FDS + fd]) {
                close(p, fd);
            }
        }
    }

    /** The lowest free descriptor of {@code p} at or above {@code from}, or -1. */
    static int lowestFree(Process p, int from) {
        for (int fd = Math.max(from, 0); fd < MAX_FDS; fd++) {
            if (TABLE[p.slot * MAX_FDS + fd] == null) {
                return fd;
            }
        }
        return -1;
    }

    /** Closes {@code fd} of {@code p}: 0, or -EBADF. */
    static int close(Process p, long fd) {
        File f = get(p, fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        TABLE[p.slot * MAX_FDS + (int) fd] = null;
        drop(f);
        return 0;
    }

    private static void drop(File f) {
        f.refs--;
        if (f.refs == 0) {
            FILES.free(f);
        }
    }

    /** Closes every descriptor of {@code p}. */
    static void closeAll(Process p) {
        for (int fd = 0; fd < MAX_FDS; fd++) {
            File f = TABLE[p.slot * MAX_FDS + fd];
            if (f != null) {
                TABLE[p.slot * MAX_FDS + fd] = null;
                drop(f);
            }
        }
    }

    /** Gives {@code p} the console as descriptors 0, 1 and 2 (one open file); false when the pool is exhausted. */
    public static boolean openConsole(Process p) {
        File f = open(CONSOLE, null, O_RDWR);
        if (f == null) {
            return false;
        }
        f.refs = 3;
        for (int fd = 0; fd < 3; fd++) {
            TABLE[p.slot * MAX_FDS + fd] = f;
        }
        return true;
    }
}
