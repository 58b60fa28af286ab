package org.zeptux.compiler.testdata.linux;

import org.zeptux.rt.hosted.Linux;

/**
 * Every system call of {@link Linux}, with its successes and its errors, in safe code. Run with
 * one argument, a directory laid out as {@code LinuxCallsFixture} writes it (relative to the
 * working directory; the programs' tests pass {@code data}). It prints only what Linux and
 * Zeptux must agree on — no process ids, times, inode numbers or permissions — one line per
 * check, and ends with exit_group(3) so the exit status is checked too.
 */
public final class LinuxCalls {
    private LinuxCalls() {}

    private static final byte[] DIR = new byte[256];
    private static final byte[] PATH = new byte[512];
    private static final byte[] BUFFER = new byte[1024];
    private static final byte[] A = new byte[4];
    private static final byte[] B = new byte[6];
    private static final byte[][] PARTS = {A, B};
    private static final int[] OFFSETS = {0, 0};
    private static final int[] LENGTHS = {4, 6};
    private static final byte[] HELLO = {'h', 'e', 'l', 'l', 'o', ',', ' ', 'w', 'r', 'i', 't', 'e', '(', '2', ')', '\n'};
    private static final byte[] WRITEV_A = {'w', 'r', 'i', 't', 'e', 'v', ':', ' '};
    private static final byte[] WRITEV_B = {'t', 'w', 'o', ' ', 'p', 'a', 'r', 't', 's', '\n'};
    private static final byte[][] WRITEV = {WRITEV_A, WRITEV_B};
    private static final int[] WRITEV_OFFSETS = {0, 0};
    private static final int[] WRITEV_LENGTHS = {8, 10};
    private static final byte[] UNAME = new byte[6 * Linux.UTSNAME_FIELD];
    private static final byte[] TERMIOS = new byte[Linux.TERMIOS_SIZE];
    private static final byte[] RANDOM = new byte[16];
    private static final Linux.Stat STAT = new Linux.Stat();
    private static final long[] BEFORE = new long[2];
    private static final long[] AFTER = new long[2];
    private static final long[] SLEEP = {0, 20_000_000};
    private static final long[] BAD_SLEEP = {0, 1_000_000_000};
    private static final long[] TV = new long[2];
    private static final long[] ACTION = new long[4];
    private static final long[] OLD_ACTION = new long[4];
    private static final long[] SET = new long[1];
    private static final long[] OLD_SET = new long[1];
    private static final long[] LIMIT = new long[2];
    private static final long[] WORD = new long[1];
    private static final int[] TID_WORD = new int[1];

    /** Directory entries as read, then sorted by name: the order of getdents64 is the file system's. */
    private static final byte[][] NAMES = new byte[16][64];
    private static final int[] NAME_LENGTHS = new int[16];
    private static final int[] TYPES = new int[16];

