package org.zeptux.kernel.arch;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;

/** The monitor's commands about the CPU's time and interrupts: {@code uptime}, {@code irqs}. */
public final class ArchCommands extends Command {
    private static final int UPTIME = 0;
    private static final int IRQS = 1;

    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new ArchCommands(UPTIME, "uptime", "time since the timer started"),
        new ArchCommands(IRQS, "irqs", "interrupts and exceptions per vector"),
    };

    private final int which;

    private ArchCommands(int which, String name, String description) {
        super(name, false, name, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        if (which == UPTIME) {
            Timer.printUptime();
        } else {
            Interrupts.print();
        }
        return true;
    }
}
