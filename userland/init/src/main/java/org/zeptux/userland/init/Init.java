package org.zeptux.userland.init;

import org.zeptux.rt.BuildTime;
import org.zeptux.rt.hosted.Linux;

/**
 * Zeptux's init: the first user program (pid 1, chosen by the kernel command line's
 * {@code init=/sbin/init}), written in the dialect and built with {@code zeptuxc build --target
 * hosted}. It reads {@code /etc/init.conf} ({@link Config}; docs/init.md), mounts what it names,
 * runs its one-shot programs, starts its services and the console shell, restarts those when
 * they end, reaps every process that ends under it (orphans are re-parented to pid 1), and
 * shuts the machine down when asked.
 *
 * <p>Signals, without handlers (the hosted runtime cannot run one): init blocks the ones it
 * cares about and takes them with rt_sigtimedwait, which is also how it sleeps —
 *
 * <pre>
 *   SIGCHLD   a child ended: reap (wait4(-1, WNOHANG) until none), restart services
 *   SIGUSR2   poweroff (busybox's poweroff signals pid 1 so)        ┐ stop every process:
 *   SIGTERM   reboot   (busybox's reboot)                           │ SIGTERM, up to 1 s,
 *   SIGUSR1   halt     (busybox's halt)                             │ SIGKILL, up to 1 s;
 *   SIGINT    reboot   (Ctrl-Alt-Del, once reboot(CAD_OFF) is set)  ┘ sync; reboot(2)
 *   SIGHUP    noted (there is nothing to reload)
 * </pre>
 *
 * <p>Children start with no blocked signal (the mask is inherited across fork and execve), each
 * in a session of its own; the console program's session has the console as its controlling
 * terminal and it as the foreground process group. A program that ends less than a second after
 * it started is restarted a second later, so a broken one does not spin.
 *
 * <p>Not as pid 1 (a test on a Linux host: {@code init CONFIG}), init does everything but what
 * would reach beyond its own children: it mounts nothing (it says what it would mount), becomes
 * a child subreaper instead (prctl), stops only the process groups it started, and exits 0
 * where it would call reboot(2).
 */
public final class Init {
    private Init() {}

    static final String DEFAULT_CONFIG = "/etc/init.conf";
    /** What init does when there is no configuration file. */
    static final String DEFAULTS = "mount proc /proc\nmount devtmpfs /dev\nconsole /bin/sh\n";
    static final byte[] DEFAULT_BYTES = ascii(DEFAULTS);
    static final String DEFAULT_PATH = "PATH=/sbin:/usr/sbin:/bin:/usr/bin";
    private static final byte[] DEFAULT_PATH_BYTES = ascii(DEFAULT_PATH);
    /** A program that ran less than this long is restarted only after it (milliseconds). */
    static final long RESPAWN_DELAY = 1000;
    /** How long shutting down waits for the processes after SIGTERM, and after SIGKILL (milliseconds). */
    static final long STOP_WAIT = 1000;

    static final Config CONFIG = new Config();
    private static final byte[] FILE = new byte[Config.MAX_TEXT];
    private static final byte[] CONFIG_PATH = new byte[Linux.PATH_MAX];
    /** Each directive's process (0: none running), when it started, and whether it is due to start again. */
    private static final int[] PIDS = new int[Config.MAX_DIRECTIVES];
    private static final long[] STARTED = new long[Config.MAX_DIRECTIVES];
    private static final long[] RESTART_AT = new long[Config.MAX_DIRECTIVES];
    private static final boolean[] RESTART = new boolean[Config.MAX_DIRECTIVES];
    /** The environment every program gets: NUL-terminated NAME=VALUE strings. */
    static final int MAX_ENV = 64;
    private static final byte[] ENV_TEXT = new byte[8192];
    private static final int[] ENV_AT = new int[MAX_ENV];
    private static int envCount;
    private static int envLength;
    private static final int[] ARGV_AT = new int[Config.MAX_ARGUMENTS];
    private static final byte[] PARENT = new byte[Linux.PATH_MAX];
    private static final Linux.Stat DIR_STAT = new Linux.Stat();
    private static final Linux.Stat PARENT_STAT = new Linux.Stat();