    public static void main(String[] args) {
        // The initial stack: arguments, environment, auxiliary vector.
        line("argc", Linux.argc());
        int dirLength = Linux.arg(1, DIR, 0);
        label("arg 1");
        bytes(DIR, 0, dirLength);
        System.out.println();
        line("arg 2 length", Linux.argLength(2));
        boolean envOk = Linux.env(Linux.envCount(), BUFFER, 0) == -1 && Linux.envLength(-1) == -1;
        for (int i = 0; i < Linux.envCount(); i++) {
            envOk &= Linux.envLength(i) >= 0;
        }
        check("environment strings end at envCount", envOk);
        line("auxv AT_PAGESZ", Linux.auxv(Linux.AT_PAGESZ));
        check("auxv AT_UID is getuid", Linux.auxv(Linux.AT_UID) == Linux.getuid());
        check("auxv AT_ENTRY and AT_RANDOM are set", Linux.auxv(Linux.AT_ENTRY) != 0 && Linux.auxv(Linux.AT_RANDOM) != 0);
        line("auxv of an absent type", Linux.auxv(999));

        // A file: open, fstat, read, readv, lseek, ioctl, close.
        long fd = Linux.open("data/hello.txt", Linux.O_RDONLY, 0);
        check("open data/hello.txt gives a new fd", fd >= 3);
        line("fstat", Linux.fstat((int) fd, STAT));
        check("a regular file", STAT.isRegularFile());
        line("size", STAT.size);
        long n = Linux.read((int) fd, BUFFER, 0, 5);
        label("read 5");
        bytes(BUFFER, 0, (int) n);
        System.out.println();
        line("lseek SEEK_CUR", Linux.lseek((int) fd, 0, Linux.SEEK_CUR));
        n = Linux.readv((int) fd, PARTS, OFFSETS, LENGTHS, 2);
        label("readv");
        System.out.print(n);
        System.out.print(' ');
        bytes(A, 0, 4);
        System.out.print('|');
        bytes(B, 0, 6);
        System.out.println();
        line("lseek SEEK_END", Linux.lseek((int) fd, 0, Linux.SEEK_END));
        line("read at the end", Linux.read((int) fd, BUFFER, 0, BUFFER.length));
        line("lseek SEEK_SET 7", Linux.lseek((int) fd, 7, Linux.SEEK_SET));
        n = Linux.read((int) fd, BUFFER, 100, 200);
        label("read the rest");
        bytes(BUFFER, 100, (int) n);
        System.out.println();
        line("lseek before the start", Linux.lseek((int) fd, -1, Linux.SEEK_SET));
        line("ioctl TCGETS on a file", Linux.ioctl((int) fd, Linux.TCGETS, TERMIOS));
        line("ioctl of a request the runtime does not pass", Linux.ioctl((int) fd, 0x5402, TERMIOS));
        line("write to a read-only fd", Linux.write((int) fd, HELLO, 0, 1));
        line("close", Linux.close((int) fd));
        line("close again", Linux.close((int) fd));
        line("read a closed fd", Linux.read((int) fd, BUFFER, 0, 1));
        line("open a missing file", Linux.open("data/missing", Linux.O_RDONLY, 0));
        line("open a file as a directory", Linux.open("data/hello.txt", Linux.O_RDONLY | Linux.O_DIRECTORY, 0));
        line("open a path with a NUL", Linux.open("data\0", Linux.O_RDONLY, 0));

        // A directory: openat, newfstatat, getdents64.
        long dir = Linux.openat(Linux.AT_FDCWD, DIR, 0, dirLength, Linux.O_RDONLY | Linux.O_DIRECTORY, 0);
        check("openat of the directory gives a new fd", dir >= 3);
        line("fstat of it", Linux.fstat((int) dir, STAT));
        check("a directory", STAT.isDirectory());
        line("newfstatat hello.txt", Linux.newfstatat((int) dir, "hello.txt", STAT, 0));
        check("a regular file", STAT.isRegularFile());
        line("size", STAT.size);
        line("newfstatat link, not followed", Linux.newfstatat((int) dir, "link", STAT, Linux.AT_SYMLINK_NOFOLLOW));
        check("a symbolic link", STAT.isSymbolicLink());
        line("newfstatat link", Linux.newfstatat((int) dir, "link", STAT, 0));
        check("followed to a regular file", STAT.isRegularFile());
        line("size", STAT.size);
        line("newfstatat a missing file", Linux.newfstatat((int) dir, "missing", STAT, 0));
        line("newfstatat through a file", Linux.newfstatat((int) dir, "hello.txt/x", STAT, 0));
        list((int) dir);
        long inner = Linux.openat((int) dir, "sub/inner.txt", Linux.O_RDONLY, 0);
        check("openat relative to the directory", inner >= 3);
        n = Linux.read((int) inner, BUFFER, 0, BUFFER.length);
        label("sub/inner.txt");
        bytes(BUFFER, 0, (int) n);
        System.out.println();
        line("getdents64 of a file", Linux.getdents64((int) inner, BUFFER, 0, BUFFER.length));
        Linux.close((int) inner);
        Linux.close((int) dir);

        // Writing: System.out's buffer is written out first, so the order holds.
        System.out.print("System.out first, then ");
        line("write", Linux.write(1, HELLO, 0, HELLO.length));
        line("writev", Linux.writev(1, WRITEV, WRITEV_OFFSETS, WRITEV_LENGTHS, 2));
        line("write to a bad fd", Linux.write(99, HELLO, 0, 1));
        line("writev of too many buffers", Linux.writev(1, WRITEV, WRITEV_OFFSETS, WRITEV_LENGTHS, Linux.IOV_MAX + 1));

        // The process.
        long pid = Linux.getpid();
        check("getpid is positive", pid > 0);
        check("gettid is getpid (one thread)", Linux.gettid() == pid);
        check("getppid is not negative", Linux.getppid() >= 0);
        check("getuid is geteuid", Linux.getuid() == Linux.geteuid());
        check("getgid is getegid", Linux.getgid() == Linux.getegid());
        check("set_tid_address returns the thread id", Linux.setTidAddress(TID_WORD) == pid);
        line("arch_prctl ARCH_SET_FS", Linux.archPrctl(Linux.ARCH_SET_FS, 0x7000_0000_1000L));
        line("arch_prctl ARCH_GET_FS", Linux.archPrctl(Linux.ARCH_GET_FS, WORD));
        check("FS is what was set", WORD[0] == 0x7000_0000_1000L);
        line("arch_prctl of another code", Linux.archPrctl(0x1011, 0));
        line("uname", Linux.uname(UNAME));
        label("machine");
        bytes(UNAME, Linux.UTS_MACHINE, length(UNAME, Linux.UTS_MACHINE));
        System.out.println();
        check("sysname is set", UNAME[Linux.UTS_SYSNAME] != 0);
        line("sched_yield", Linux.schedYield());
        line("getrandom", Linux.getrandom(RANDOM, 0, RANDOM.length, 0));

        // Signals: recorded, default actions.
        ACTION[0] = Linux.SIG_IGN;
        line("rt_sigaction SIGTERM to SIG_IGN", Linux.rtSigaction(Linux.SIGTERM, ACTION, null));
        line("rt_sigaction read back", Linux.rtSigaction(Linux.SIGTERM, null, OLD_ACTION));
        check("the handler is SIG_IGN", OLD_ACTION[0] == Linux.SIG_IGN);
        ACTION[0] = Linux.SIG_DFL;
        line("rt_sigaction SIGTERM to SIG_DFL", Linux.rtSigaction(Linux.SIGTERM, ACTION, OLD_ACTION));
        check("the old handler was SIG_IGN", OLD_ACTION[0] == Linux.SIG_IGN);
        line("rt_sigaction SIGKILL", Linux.rtSigaction(Linux.SIGKILL, ACTION, null));
        line("rt_sigaction signal 0", Linux.rtSigaction(0, null, OLD_ACTION));
        ACTION[0] = 0x401000;
        line("rt_sigaction with a handler address", Linux.rtSigaction(Linux.SIGTERM, ACTION, null));
        SET[0] = 1L << (Linux.SIGHUP - 1);
        line("rt_sigprocmask SIG_BLOCK SIGHUP", Linux.rtSigprocmask(Linux.SIG_BLOCK, SET, OLD_SET));
        line("rt_sigprocmask read back", Linux.rtSigprocmask(Linux.SIG_BLOCK, null, OLD_SET));
        check("SIGHUP is blocked", (OLD_SET[0] & SET[0]) != 0);
        line("rt_sigprocmask SIG_UNBLOCK", Linux.rtSigprocmask(Linux.SIG_UNBLOCK, SET, null));
        line("rt_sigprocmask of a bad how", Linux.rtSigprocmask(7, SET, null));

        // Limits.
        line("prlimit64 RLIMIT_NOFILE", Linux.prlimit64(0, Linux.RLIMIT_NOFILE, null, LIMIT));
        check("soft <= hard", Long.compareUnsigned(LIMIT[0], LIMIT[1]) <= 0);
        line("prlimit64 of a bad resource", Linux.prlimit64(0, 99, null, LIMIT));

        // Time.
        line("clock_gettime CLOCK_MONOTONIC", Linux.clockGettime(Linux.CLOCK_MONOTONIC, BEFORE));
        line("nanosleep 20 ms", Linux.nanosleep(SLEEP, null));
        Linux.clockGettime(Linux.CLOCK_MONOTONIC, AFTER);
        long elapsed = (AFTER[0] - BEFORE[0]) * 1_000_000_000L + AFTER[1] - BEFORE[1];
        check("at least 20 ms passed", elapsed >= 20_000_000);
        line("nanosleep of 10^9 ns", Linux.nanosleep(BAD_SLEEP, null));
        line("clock_gettime CLOCK_REALTIME", Linux.clockGettime(Linux.CLOCK_REALTIME, BEFORE));
        line("clock_gettime of a bad clock", Linux.clockGettime(100, BEFORE));
        line("gettimeofday", Linux.gettimeofday(TV));
        check("microseconds below 10^6", TV[1] >= 0 && TV[1] < 1_000_000);

        memory();

        System.out.println("exit_group(3)");
        Linux.exitGroup(3);
        System.out.println("not reached");
    }

