package org.zeptux.rt.hosted;

import org.zeptux.rt.Memory;
import org.zeptux.rt.Platform;
import org.zeptux.rt.Syscall;

/**
 * Linux system calls for programs in the dialect built with {@code zeptuxc build --target
 * hosted}: static executables that run on Linux and on Zeptux, which speaks the same ABI. Each
 * method makes one system call of the same name with Linux's number and semantics, and returns
 * what the kernel returned: a result {@code r >= 0} on success, {@code -errno} on failure
 * ({@code r == -Linux.ENOENT}), as the raw system call does (there is no {@code errno}).
 *
 * <p>Safe code may call every method: buffers are arrays with an offset and a length, and the
 * runtime passes the kernel the address of the first element only after checking the range
 * against the array — a range outside it throws as the array access would
 * ({@code ArrayIndexOutOfBoundsException: Index 12 out of bounds for length 12}), a negative
 * length throws {@code IndexOutOfBoundsException}, a null array {@code NullPointerException}.
 * Paths are {@code String}s (UTF-8, at most {@link #PATH_MAX} bytes with the terminating NUL;
 * a NUL inside one gives {@code -EINVAL}) or byte ranges (what {@link #getdents64} returns).
 * Small C structures are {@code long[]} arrays in their C layout ({@code struct timespec} is
 * {@code {seconds, nanoseconds}}); {@code struct stat} is decoded into a {@link Stat}. Where an
 * argument could point anywhere in the process — a signal handler, a memory range to unmap, an
 * ioctl argument of unknown size — the runtime allows only what cannot break the program's
 * memory and returns {@code -EINVAL} for the rest without asking the kernel; each method says so.
 *
 * <p>{@code System.out} and {@code System.err} are buffered by the runtime: {@link #write},
 * {@link #writev}, {@link #exit} and {@link #exitGroup} first write out what they hold, so output
 * keeps its order.
 *
 * <p>On the JVM there are no system calls: every method throws
 * {@code UnsupportedOperationException: system calls exist only in zeptuxc's hosted target}, as
 * {@link Syscall} does. Unsafe code may make any system call with {@link Syscall}{@code .callN}
 * and the {@code SYS_} numbers below.
 */
public final class Linux {
    private Linux() {}

    // System call numbers (arch/x86/entry/syscalls/syscall_64.tbl).
    public static final int SYS_READ = 0;
    public static final int SYS_WRITE = 1;
    public static final int SYS_OPEN = 2;
    public static final int SYS_CLOSE = 3;
    public static final int SYS_FSTAT = 5;
    public static final int SYS_LSEEK = 8;
    public static final int SYS_MMAP = 9;
    public static final int SYS_MPROTECT = 10;
    public static final int SYS_MUNMAP = 11;
    public static final int SYS_BRK = 12;
    public static final int SYS_RT_SIGACTION = 13;
    public static final int SYS_RT_SIGPROCMASK = 14;
    public static final int SYS_IOCTL = 16;
    public static final int SYS_READV = 19;
    public static final int SYS_WRITEV = 20;
    public static final int SYS_SCHED_YIELD = 24;
    public static final int SYS_DUP = 32;
    public static final int SYS_DUP2 = 33;
    public static final int SYS_NANOSLEEP = 35;
    public static final int SYS_GETPID = 39;
    public static final int SYS_CLONE = 56;
    public static final int SYS_EXECVE = 59;
    public static final int SYS_EXIT = 60;
    public static final int SYS_WAIT4 = 61;
    public static final int SYS_KILL = 62;
    public static final int SYS_UNAME = 63;
    public static final int SYS_CHDIR = 80;
    public static final int SYS_GETTIMEOFDAY = 96;
    public static final int SYS_GETUID = 102;
    public static final int SYS_GETGID = 104;
    public static final int SYS_GETEUID = 107;
    public static final int SYS_GETEGID = 108;
    public static final int SYS_SETPGID = 109;
    public static final int SYS_GETPPID = 110;
    public static final int SYS_GETPGRP = 111;
    public static final int SYS_SETSID = 112;
    public static final int SYS_GETPGID = 121;
    public static final int SYS_GETSID = 124;
    public static final int SYS_RT_SIGPENDING = 127;
    public static final int SYS_RT_SIGTIMEDWAIT = 128;
    public static final int SYS_PRCTL = 157;
    public static final int SYS_ARCH_PRCTL = 158;
    public static final int SYS_SYNC = 162;
    public static final int SYS_MOUNT = 165;
    public static final int SYS_UMOUNT2 = 166;
    public static final int SYS_REBOOT = 169;
    public static final int SYS_GETTID = 186;
    public static final int SYS_GETDENTS64 = 217;
    public static final int SYS_SET_TID_ADDRESS = 218;
    public static final int SYS_CLOCK_GETTIME = 228;
    public static final int SYS_EXIT_GROUP = 231;
    public static final int SYS_OPENAT = 257;
    public static final int SYS_NEWFSTATAT = 262;
    public static final int SYS_DUP3 = 292;
    public static final int SYS_PRLIMIT64 = 302;
    public static final int SYS_GETRANDOM = 318;

    // errno values (include/uapi/asm-generic/errno-base.h, errno.h); a failed call returns -errno.
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ESPIPE = 29;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;

    // open flags, *at flags, lseek
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_DIRECTORY = 0x10000;
    public static final int O_NOFOLLOW = 0x20000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    /** The longest path, in bytes, with its terminating NUL. */
    public static final int PATH_MAX = 4096;

    // st_mode's file type, and getdents64's d_type
    public static final int S_IFMT = 0170000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFSOCK = 0140000;
    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;

    // mmap, mprotect
    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_FIXED_NOREPLACE = 0x100000;

