package org.zeptux.compiler.testdata.process;

import org.zeptux.rt.hosted.Linux;

/**
 * The process calls of {@link Linux} — fork, execve, wait4, kill, sessions and groups, dup2,
 * chdir, the pid_t ioctls, rt_sigpending and rt_sigtimedwait — with their errors, in safe code.
 * Run with no argument (argument 0 must be the executable's path: it executes itself with the
 * argument {@code child}). It prints only what every Linux kernel must agree on — no process
 * ids — one line per check, and ends with exit_group(4).
 */
public final class ProcessCalls {
    private ProcessCalls() {}

    private static final byte[] SELF = new byte[Linux.PATH_MAX];
    private static final byte[] ARGS = new byte[Linux.PATH_MAX + 16];
    private static final int[] ARG_AT = new int[3];
    /** EXEC_STRINGS arguments, each the first string of ARGS: with one environment string, one too many. */
    private static final int[] MANY_AT = new int[Linux.EXEC_STRINGS];
    private static final byte[] ENV = {'F', 'O', 'O', '=', 'b', 'a', 'r', 0};
    private static final int[] ENV_AT = {0};
    private static final byte[] NO_NUL = {'/', 'b', 'i', 'n'};
    private static final byte[] BUFFER = new byte[256];
    private static final byte[] LINE = {'d', 'u', 'p', '2', '\'', 'd', ' ', 's', 't', 'd', 'o', 'u', 't', '\n'};
    private static final int[] STATUS = new int[1];
    private static final int[] PGRP = new int[1];
    private static final long[] SET = new long[1];
    private static final long[] PENDING = new long[1];
    private static final byte[] INFO = new byte[Linux.SIGINFO_SIZE];
    private static final long[] NOW = {0, 0};
    private static final long[] SHORT = {0, 20_000_000};
    private static final long[] LONG = {10, 0};
    private static final long[] NAP = {0, 10_000_000};

