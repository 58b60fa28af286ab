package org.zeptux.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An {@code int} updated atomically: the kernel's counters, states and reference counts shared
 * between CPUs and with interrupt handlers, without raw addresses. Create it in a static
 * initialiser (it is an image-heap object: {@code static final AtomicInt TICKS = new AtomicInt();}).
 *
 * <p>The methods mean what {@link java.util.concurrent.atomic.AtomicInteger}'s do. Compiled,
 * each is one LLVM atomic instruction on the value field (+8, after the class word):
 * {@code get}/{@code set} are {@code seq_cst} loads and stores (Java's volatile),
 * {@code getAcquire}/{@code setRelease} {@code acquire} loads and {@code release} stores,
 * {@code compareAndSet}/{@code compareAndExchange} a strong {@code cmpxchg seq_cst}, and the
 * {@code getAnd...}/{@code ...AndGet} methods {@code atomicrmw xchg/add/sub/or/and seq_cst}
 * (on x86-64: {@code lock cmpxchg}, {@code xchg}, {@code lock xadd}). On the JVM they run on a
 * {@link VarHandle}, with the same orderings.
 */
public final class AtomicInt {
    private static final VarHandle VALUE = handle(MethodHandles.lookup(), AtomicInt.class, int.class);

    private volatile int value;

    /** An atomic int holding 0. */
    public AtomicInt() {}

    /** An atomic int holding {@code initial}. */
    public AtomicInt(int initial) {
        value = initial;
    }

    /** The value (a sequentially consistent load). */
    public int get() { return value; }

    /** Sets the value (a sequentially consistent store). */
    public void set(int v) { value = v; }

    /** The value, with acquire ordering: later loads and stores stay after it. */
    public int getAcquire() { return (int) VALUE.getAcquire(this); }

    /** Sets the value with release ordering: earlier loads and stores stay before it. */
    public void setRelease(int v) { VALUE.setRelease(this, v); }

    /** Sets the value to {@code replacement} if it is {@code expected}; whether it did. */
    public boolean compareAndSet(int expected, int replacement) {
        return VALUE.compareAndSet(this, expected, replacement);
    }

    /** Sets the value to {@code replacement} if it is {@code expected}; returns the value it had. */
    public int compareAndExchange(int expected, int replacement) {
        return (int) VALUE.compareAndExchange(this, expected, replacement);
    }

    /** Sets the value; returns the old one. */
    public int getAndSet(int v) { return (int) VALUE.getAndSet(this, v); }

    /** Adds {@code delta} (wrapping); returns the old value. */
    public int getAndAdd(int delta) { return (int) VALUE.getAndAdd(this, delta); }

    /** Adds {@code delta} (wrapping); returns the new value. */
    public int addAndGet(int delta) { return (int) VALUE.getAndAdd(this, delta) + delta; }

    public int getAndIncrement() { return getAndAdd(1); }

    public int incrementAndGet() { return addAndGet(1); }

    public int getAndDecrement() { return getAndAdd(-1); }

    public int decrementAndGet() { return addAndGet(-1); }

    /** Sets the bits of {@code mask}; returns the old value. */
    public int getAndBitwiseOr(int mask) { return (int) VALUE.getAndBitwiseOr(this, mask); }

    /** Keeps only the bits of {@code mask}; returns the old value. */
    public int getAndBitwiseAnd(int mask) { return (int) VALUE.getAndBitwiseAnd(this, mask); }

    /** The handle of {@code owner}'s value field; {@code lookup} is the owner's (the field is private). */
    private static VarHandle handle(MethodHandles.Lookup lookup, Class<?> owner, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, "value", type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
