package org.zeptux.kernel.smp;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;

/**
 * The monitor's CPU commands: {@code cpus} (each CPU's statistics), {@code ipibench} (the IPI
 * figures), {@code lockdep} (the lock-order checker's classes and reports, in test kernels).
 */
public final class SmpCommands extends Command {
    private static final int CPUS = 0;
    private static final int BENCH = 1;
    private static final int LOCKDEP = 2;

    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new SmpCommands(CPUS, "cpus", "the CPUs online: ticks, interrupts, switches, IPIs, shootdowns"),
        new SmpCommands(BENCH, "ipibench", "IPI round trip, TLB shootdown cost, 4 items on 1 and 4 CPUs"),
        new SmpCommands(LOCKDEP, "lockdep", "the lock-order checker of test kernels: lock classes, orders, reports"),
    };

    private final int which;

    private SmpCommands(int which, String name, String description) {
        super(name, false, name, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        if (which == BENCH) {
            Ipi.bench();
        } else if (which == LOCKDEP) {
            org.zeptux.kernel.sync.LockOrder.print();
        } else {
            Smp.print();
        }
        return true;
    }
}
