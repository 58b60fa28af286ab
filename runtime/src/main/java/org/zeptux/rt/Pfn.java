package org.zeptux.rt;

/**
 * An unboxed page frame number: physical page {@code n} (4 KiB) of the machine. Compiled, a
 * bare 64-bit value like {@link Address}; on the JVM it wraps a {@code long}.
 *
 * <p>A frame number is not an address: {@link #phys} gives the frame's first byte as a
 * {@link PhysAddr}, {@link PhysAddr#pfn} goes back. Arithmetic counts frames. Compare with
 * {@link #eq}, {@link #lt} and the like, not {@code ==}.
 */
public final class Pfn {
    private final long value;

    private Pfn(long value) {
        this.value = value;
    }

    /** Frame number {@code value}. */
    public static Pfn of(long value) { return new Pfn(value); }

    /** This frame number as a number (an index into the page frame database, or for printing). */
    public long toLong() { return value; }

    /** The physical address of this frame's first byte. */
    public PhysAddr phys() { return PhysAddr.of(value << PhysAddr.PAGE_SHIFT); }

    /** The frame {@code frames} after this one (which may be negative). */
    public Pfn plus(long frames) { return of(value + frames); }

    /** The frame {@code frames} before this one. */
    public Pfn minus(long frames) { return of(value - frames); }

    /** The number of frames from {@code other} to this one. */
    public long diff(Pfn other) { return value - other.value; }

    /** Whether this is frame {@code other}. */
    public boolean eq(Pfn other) { return value == other.value; }

    /** Unsigned comparisons. */
    public boolean lt(Pfn other) { return Long.compareUnsigned(value, other.value) < 0; }

    public boolean le(Pfn other) { return Long.compareUnsigned(value, other.value) <= 0; }

    public boolean gt(Pfn other) { return Long.compareUnsigned(value, other.value) > 0; }

    public boolean ge(Pfn other) { return Long.compareUnsigned(value, other.value) >= 0; }

    @Override
    public boolean equals(Object o) { return o instanceof Pfn p && p.value == value; }

    @Override
    public int hashCode() { return Long.hashCode(value); }

    @Override
    public String toString() { return "pfn 0x" + Long.toHexString(value); }
}