    /** brk, and mmap/mprotect/munmap with copies in and out (anonymous and private file mappings). */
    private static void memory() {
        long end = Linux.brk(0);
        check("brk(0) is the break", end > 0);
        check("brk grows by two pages", Linux.brk(end + 8192) == end + 8192);
        check("brk shrinks back", Linux.brk(end) == end);

        long m = Linux.mmap(3 * 4096, Linux.PROT_READ | Linux.PROT_WRITE, Linux.MAP_PRIVATE | Linux.MAP_ANONYMOUS, -1, 0);
        check("mmap of three anonymous pages", m > 0 && (m & 4095) == 0);
        line("store", Linux.store(m + 4096 - 2, HELLO, 0, 5));
        line("load", Linux.load(m + 4096 - 2, BUFFER, 0, 5));
        label("loaded");
        bytes(BUFFER, 0, 5);
        System.out.println();
        line("load of fresh memory", Linux.load(m + 8192, BUFFER, 0, 4));
        line("which reads zeros", BUFFER[0] | BUFFER[1] | BUFFER[2] | BUFFER[3]);
        line("mprotect the last page read-only", Linux.mprotect(m + 8192, 4096, Linux.PROT_READ));
        line("store to it", Linux.store(m + 8192, HELLO, 0, 1));
        line("load from it", Linux.load(m + 8192, BUFFER, 0, 1));
        line("munmap the middle page", Linux.munmap(m + 4096, 4096));
        line("load from it", Linux.load(m + 4096, BUFFER, 0, 1));
        line("load from the first page", Linux.load(m, BUFFER, 0, 1));
        line("munmap it again", Linux.munmap(m + 4096, 4096));
        line("munmap the first page", Linux.munmap(m, 4096));
        line("munmap the last page", Linux.munmap(m + 8192, 4096));
        line("mmap MAP_FIXED", Linux.mmap(4096, Linux.PROT_READ, Linux.MAP_PRIVATE | Linux.MAP_ANONYMOUS | Linux.MAP_FIXED, -1, 0));
        line("mmap of length 0", Linux.mmap(0, Linux.PROT_READ, Linux.MAP_PRIVATE | Linux.MAP_ANONYMOUS, -1, 0));

        long fd = Linux.open("data/hello.txt", Linux.O_RDONLY, 0);
        long f = Linux.mmap(4096, Linux.PROT_READ, Linux.MAP_PRIVATE, (int) fd, 0);
        check("mmap of a file", f > 0);
        Linux.close((int) fd);
        line("load from the file mapping", Linux.load(f, BUFFER, 0, 14));
        label("mapped");
        bytes(BUFFER, 0, 14);
        System.out.println();
        line("store to it", Linux.store(f, HELLO, 0, 1));
        line("munmap it", Linux.munmap(f, 4096));
        line("mmap of a closed fd", Linux.mmap(4096, Linux.PROT_READ, Linux.MAP_PRIVATE, (int) fd, 0));
    }

