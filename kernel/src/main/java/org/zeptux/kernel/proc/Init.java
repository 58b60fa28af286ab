package org.zeptux.kernel.proc;

import org.zeptux.kernel.boot.CommandLine;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;

/**
 * The first user program: with {@code init=PATH} on the kernel command line ({@code zeptuxc
 * image --cmdline "init=/sbin/init"}) the kernel starts PATH from the root file system as
 * process 1, with argv {@code [PATH]}, Linux's init environment ({@code HOME=/},
 * {@code TERM=linux}) and the console as descriptors 0, 1 and 2, instead of the monitor; the
 * boot thread then waits for it. Without {@code init=} nothing changes: the monitor runs.
 *
 * <p>As on Linux, init must not end: when it does, or when it cannot be started, the kernel
 * panics — {@code Attempted to kill init! exitcode=0x...} with the wait status (exit code
 * {@code << 8}, or the signal), {@code Requested init PATH failed (why).} The monitor stays
 * reachable through the magic SysRq key ({@code debug.SysRq}: BREAK, then x).
 */
public final class Init {
    private Init() {}

    /** argv[0], the path, NUL-terminated. */
    private static final byte[] PATH = new byte[Exec.MAX_ARGS_BYTES];

    /** Whether the command line names an init. */
    public static boolean named() {
        return CommandLine.value("init") >= 0;
    }

    /** Starts init as process 1 and waits for it; never returns (init's end is a panic). */
    public static void run() {
        int from = CommandLine.value("init");
        int end = CommandLine.valueEnd(from);
        int n = Math.min(end - from, PATH.length - 1);
        for (int i = 0; i < n; i++) {
            PATH[i] = (byte) CommandLine.charAt(from + i);
        }
        PATH[n] = 0;
        Print.str("Run ");
        printPath();
        Print.str(" as init process");
        Print.nl();
        String why = Vfs.root() != null ? null : "no root file system (the image has no initramfs)";
        Process p = why == null ? Processes.create(Processes.DEFAULT_LIMIT_PAGES) : null;
        if (why == null && p == null) {
            why = Exec.NO_MEMORY;
        }
        if (why == null) {
            why = Exec.load(p, PATH, n + 1, 1);
        }
        if (why == null && !Files.openConsole(p)) {
            why = Exec.NO_MEMORY;
        }
        if (why == null && !Processes.start(p, 0)) {
            why = "no memory for a thread";
        }
        if (why != null) {
            Panic.begin();
            Print.str("Requested init ");
            printPath();
            Print.str(" failed (");
            Print.str(why);
            Print.str(").");
            Print.nl();
            Panic.finish();
        }
        int status = Processes.waitFor(p);
        Panic.begin();
        Printf.printf("Attempted to kill init! exitcode=0x%08x\n", status);
        Panic.finish();
    }

    /**
     * Sends {@code sig} to every process but init (SysRq e and i, as Linux's: SIGTERM or SIGKILL
     * to all but pid 1, from the kernel); returns how many it reached.
     */
    public static int signalAllButInit(int sig) {
        int sent = 0;
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process t = Processes.slot(slot);
            if (t != null && !t.zombie && t.group == t && t.pid != 1) {
                Signals.send(t, sig);
                sent++;
            }
        }
        return sent;
    }

    private static void printPath() {
        for (int i = 0; i < PATH.length && PATH[i] != 0; i++) {
            Print.chr(PATH[i] & 0xFF);
        }
    }
}
