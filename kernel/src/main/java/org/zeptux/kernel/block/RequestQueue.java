package org.zeptux.kernel.block;

/**
 * A driver's requests: a fixed set of {@link Request}s (made at build time, so queuing allocates
 * nothing and cannot fail for memory) and the first-come, first-served queue of those waiting
 * for the hardware. Not locked itself: the channel's lock covers every call.
 */
public final class RequestQueue {
    private final Request[] slots;
    private Request head;
    private Request tail;
    private int queued;

    public RequestQueue(int size) {
        slots = new Request[size];
        for (int i = 0; i < size; i++) {
            slots[i] = new Request();
        }
    }

    /** A FREE request, now QUEUED but not yet in the queue, or null when all are taken. */
    public Request take() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].state == Request.FREE) {
                Request r = slots[i];
                r.state = Request.QUEUED;
                r.done = 0;
                r.result = 0;
                r.next = null;
                return r;
            }
        }
        return null;
    }

    /** Appends {@code r} (from {@link #take}) to the queue. */
    public void add(Request r) {
        r.next = null;
        if (tail == null) {
            head = r;
        } else {
            tail.next = r;
        }
        tail = r;
        queued++;
    }

    /** The request waiting longest, taken off the queue, or null. */
    public Request poll() {
        Request r = head;
        if (r != null) {
            head = r.next;
            if (head == null) {
                tail = null;
            }
            r.next = null;
            queued--;
        }
        return r;
    }

    /** Gives a DONE request back (its waiter has read the result). */
    public void release(Request r) {
        r.state = Request.FREE;
        r.page = null;
    }

    /** How many wait in the queue. */
    public int queued() {
        return queued;
    }

    /** How many requests exist (free or not). */
    public int size() {
        return slots.length;
    }

    /** How many are not FREE. */
    public int busy() {
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            n += slots[i].state == Request.FREE ? 0 : 1;
        }
        return n;
    }
}
