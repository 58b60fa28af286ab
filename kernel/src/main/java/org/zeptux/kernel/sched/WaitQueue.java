package org.zeptux.kernel.sched;

import org.zeptux.rt.MaySleep;
/**
 * Tasks waiting for something, in arrival order. The caller checks its condition and waits
 * with interrupts disabled ({@link Scheduler#irqSave}), in a loop, so a wake-up between the
 * check and the wait cannot be lost:
 *
 * <pre>
 *   long flags = Scheduler.irqSave();
 *   while (!condition) {
 *       queue.waitLocked();
 *   }
 *   Scheduler.irqRestore(flags);
 * </pre>
 *
 * Wait queues are made at build time (a field of an image-heap object or a static field).
 * The list is written only with interrupts disabled (and, with several CPUs, under the lock
 * of what it waits for).
 */
public final class WaitQueue {
    private final String name;
    private Task head;
    private Task tail;

    public WaitQueue(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Sleeps until woken (interrupts disabled; they stay so when it returns). Panics where the task may not sleep. */
    @MaySleep
    public void waitLocked() {
        Scheduler.mayThisSleep(name);
        Task self = Scheduler.current();
        self.waitNext = null;
        if (tail == null) {
            head = self;
        } else {
            tail.waitNext = self;
        }
        tail = self;
        self.state = Task.SLEEPING;
        Scheduler.scheduleLocked();
    }

    /**
     * As {@link #waitLocked}, but for at most {@code ticks} timer ticks (at least one): returns
     * true when woken, false when the time ran out first (it is then off the queue). A task
     * waits on one queue at a time; the timer heap's wake-up and the queue's are the two ways out.
     */
    @MaySleep
    public boolean waitLockedTimeout(long ticks) {
        Scheduler.mayThisSleep(name);
        Task self = Scheduler.current();
        self.waitNext = null;
        if (tail == null) {
            head = self;
        } else {
            tail.waitNext = self;
        }
        tail = self;
        Scheduler.sleepLocked(self, Math.max(1, ticks));
        // Still queued: the timer woke it. Take it off, so no later wake-up is spent on it.
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
                return false;
            }
            before = t;
        }
        return true;
    }

    /** Wakes the task that waited longest, if any (interrupts disabled); returns whether one was woken. */
    public boolean wakeOneLocked() {
        Task t = head;
        if (t == null) {
            return false;
        }
        head = t.waitNext;
        if (head == null) {
            tail = null;
        }
        t.waitNext = null;
        Scheduler.wakeLocked(t);
        return true;
    }

    /** Wakes every waiting task (interrupts disabled). */
    public void wakeAllLocked() {
        while (wakeOneLocked()) {
            // each woken in turn
        }
    }

    /** {@link #wakeOneLocked} with interrupts saved and restored (from any context). */
    public void wakeOne() {
        long flags = Scheduler.irqSave();
        wakeOneLocked();
        Scheduler.irqRestore(flags);
    }

    /** {@link #wakeAllLocked} with interrupts saved and restored. */
    public void wakeAll() {
        long flags = Scheduler.irqSave();
        wakeAllLocked();
        Scheduler.irqRestore(flags);
    }

    /** Whether no task waits. */
    public boolean isEmpty() {
        return head == null;
    }
}
