package org.zeptux.kernel.smp;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;

/** The monitor's CPU commands: {@code cpus} (each CPU's statistics), {@code ipibench} (the IPI figures). */
public final class SmpCommands extends Command {
    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new SmpCommands(false, "cpus", "the CPUs online: ticks, interrupts, switches, IPIs, shootdowns"),
        new SmpCommands(true, "ipibench", "IPI round trip, TLB shootdown cost, 4 items on 1 and 4 CPUs"),
    };

    private final boolean bench;

    private SmpCommands(boolean bench, String name, String description) {
        super(name, false, name, description);
        this.bench = bench;
    }

    @Override
    public boolean run(Args args) {
        if (bench) {
            Ipi.bench();
        } else {
            Smp.print();
        }
        return true;
    }
}
