package org.zeptux.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@code boolean} updated atomically: a test-and-set flag (a "done", a "pending", the bit of a
 * spinlock). Create it in a static initialiser, like {@link AtomicInt}.
 *
 * <p>Compiled, the flag is one byte (+8, after the class word, 0 or 1): {@code get}/{@code set}
 * are {@code seq_cst} loads and stores, {@code getAcquire}/{@code setRelease} {@code acquire}
 * and {@code release} ones, {@code testAndSet} and {@code getAndSet} an {@code atomicrmw xchg
 * seq_cst}, {@code compareAndSet} a strong {@code cmpxchg seq_cst}; {@code clear} is a release
 * store of false (what a lock's unlock needs). On the JVM they run on a {@link VarHandle}.
 */
public final class AtomicFlag {
    private static final VarHandle VALUE = handle(MethodHandles.lookup(), AtomicFlag.class, boolean.class);

    private volatile boolean value;

    /** A flag that is clear (false). */
    public AtomicFlag() {}

    /** A flag holding {@code initial}. */
    public AtomicFlag(boolean initial) {
        value = initial;
    }

    /** Whether the flag is set (a sequentially consistent load). */
    public boolean get() { return value; }

    /** Sets or clears the flag (a sequentially consistent store). */
    public void set(boolean v) { value = v; }

    /** Whether the flag is set, with acquire ordering. */
    public boolean getAcquire() { return (boolean) VALUE.getAcquire(this); }

    /** Sets or clears the flag with release ordering. */
    public void setRelease(boolean v) { VALUE.setRelease(this, v); }

    /** Sets the flag; whether it was already set (false: this caller set it). */
    public boolean testAndSet() { return getAndSet(true); }

    /** Clears the flag with release ordering. */
    public void clear() { setRelease(false); }

    /** Sets the flag to {@code v}; returns the old value. */
    public boolean getAndSet(boolean v) { return (boolean) VALUE.getAndSet(this, v); }

    /** Sets the flag to {@code replacement} if it is {@code expected}; whether it did. */
    public boolean compareAndSet(boolean expected, boolean replacement) {
        return VALUE.compareAndSet(this, expected, replacement);
    }

    /** The handle of {@code owner}'s value field; {@code lookup} is the owner's (the field is private). */
    private static VarHandle handle(MethodHandles.Lookup lookup, Class<?> owner, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, "value", type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
