package org.zeptux.kernel.sync;

import org.zeptux.kernel.sched.WaitQueue;
import org.zeptux.rt.MaySleep;

/** Something that happens once (until {@link #reset}): {@link #await} sleeps until {@link #complete}. */
public final class Completion {
    private final WaitQueue waiters;
    /** Written only by complete and reset, under the wait queue's lock. */
    private boolean done;

    public Completion(String name) {
        this.waiters = new WaitQueue(name);
    }

    /** Sleeps until {@link #complete} has been called. */
    @MaySleep
    public void await() {
        waiters.lock();
        while (!done) {
            waiters.waitHeld();
        }
        waiters.unlock();
    }

    /** Marks it done and wakes every waiter; from any context, interrupt handlers included. */
    public void complete() {
        waiters.lock();
        done = true;
        waiters.wakeAllHeld();
        waiters.unlock();
    }

    /** Not done again. */
    public void reset() {
        waiters.lock();
        done = false;
        waiters.unlock();
    }

    public boolean isDone() {
        return done;
    }
}
