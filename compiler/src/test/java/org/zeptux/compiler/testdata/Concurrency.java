package org.zeptux.compiler.testdata;

import org.zeptux.rt.Address;
import org.zeptux.rt.Atomic;
import org.zeptux.rt.AtomicFlag;
import org.zeptux.rt.AtomicInt;
import org.zeptux.rt.AtomicLong;

/**
 * Java's memory model in the dialect: volatile fields (static and instance) and every method of
 * the runtime's atomics, once each; its IR is a golden file.
 */
public class Concurrency {
    static volatile boolean ready;
    static volatile long stamp;
    static boolean plain;
    static final AtomicInt COUNT = new AtomicInt(5);
    static final AtomicLong TOTAL = new AtomicLong(1L << 40);
    static final AtomicFlag LOCK = new AtomicFlag();
    static final Concurrency CELL = new Concurrency();

    volatile int state;
    Concurrency next;

    /** A spin on a volatile flag: the load stays in the loop (VolatileTests checks it after opt -O2). */
    static int spinOnVolatile() {
        int spins = 0;
        while (!ready) {
            spins++;
        }
        return spins;
    }

    /** The same spin on a plain field: LLVM may hoist the load, as the JVM's JIT may. */
    static int spinOnPlain() {
        int spins = 0;
        while (!plain) {
            spins++;
        }
        return spins;
    }

    static int spinOnVolatileField(Concurrency c) {
        int spins = 0;
        while (c.state == 0) {
            spins++;
        }
        return spins;
    }

    static void publish(Concurrency c, long now) {
        c.state = 1;
        stamp = now;
        ready = true;
    }

    static long ints(AtomicInt a) {
        long sum = a.get() + a.getAcquire();
        a.set(1);
        a.setRelease(2);
        sum += a.compareAndSet(2, 3) ? 1 : 0;
        sum += a.compareAndExchange(3, 4);
        sum += a.getAndSet(5);
        sum += a.getAndAdd(6);
        sum += a.addAndGet(7);
        sum += a.getAndIncrement() + a.incrementAndGet() + a.getAndDecrement() + a.decrementAndGet();
        sum += a.getAndBitwiseOr(0x10) + a.getAndBitwiseAnd(0xff);
        return sum + COUNT.get();
    }

    static long longs(AtomicLong a) {
        long sum = a.get() + a.getAcquire();
        a.set(1);
        a.setRelease(2);
        sum += a.compareAndSet(2, 3) ? 1 : 0;
        sum += a.compareAndExchange(3, 4);
        sum += a.getAndSet(5);
        sum += a.getAndAdd(6);
        sum += a.addAndGet(7);
        sum += a.getAndIncrement() + a.incrementAndGet() + a.getAndDecrement() + a.decrementAndGet();
        sum += a.getAndBitwiseOr(0x10) + a.getAndBitwiseAnd(0xff);
        return sum + TOTAL.get();
    }

    static boolean flags(AtomicFlag f) {
        boolean was = f.testAndSet();
        f.clear();
        f.set(true);
        f.setRelease(false);
        boolean swapped = f.compareAndSet(false, true);
        return was ^ swapped ^ f.get() ^ f.getAcquire() ^ f.getAndSet(false) ^ LOCK.get();
    }

    static long addresses(Address a) {
        long sum = Atomic.load32Acquire(a) + Atomic.load64Acquire(a.plus(8));
        Atomic.store32Release(a, 1);
        Atomic.store64Release(a.plus(8), 2);
        sum += Atomic.compareAndExchange32(a, 1, 3) + Atomic.compareAndExchange64(a.plus(8), 2, 4);
        sum += Atomic.exchange32(a, 5) + Atomic.exchange64(a.plus(8), 6);
        sum += Atomic.fetchAdd32(a, 7) + Atomic.fetchAdd64(a.plus(8), 8);
        return sum;
    }
}