    private static final int[] STATUS = new int[1];
    private static final int[] PGRP = new int[1];
    private static final long[] SIGNALS = {bit(Linux.SIGCHLD) | bit(Linux.SIGUSR1) | bit(Linux.SIGUSR2)
            | bit(Linux.SIGTERM) | bit(Linux.SIGINT) | bit(Linux.SIGHUP)};
    private static final long[] NONE = {0};
    private static final byte[] INFO = new byte[Linux.SIGINFO_SIZE];
    private static final long[] TIMEOUT = new long[2];
    private static final long[] NOW = new long[2];
    private static final long[] POLL = {0, 100_000_000};

    /** Whether this is pid 1 (else a test: see the class comment). */
    private static boolean pid1;
    /** The reboot(2) command a signal asked for (0: none yet). */
    private static int shutdown;
    private static boolean noSigtimedwait;
    private static boolean noWait4;

    public static void main(String[] args) {
        pid1 = Linux.getpid() == 1;
        Say.str("init: Zeptux init");
        if (!pid1) {
            Say.str(" (not pid 1: a test run; nothing outside its children is touched)");
        }
        Say.line();
        Linux.rtSigprocmask(Linux.SIG_BLOCK, SIGNALS, null);
        if (pid1) {
            Linux.reboot(Linux.LINUX_REBOOT_CMD_CAD_OFF);      // Ctrl-Alt-Del: SIGINT to init
            Linux.chdir("/");
        } else {
            Linux.prctl(Linux.PR_SET_CHILD_SUBREAPER, 1);     // orphans below come to this process
        }
        readConfig();
        environment();
        for (int d = 0; d < CONFIG.directives(); d++) {
            int kind = CONFIG.kind(d);
            if (kind == Config.MOUNT) {
                mount(d);
            } else if (kind == Config.RUN) {
                runOnce(d);
            } else if (kind == Config.SERVICE || kind == Config.CONSOLE) {
                start(d);
            }
        }
        while (true) {
            supervise();
        }
    }

