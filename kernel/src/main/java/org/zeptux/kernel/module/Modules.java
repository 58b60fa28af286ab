package org.zeptux.kernel.module;

import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Platform;

/**
 * Kernel modules linked into the image (zeptuxc image --module): the table zeptuxc builds
 * lists them in dependency order with their init and exit functions; at boot each init runs
 * once, if the module was built for this kernel's {@link Api#VERSION}. A module whose init
 * fails (a result other than 0), or whose dependency did not start, stays out. lsmod marks
 * the modules built with {@code zeptuxc module --unsafe}.
 */
public final class Modules {
    private Modules() {}

    public static final int MAX = 32;
    /** A table entry: name, version, API version, init, exit, unsafe (1: built with --unsafe). */
    static final int ENTRY = 48;

    /** States. */
    static final int NOT_STARTED = 0;
    static final int LIVE = 1;
    static final int FAILED = 2;
    static final int WRONG_API = 3;

    private static final int[] STATE = new int[MAX];
    private static final int[] RESULT = new int[MAX];

    @Export("zeptux_modules")
    private static native long table();

    @Export("zeptux_call")
    static native long call(long function);

    /** The number of linked-in modules. */
    public static int count() {
        if (Platform.simulated()) {
            return 0;
        }
        return (int) Math.min(Memory.load64(table()), MAX);
    }

    private static long entry(int i) {
        return table() + 8 + (long) i * ENTRY;
    }

    /** Runs the init of every linked-in module, in the table's (dependency) order, and reports each. */
    public static void initAll() {
        for (int i = 0; i < count(); i++) {
            long e = entry(i);
            printName(i);
            long api = Memory.load64(e + 16);
            if (api != Api.VERSION) {
                STATE[i] = WRONG_API;
                Printf.printf(": built for kernel API %d, this kernel has %d; not started\n", api, Api.VERSION);
                continue;
            }
            Print.str(": init");
            Print.nl();
            int result = (int) call(Memory.load64(e + 24));
            RESULT[i] = result;
            STATE[i] = result == 0 ? LIVE : FAILED;
            printName(i);
            if (result == 0) {
                Print.str(": live");
            } else {
                Printf.printf(": init failed (%d)", result);
            }
            Print.nl();
        }
    }

    /**
     * Stops every module before the machine goes down: those loaded at run time, then the
     * linked-in ones that started, in the reverse of their start order; each exit reported.
     */
    public static void exitAll() {
        ModuleLoader.unloadAll();
        for (int i = count() - 1; i >= 0; i--) {
            if (STATE[i] == LIVE) {
                printName(i);
                Print.str(": exit");
                Print.nl();
                call(Memory.load64(entry(i) + 32));
                STATE[i] = NOT_STARTED;
            }
        }
    }

    /** {@code lsmod}: one line per module: name, version, state. */
    public static void list() {
        Print.str("module               version    state");
        Print.nl();
        ModuleLoader.list();
        for (int i = 0; i < count(); i++) {
            long e = entry(i);
            int n = printString(Memory.load64(e));
            pad(21 - n);
            n = printString(Memory.load64(e + 8));
            pad(11 - n);
            boolean unsafe = Memory.load64(e + 40) != 0;
            switch (STATE[i]) {
                case LIVE -> Print.str(unsafe ? "live (linked in, unsafe)" : "live (linked in)");
                case FAILED -> Printf.printf("init failed (%d)", RESULT[i]);
                case WRONG_API -> Print.str("wrong API version");
                default -> Print.str("not started");
            }
            Print.nl();
        }
    }

    private static void printName(int i) {
        Print.str("module ");
        printString(Memory.load64(entry(i)));
        Print.chr(' ');
        printString(Memory.load64(entry(i) + 8));
    }

    /** Prints the NUL-terminated string at {@code address}; returns its length. */
    static int printString(long address) {
        int n = 0;
        for (int c = Memory.load8(address); c != 0; c = Memory.load8(address + ++n)) {
            Print.chr(c);
        }
        return n;
    }

    /** Prints {@code n} spaces, at least one (lsmod's columns). */
    static void pad(int n) {
        for (int i = 0; i < Math.max(n, 1); i++) {
            Print.chr(' ');
        }
    }
}
