package org.zeptux.kernel.module;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;
import org.zeptux.kernel.debug.Monitor;

/** The monitor's module commands: {@code lsmod}, {@code insmod NAME}, {@code rmmod NAME}. */
public final class ModuleCommands extends Command {
    private static final int LSMOD = 0;
    private static final int INSMOD = 1;
    private static final int RMMOD = 2;

    /** In the order {@code help} lists them; insmod's line covers rmmod. */
    public static final Command[] ALL = {
        new ModuleCommands(LSMOD, "lsmod", false, "lsmod", "the kernel modules and their state"),
        new ModuleCommands(INSMOD, "insmod", true, "insmod NAME, rmmod NAME",
                "load a module from the image's archive / unload it"),
        new ModuleCommands(RMMOD, "rmmod", true, null, null),
    };

    /** The module name insmod and rmmod are given, copied out of the monitor's line. */
    private static final byte[] NAME = new byte[Monitor.MAX_LINE];

    private final int which;

    private ModuleCommands(int which, String name, boolean arguments, String usage, String description) {
        super(name, arguments, usage, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        if (which == LSMOD) {
            Modules.list();
        } else {
            for (int i = 0; i < args.length(); i++) {
                NAME[i] = (byte) args.charAt(i);
            }
            if (which == INSMOD) {
                ModuleLoader.insmod(NAME, args.length());
            } else {
                ModuleLoader.rmmod(NAME, args.length());
            }
        }
        return true;
    }
}
