package org.zeptux.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@code long} updated atomically: the kernel's counters, states and reference counts shared
 * between CPUs and with interrupt handlers, without raw addresses. Create it in a static
 * initialiser (it is an image-heap object: {@code static final AtomicLong BYTES = new AtomicLong();}).
 *
 * <p>The methods mean what {@link java.util.concurrent.atomic.AtomicLong}'s do. Compiled,
 * each is one LLVM atomic instruction on the value field (+8, after the class word):
 * {@code get}/{@code set} are {@code seq_cst} loads and stores (Java's volatile),
 * {@code getAcquire}/{@code setRelease} {@code acquire} loads and {@code release} stores,
 * {@code compareAndSet}/{@code compareAndExchange} a strong {@code cmpxchg seq_cst}, and the
 * {@code getAnd...}/{@code ...AndGet} methods {@code atomicrmw xchg/add/sub/or/and seq_cst}
 * (on x86-64: {@code lock cmpxchg}, {@code xchg}, {@code lock xadd}). On the JVM they run on a
 * {@link VarHandle}, with the same orderings.
 */
public final class AtomicLong {
    private static final VarHandle VALUE = handle(MethodHandles.lookup(), AtomicLong.class, long.class);

    private volatile long value;

    /** An atomic long holding 0. */
    public AtomicLong() {}

    /** An atomic long holding {@code initial}. */
    public AtomicLong(long initial) {
        value = initial;
    }

    /** The value (a sequentially consistent load). */
    public long get() { return value; }

    /** Sets the value (a sequentially consistent store). */
    public void set(long v) { value = v; }

    /** The value, with acquire ordering: later loads and stores stay after it. */
    public long getAcquire() { return (long) VALUE.getAcquire(this); }

    /** Sets the value with release ordering: earlier loads and stores stay before it. */
    public void setRelease(long v) { VALUE.setRelease(this, v); }

    /** Sets the value to {@code replacement} if it is {@code expected}; whether it did. */
    public boolean compareAndSet(long expected, long replacement) {
        return VALUE.compareAndSet(this, expected, replacement);
    }

    /** Sets the value to {@code replacement} if it is {@code expected}; returns the value it had. */
    public long compareAndExchange(long expected, long replacement) {
        return (long) VALUE.compareAndExchange(this, expected, replacement);
    }

    /** Sets the value; returns the old one. */
    public long getAndSet(long v) { return (long) VALUE.getAndSet(this, v); }

    /** Adds {@code delta} (wrapping); returns the old value. */
    public long getAndAdd(long delta) { return (long) VALUE.getAndAdd(this, delta); }

    /** Adds {@code delta} (wrapping); returns the new value. */
    public long addAndGet(long delta) { return (long) VALUE.getAndAdd(this, delta) + delta; }

    public long getAndIncrement() { return getAndAdd(1); }

    public long incrementAndGet() { return addAndGet(1); }

    public long getAndDecrement() { return getAndAdd(-1); }

    public long decrementAndGet() { return addAndGet(-1); }

    /** Sets the bits of {@code mask}; returns the old value. */
    public long getAndBitwiseOr(long mask) { return (long) VALUE.getAndBitwiseOr(this, mask); }

    /** Keeps only the bits of {@code mask}; returns the old value. */
    public long getAndBitwiseAnd(long mask) { return (long) VALUE.getAndBitwiseAnd(this, mask); }

    /** The handle of {@code owner}'s value field; {@code lookup} is the owner's (the field is private). */
    private static VarHandle handle(MethodHandles.Lookup lookup, Class<?> owner, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, "value", type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