    public static void main(String[] args) {
        int selfLength = Linux.arg(0, SELF, 0);
        SELF[selfLength] = 0;
        if (Linux.argc() > 1) {
            child();
        }

        // fork and wait4: the child's output comes first, since the parent waits for it.
        long parent = Linux.getpid();
        long pid = Linux.fork();
        if (pid == 0) {
            check("in the child, getppid is the parent", Linux.getppid() == parent);
            check("and getpid is another process", Linux.getpid() != parent);
            Linux.exitGroup(5);
        }
        check("fork returns the child's pid", pid > 0);
        check("wait4 reaps it", Linux.wait4((int) pid, STATUS, 0) == pid);
        check("it exited", Linux.exited(STATUS[0]));
        line("with", Linux.exitCode(STATUS[0]));
        line("wait4 with no child", Linux.wait4(-1, STATUS, 0));
        line("wait4 WNOHANG with no child", Linux.wait4(-1, null, Linux.WNOHANG));
        line("kill of the reaped child", Linux.kill((int) pid, 0));

        // A child that runs until a signal ends it.
        pid = Linux.fork();
        if (pid == 0) {
            while (true) {
                Linux.nanosleep(NAP, null);
            }
        }
        line("wait4 WNOHANG while it runs", Linux.wait4((int) pid, STATUS, Linux.WNOHANG));
        line("kill 0 (does it exist)", Linux.kill((int) pid, 0));
        line("kill SIGTERM", Linux.kill((int) pid, Linux.SIGTERM));
        check("wait4 reaps it", Linux.wait4(-1, STATUS, 0) == pid);
        check("a signal ended it", Linux.signaled(STATUS[0]));
        line("the signal", Linux.termSignal(STATUS[0]));
        line("kill of a bad signal", Linux.kill((int) parent, 65));

        // Sessions and process groups, in children (a group leader cannot make a session).
        pid = Linux.fork();
        if (pid == 0) {
            long me = Linux.getpid();
            check("setsid in a child returns its pid", Linux.setsid() == me);
            check("getsid is it", Linux.getsid(0) == me);
            check("getpgid is it", Linux.getpgid(0) == me);
            line("setsid again (a group leader)", Linux.setsid());
            Linux.exitGroup(0);
        }
        Linux.wait4((int) pid, STATUS, 0);
        pid = Linux.fork();
        if (pid == 0) {
            long me = Linux.getpid();
            line("setpgid(0, 0)", Linux.setpgid(0, 0));
            check("getpgrp is its pid", Linux.getpgrp() == me);
            check("the session is the parent's", Linux.getsid(0) == Linux.getsid((int) parent));
            Linux.exitGroup(0);
        }
        Linux.wait4((int) pid, STATUS, 0);
        check("setpgid of the reaped child fails", Linux.setpgid((int) pid, (int) pid) < 0);

        // Signals taken, not delivered: block them, then rt_sigpending and rt_sigtimedwait.
        SET[0] = bit(Linux.SIGUSR1) | bit(Linux.SIGUSR2) | bit(Linux.SIGCHLD);
        line("rt_sigprocmask SIG_BLOCK", Linux.rtSigprocmask(Linux.SIG_BLOCK, SET, null));
        line("kill SIGUSR1 to this process", Linux.kill((int) parent, Linux.SIGUSR1));
        line("rt_sigpending", Linux.rtSigpending(PENDING));
        check("SIGUSR1 is pending", (PENDING[0] & bit(Linux.SIGUSR1)) != 0);
        check("SIGUSR2 is not", (PENDING[0] & bit(Linux.SIGUSR2)) == 0);
        line("rt_sigtimedwait", Linux.rtSigtimedwait(SET, INFO, NOW));
        line("si_signo", Linux.siginfoSigno(INFO));
        line("si_code (SI_USER)", Linux.siginfoCode(INFO));
        check("si_pid is the sender", Linux.siginfoPid(INFO) == parent);
        Linux.rtSigpending(PENDING);
        check("nothing is pending now", (PENDING[0] & SET[0]) == 0);
        line("rt_sigtimedwait 20 ms with none sent", Linux.rtSigtimedwait(SET, null, SHORT));
        pid = Linux.fork();
        if (pid == 0) {
            Linux.exitGroup(9);
        }
        line("rt_sigtimedwait for SIGCHLD", Linux.rtSigtimedwait(SET, INFO, LONG));
        line("si_code (CLD_EXITED)", Linux.siginfoCode(INFO));
        check("si_pid is the child", Linux.siginfoPid(INFO) == pid);
        line("si_status", Linux.siginfoStatus(INFO));
        check("wait4 still reaps it", Linux.wait4((int) pid, STATUS, 0) == pid);
        line("rt_sigprocmask SIG_UNBLOCK", Linux.rtSigprocmask(Linux.SIG_UNBLOCK, SET, null));

        // execve: this program again, with arguments and an environment of its own.
        int at = 0;
        for (int i = 0; i < 3; i++) {
            ARG_AT[i] = at;
            int n = i == 0 ? Linux.arg(0, ARGS, at) : i == 1 ? put("child", at) : put("two words", at);
            ARGS[at + n] = 0;
            at += n + 1;
        }
        pid = Linux.fork();
        if (pid == 0) {
            Linux.execve(SELF, 0, ARGS, ARG_AT, 3, ENV, ENV_AT, 1);
            Linux.exitGroup(99);
        }
        Linux.wait4((int) pid, STATUS, 0);
        line("the exec'd child exited with", Linux.exitCode(STATUS[0]));
        line("execve of a missing file", Linux.execve("/zeptux-missing/program", ARGS, ARG_AT, 3, null, null, 0));
        line("execve of a path with no NUL", Linux.execve(NO_NUL, 0, ARGS, ARG_AT, 3, null, null, 0));
        line("execve of too many strings", Linux.execve(SELF, 0, ARGS, MANY_AT, Linux.EXEC_STRINGS, ENV, ENV_AT, 1));

        // Descriptors, the working directory, the terminal calls on a file.
        line("dup2(1, 9)", Linux.dup2(1, 9));
        Linux.write(9, LINE, 0, LINE.length);
        line("close(9)", Linux.close(9));
        line("dup3(1, 1, 0)", Linux.dup3(1, 1, 0));
        line("dup2 of a bad fd", Linux.dup2(77, 9));
        line("chdir /", Linux.chdir("/"));
        line("chdir of a missing directory", Linux.chdir("/zeptux-missing"));
        long fd = Linux.openat(Linux.AT_FDCWD, SELF, 0, selfLength, Linux.O_RDONLY, 0);
        line("TIOCGPGRP on a file", Linux.ioctl((int) fd, Linux.TIOCGPGRP, PGRP));
        line("TIOCSCTTY on a file", Linux.ioctlValue((int) fd, Linux.TIOCSCTTY, 0));
        line("a value ioctl the runtime does not pass", Linux.ioctlValue((int) fd, Linux.TCGETS, 0));
        line("a pid_t ioctl the runtime does not pass", Linux.ioctl((int) fd, Linux.TIOCGWINSZ, PGRP));
        Linux.close((int) fd);
        line("prctl of an option the runtime does not pass", Linux.prctl(15, 0));
        System.out.println("exit_group(4)");
        Linux.exitGroup(4);
    }

    /** Run as {@code SELF child "two words"} with FOO=bar: prints what it was given and exits 7. */
    private static void child() {
        line("exec'd: argc", Linux.argc());
        int n = Linux.arg(2, BUFFER, 0);
        label("argument 2");
        bytes(BUFFER, 0, n);
        System.out.println();
        line("environment strings", Linux.envCount());
        n = Linux.env(0, BUFFER, 0);
        label("the first");
        bytes(BUFFER, 0, n);
        System.out.println();
        Linux.exitGroup(7);
    }

    private static int put(String s, int at) {
        for (int i = 0; i < s.length(); i++) {
            ARGS[at + i] = (byte) s.charAt(i);
        }
        return s.length();
    }

    private static long bit(int signal) {
        return 1L << (signal - 1);
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

    private static void bytes(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            System.out.print((char) (b[i] & 0xFF));
        }
    }
}