    // clocks, arch_prctl, signals, resources, ioctl, getrandom
    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int ARCH_SET_GS = 0x1001;
    public static final int ARCH_SET_FS = 0x1002;
    public static final int ARCH_GET_FS = 0x1003;
    public static final int ARCH_GET_GS = 0x1004;
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGABRT = 6;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    /** The highest signal number (the real-time signals end here); a signal set is one {@code long}, bit {@code n - 1} for signal {@code n}. */
    public static final int NSIG = 64;
    /** The bytes of a {@code siginfo_t}, which {@link #rtSigtimedwait} fills. */
    public static final int SIGINFO_SIZE = 128;
    public static final long SIG_DFL = 0;
    public static final long SIG_IGN = 1;
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;
    public static final int RLIMIT_STACK = 3;
    public static final int RLIMIT_NOFILE = 7;
    public static final int RLIMIT_AS = 9;
    public static final long RLIM_INFINITY = -1;
    public static final int TCGETS = 0x5401;
    public static final int TIOCSCTTY = 0x540E;
    public static final int TIOCGPGRP = 0x540F;
    public static final int TIOCSPGRP = 0x5410;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCNOTTY = 0x5422;
    /** The bytes TCGETS writes: the kernel's {@code struct termios} (four flag words, c_line, c_cc[19]). */
    public static final int TERMIOS_SIZE = 36;
    /** The bytes TIOCGWINSZ writes: {@code struct winsize} (rows, columns, x and y pixels, 16 bits each). */
    public static final int WINSIZE_SIZE = 8;
    public static final int GRND_NONBLOCK = 1;
    public static final int GRND_RANDOM = 2;

    // wait4, mount, reboot, prctl
    public static final int WNOHANG = 1;
    public static final int WUNTRACED = 2;
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final int MNT_DETACH = 2;
    /** reboot(2)'s two magic numbers ({@link #reboot} passes them). */
    public static final int LINUX_REBOOT_MAGIC1 = 0xFEE1DEAD;
    public static final int LINUX_REBOOT_MAGIC2 = 672274793;
    public static final int LINUX_REBOOT_CMD_RESTART = 0x01234567;
    public static final int LINUX_REBOOT_CMD_HALT = 0xCDEF0123;
    public static final int LINUX_REBOOT_CMD_POWER_OFF = 0x4321FEDC;
    public static final int LINUX_REBOOT_CMD_CAD_ON = 0x89ABCDEF;
    public static final int LINUX_REBOOT_CMD_CAD_OFF = 0;
    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    /** The most strings {@link #execve} passes: arguments and environment together. */
    public static final int EXEC_STRINGS = 256;

    // the auxiliary vector (include/uapi/linux/auxvec.h)
    public static final int AT_NULL = 0;
    public static final int AT_PHDR = 3;
    public static final int AT_PHENT = 4;
    public static final int AT_PHNUM = 5;
    public static final int AT_PAGESZ = 6;
    public static final int AT_ENTRY = 9;
    public static final int AT_UID = 11;
    public static final int AT_EUID = 12;
    public static final int AT_GID = 13;
    public static final int AT_EGID = 14;
    public static final int AT_SECURE = 23;
    public static final int AT_RANDOM = 25;

    /** {@code struct utsname}: six fields of this many bytes each, NUL-terminated; {@link #uname} needs 6 times it. */
    public static final int UTSNAME_FIELD = 65;
    public static final int UTS_SYSNAME = 0;
    public static final int UTS_NODENAME = 65;
    public static final int UTS_RELEASE = 130;
    public static final int UTS_VERSION = 195;
    public static final int UTS_MACHINE = 260;

    /** Where a {@code linux_dirent64}'s name starts, from the start of the record (after d_ino, d_off, d_reclen, d_type). */
    public static final int DIRENT_NAME = 19;

    /** The most buffers {@link #readv} and {@link #writev} take in one call (Linux allows 1024). */
    public static final int IOV_MAX = 64;

    /** What a file is, as {@link #fstat} and {@link #newfstatat} decode {@code struct stat}. Make them in static initialisers. */
    public static final class Stat {
        public long dev;
        public long ino;
        public long nlink;
        /** The file type ({@link #S_IFMT} bits) and permissions. */
        public int mode;
        public int uid;
        public int gid;
        public long rdev;
        public long size;
        public long blksize;
        public long blocks;
        public long atimeSeconds;
        public long atimeNanoseconds;
        public long mtimeSeconds;
        public long mtimeNanoseconds;
        public long ctimeSeconds;
        public long ctimeNanoseconds;

        public boolean isRegularFile() {
            return (mode & S_IFMT) == S_IFREG;
        }

        public boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        public boolean isSymbolicLink() {
            return (mode & S_IFMT) == S_IFLNK;
        }

        public boolean isCharacterDevice() {
            return (mode & S_IFMT) == S_IFCHR;
        }
    }

    private static final String UNSUPPORTED = "system calls exist only in zeptuxc's hosted target";

    /** A path with its NUL, as the kernel reads it. */
    private static final byte[] PATH = new byte[PATH_MAX];
    /** mount(2)'s second and third strings, when they are {@code String}s. */
    private static final byte[] PATH2 = new byte[PATH_MAX];
    private static final byte[] PATH3 = new byte[PATH_MAX];
    /** execve(2)'s {@code argv} and {@code envp}: the strings' addresses, each list ended by a null. */
    private static final long[] EXEC_POINTERS = new long[EXEC_STRINGS + 2];
    /** {@code struct stat}: 144 bytes. */
    private static final long[] STAT = new long[18];
    /** {@code struct iovec[]}: base and length of each buffer. */
    private static final long[] IOVEC = new long[2 * IOV_MAX];

    // ---- files ----

    /** read(2): reads up to {@code length} bytes into {@code buffer[offset...]}; the count read, 0 at the end, or -errno. */
    public static long read(int fd, byte[] buffer, int offset, int length) {
        return Syscall.call3(SYS_READ, fd, bytes(buffer, offset, length), length);
    }

    /** write(2): writes {@code buffer[offset, offset + length)}; the count written, or -errno. */
    public static long write(int fd, byte[] buffer, int offset, int length) {
        long address = bytes(buffer, offset, length);
        HostedRuntime.flushOutput();
        return Syscall.call3(SYS_WRITE, fd, address, length);
    }

    /**
     * readv(2): reads into {@code buffers[i][offsets[i] ... offsets[i] + lengths[i])} for
     * {@code i < count}, in order; the total read, or -errno ({@code -EINVAL} for a count
     * below 0 or above {@link #IOV_MAX}).
     */
    public static long readv(int fd, byte[][] buffers, int[] offsets, int[] lengths, int count) {
        long n = iovec(buffers, offsets, lengths, count);
        return n < 0 ? n : Syscall.call3(SYS_READV, fd, elements(IOVEC), count);
    }

