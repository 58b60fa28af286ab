package org.zeptux.kernel.proc;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;
import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.fs.Walk;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;

/**
 * The monitor's process commands: {@code run PATH [ARG...]} starts a program of the root file
 * system with the console as descriptors 0, 1 and 2, waits for it (Ctrl-C kills it) and says
 * how it ended unless it exited 0; {@code procs} lists the running processes.
 */
public final class ProcCommands extends Command {
    private static final int RUN = 0;
    private static final int PROCS = 1;
    private static final int EXECTIME = 2;
    private static final int SYSTRACE_ON = 3;
    /** The most runs {@code exectime} takes (their times are kept to find the median). */
    static final int MAX_RUNS = 1000;
    private static final long[] TIMES = new long[MAX_RUNS];

    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new ProcCommands(RUN, "run", true, "run PATH [ARG...]",
                "run a static Linux program of the root file system (\"...\" groups an argument; Ctrl-C kills it)"),
        new ProcCommands(PROCS, "procs", false, "procs", "list user processes, their memory and the system-call counts"),
        new ProcCommands(EXECTIME, "exectime", true, "exectime N PATH [ARG...]",
                "run a program N times; the median and fastest time from exec to exit"),
        new ProcCommands(SYSTRACE_ON, "systrace", true, "systrace on|off",
                "log every system call of user programs: number, first arguments, result"),
    };

    private final int which;

    private ProcCommands(int which, String name, boolean arguments, String usage, String description) {
        super(name, arguments, usage, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        if (which == PROCS) {
            Processes.print();
            Syscalls.print();
            return true;
        }
        if (which == SYSTRACE_ON) {
            if (!args.is("on") && !args.is("off")) {
                return false;
            }
            Syscalls.trace = args.is("on");
            return true;
        }
        if (Vfs.root() == null) {
            Print.str("run: no root file system (the image has no initramfs)");
            Print.nl();
            return true;
        }
        int from = 0;
        int runs = 1;
        if (which == EXECTIME) {
            runs = 0;
            while (from < args.length() && args.charAt(from) >= '0' && args.charAt(from) <= '9' && runs <= MAX_RUNS) {
                runs = runs * 10 + args.charAt(from) - '0';
                from++;
            }
            if (runs < 1 || runs > MAX_RUNS || from == args.length() || args.charAt(from) != ' ') {
                return false;
            }
        }
        byte[] argv = Walk.PATHS.alloc();
        if (argv == null) {
            Print.str("run: no memory");
            Print.nl();
            return true;
        }
        int length = 0;
        int argc = 0;
        int i = from;
        boolean tooLong = false;
        while (i < args.length()) {
            while (i < args.length() && args.charAt(i) == ' ') {
                i++;
            }
            if (i == args.length()) {
                break;
            }
            boolean quoted = false;
            while (i < args.length() && (quoted || args.charAt(i) != ' ')) {
                int c = args.charAt(i);
                i++;
                if (c == '"') {
                    quoted = !quoted;
                } else if (length < Exec.MAX_ARGS_BYTES - 1) {
                    argv[length] = (byte) c;
                    length++;
                } else {
                    tooLong = true;
                }
            }
            argv[length] = 0;
            length++;
            argc++;
        }
        if (tooLong || argc > Exec.MAX_ARGS) {
            Print.str("run: argument list too long");
            Print.nl();
        } else if (which == RUN) {
            runProgram(argv, length, argc);
        } else {
            timeProgram(argv, length, argc, runs);
        }
        Walk.PATHS.free(argv);
        return true;
    }

    private static void printPath(byte[] argv) {
        for (int k = 0; k < argv.length && argv[k] != 0; k++) {
            Print.chr(argv[k] & 0xFF);
        }
    }

    /** Runs the program {@code runs} times; prints the median and fastest exec-to-exit times (microseconds). */
    private static void timeProgram(byte[] argv, int length, int argc, int runs) {
        for (int r = 0; r < runs; r++) {
            long start = Clock.monotonicNanos();
            if (!runProgram(argv, length, argc)) {
                return;
            }
            TIMES[r] = Clock.monotonicNanos() - start;
        }
        for (int a = 1; a < runs; a++) {           // insertion sort: runs is small
            long t = TIMES[a];
            int b = a - 1;
            while (b >= 0 && TIMES[b] > t) {
                TIMES[b + 1] = TIMES[b];
                b--;
            }
            TIMES[b + 1] = t;
        }
        Printf.printf("exectime: %d runs, median %lu us, fastest %lu us (exec to exit, reaped)\n", runs,
                TIMES[runs / 2] / 1000, TIMES[0] / 1000);
    }

    /** Runs one program to its end and says how it ended; false when it could not be started. */
    private static boolean runProgram(byte[] argv, int length, int argc) {
        Process p = Processes.create(Processes.DEFAULT_LIMIT_PAGES);
        if (p == null) {
            Print.str("run: no memory for a new process");
            Print.nl();
            return false;
        }
        String why = Exec.load(p, argv, length, argc);
        if (why == null) {
            Files.initFs(p);                    // working directory /, umask 022
        }
        if (why == null && !Files.openConsole(p)) {
            why = Exec.NO_MEMORY;
        }
        if (why != null) {
            Print.str("run: ");
            printPath(argv);
            Print.str(": ");
            Print.str(why);
            Print.nl();
            Processes.release(p);
            return false;
        }
        Terminal.setForeground(p);
        if (!Processes.start(p, 0)) {
            Terminal.setForeground(null);
            Print.str("run: no memory for a thread");
            Print.nl();
            Processes.release(p);
            return false;
        }
        int status = Processes.waitFor(p);
        Terminal.setForeground(null);
        Processes.release(p);
        if ((status & 0x7F) != 0) {
            Printf.printf("killed by signal %d (%s)\n", status & 0x7F, Printf.s(Processes.signalName(status & 0x7F)));
        } else if ((status >> 8 & 0xFF) != 0) {
            Printf.printf("exit status %d\n", status >> 8 & 0xFF);
        }
        return true;
    }
}
