package org.zeptux.kernel.sync;

import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.WaitQueue;
import org.zeptux.rt.MaySleep;

/** Something that happens once (until {@link #reset}): {@link #await} sleeps until {@link #complete}. */
public final class Completion {
    private final WaitQueue waiters;
    /** Written only by complete and reset, with interrupts disabled. */
    private boolean done;

    public Completion(String name) {
        this.waiters = new WaitQueue(name);
    }

    /** Sleeps until {@link #complete} has been called. */
    @MaySleep
    public void await() {
        long flags = Scheduler.irqSave();
        while (!done) {
            waiters.waitLocked();
        }
        Scheduler.irqRestore(flags);
    }

    /** Marks it done and wakes every waiter; from any context, interrupt handlers included. */
    public void complete() {
        long flags = Scheduler.irqSave();
        done = true;
        waiters.wakeAllLocked();
        Scheduler.irqRestore(flags);
    }

    /** Not done again. */
    public void reset() {
        done = false;
    }

    public boolean isDone() {
        return done;
    }
}