    /** writev(2): writes the ranges as {@link #readv} describes them, in order; the total written, or -errno. */
    public static long writev(int fd, byte[][] buffers, int[] offsets, int[] lengths, int count) {
        long n = iovec(buffers, offsets, lengths, count);
        if (n < 0) {
            return n;
        }
        HostedRuntime.flushOutput();
        return Syscall.call3(SYS_WRITEV, fd, elements(IOVEC), count);
    }

    /** open(2): opens {@code path} ({@code O_} flags; {@code mode} when it creates); the new fd, or -errno. */
    public static long open(String path, int flags, int mode) {
        long n = path(path);
        return n < 0 ? n : Syscall.call3(SYS_OPEN, elements(PATH), flags, mode);
    }

    /** openat(2): {@code path} relative to the directory {@code dirfd} (or {@link #AT_FDCWD}); the new fd, or -errno. */
    public static long openat(int dirfd, String path, int flags, int mode) {
        long n = path(path);
        return n < 0 ? n : Syscall.call4(SYS_OPENAT, dirfd, elements(PATH), flags, mode);
    }

    /** openat(2) of the path in {@code path[offset, offset + length)} (a name {@link #getdents64} returned, say). */
    public static long openat(int dirfd, byte[] path, int offset, int length, int flags, int mode) {
        long n = path(path, offset, length);
        return n < 0 ? n : Syscall.call4(SYS_OPENAT, dirfd, elements(PATH), flags, mode);
    }

    /** close(2): 0, or -errno. */
    public static long close(int fd) {
        return Syscall.call1(SYS_CLOSE, fd);
    }

    /** lseek(2): moves the offset of {@code fd} ({@link #SEEK_SET}, {@link #SEEK_CUR}, {@link #SEEK_END}); the new offset, or -errno. */
    public static long lseek(int fd, long offset, int whence) {
        return Syscall.call3(SYS_LSEEK, fd, offset, whence);
    }

    /** fstat(2): fills {@code stat} with what {@code fd} is; 0, or -errno (then {@code stat} is unchanged). */
    public static long fstat(int fd, Stat stat) {
        long address = elements(STAT);
        long r = Syscall.call2(SYS_FSTAT, fd, address);
        return r < 0 ? r : decode(stat);
    }

    /** newfstatat(2) (what C calls fstatat): {@code path} relative to {@code dirfd}, {@code flags} of {@code AT_}; 0, or -errno. */
    public static long newfstatat(int dirfd, String path, Stat stat, int flags) {
        long n = path(path);
        return n < 0 ? n : statAt(dirfd, stat, flags);
    }

    /** newfstatat(2) of the path in {@code path[offset, offset + length)}. */
    public static long newfstatat(int dirfd, byte[] path, int offset, int length, Stat stat, int flags) {
        long n = path(path, offset, length);
        return n < 0 ? n : statAt(dirfd, stat, flags);
    }

    /**
     * getdents64(2): reads directory entries of {@code fd} into {@code buffer[offset, offset +
     * length)} as {@code linux_dirent64} records; the bytes filled (0 at the end), or -errno.
     * Walk them with {@link #direntLength}; read each with {@link #direntType},
     * {@link #direntInode}, and the name at {@code at + }{@link #DIRENT_NAME}, {@link #direntNameLength} bytes.
     */
    public static long getdents64(int fd, byte[] buffer, int offset, int length) {
        return Syscall.call3(SYS_GETDENTS64, fd, bytes(buffer, offset, length), length);
    }

    /** The length of the record at {@code buffer[at]} ({@code d_reclen}): the next one starts there. */
    public static int direntLength(byte[] buffer, int at) {
        return (buffer[at + 16] & 0xFF) | (buffer[at + 17] & 0xFF) << 8;
    }

    /** The file type of the record at {@code buffer[at]} ({@code d_type}: {@link #DT_REG}, {@link #DT_DIR}, ...). */
    public static int direntType(byte[] buffer, int at) {
        return buffer[at + 18] & 0xFF;
    }

