package org.zeptux.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zeptux.rt.host.Machine;

/** The JVM implementation of the atomics: java.util.concurrent.atomic's results, and no lost update. */
class AtomicTests {
    @Test
    void addressOperationsOnSimulatedMemory() {
        try (var ignored = Machine.install(new Machine())) {
            Address a = Address.of(0x1000);
            Atomic.store32Release(a, 5);
            assertEquals(5, Atomic.compareAndExchange32(a, 4, 9), "no exchange: the value held");
            assertEquals(5, Atomic.compareAndExchange32(a, 5, 9));
            assertEquals(9, Atomic.exchange32(a, -1));
            assertEquals(-1, Atomic.fetchAdd32(a, 2));
            assertEquals(1, Atomic.load32Acquire(a));
            Address b = a.plus(8);
            Atomic.store64Release(b, Long.MAX_VALUE);
            assertEquals(Long.MAX_VALUE, Atomic.fetchAdd64(b, 1));
            assertEquals(Long.MIN_VALUE, Atomic.exchange64(b, 3));
            assertEquals(3, Atomic.compareAndExchange64(b, 3, 4));
            assertEquals(4, Atomic.load64Acquire(b));
        }
    }

    @Test
    void objectsCountWithoutLostUpdates() throws InterruptedException {
        AtomicInt i = new AtomicInt();
        AtomicLong l = new AtomicLong(10);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int n = 0; n < 10_000; n++) {
                    i.incrementAndGet();
                    l.getAndAdd(2);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(40_000, i.get());
        assertEquals(80_010, l.get());
    }

    @Test
    void flagIsATestAndSet() {
        AtomicFlag f = new AtomicFlag();
        assertFalse(f.testAndSet());
        assertTrue(f.testAndSet());
        f.clear();
        assertFalse(f.getAcquire());
        assertTrue(f.compareAndSet(false, true));
        assertFalse(f.compareAndSet(false, true));
    }
}
