package org.zeptux.compiler.testdata.programs;

import org.zeptux.rt.AtomicFlag;
import org.zeptux.rt.AtomicInt;
import org.zeptux.rt.AtomicLong;

/** Every method of the runtime's atomics and volatile fields, with java.util.concurrent.atomic's results. */
public class Atomics {
    static final AtomicInt COUNT = new AtomicInt(40);
    static final AtomicLong TOTAL = new AtomicLong(Long.MAX_VALUE - 1);
    static final AtomicFlag FLAG = new AtomicFlag();
    static final AtomicInt[] PER_CPU = {new AtomicInt(), new AtomicInt(7)};
    static final Atomics HOLDER = new Atomics();
    static volatile int generation = 3;
    static volatile boolean done;

    final AtomicInt refs = new AtomicInt(1);
    volatile long stamp;
    AtomicInt missing;

    public static void main(String[] args) {
        AtomicInt c = COUNT;
        System.out.println(c.get());
        c.set(41);
        System.out.println(c.getAcquire());
        c.setRelease(42);
        System.out.println(c.compareAndSet(41, 0));
        System.out.println(c.compareAndSet(42, 43));
        System.out.println(c.compareAndExchange(0, 1));
        System.out.println(c.compareAndExchange(43, 44));
        System.out.println(c.getAndSet(Integer.MAX_VALUE));
        System.out.println(c.getAndAdd(1));                 // wraps
        System.out.println(c.addAndGet(-1));
        System.out.println(c.getAndIncrement());
        System.out.println(c.incrementAndGet());
        System.out.println(c.getAndDecrement());
        System.out.println(c.decrementAndGet());
        System.out.println(c.getAndBitwiseOr(0x0f0));
        System.out.println(c.getAndBitwiseAnd(0x0ff));
        System.out.println(c.get());

        AtomicLong t = TOTAL;
        System.out.println(t.incrementAndGet());
        System.out.println(t.incrementAndGet());            // wraps to MIN_VALUE
        System.out.println(t.compareAndSet(Long.MIN_VALUE, 1L << 40));
        System.out.println(t.compareAndExchange(5, 6));
        System.out.println(t.getAndAdd(-(1L << 41)));
        System.out.println(t.addAndGet(3));
        System.out.println(t.getAndSet(9));
        System.out.println(t.getAndIncrement() + t.getAndDecrement() + t.decrementAndGet());
        System.out.println(t.getAndBitwiseOr(1L << 50) + t.getAndBitwiseAnd(0xff));
        t.set(-2);
        t.setRelease(t.getAcquire() * 3);
        System.out.println(t.get());

        AtomicFlag f = FLAG;
        System.out.println(f.testAndSet());
        System.out.println(f.testAndSet());
        f.clear();
        System.out.println(f.get());
        System.out.println(f.compareAndSet(false, true));
        System.out.println(f.compareAndSet(false, true));
        System.out.println(f.getAndSet(false));
        f.set(true);
        System.out.println(f.getAcquire());
        f.setRelease(false);
        System.out.println(f.get());

        for (int i = 0; i < PER_CPU.length; i++) {
            PER_CPU[i].addAndGet(i + 1);
            System.out.println(PER_CPU[i].get());
        }
        Atomics h = HOLDER;
        System.out.println(h.refs.incrementAndGet());
        System.out.println(h.refs.decrementAndGet() == 1 ? "still referenced" : "last");
        h.stamp = h.stamp + 5;
        System.out.println(h.stamp);
        generation++;
        System.out.println(generation);
        done = !done;
        System.out.println(done);
        System.out.println(h.missing.get());                // NullPointerException, as on the JVM
    }
}
