package org.zeptux.kernel.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A driver's request queue ({@link RequestQueue}): fixed slots, first come first served. */
class RequestQueueTests {
    @Test
    void servesInArrivalOrderAndReusesReleasedSlots() {
        RequestQueue q = new RequestQueue(3);
        Request a = q.take();
        Request b = q.take();
        Request c = q.take();
        assertNull(q.take(), "three slots");
        assertEquals(Request.QUEUED, a.state);
        q.add(b);
        q.add(a);
        q.add(c);
        assertEquals(3, q.queued());
        assertSame(b, q.poll());
        assertSame(a, q.poll());
        a.state = Request.DONE;
        a.result = -5;
        q.release(a);
        assertEquals(2, q.busy());
        Request again = q.take();
        assertSame(a, again);
        assertEquals(0, again.result, "a slot taken again starts clean");
        q.add(again);
        assertSame(c, q.poll());
        assertSame(again, q.poll());
        assertNull(q.poll());
        assertEquals(0, q.queued());
    }
}