    /** Lists the directory: every entry getdents64 returns, sorted by name, with its type. */
    private static void list(int dir) {
        int count = 0;
        long n;
        while ((n = Linux.getdents64(dir, BUFFER, 0, BUFFER.length)) > 0) {
            for (int at = 0; at < n; at += Linux.direntLength(BUFFER, at)) {
                int length = Linux.direntNameLength(BUFFER, at);
                System.arraycopy(BUFFER, at + Linux.DIRENT_NAME, NAMES[count], 0, length);
                NAME_LENGTHS[count] = length;
                TYPES[count] = Linux.direntType(BUFFER, at);
                count++;
            }
        }
        line("getdents64 at the end", n);
        for (int i = 1; i < count; i++) {
            for (int j = i; j > 0 && compare(NAMES[j - 1], NAME_LENGTHS[j - 1], NAMES[j], NAME_LENGTHS[j]) > 0; j--) {
                byte[] name = NAMES[j];
                NAMES[j] = NAMES[j - 1];
                NAMES[j - 1] = name;
                int length = NAME_LENGTHS[j];
                NAME_LENGTHS[j] = NAME_LENGTHS[j - 1];
                NAME_LENGTHS[j - 1] = length;
                int type = TYPES[j];
                TYPES[j] = TYPES[j - 1];
                TYPES[j - 1] = type;
            }
        }
        for (int i = 0; i < count; i++) {
            System.out.print("  ");
            bytes(NAMES[i], 0, NAME_LENGTHS[i]);
            System.out.print(' ');
            System.out.println(TYPES[i] == Linux.DT_DIR ? "dir" : TYPES[i] == Linux.DT_REG ? "file"
                    : TYPES[i] == Linux.DT_LNK ? "link" : "other");
        }
    }

    private static int compare(byte[] a, int aLength, byte[] b, int bLength) {
        for (int i = 0; i < aLength && i < bLength; i++) {
            if (a[i] != b[i]) {
                return (a[i] & 0xFF) - (b[i] & 0xFF);
            }
        }
        return aLength - bLength;
    }

    private static int length(byte[] b, int from) {
        int n = 0;
        while (from + n < b.length && b[from + n] != 0) {
            n++;
        }
        return n;
    }

    private static void label(String what) {
        System.out.print(what);
        System.out.print(": ");
    }

    private static void line(String what, long value) {
        label(what);
        System.out.println(value);
    }

    private static void check(String what, boolean holds) {
        label(what);
        System.out.println(holds);
    }

    /** Prints bytes as characters, a newline as \n. */
    private static void bytes(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (b[i] == '\n') {
                System.out.print("\\n");
            } else {
                System.out.print((char) (b[i] & 0xFF));
            }
        }
    }
}