    /** Reads the configuration (argument 1, else /etc/init.conf; the defaults if there is none) and reports its errors. */
    private static void readConfig() {
        int pathLength;
        if (Linux.argc() > 1 && Linux.argLength(1) < CONFIG_PATH.length) {
            pathLength = Linux.arg(1, CONFIG_PATH, 0);
        } else {
            pathLength = DEFAULT_CONFIG.length();
            for (int i = 0; i < pathLength; i++) {
                CONFIG_PATH[i] = (byte) DEFAULT_CONFIG.charAt(i);
            }
        }
        CONFIG_PATH[pathLength] = 0;
        long fd = Linux.openat(Linux.AT_FDCWD, CONFIG_PATH, 0, pathLength, Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
        int length = 0;
        if (fd >= 0) {
            long n;
            do {
                n = Linux.read((int) fd, FILE, length, FILE.length - length);
                if (n > 0) {
                    length += (int) n;
                }
            } while (n > 0 && length < FILE.length);
            Linux.close((int) fd);
            if (n < 0) {
                fd = n;
            } else if (length == FILE.length) {
                Say.str("init: ");
                Say.bytes(CONFIG_PATH, 0, pathLength);
                Say.str(": longer than ");
                Say.num(FILE.length);
                Say.str(" bytes: the rest is left out");
                Say.line();
            }
        }
        if (fd < 0) {
            Say.str("init: cannot read ");
            Say.bytes(CONFIG_PATH, 0, pathLength);
            Say.str(" (error ");
            Say.num(-fd);
            Say.str("): using the defaults");
            Say.line();
            length = DEFAULT_BYTES.length;
            for (int i = 0; i < length; i++) {
                FILE[i] = DEFAULT_BYTES[i];
            }
        }
        CONFIG.parse(FILE, length);
        for (int e = 0; e < CONFIG.errors(); e++) {
            Say.str("init: ");
            Say.bytes(CONFIG_PATH, 0, pathLength);
            Say.str(":");
            Say.num(CONFIG.errorLine(e));
            Say.str(": ");
            Say.str(CONFIG.errorWhat(e));
            Say.str(" (line left out)");
            Say.line();
        }
        if (CONFIG.lostErrors() > 0) {
            Say.str("init: and ");
            Say.num(CONFIG.lostErrors());
            Say.str(" more wrong lines");
            Say.line();
        }
    }

    /** The environment: init's own (the kernel gives HOME=/ and TERM=linux), then every env line, PATH by default. */
    private static void environment() {
        for (int i = 0; i < Linux.envCount() && envCount < MAX_ENV; i++) {
            int n = Linux.envLength(i);
            if (envLength + n + 1 <= ENV_TEXT.length) {
                Linux.env(i, ENV_TEXT, envLength);
                addEnv(envLength, n);
            }
        }
        for (int d = CONFIG.next(Config.ENV, 0); d >= 0; d = CONFIG.next(Config.ENV, d + 1)) {
            int n = CONFIG.wordLength(d, 0);
            if (envLength + n + 1 > ENV_TEXT.length || envCount == MAX_ENV && find(CONFIG.text(), CONFIG.word(d, 0)) < 0) {
                Say.str("init: no room for env ");
                Say.cstr(CONFIG.text(), CONFIG.word(d, 0));
                Say.line();
                continue;
            }
            System.arraycopy(CONFIG.text(), CONFIG.word(d, 0), ENV_TEXT, envLength, n);
            addEnv(envLength, n);
        }
        if (find(DEFAULT_PATH_BYTES, 0) < 0 && envCount < MAX_ENV) {
            for (int i = 0; i < DEFAULT_PATH.length(); i++) {
                ENV_TEXT[envLength + i] = (byte) DEFAULT_PATH.charAt(i);
            }
            addEnv(envLength, DEFAULT_PATH.length());
        }
    }

    /** Adds the string at ENV_TEXT[at, at + n) (NUL-terminated here), replacing one of the same name. */
    private static void addEnv(int at, int n) {
        ENV_TEXT[at + n] = 0;
        envLength = at + n + 1;
        int same = find(ENV_TEXT, at);
        if (same >= 0 && ENV_AT[same] != at) {
            ENV_AT[same] = at;
        } else if (envCount < MAX_ENV) {
            ENV_AT[envCount] = at;
            envCount++;
        }
    }

    /** The environment entry with the name of the NAME=VALUE string at {@code b[at]}, or -1. */
    private static int find(byte[] b, int at) {
        for (int e = 0; e < envCount; e++) {
            int k = 0;
            while (b[at + k] != '=' && b[at + k] != 0 && ENV_TEXT[ENV_AT[e] + k] == b[at + k]) {
                k++;
            }
            if (b[at + k] == '=' && ENV_TEXT[ENV_AT[e] + k] == '=') {
                return e;
            }
        }
        return -1;
    }

    /** {@code mount TYPE DIR [SOURCE]}. */
    private static void mount(int d) {
        byte[] t = CONFIG.text();
        int type = CONFIG.word(d, 0);
        int dir = CONFIG.word(d, 1);
        int source = CONFIG.words(d) > 2 ? CONFIG.word(d, 2) : type;
        if (!pid1) {
            Say.str("init: not pid 1: would mount ");
            Say.cstr(t, type);
            Say.str(" on ");
            Say.cstr(t, dir);
            Say.line();
            return;
        }
        if (mountPoint(t, dir)) {
            return;                                 // the kernel mounted it (as Zeptux does /dev and /proc), or a line before
        }
        long r = Linux.mount(t, source, t, dir, t, type, 0);
        if (r < 0) {
            Say.str("init: mount ");
            Say.cstr(t, type);
            Say.str(" on ");
            Say.cstr(t, dir);
            Say.str(": error ");
            Say.num(-r);
            Say.line();
        }
    }

    /**
     * Whether the directory at {@code t[dir]} (NUL-terminated) is a mount point already: on
     * another device than its parent, or the root (as mountpoint(1) decides).
     */
    private static boolean mountPoint(byte[] t, int dir) {
        int n = 0;
        while (t[dir + n] != 0) {
            n++;
        }
        if (n + 4 > PARENT.length) {
            return false;
        }
        System.arraycopy(t, dir, PARENT, 0, n);
        PARENT[n] = '/';
        PARENT[n + 1] = '.';
        PARENT[n + 2] = '.';
        if (Linux.newfstatat(Linux.AT_FDCWD, t, dir, n, DIR_STAT, 0) < 0
                || Linux.newfstatat(Linux.AT_FDCWD, PARENT, 0, n + 3, PARENT_STAT, 0) < 0) {
            return false;
        }
        return DIR_STAT.dev != PARENT_STAT.dev || DIR_STAT.ino == PARENT_STAT.ino;
    }

    /** {@code run PATH [ARG...]}: starts it and waits for it, reaping whatever else ends meanwhile. */
    private static void runOnce(int d) {
        if (start(d) <= 0) {
            return;
        }
        while (PIDS[d] != 0) {
            long pid = Linux.wait4(-1, STATUS, 0);
            if (pid == -Linux.ECHILD) {
                PIDS[d] = 0;
            } else if (pid > 0) {
                ended((int) pid, STATUS[0]);
            }
        }
    }

    /** Starts directive {@code d}'s program; its pid, or -errno (said). */
    private static long start(int d) {
        int argc = CONFIG.words(d);
        for (int k = 0; k < argc; k++) {
            ARGV_AT[k] = CONFIG.word(d, k);
        }
        long pid = Linux.fork();
        if (pid == 0) {
            child(CONFIG.kind(d), argc, CONFIG.word(d, 0));
        }
        if (pid < 0) {
            Say.str("init: cannot start ");
            Say.cstr(CONFIG.text(), CONFIG.word(d, 0));
            Say.str(": fork: error ");
            Say.num(-pid);
            Say.line();
            return pid;
        }
        PIDS[d] = (int) pid;
        STARTED[d] = now();
        RESTART[d] = false;
        return pid;
    }

    /** In the new process: its session, its terminal or /dev/null, no blocked signal, then the program. Never returns. */
    private static void child(int kind, int argc, int path) {
        Linux.setsid();
        if (kind == Config.CONSOLE) {
            if (pid1) {
                long fd = Linux.open("/dev/console", Linux.O_RDWR, 0);
                if (fd >= 0) {
                    Linux.dup2((int) fd, 0);
                    Linux.dup2((int) fd, 1);
                    Linux.dup2((int) fd, 2);
                    if (fd > 2) {
                        Linux.close((int) fd);
                    }
                }
            }
            Linux.ioctlValue(0, Linux.TIOCSCTTY, 0);          // the console becomes this session's terminal
            PGRP[0] = (int) Linux.getpid();
            Linux.ioctl(0, Linux.TIOCSPGRP, PGRP);             // and this process its foreground
        } else if (kind == Config.SERVICE) {
            long fd = Linux.open("/dev/null", Linux.O_RDWR, 0);
            if (fd >= 0) {
                Linux.dup2((int) fd, 0);
                if (fd > 0) {
                    Linux.close((int) fd);
                }
            }
        }
        Linux.rtSigprocmask(Linux.SIG_SETMASK, NONE, null);
        long r = Linux.execve(CONFIG.text(), path, CONFIG.text(), ARGV_AT, argc, ENV_TEXT, ENV_AT, envCount);
        Say.str("init: cannot run ");
        Say.cstr(CONFIG.text(), path);
        Say.str(": error ");
        Say.num(-r);
        Say.line();
        Linux.exitGroup(127);
    }

    /** One round: reap, act on a shutdown request, restart what is due, then sleep until a signal or the next restart. */
    private static void supervise() {
        reap();
        if (shutdown != 0) {
            stopAll(shutdown);
        }
        long now = now();
        long next = -1;
        for (int d = 0; d < CONFIG.directives(); d++) {
            if (RESTART[d] && RESTART_AT[d] <= now) {
                start(d);
            } else if (RESTART[d] && (next < 0 || RESTART_AT[d] - now < next)) {
                next = RESTART_AT[d] - now;
            }
        }
        take(waitSignal(next));
    }

    /** Reaps every child that has ended; false when there is no child left at all (ECHILD). */
    private static boolean reap() {
        while (!noWait4) {
            long pid = Linux.wait4(-1, STATUS, Linux.WNOHANG);
            noWait4 = pid == -Linux.ENOSYS;         // a kernel without wait4 has made no child either
            if (pid <= 0) {
                return pid != -Linux.ECHILD && !noWait4;
            }
            ended((int) pid, STATUS[0]);
        }
        return false;
    }

    /** Process {@code pid} ended with wait status {@code status}: says so when it failed; a service or the console is due again. */
    private static void ended(int pid, int status) {
        for (int d = 0; d < CONFIG.directives(); d++) {
            if (PIDS[d] != pid) {
                continue;
            }
            PIDS[d] = 0;
            int kind = CONFIG.kind(d);
            if (status != 0 && shutdown == 0) {
                Say.str("init: ");
                Say.cstr(CONFIG.text(), CONFIG.word(d, 0));
                Say.str(" (pid ");
                Say.num(pid);
                if (Linux.signaled(status)) {
                    Say.str(") killed by signal ");
                    Say.num(Linux.termSignal(status));
                } else {
                    Say.str(") exited with status ");
                    Say.num(Linux.exitCode(status));
                }
                Say.line();
            }
            if ((kind == Config.SERVICE || kind == Config.CONSOLE) && shutdown == 0) {
                long now = now();
                RESTART[d] = true;
                RESTART_AT[d] = now - STARTED[d] < RESPAWN_DELAY ? now + RESPAWN_DELAY : now;
            }
            return;
        }
        // Not one of init's own: an orphan re-parented to init, now reaped.
    }

    /** Waits up to {@code millis} (-1: without limit) for one of init's signals; its number, or -errno (-EAGAIN: none came). */
    private static long waitSignal(long millis) {
        if (!noSigtimedwait) {
            TIMEOUT[0] = millis / 1000;
            TIMEOUT[1] = millis % 1000 * 1_000_000;
            long sig = Linux.rtSigtimedwait(SIGNALS, INFO, millis < 0 ? null : TIMEOUT);
            if (sig != -Linux.ENOSYS) {
                return sig;
            }
            noSigtimedwait = true;
            Say.str("init: no rt_sigtimedwait (error 38): looking for ended children every 100 ms");
            Say.line();
        }
        Linux.nanosleep(POLL, null);
        return -Linux.EAGAIN;
    }

    /** Acts on signal {@code sig} (or a timeout or error: nothing). */
    private static void take(long sig) {
        if (sig == Linux.SIGUSR2) {
            shutdown = Linux.LINUX_REBOOT_CMD_POWER_OFF;
        } else if (sig == Linux.SIGTERM || sig == Linux.SIGINT) {
            shutdown = Linux.LINUX_REBOOT_CMD_RESTART;
        } else if (sig == Linux.SIGUSR1) {
            shutdown = Linux.LINUX_REBOOT_CMD_HALT;
        } else if (sig == Linux.SIGHUP) {
            Say.str("init: SIGHUP: nothing to reload (the configuration is read once)");
            Say.line();
        }
    }

    /**
     * Shuts down with reboot(2) command {@code cmd}: SIGTERM to every process, a second for them
     * to end, SIGKILL to what is left, a second more, sync, reboot(2). Never returns.
     */
    private static void stopAll(int cmd) {
        String what = cmd == Linux.LINUX_REBOOT_CMD_POWER_OFF ? "poweroff"
                : cmd == Linux.LINUX_REBOOT_CMD_HALT ? "halt" : "reboot";
        Say.str("init: ");
        Say.str(what);
        Say.str(": sending SIGTERM to every process");
        Say.line();
        signalAll(Linux.SIGTERM);
        boolean left = waitForChildren(STOP_WAIT);
        if (left) {
            Say.str("init: sending SIGKILL to every process");
            Say.line();
            signalAll(Linux.SIGKILL);
            waitForChildren(STOP_WAIT);
        }
        Linux.sync();
        if (!pid1) {
            Say.str("init: not pid 1: ");
            Say.str(what);
            Say.str(" would call reboot(2) now");
            Say.line();
            Linux.exitGroup(0);
        }
        Say.str("init: ");
        Say.str(what);
        Say.line();
        long r = Linux.reboot(cmd);
        Say.str("init: reboot(2): error ");
        Say.num(-r);
        Say.str("; halting here");
        Say.line();
        while (true) {
            Linux.rtSigtimedwait(SIGNALS, INFO, null);
            reap();
        }
    }

    /** kill(-1, sig) as pid 1; else to each process group init started. */
    private static void signalAll(int sig) {
        if (pid1) {
            Linux.kill(-1, sig);
            return;
        }
        for (int d = 0; d < CONFIG.directives(); d++) {
            if (PIDS[d] > 0 && Linux.kill(-PIDS[d], sig) < 0) {
                Linux.kill(PIDS[d], sig);
            }
        }
    }

    /** Reaps for up to {@code millis}; true when some child is still left. */
    private static boolean waitForChildren(long millis) {
        long end = now() + millis;
        while (true) {
            if (!reap()) {
                return false;
            }
            long left = end - now();
            if (left <= 0) {
                return true;
            }
            take(waitSignal(left));
        }
    }

    /** The monotonic clock in milliseconds. */
    private static long now() {
        Linux.clockGettime(Linux.CLOCK_MONOTONIC, NOW);
        return NOW[0] * 1000 + NOW[1] / 1_000_000;
    }

    private static long bit(int signal) {
        return 1L << (signal - 1);
    }

    /** {@code s}'s characters as bytes (in static initialisers only). */
    @BuildTime
    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
