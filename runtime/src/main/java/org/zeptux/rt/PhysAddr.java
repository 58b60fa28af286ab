package org.zeptux.rt;

/**
 * An unboxed physical address: compiled, a bare 64-bit value like {@link Address} (no object
 * behind it; a null PhysAddr is address 0); on the JVM it wraps a {@code long}.
 *
 * <p>It cannot be dereferenced: there are no loads or stores, because the kernel does not run
 * with physical addressing. The page it names is reached through the direct map, whose one
 * door is the kernel's {@code mm.Phys.virt(PhysAddr)}. Mixing a physical address up with a
 * virtual one ({@link Address}), a page frame number ({@link Pfn}) or a plain {@code long} is a
 * type error in javac. Compare with {@link #eq}, {@link #lt} and the like, not {@code ==} (on
 * the JVM two PhysAddr objects of one value are different objects).
 */
public final class PhysAddr {
    /** Bytes in a page frame: {@link #pfn} and {@link Pfn#phys} shift by its logarithm. */
    public static final int PAGE_SHIFT = 12;

    private final long value;

    private PhysAddr(long value) {
        this.value = value;
    }

    /** The physical address {@code value}. */
    public static PhysAddr of(long value) { return new PhysAddr(value); }

    /** This address as a number (for page-table entries, device registers and printing). */
    public long toLong() { return value; }

    /** This address plus {@code bytes} (which may be negative). */
    public PhysAddr plus(long bytes) { return of(value + bytes); }

    /** This address minus {@code bytes}. */
    public PhysAddr minus(long bytes) { return of(value - bytes); }

    /** The distance from {@code other} to this address, in bytes. */
    public long diff(PhysAddr other) { return value - other.value; }

    /** Whether this address is {@code other}. */
    public boolean eq(PhysAddr other) { return value == other.value; }

    /** Unsigned comparisons. */
    public boolean lt(PhysAddr other) { return Long.compareUnsigned(value, other.value) < 0; }

    public boolean le(PhysAddr other) { return Long.compareUnsigned(value, other.value) <= 0; }

    public boolean gt(PhysAddr other) { return Long.compareUnsigned(value, other.value) > 0; }

    public boolean ge(PhysAddr other) { return Long.compareUnsigned(value, other.value) >= 0; }

    /** Rounds down to a multiple of {@code align} (a power of two). */
    public PhysAddr alignDown(long align) { return of(value & -align); }

    /** Rounds up to a multiple of {@code align} (a power of two). */
    public PhysAddr alignUp(long align) { return of((value + align - 1) & -align); }

    /** The number of the page frame this address is in. */
    public Pfn pfn() { return Pfn.of(value >>> PAGE_SHIFT); }

    @Override
    public boolean equals(Object o) { return o instanceof PhysAddr p && p.value == value; }

    @Override
    public int hashCode() { return Long.hashCode(value); }

    @Override
    public String toString() { return "phys 0x" + Long.toHexString(value); }
}
