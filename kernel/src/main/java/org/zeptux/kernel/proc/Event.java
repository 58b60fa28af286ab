package org.zeptux.kernel.proc;

import org.zeptux.kernel.sched.WaitQueue;
import org.zeptux.rt.MaySleep;

/**
 * Something processes sleep for — a child's end, a pipe's change, input, a signal — as a wait
 * queue with a count of its wake-ups, so the condition a sleeper waits for may be guarded by any
 * lock (or by none) and a wake-up from any CPU is still never lost (Linux's prepare_to_wait and
 * finish_wait, as a sequence number):
 *
 * <pre>
 *   while (true) {
 *       int t = event.ticket();        // before looking
 *       if (condition) break;          // under whatever lock guards it
 *       event.await(t);                // returns at once if signalled since the ticket
 *   }
 *   ...
 *   condition = true;  event.signal();  // the waker: changes, then signals
 * </pre>
 *
 * A change made before the waker's {@link #signal} is either seen by the sleeper's look (the
 * signal came before its ticket: the queue's lock orders them) or moved the count past its
 * ticket, so {@link #await} does not sleep, or wakes it. Spurious returns are allowed: callers
 * loop. Each ticket and signal takes the queue's spinlock, a full barrier (a locked
 * compare-and-set): a waker that reads where a sleeper sleeps ({@code Process.blockedOn}) after
 * changing the condition, and a sleeper that records it before its ticket, cannot both miss.
 *
 * <p>Events are made at build time (static fields, arrays of them).
 */
final class Event {
    private final WaitQueue queue;
    /** Signals so far: written under the queue's lock. */
    private int count;

    Event(String name) {
        this.queue = new WaitQueue(name);
    }

    /** The count now: what {@link #await} compares with. */
    int ticket() {
        queue.lock();
        int c = count;
        queue.unlock();
        return c;
    }

    /** Sleeps until a signal after {@code ticket} (at once if there was one). */
    @MaySleep
    void await(int ticket) {
        queue.lock();
        while (count == ticket) {
            queue.waitHeld();
        }
        queue.unlock();
    }

    /** As {@link #await}, for at most {@code ticks} timer ticks (at least one); false when the time ran out. */
    @MaySleep
    boolean await(int ticket, long ticks) {
        queue.lock();
        boolean woken = true;
        if (count == ticket) {
            woken = queue.waitHeldTimeout(ticks);
        }
        queue.unlock();
        return woken;
    }

    /** Wakes every sleeper and moves the count on (any context, with no lock of this event held). */
    void signal() {
        queue.lock();
        count++;
        queue.wakeAllHeld();
        queue.unlock();
    }

    String name() {
        return queue.name();
    }
}
