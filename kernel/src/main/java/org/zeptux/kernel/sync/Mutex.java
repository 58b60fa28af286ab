package org.zeptux.kernel.sync;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.sched.WaitQueue;
import org.zeptux.rt.MaySleep;

/**
 * A sleeping lock with an owner: a task that finds it held sleeps until it is released
 * (waiters in arrival order). Only the owner may unlock it; relocking by the owner, unlocking
 * by another task, and locking with a spinlock held (which would sleep with interrupts off)
 * are panics with a backtrace. Made at build time.
 *
 * <p>{@link #owner} and {@link #contended} are written only by lock and unlock under the wait
 * queue's lock (a spinlock, named as the mutex), so lockers on several CPUs never both take it and
 * an unlock never misses a waiter.
 */
public final class Mutex {
    private final String name;
    private final WaitQueue waiters;
    private Task owner;
    private long contended;

    public Mutex(String name) {
        this.name = name;
        this.waiters = new WaitQueue(name);
    }

    /** Takes the mutex, sleeping while another task holds it. */
    @MaySleep
    public void lock() {
        LockOrder.sleepingLock(name, true);
        waiters.lock();
        Task self = Scheduler.current();
        if (owner == self) {
            misuse("locked again by its owner", self);
        }
        while (owner != null) {
            contended++;
            waiters.waitHeld();
        }
        owner = self;
        waiters.unlock();
    }

    /** Takes the mutex if no task holds it: true; false at once otherwise (never sleeps). */
    public boolean tryLock() {
        waiters.lock();
        boolean taken = owner == null;
        if (taken) {
            owner = Scheduler.current();
        }
        waiters.unlock();
        return taken;
    }

    /** Releases the mutex (only its owner may) and wakes the longest waiter. */
    public void unlock() {
        LockOrder.sleepingUnlock(name);
        waiters.lock();
        Task self = Scheduler.current();
        if (owner != self) {
            misuse(owner == null ? "unlocked while not locked" : "unlocked by a task that does not own it", self);
        }
        owner = null;
        waiters.wakeOneHeld();
        waiters.unlock();
    }

    /** The owner, or null. */
    public Task owner() {
        return owner;
    }

    /** How often a locker had to wait. */
    public long contended() {
        return contended;
    }

    private void misuse(String what, Task self) {
        Panic.begin();
        Printf.printf("mutex %s: %s", Printf.s(name), Printf.s(what));
        Locks.printTasks(self, owner);
        Print.nl();
        Panic.finish();
    }
}