    /** The inode number of the record at {@code buffer[at]} ({@code d_ino}). */
    public static long direntInode(byte[] buffer, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (buffer[at + i] & 0xFF);
        }
        return v;
    }

    /** The length of the name of the record at {@code buffer[at]}, which starts at {@code at + DIRENT_NAME} (up to its NUL). */
    public static int direntNameLength(byte[] buffer, int at) {
        int end = at + direntLength(buffer, at);
        int n = 0;
        while (at + DIRENT_NAME + n < end && buffer[at + DIRENT_NAME + n] != 0) {
            n++;
        }
        return n;
    }

    /**
     * ioctl(2) with a buffer for what the request writes. Only the requests whose argument size
     * the runtime knows reach the kernel: {@link #TCGETS} ({@link #TERMIOS_SIZE} bytes) and
     * {@link #TIOCGWINSZ} ({@link #WINSIZE_SIZE} bytes), written to {@code arg[0...]};
     * any other request returns {@code -EINVAL}. 0, or -errno ({@code -ENOTTY}: not a terminal).
     */
    public static long ioctl(int fd, int request, byte[] arg) {
        int size = request == TCGETS ? TERMIOS_SIZE : request == TIOCGWINSZ ? WINSIZE_SIZE : -1;
        if (size < 0) {
            hostedOnly();
            return -EINVAL;
        }
        return Syscall.call3(SYS_IOCTL, fd, request, bytes(arg, 0, size));
    }

    // ---- the process ----

    /** exit(2): writes out System.out and System.err, then ends this thread (the process: it has one) with {@code status}. */
    public static void exit(int status) {
        hostedOnly();
        HostedRuntime.flushOutput();
        Syscall.call1(SYS_EXIT, status);
    }

    /** exit_group(2): writes out System.out and System.err, then ends the process with {@code status}. */
    public static void exitGroup(int status) {
        hostedOnly();
        HostedRuntime.flushOutput();
        Syscall.call1(SYS_EXIT_GROUP, status);
    }

    public static long getpid() {
        return Syscall.call0(SYS_GETPID);
    }

    public static long getppid() {
        return Syscall.call0(SYS_GETPPID);
    }

    public static long gettid() {
        return Syscall.call0(SYS_GETTID);
    }

    public static long getuid() {
        return Syscall.call0(SYS_GETUID);
    }

    public static long geteuid() {
        return Syscall.call0(SYS_GETEUID);
    }

    public static long getgid() {
        return Syscall.call0(SYS_GETGID);
    }

    public static long getegid() {
        return Syscall.call0(SYS_GETEGID);
    }

    /**
     * set_tid_address(2): the kernel clears {@code word[0]} (and wakes its futex) when this
     * thread exits; null for none. Returns the thread id.
     */
    public static long setTidAddress(int[] word) {
        return Syscall.call1(SYS_SET_TID_ADDRESS, word == null ? 0 : ints(word, 1));
    }

    /**
     * arch_prctl(2) that sets a register: {@link #ARCH_SET_FS} or {@link #ARCH_SET_GS} to
     * {@code value} (compiled code uses neither); 0, or -errno. Other codes: {@code -EINVAL}.
     */
    public static long archPrctl(int code, long value) {
        if (code != ARCH_SET_FS && code != ARCH_SET_GS) {
            hostedOnly();
            return -EINVAL;
        }
        return Syscall.call2(SYS_ARCH_PRCTL, code, value);
    }

    /** arch_prctl(2) that reads a register: {@link #ARCH_GET_FS} or {@link #ARCH_GET_GS} into {@code out[0]}; other codes: {@code -EINVAL}. */
    public static long archPrctl(int code, long[] out) {
        if (code != ARCH_GET_FS && code != ARCH_GET_GS) {
            hostedOnly();
            return -EINVAL;
        }
        return Syscall.call2(SYS_ARCH_PRCTL, code, longs(out, 1));
    }

    /** uname(2): fills {@code buffer} (at least 6 &times; {@link #UTSNAME_FIELD} bytes; fields at {@code UTS_...}); 0, or -errno. */
    public static long uname(byte[] buffer) {
        return Syscall.call1(SYS_UNAME, bytes(buffer, 0, 6 * UTSNAME_FIELD));
    }

    /**
     * prlimit64(2): sets ({@code limit}, null for no change) and reads ({@code old}, null for
     * none) the resource limit {@code resource} of process {@code pid} (0: this one), each a
     * {@code {soft, hard}} pair; 0, or -errno.
     */
    public static long prlimit64(int pid, int resource, long[] limit, long[] old) {
        return Syscall.call4(SYS_PRLIMIT64, pid, resource, optionalLongs(limit, 2), optionalLongs(old, 2));
    }

    /**
     * rt_sigaction(2) for signal {@code sig}: {@code action} (null for no change) and
     * {@code old} (null for none) are {@code struct sigaction}s as the kernel has them —
     * {@code {handler, flags, restorer, mask}}. The runtime cannot run a handler, so the handler
     * must be {@link #SIG_DFL} or {@link #SIG_IGN}; any other gives {@code -EINVAL}. 0, or -errno.
     */
    public static long rtSigaction(int sig, long[] action, long[] old) {
        long a = optionalLongs(action, 4);
        if (action != null && action[0] != SIG_DFL && action[0] != SIG_IGN) {
            return -EINVAL;
        }
        return Syscall.call4(SYS_RT_SIGACTION, sig, a, optionalLongs(old, 4), 8);
    }

    /**
     * rt_sigprocmask(2): changes the blocked signals by {@code how} ({@link #SIG_BLOCK},
     * {@link #SIG_UNBLOCK}, {@link #SIG_SETMASK}) with {@code set[0]} (null for no change: bit
     * {@code n - 1} is signal {@code n}) and reads the mask before into {@code old[0]} (null for
     * none); 0, or -errno.
     */
    public static long rtSigprocmask(int how, long[] set, long[] old) {
        return Syscall.call4(SYS_RT_SIGPROCMASK, how, optionalLongs(set, 1), optionalLongs(old, 1), 8);
    }

    // ---- processes, sessions, signals, the machine ----

    /**
     * fork(2), as clone(2) with {@code SIGCHLD} and nothing shared: a new process, a copy of this
     * one (its arrays included), which goes on from here with result 0; the parent gets the
     * child's pid, or -errno. System.out and System.err are written out first, so what they held
     * is printed once.
     */
    public static long fork() {
        hostedOnly();
        HostedRuntime.flushOutput();
        return Syscall.call5(SYS_CLONE, SIGCHLD, 0, 0, 0, 0);
    }

    /**
     * execve(2): runs the program at the NUL-terminated path {@code path[pathAt...]} in this
     * process, with the arguments {@code args[argAt[i]...]} for {@code i < argc} and the
     * environment {@code env[envAt[i]...]} for {@code i < envc} ({@code env} may be null when
     * {@code envc} is 0), each a NUL-terminated string inside its array. Does not return on
     * success (System.out and System.err are written out first); otherwise -errno: {@code -EINVAL}
     * without a system call when a string has no NUL inside its array, {@code -E2BIG} for more
     * than {@link #EXEC_STRINGS} strings.
     */
    public static long execve(byte[] path, int pathAt, byte[] args, int[] argAt, int argc, byte[] env, int[] envAt,
            int envc) {
        long file = cstring(path, pathAt);
        return file == 0 ? -EINVAL : exec(file, args, argAt, argc, env, envAt, envc);
    }

    /** execve(2) of a {@code String} path (UTF-8), with the arguments and environment as above. */
    public static long execve(String path, byte[] args, int[] argAt, int argc, byte[] env, int[] envAt, int envc) {
        long n = path(path);
        return n < 0 ? n : exec(elements(PATH), args, argAt, argc, env, envAt, envc);
    }

    private static long exec(long file, byte[] args, int[] argAt, int argc, byte[] env, int[] envAt, int envc) {
        hostedOnly();
        if (argc < 0 || envc < 0 || argc > 0 && argc > argAt.length || envc > 0 && envc > envAt.length) {
            return -EINVAL;
        }
        if (argc + envc > EXEC_STRINGS) {
            return -E2BIG;
        }
        for (int i = 0; i < argc; i++) {
            EXEC_POINTERS[i] = cstring(args, argAt[i]);
            if (EXEC_POINTERS[i] == 0) {
                return -EINVAL;
            }
        }
        EXEC_POINTERS[argc] = 0;
        for (int i = 0; i < envc; i++) {
            EXEC_POINTERS[argc + 1 + i] = cstring(env, envAt[i]);
            if (EXEC_POINTERS[argc + 1 + i] == 0) {
                return -EINVAL;
            }
        }
        EXEC_POINTERS[argc + 1 + envc] = 0;
        long pointers = elements(EXEC_POINTERS);
        HostedRuntime.flushOutput();
        return Syscall.call3(SYS_EXECVE, file, pointers, pointers + 8L * (argc + 1));
    }

    /**
     * wait4(2) without resource usage: waits for a child {@code pid} names (-1 any, 0 one of this
     * process group, below -1 one of group {@code -pid}) to end, and reaps it; {@code status[0]}
     * gets its wait status ({@code status} may be null; read it with {@link #exited},
     * {@link #exitCode}, {@link #signaled}, {@link #termSignal}). Options: {@link #WNOHANG}
     * (return 0 at once when none has ended), {@link #WUNTRACED}. The child's pid, 0, or -errno
     * ({@code -ECHILD}: no such child; {@code -EINTR}).
     */
    public static long wait4(int pid, int[] status, int options) {
        return Syscall.call4(SYS_WAIT4, pid, status == null ? hostedZero() : ints(status, 1), options, 0);
    }

    /** Whether wait status {@code status} is that of a process that exited (WIFEXITED). */
    public static boolean exited(int status) {
        return (status & 0x7F) == 0;
    }

    /** The exit code of a process that exited (WEXITSTATUS). */
    public static int exitCode(int status) {
        return status >> 8 & 0xFF;
    }

    /** Whether wait status {@code status} is that of a process a signal ended (WIFSIGNALED). */
    public static boolean signaled(int status) {
        return (status & 0x7F) != 0 && (status & 0x7F) != 0x7F;
    }

    /** The signal that ended a process (WTERMSIG). */
    public static int termSignal(int status) {
        return status & 0x7F;
    }

    /** kill(2): sends {@code sig} (0: only checks) to process {@code pid}, to group {@code -pid}, to this group (0) or to every process but init and this one (-1); 0, or -errno. */
    public static long kill(int pid, int sig) {
        return Syscall.call2(SYS_KILL, pid, sig);
    }

    /** setsid(2): a new session and process group, both named after this process; the session id, or -EPERM for a group leader. */
    public static long setsid() {
        return Syscall.call0(SYS_SETSID);
    }

    /** setpgid(2): moves process {@code pid} (0: this one) into group {@code pgid} (0: its own pid); 0, or -errno. */
    public static long setpgid(int pid, int pgid) {
        return Syscall.call2(SYS_SETPGID, pid, pgid);
    }

    /** getpgid(2): the process group of {@code pid} (0: this process), or -errno. */
    public static long getpgid(int pid) {
        return Syscall.call1(SYS_GETPGID, pid);
    }

    /** getpgrp(2): this process's group. */
    public static long getpgrp() {
        return Syscall.call0(SYS_GETPGRP);
    }

    /** getsid(2): the session of {@code pid} (0: this process), or -errno. */
    public static long getsid(int pid) {
        return Syscall.call1(SYS_GETSID, pid);
    }

    /** dup(2): a new descriptor for the file {@code fd} names; the lowest free one, or -errno. */
    public static long dup(int fd) {
        return Syscall.call1(SYS_DUP, fd);
    }

    /** dup2(2): makes {@code newFd} name the file {@code oldFd} names (closing what it named); {@code newFd}, or -errno. */
    public static long dup2(int oldFd, int newFd) {
        return Syscall.call2(SYS_DUP2, oldFd, newFd);
    }

    /** dup3(2): as dup2, with {@link #O_CLOEXEC} in {@code flags}; {@code -EINVAL} when the two are equal. */
    public static long dup3(int oldFd, int newFd, int flags) {
        return Syscall.call3(SYS_DUP3, oldFd, newFd, flags);
    }

    /** chdir(2): the working directory becomes {@code path}; 0, or -errno. */
    public static long chdir(String path) {
        long n = path(path);
        return n < 0 ? n : Syscall.call1(SYS_CHDIR, elements(PATH));
    }

    /** chdir(2) of the NUL-terminated path {@code path[at...]}; {@code -EINVAL} when it has no NUL inside the array. */
    public static long chdir(byte[] path, int at) {
        long p = cstring(path, at);
        return p == 0 ? -EINVAL : Syscall.call1(SYS_CHDIR, p);
    }

    /**
     * ioctl(2) whose argument is a value, not a pointer: {@link #TIOCSCTTY} (make the terminal
     * {@code fd} this session's controlling terminal; {@code value} 1 steals it from another
     * session) and {@link #TIOCNOTTY}; any other request returns {@code -EINVAL}. 0, or -errno.
     */
    public static long ioctlValue(int fd, int request, long value) {
        if (request != TIOCSCTTY && request != TIOCNOTTY) {
            hostedOnly();
            return -EINVAL;
        }
        return Syscall.call3(SYS_IOCTL, fd, request, value);
    }

    /**
     * ioctl(2) whose argument is a {@code pid_t}: {@link #TIOCGPGRP} reads the terminal's
     * foreground process group into {@code pgrp[0]}, {@link #TIOCSPGRP} sets it to
     * {@code pgrp[0]}; any other request returns {@code -EINVAL}. 0, or -errno.
     */
    public static long ioctl(int fd, int request, int[] pgrp) {
        if (request != TIOCGPGRP && request != TIOCSPGRP) {
            hostedOnly();
            return -EINVAL;
        }
        return Syscall.call3(SYS_IOCTL, fd, request, ints(pgrp, 1));
    }

    /**
     * rt_sigpending(2): the signals sent to this process and blocked (so not yet delivered) into
     * {@code set[0]}, bit {@code n - 1} for signal {@code n}; 0, or -errno.
     */
    public static long rtSigpending(long[] set) {
        return Syscall.call2(SYS_RT_SIGPENDING, longs(set, 1), 8);
    }

    /**
     * rt_sigtimedwait(2): takes one pending signal of {@code set[0]} (they should be blocked, with
     * {@link #rtSigprocmask}, so that none is delivered meanwhile), waiting for one to be sent for
     * at most {@code timeout} ({@code {seconds, nanoseconds}}; null waits without limit). Returns
     * the signal's number; {@code info} (null, or {@link #SIGINFO_SIZE} bytes) gets its
     * {@code siginfo_t} ({@link #siginfoSigno}, {@link #siginfoCode}, {@link #siginfoPid},
     * {@link #siginfoStatus}). {@code -EAGAIN} when the time ran out, {@code -EINTR}, or -errno.
     *
     * <p>This is how a dialect program learns of signals, since the runtime cannot run a handler:
     * block them, then take them here (or look with {@link #rtSigpending}).
     */
    public static long rtSigtimedwait(long[] set, byte[] info, long[] timeout) {
        long s = longs(set, 1);
        long i = info == null ? hostedZero() : bytes(info, 0, SIGINFO_SIZE);
        return Syscall.call4(SYS_RT_SIGTIMEDWAIT, s, i, optionalLongs(timeout, 2), 8);
    }

    /** The signal number of a {@code siginfo_t} ({@code si_signo}). */
    public static int siginfoSigno(byte[] info) {
        return int32(info, 0);
    }

    /** Why it was sent ({@code si_code}: {@code SI_USER} 0 for kill, {@code CLD_EXITED} 1 ... for SIGCHLD). */
    public static int siginfoCode(byte[] info) {
        return int32(info, 8);
    }

    /** The sending process for kill and SIGCHLD ({@code si_pid}). */
    public static int siginfoPid(byte[] info) {
        return int32(info, 16);
    }

    /** The exit code or signal of the child, for SIGCHLD ({@code si_status}). */
    public static int siginfoStatus(byte[] info) {
        return int32(info, 24);
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /**
     * prctl(2) for the options whose arguments are values: {@link #PR_SET_CHILD_SUBREAPER}
     * (orphaned descendants are re-parented to this process instead of init) and
     * {@link #PR_SET_PDEATHSIG}; any other option returns {@code -EINVAL}. 0, or -errno.
     */
    public static long prctl(int option, long value) {
        if (option != PR_SET_CHILD_SUBREAPER && option != PR_SET_PDEATHSIG) {
            hostedOnly();
            return -EINVAL;
        }
        return Syscall.call5(SYS_PRCTL, option, value, 0, 0, 0);
    }

    /**
     * mount(2) without data: mounts {@code source} (the device, or a name for a virtual file
     * system) of type {@code fstype} on the directory {@code target} with {@code MS_} flags;
     * 0, or -errno.
     */
    public static long mount(String source, String target, String fstype, long flags) {
        long n = path(source, PATH);
        if (n == 0) {
            n = path(target, PATH2);
        }
        if (n == 0) {
            n = path(fstype, PATH3);
        }
        return n < 0 ? n : Syscall.call5(SYS_MOUNT, elements(PATH), elements(PATH2), elements(PATH3), flags, 0);
    }

    /** mount(2) of NUL-terminated strings inside arrays ({@code -EINVAL} when one has no NUL inside its array). */
    public static long mount(byte[] source, int sourceAt, byte[] target, int targetAt, byte[] fstype, int fstypeAt,
            long flags) {
        long s = cstring(source, sourceAt);
        long t = cstring(target, targetAt);
        long f = cstring(fstype, fstypeAt);
        return s == 0 || t == 0 || f == 0 ? -EINVAL : Syscall.call5(SYS_MOUNT, s, t, f, flags, 0);
    }

    /** umount2(2): unmounts the file system on {@code target} ({@link #MNT_DETACH} in {@code flags}); 0, or -errno. */
    public static long umount2(String target, int flags) {
        long n = path(target);
        return n < 0 ? n : Syscall.call2(SYS_UMOUNT2, elements(PATH), flags);
    }

    /** sync(2): writes every file system's changes out. */
    public static void sync() {
        hostedOnly();
        Syscall.call0(SYS_SYNC);
    }

    /**
     * reboot(2) with both magic numbers: {@code cmd} is {@link #LINUX_REBOOT_CMD_POWER_OFF},
     * {@link #LINUX_REBOOT_CMD_RESTART}, {@link #LINUX_REBOOT_CMD_HALT} (these do not return when
     * they work), {@link #LINUX_REBOOT_CMD_CAD_ON} or {@link #LINUX_REBOOT_CMD_CAD_OFF}
     * (Ctrl-Alt-Del reboots at once, or signals init). System.out and System.err are written out
     * first. 0, or -errno ({@code -EPERM} without the capability, {@code -EINVAL}).
     */
    public static long reboot(int cmd) {
        hostedOnly();
        HostedRuntime.flushOutput();
        return Syscall.call4(SYS_REBOOT, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, 0);
    }

    // ---- memory ----

    /**
     * brk(2): asks for the end of the data segment to be {@code end} (0: no change); returns the
     * end as it is afterwards (unchanged when the kernel refused). Safe code cannot reach the
     * memory; this is for measuring and testing the kernel.
     */
    public static long brk(long end) {
        return Syscall.call1(SYS_BRK, end);
    }

    /**
     * mmap(2) where the kernel chooses the address: {@code length} bytes ({@code PROT_},
     * {@code MAP_} flags; {@code fd} and {@code offset} for a file mapping, -1 and 0 otherwise);
     * the address, or -errno. {@link #MAP_FIXED} and {@link #MAP_FIXED_NOREPLACE} give
     * {@code -EINVAL} (a fixed address could replace the program's own memory). The runtime
     * records the mapping: {@link #munmap}, {@link #mprotect}, {@link #load} and {@link #store}
     * work only inside such mappings ({@link Mappings#MAX} of them at a time; beyond that,
     * {@code -ENOMEM}).
     */
    public static long mmap(long length, int prot, int flags, int fd, long offset) {
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            hostedOnly();
            return -EINVAL;
        }
        long address = Syscall.call6(SYS_MMAP, 0, length, prot, flags, fd, offset);
        if (address < 0 && address >= -4095) {
            return address;
        }
        long end = address + pageUp(length);
        if (!Mappings.add(address, end, prot)) {
            Syscall.call2(SYS_MUNMAP, address, end - address);
            return -ENOMEM;
        }
        return address;
    }

    /**
     * munmap(2) of {@code [address, address + length)} (whole pages), which must lie inside one
     * mapping {@link #mmap} made (else {@code -EINVAL}); 0, or -errno.
     */
    public static long munmap(long address, long length) {
        int i = mapping(address, length);
        if (i < 0) {
            return -EINVAL;
        }
        long r = Syscall.call2(SYS_MUNMAP, address, length);
        if (r == 0) {
            Mappings.remove(i);
        }
        return r;
    }

    /** mprotect(2) of {@code [address, address + length)} inside one mapping {@link #mmap} made (else {@code -EINVAL}); 0, or -errno. */
    public static long mprotect(long address, long length, int prot) {
        int i = mapping(address, length);
        if (i < 0) {
            return -EINVAL;
        }
        long r = Syscall.call3(SYS_MPROTECT, address, length, prot);
        if (r == 0) {
            Mappings.protect(i, prot);
        }
        return r;
    }

    /**
     * Copies {@code length} bytes of mapped memory at {@code address} into {@code buffer[offset...]}:
     * 0, or {@code -EFAULT} unless the range lies inside one readable mapping {@link #mmap} made.
     * (A file mapping's pages wholly past the end of the file raise SIGBUS, as on Linux.)
     */
    public static long load(long address, byte[] buffer, int offset, int length) {
        long to = bytes(buffer, offset, length);
        if (length != 0 && !Mappings.allows(address, address + length, PROT_READ)) {
            return -EFAULT;
        }
        for (int i = 0; i < length; i++) {
            Memory.store8(to + i, Memory.load8(address + i));
        }
        return 0;
    }

    /** Copies {@code buffer[offset, offset + length)} to mapped memory at {@code address}: 0, or {@code -EFAULT} unless it lies inside one writable mapping. */
    public static long store(long address, byte[] buffer, int offset, int length) {
        long from = bytes(buffer, offset, length);
        if (length != 0 && !Mappings.allows(address, address + length, PROT_WRITE)) {
            return -EFAULT;
        }
        for (int i = 0; i < length; i++) {
            Memory.store8(address + i, Memory.load8(from + i));
        }
        return 0;
    }

    // ---- time, scheduling, randomness, identity ----

    /** clock_gettime(2): {@code ts[0]} seconds and {@code ts[1]} nanoseconds of clock {@code clock}; 0, or -errno. */
    public static long clockGettime(int clock, long[] ts) {
        return Syscall.call2(SYS_CLOCK_GETTIME, clock, longs(ts, 2));
    }

    /** gettimeofday(2): {@code tv[0]} seconds and {@code tv[1]} microseconds since the epoch (tv may be null); 0, or -errno. */
    public static long gettimeofday(long[] tv) {
        return Syscall.call2(SYS_GETTIMEOFDAY, optionalLongs(tv, 2), 0);
    }

    /**
     * nanosleep(2): sleeps for {@code request[0]} seconds and {@code request[1]} nanoseconds;
     * 0, or -errno ({@code -EINTR} with the time left in {@code remaining}, which may be null).
     */
    public static long nanosleep(long[] request, long[] remaining) {
        return Syscall.call2(SYS_NANOSLEEP, longs(request, 2), optionalLongs(remaining, 2));
    }

    /** sched_yield(2): 0. */
    public static long schedYield() {
        return Syscall.call0(SYS_SCHED_YIELD);
    }

    /** getrandom(2): fills {@code buffer[offset, offset + length)} with random bytes ({@code GRND_} flags); the count, or -errno. */
    public static long getrandom(byte[] buffer, int offset, int length, int flags) {
        return Syscall.call3(SYS_GETRANDOM, bytes(buffer, offset, length), length, flags);
    }

    // ---- the initial stack: arguments, environment, auxiliary vector ----

    /** How many arguments the process has (argc; argument 0 is usually the program's path). */
    public static int argc() {
        hostedOnly();
        return (int) Memory.load64(HostedRuntime.initialStack);
    }

    /** The length in bytes of argument {@code i}, or -1 when there is no argument {@code i}. */
    public static int argLength(int i) {
        long s = argument(i);
        return s == 0 ? -1 : length(s);
    }

    /** Copies argument {@code i} (without its NUL) to {@code buffer[offset...]}; its length, or -1 when there is none. */
    public static int arg(int i, byte[] buffer, int offset) {
        return copyString(argument(i), buffer, offset);
    }

    /** How many environment strings ({@code NAME=value}) the process has. */
    public static int envCount() {
        hostedOnly();
        long p = environment();
        int n = 0;
        while (Memory.load64(p + 8L * n) != 0) {
            n++;
        }
        return n;
    }

    /** The length in bytes of environment string {@code i}, or -1 when there is none. */
    public static int envLength(int i) {
        long s = environmentString(i);
        return s == 0 ? -1 : length(s);
    }

    /** Copies environment string {@code i} to {@code buffer[offset...]}; its length, or -1 when there is none. */
    public static int env(int i, byte[] buffer, int offset) {
        return copyString(environmentString(i), buffer, offset);
    }

    /** The value of the auxiliary vector's entry {@code type} ({@code AT_...}), or 0 when it has none (as getauxval(3)). */
    public static long auxv(int type) {
        hostedOnly();
        long p = environment();
        while (Memory.load64(p) != 0) {
            p += 8;
        }
        for (p += 8; Memory.load64(p) != AT_NULL; p += 16) {
            if (Memory.load64(p) == type) {
                return Memory.load64(p + 8);
            }
        }
        return 0;
    }

    // ---- the checks between safe code and the kernel ----

    /** On the JVM nothing below exists. (Compiled, Platform.simulated() is false and this is nothing.) */
    private static void hostedOnly() {
        if (Platform.simulated()) {
            throw new UnsupportedOperationException(UNSUPPORTED);
        }
    }

    /** The address of an array's element 0. */
    private static long elements(Object array) {
        hostedOnly();
        return Memory.addressOf(array) + HostedRuntime.ELEMENTS;
    }

    /**
     * The address of {@code b[offset]} once {@code [offset, offset + length)} is known to lie in
     * {@code b}: otherwise the array access to the first index outside it throws, with Java's
     * message. An empty range may start at {@code b.length}.
     */
    private static long bytes(byte[] b, int offset, int length) {
        hostedOnly();
        if (length < 0) {
            throw new IndexOutOfBoundsException("negative length");
        }
        if (length > 0) {
            byte first = b[offset];
            byte last = b[offset + length - 1];             // past the end, or wrapped to a negative index
        } else if (offset != b.length) {
            byte at = b[offset];
        }
        return elements(b) + offset;
    }

    /** The address of {@code a[0]}, which must have at least {@code count} elements. */
    private static long longs(long[] a, int count) {
        hostedOnly();
        long last = a[count - 1];
        return elements(a);
    }

    /** As {@link #longs}, or 0 (NULL) for a null array. */
    private static long optionalLongs(long[] a, int count) {
        return a == null ? hostedZero() : longs(a, count);
    }

    private static long ints(int[] a, int count) {
        hostedOnly();
        int last = a[count - 1];
        return elements(a);
    }

    private static long hostedZero() {
        hostedOnly();
        return 0;
    }

    /**
     * Fills {@link #IOVEC} with the buffers' addresses and lengths after checking each range;
     * 0, or {@code -EINVAL} for a count the table cannot hold.
     */
    private static long iovec(byte[][] buffers, int[] offsets, int[] lengths, int count) {
        hostedOnly();
        if (count < 0 || count > IOV_MAX) {
            return -EINVAL;
        }
        for (int i = 0; i < count; i++) {
            IOVEC[2 * i] = bytes(buffers[i], offsets[i], lengths[i]);
            IOVEC[2 * i + 1] = lengths[i];
        }
        return 0;
    }

    /** Puts {@code path} in {@link #PATH} as UTF-8 with a NUL; 0, or -ENAMETOOLONG, or -EINVAL for a NUL inside it. */
    private static long path(String path) {
        return path(path, PATH);
    }

    /** Puts {@code path} in {@code to} (PATH_MAX bytes) as UTF-8 with a NUL; as {@link #path(String)}. */
    private static long path(String path, byte[] to) {
        hostedOnly();
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            int c = path.charAt(i);
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < path.length()
                    && path.charAt(i + 1) >= 0xDC00 && path.charAt(i + 1) <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (path.charAt(i + 1) - 0xDC00);
                i++;
            } else if (c >= 0xD800 && c <= 0xDFFF) {
                c = '?';                                    // a lone surrogate, as System.out writes it
            }
            if (c == 0) {
                return -EINVAL;
            }
            int bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (n + bytes >= PATH_MAX) {
                return -ENAMETOOLONG;
            }
            if (bytes == 1) {
                to[n++] = (byte) c;
            } else if (bytes == 2) {
                to[n++] = (byte) (0xC0 | c >> 6);
                to[n++] = (byte) (0x80 | c & 0x3F);
            } else if (bytes == 3) {
                to[n++] = (byte) (0xE0 | c >> 12);
                to[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                to[n++] = (byte) (0x80 | c & 0x3F);
            } else {
                to[n++] = (byte) (0xF0 | c >> 18);
                to[n++] = (byte) (0x80 | c >> 12 & 0x3F);
                to[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                to[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        to[n] = 0;
        return 0;
    }

    /** Puts {@code path[offset, offset + length)} in {@link #PATH} with a NUL; as {@link #path(String)}. */
    private static long path(byte[] path, int offset, int length) {
        bytes(path, offset, length);
        if (length >= PATH_MAX) {
            return -ENAMETOOLONG;
        }
        for (int i = 0; i < length; i++) {
            if (path[offset + i] == 0) {
                return -EINVAL;
            }
            PATH[i] = path[offset + i];
        }
        PATH[length] = 0;
        return 0;
    }

    /**
     * The address of the NUL-terminated string at {@code b[at]}, or 0 when there is no NUL in
     * {@code b[at, b.length)}: the kernel reads no byte outside the array. An {@code at} outside
     * the array throws as the array access does.
     */
    private static long cstring(byte[] b, int at) {
        hostedOnly();
        byte first = b[at];
        for (int i = at; i < b.length; i++) {
            if (b[i] == 0) {
                return elements(b) + at;
            }
        }
        return 0;
    }

    private static long statAt(int dirfd, Stat stat, int flags) {
        long r = Syscall.call4(SYS_NEWFSTATAT, dirfd, elements(PATH), elements(STAT), flags);
        return r < 0 ? r : decode(stat);
    }

    /** Copies {@link #STAT} ({@code struct stat} as x86-64 Linux lays it out) into {@code stat}; 0. */
    private static long decode(Stat stat) {
        stat.dev = STAT[0];
        stat.ino = STAT[1];
        stat.nlink = STAT[2];
        stat.mode = (int) STAT[3];
        stat.uid = (int) (STAT[3] >>> 32);
        stat.gid = (int) STAT[4];
        stat.rdev = STAT[5];
        stat.size = STAT[6];
        stat.blksize = STAT[7];
        stat.blocks = STAT[8];
        stat.atimeSeconds = STAT[9];
        stat.atimeNanoseconds = STAT[10];
        stat.mtimeSeconds = STAT[11];
        stat.mtimeNanoseconds = STAT[12];
        stat.ctimeSeconds = STAT[13];
        stat.ctimeNanoseconds = STAT[14];
        return 0;
    }

    /** The mapping that holds the whole pages of {@code [address, address + length)}, carved out as a region of its own, or -1. */
    private static int mapping(long address, long length) {
        hostedOnly();
        if (length <= 0 || (address & (Mappings.PAGE - 1)) != 0) {
            return -1;
        }
        long end = address + pageUp(length);
        int i = Mappings.find(address, end);
        return i < 0 ? -1 : Mappings.carve(i, address, end);
    }

    private static long pageUp(long length) {
        return (length + Mappings.PAGE - 1) & -Mappings.PAGE;
    }

    /** The address of argv[i], or 0 when {@code i} is not below argc. */
    private static long argument(int i) {
        hostedOnly();
        long argc = Memory.load64(HostedRuntime.initialStack);
        return i < 0 || i >= argc ? 0 : Memory.load64(HostedRuntime.initialStack + 8 + 8L * i);
    }

    /** The address of envp[0]: after argc, argv[] and its null. */
    private static long environment() {
        long argc = Memory.load64(HostedRuntime.initialStack);
        return HostedRuntime.initialStack + 8 + 8 * argc + 8;
    }

    /** The address of envp[i], or 0 when there is none. */
    private static long environmentString(int i) {
        hostedOnly();
        if (i < 0) {
            return 0;
        }
        long p = environment();
        for (int k = 0; k < i; k++) {
            if (Memory.load64(p + 8L * k) == 0) {
                return 0;
            }
        }
        return Memory.load64(p + 8L * i);
    }

    private static int length(long s) {
        int n = 0;
        while (Memory.load8(s + n) != 0) {
            n++;
        }
        return n;
    }

    /** Copies the NUL-terminated string at {@code s} (0: none) to {@code buffer[offset...]}; its length, or -1. */
    private static int copyString(long s, byte[] buffer, int offset) {
        if (s == 0) {
            return -1;
        }
        int n = length(s);
        long to = bytes(buffer, offset, n);
        for (int i = 0; i < n; i++) {
            Memory.store8(to + i, Memory.load8(s + i));
        }
        return n;
    }
}
