package org.zeptux.kernel.sched;

import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.MaySleep;

/**
 * Tasks waiting for something, in arrival order, with a spinlock of its own (named as the
 * queue) that guards the list — and, for the primitives built on it, their condition too: the
 * waiter checks its condition with the lock held and waits in a loop, so a wake-up from any
 * CPU between the check and the wait cannot be lost:
 *
 * <pre>
 *   queue.lock();
 *   while (!condition) {
 *       queue.waitHeld();          // lets the lock go while asleep, holds it again after
 *   }
 *   queue.unlock();
 *   ...
 *   queue.lock();  condition = true;  queue.wakeOneHeld();  queue.unlock();   // the waker
 * </pre>
 *
 * <p>The older pattern, {@code Scheduler.irqSave(); while (!condition) queue.waitLocked(); ...},
 * takes the queue's lock only for the list: its condition is guarded by interrupts being off on
 * this CPU, so it is right only where every waiter and waker of that condition runs on one CPU
 * (the process paths, on the boot CPU: docs/smp.md, "What runs where").
 *
 * <p>Wait queues are made at build time (a field of an image-heap object or a static field).
 */
public final class WaitQueue {
    private final String name;
    private final SpinLock lock;
    /** The waiters, oldest first; written under {@link #lock}. */
    private Task head;
    private Task tail;

    public WaitQueue(String name) {
        this.name = name;
        this.lock = new SpinLock(name);
    }

    public String name() {
        return name;
    }

    /** Takes the queue's lock (interrupts off until {@link #unlock}). */
    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    private void append(Task self) {
        self.waitNext = null;
        if (tail == null) {
            head = self;
        } else {
            tail.waitNext = self;
        }
        tail = self;
    }

    /** Takes {@code self} off the list if it is still on it; whether it was. */
    private boolean remove(Task self) {
        Task before = null;
        for (Task t = head; t != null; t = t.waitNext) {
            if (t == self) {
                if (before == null) {
                    head = t.waitNext;
                } else {
                    before.waitNext = t.waitNext;
                }
                if (tail == self) {
                    tail = before;
                }
                self.waitNext = null;
                return true;
            }
            before = t;
        }
        return false;
    }

    /**
     * Sleeps until woken, with this queue's lock held by the caller: it is let go while the
     * task sleeps and held again when this returns. Panics where the task may not sleep.
     */
    @MaySleep
    public void waitHeld() {
        Task self = Scheduler.current();
        append(self);
        Scheduler.prepareSleep(self);
        long flags = lock.release();               // interrupts stay off until the switch
        Scheduler.mayThisSleep(name);
        Scheduler.schedule();
        lock.reacquire(flags);
        remove(self);                               // a spurious wake-up leaves it queued
    }

    /**
     * As {@link #waitHeld}, but for at most {@code ticks} timer ticks (at least one): true when
     * woken, false when the time ran out first (it is then off the queue).
     */
    @MaySleep
    public boolean waitHeldTimeout(long ticks) {
        Task self = Scheduler.current();
        append(self);
        Scheduler.sleepUntil(self, org.zeptux.kernel.arch.Timer.ticks() + Math.max(1, ticks));
        long flags = lock.release();
        Scheduler.mayThisSleep(name);
        Scheduler.schedule();
        lock.reacquire(flags);
        return !remove(self);                       // still queued: the timer woke it
    }

    /** Wakes the task that waited longest, if any (this queue's lock held); whether one was woken. */
    public boolean wakeOneHeld() {
        Task t = head;
        if (t == null) {
            return false;
        }
        head = t.waitNext;
        if (head == null) {
            tail = null;
        }
        t.waitNext = null;
        Scheduler.wake(t);
        return true;
    }

    /** Wakes {@code t} if it waits here (this queue's lock held); whether it did. */
    boolean wakeTaskHeld(Task t) {
        if (!remove(t)) {
            return false;
        }
        Scheduler.wake(t);
        return true;
    }

    /** Wakes every waiting task (this queue's lock held). */
    public void wakeAllHeld() {
        while (wakeOneHeld()) {
            // each woken in turn
        }
    }

    /** Sleeps until woken (interrupts disabled, the lock not held; they stay so when it returns). */
    @MaySleep
    public void waitLocked() {
        lock.lock();
        waitHeld();
        lock.unlock();
    }

    /** {@link #waitHeldTimeout} for callers with interrupts disabled and the lock not held. */
    @MaySleep
    public boolean waitLockedTimeout(long ticks) {
        lock.lock();
        boolean woken = waitHeldTimeout(ticks);
        lock.unlock();
        return woken;
    }

    /** Wakes the task that waited longest, if any (the lock not held); whether one was woken. */
    public boolean wakeOneLocked() {
        lock.lock();
        boolean woken = wakeOneHeld();
        lock.unlock();
        return woken;
    }

    /** Wakes every waiting task (the lock not held). */
    public void wakeAllLocked() {
        lock.lock();
        wakeAllHeld();
        lock.unlock();
    }

    /** {@link #wakeOneLocked} from any context. */
    public void wakeOne() {
        wakeOneLocked();
    }

    /** {@link #wakeAllLocked} from any context. */
    public void wakeAll() {
        wakeAllLocked();
    }

    /** Whether no task waits (a hint without the lock). */
    public boolean isEmpty() {
        return head == null;
    }
}
