package org.zeptux.kernel.module;

import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.module.loader.ModuleMemory;
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
    /** A table entry's fields: name, version, API version, init, exit, unsafe (1: built with --unsafe). */
    private static final int NAME = 0;
    private static final int VERSION = 8;
    private static final int API = 16;
    private static final int INIT = 24;
    private static final int EXIT = 32;
    private static final int UNSAFE = 40;

    /** States. */
    static final int NOT_STARTED = 0;
    static final int LIVE = 1;
    static final int FAILED = 2;
    static final int WRONG_API = 3;

    private static final int[] STATE = new int[MAX];
    private static final int[] RESULT = new int[MAX];

    /** The number of linked-in modules. */
    public static int count() {
        if (Platform.simulated()) {
            return 0;
        }
        return (int) Math.min(ModuleMemory.linkedCount(), MAX);
    }

    /** Runs the init of every linked-in module, in the table's (dependency) order, and reports each. */
    public static void initAll() {
        for (int i = 0; i < count(); i++) {
            printName(i);
            long api = ModuleMemory.linkedField(i, API);
            if (api != Api.VERSION) {
                STATE[i] = WRONG_API;
                Printf.printf(": built for kernel API %d, this kernel has %d; not started\n", api, Api.VERSION);
                continue;
            }
            Print.str(": init");
            Print.nl();
            int result = (int) ModuleMemory.call(ModuleMemory.linkedField(i, INIT));
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
                ModuleMemory.call(ModuleMemory.linkedField(i, EXIT));
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
            int n = ModuleMemory.printLinkedString(i, NAME);
            pad(21 - n);
            n = ModuleMemory.printLinkedString(i, VERSION);
            pad(11 - n);
            boolean unsafe = ModuleMemory.linkedField(i, UNSAFE) != 0;
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
        ModuleMemory.printLinkedString(i, NAME);
        Print.chr(' ');
        ModuleMemory.printLinkedString(i, VERSION);
    }

    /** Prints {@code n} spaces, at least one (lsmod's columns). */
    static void pad(int n) {
        for (int i = 0; i < Math.max(n, 1); i++) {
            Print.chr(' ');
        }
    }
}
