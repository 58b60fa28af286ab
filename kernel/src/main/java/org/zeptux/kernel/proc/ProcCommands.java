package org.zeptux.kernel.proc;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;
import org.zeptux.kernel.fs.RootFs;
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

    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new ProcCommands(RUN, "run", true, "run PATH [ARG...]",
                "run a static Linux program of the root file system (\"...\" groups an argument; Ctrl-C kills it)"),
        new ProcCommands(PROCS, "procs", false, "procs", "list user processes, their memory and the system-call counts"),
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
        if (!RootFs.mounted()) {
            Print.str("run: no root file system (the image has no initramfs)");
            Print.nl();
            return true;
        }
        byte[] argv = RootFs.PATHS.alloc();
        if (argv == null) {
            Print.str("run: no memory");
            Print.nl();
            return true;
        }
        int length = 0;
        int argc = 0;
        int i = 0;
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
        } else {
            runProgram(argv, length, argc);
        }
        RootFs.PATHS.free(argv);
        return true;
    }

    private static void printPath(byte[] argv) {
        for (int k = 0; k < argv.length && argv[k] != 0; k++) {
            Print.chr(argv[k] & 0xFF);
        }
    }

    private static void runProgram(byte[] argv, int length, int argc) {
        Process p = Processes.create(Processes.DEFAULT_LIMIT_PAGES);
        if (p == null) {
            Print.str("run: no memory for a new process");
            Print.nl();
            return;
        }
        String why = Exec.load(p, argv, length, argc);
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
            return;
        }
        Terminal.setForeground(p);
        if (!Processes.start(p, 0)) {
            Terminal.setForeground(null);
            Print.str("run: no memory for a thread");
            Print.nl();
            Processes.release(p);
            return;
        }
        int status = Processes.waitFor(p);
        Terminal.setForeground(null);
        Processes.release(p);
        if ((status & 0x7F) != 0) {
            Printf.printf("killed by signal %d (%s)\n", status & 0x7F, Printf.s(Processes.signalName(status & 0x7F)));
        } else if ((status >> 8 & 0xFF) != 0) {
            Printf.printf("exit status %d\n", status >> 8 & 0xFF);
        }
    }
}
