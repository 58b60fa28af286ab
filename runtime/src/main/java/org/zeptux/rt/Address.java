package org.zeptux.rt;

import org.zeptux.rt.host.Machine;

/**
 * An unboxed address: compiled, an {@code Address} is a bare machine pointer (an LLVM
 * {@code ptr}), with no object behind it; on the JVM it wraps a {@code long} and reaches the
 * simulated memory of {@link Machine#current()}. Compiled, a null Address is address 0.
 *
 * <p>Loads and stores are little-endian at any alignment; narrow loads zero-extend. The
 * {@code mmio} variants are volatile (never merged, removed or reordered with each other).
 * Compare addresses with {@link #eq}, {@link #lt} and the like, not {@code ==} (on the JVM two
 * Address objects of one value are different objects).
 */
public final class Address {
    private final long value;

    private Address(long value) {
        this.value = value;
    }

    /** The address {@code value}. */
    public static Address of(long value) { return new Address(value); }

    /** The address 0. (Compiled, null is address 0 too; on the JVM a null Address has no methods.) */
    public static Address zero() { return new Address(0); }

    /** The address as an unsigned 64-bit number; 0 for null. */
    public static long toLong(Address a) { return a == null ? 0 : a.value; }

    /** This address as a number. */
    public long toLong() { return value; }

    /** This address plus {@code bytes} (which may be negative). */
    public Address plus(long bytes) { return of(value + bytes); }

    /** This address minus {@code bytes}. */
    public Address minus(long bytes) { return of(value - bytes); }

    /** The distance from {@code other} to this address, in bytes. */
    public long diff(Address other) { return value - toLong(other); }

    /** Whether this address is {@code other}. */
    public boolean eq(Address other) { return value == toLong(other); }

    /** Unsigned comparisons. */
    public boolean lt(Address other) { return Long.compareUnsigned(value, toLong(other)) < 0; }

    public boolean le(Address other) { return Long.compareUnsigned(value, toLong(other)) <= 0; }

    public boolean gt(Address other) { return Long.compareUnsigned(value, toLong(other)) > 0; }

    public boolean ge(Address other) { return Long.compareUnsigned(value, toLong(other)) >= 0; }

    /** Rounds down to a multiple of {@code align} (a power of two). */
    public Address alignDown(long align) { return of(value & -align); }

    /** Rounds up to a multiple of {@code align} (a power of two). */
    public Address alignUp(long align) { return of((value + align - 1) & -align); }

    public int load8() { return (int) Machine.current().load(value, 1); }

    public int load16() { return (int) Machine.current().load(value, 2); }

    public int load32() { return (int) Machine.current().load(value, 4); }

    public long load64() { return Machine.current().load(value, 8); }

    /** The address stored at this address. */
    public Address loadAddress() { return of(Machine.current().load(value, 8)); }

    public int load8(long offset) { return (int) Machine.current().load(value + offset, 1); }

    public int load16(long offset) { return (int) Machine.current().load(value + offset, 2); }

    public int load32(long offset) { return (int) Machine.current().load(value + offset, 4); }

    public long load64(long offset) { return Machine.current().load(value + offset, 8); }

    public void store8(int v) { Machine.current().store(value, 1, v); }

    public void store16(int v) { Machine.current().store(value, 2, v); }

    public void store32(int v) { Machine.current().store(value, 4, v); }

    public void store64(long v) { Machine.current().store(value, 8, v); }

    /** Stores address {@code a} at this address. */
    public void storeAddress(Address a) { Machine.current().store(value, 8, toLong(a)); }

    public void store8(long offset, int v) { Machine.current().store(value + offset, 1, v); }

    public void store16(long offset, int v) { Machine.current().store(value + offset, 2, v); }

    public void store32(long offset, int v) { Machine.current().store(value + offset, 4, v); }

    public void store64(long offset, long v) { Machine.current().store(value + offset, 8, v); }

    public int mmioLoad8() { return load8(); }

    public int mmioLoad16() { return load16(); }

    public int mmioLoad32() { return load32(); }

    public long mmioLoad64() { return load64(); }

    public void mmioStore8(int v) { store8(v); }

    public void mmioStore16(int v) { store16(v); }

    public void mmioStore32(int v) { store32(v); }

    public void mmioStore64(long v) { store64(v); }

    @Override
    public boolean equals(Object o) { return o instanceof Address a && a.value == value; }

    @Override
    public int hashCode() { return Long.hashCode(value); }

    @Override
    public String toString() { return "0x" + Long.toHexString(value); }
}
