package org.zeptux.rt;

/**
 * Atomic operations on raw memory, for the unsafe layer (shared structures at fixed
 * addresses, memory another CPU or a device writes). Safe code uses {@link AtomicInt},
 * {@link AtomicLong}, {@link AtomicFlag} or a {@code volatile} field instead.
 *
 * <p>Compiled, each is one LLVM atomic instruction at the address, which must be naturally
 * aligned (4 bytes for the 32-bit forms, 8 for the 64-bit ones; a misaligned atomic is not
 * atomic on x86-64): {@code load..Acquire} is {@code load atomic acquire}, {@code store..Release}
 * {@code store atomic release}, {@code compareAndExchange..} a strong {@code cmpxchg seq_cst}
 * returning the value memory held, {@code exchange..} {@code atomicrmw xchg seq_cst} and
 * {@code fetchAdd..} {@code atomicrmw add seq_cst}, both returning the old value. On the JVM
 * they run on the simulated memory, one at a time.
 */
public final class Atomic {
    private Atomic() {}

    public static int load32Acquire(Address a) {
        synchronized (Atomic.class) {
            return a.load32();
        }
    }

    public static long load64Acquire(Address a) {
        synchronized (Atomic.class) {
            return a.load64();
        }
    }

    public static void store32Release(Address a, int v) {
        synchronized (Atomic.class) {
            a.store32(v);
        }
    }

    public static void store64Release(Address a, long v) {
        synchronized (Atomic.class) {
            a.store64(v);
        }
    }

    /** Stores {@code replacement} if memory holds {@code expected}; returns what memory held. */
    public static int compareAndExchange32(Address a, int expected, int replacement) {
        synchronized (Atomic.class) {
            int old = a.load32();
            if (old == expected) {
                a.store32(replacement);
            }
            return old;
        }
    }

    public static long compareAndExchange64(Address a, long expected, long replacement) {
        synchronized (Atomic.class) {
            long old = a.load64();
            if (old == expected) {
                a.store64(replacement);
            }
            return old;
        }
    }

    /** Stores {@code v}; returns the old value. */
    public static int exchange32(Address a, int v) {
        synchronized (Atomic.class) {
            int old = a.load32();
            a.store32(v);
            return old;
        }
    }

    public static long exchange64(Address a, long v) {
        synchronized (Atomic.class) {
            long old = a.load64();
            a.store64(v);
            return old;
        }
    }

    /** Adds {@code delta} (wrapping); returns the old value. */
    public static int fetchAdd32(Address a, int delta) {
        synchronized (Atomic.class) {
            int old = a.load32();
            a.store32(old + delta);
            return old;
        }
    }

    public static long fetchAdd64(Address a, long delta) {
        synchronized (Atomic.class) {
            long old = a.load64();
            a.store64(old + delta);
            return old;
        }
    }
}
