package org.zeptux.kernel.sync;

import org.zeptux.kernel.sched.WaitQueue;
import org.zeptux.rt.MaySleep;

/** A counting semaphore: {@link #down} sleeps while the count is 0. Made at build time. */
public final class Semaphore {
    private final WaitQueue waiters;
    /** Written only by down and up, under the wait queue's lock. */
    private long count;

    public Semaphore(String name, long initial) {
        this.waiters = new WaitQueue(name);
        this.count = initial;
    }

    /** Takes one unit, sleeping until there is one. */
    @MaySleep
    public void down() {
        LockOrder.sleepingLock(waiters.name(), false);
        waiters.lock();
        while (count == 0) {
            waiters.waitHeld();
        }
        count--;
        waiters.unlock();
    }

    /** Gives one unit back and wakes a waiter. */
    public void up() {
        waiters.lock();
        count++;
        waiters.wakeOneHeld();
        waiters.unlock();
    }

    public long count() {
        return count;
    }
}
