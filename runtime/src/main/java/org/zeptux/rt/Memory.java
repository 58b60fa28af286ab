package org.zeptux.rt;

import org.zeptux.rt.host.Machine;

/**
 * Raw memory loads and stores at virtual addresses, little-endian, any alignment.
 *
 * <p>Narrow loads are zero-extended. Compiled to plain LLVM {@code load}/{@code store} through
 * {@code inttoptr}; on the JVM they read and write the simulated memory of
 * {@link Machine#current()}.
 */
public final class Memory {
    private Memory() {}

    /** Loads the byte at {@code address}; returns 0..255. */
    public static int load8(long address) { return (int) Machine.current().load(address, 1); }

    /** Loads the 16-bit value at {@code address}; returns 0..65535. */
    public static int load16(long address) { return (int) Machine.current().load(address, 2); }

    /** Loads the 32-bit value at {@code address}. */
    public static int load32(long address) { return (int) Machine.current().load(address, 4); }

    /** Loads the 64-bit value at {@code address}. */
    public static long load64(long address) { return Machine.current().load(address, 8); }

    /** Stores the low byte of {@code value} at {@code address}. */
    public static void store8(long address, int value) { Machine.current().store(address, 1, value); }

    /** Stores the low 16 bits of {@code value} at {@code address}. */
    public static void store16(long address, int value) { Machine.current().store(address, 2, value); }

    /** Stores {@code value} at {@code address}. */
    public static void store32(long address, int value) { Machine.current().store(address, 4, value); }

    /** Stores {@code value} at {@code address}. */
    public static void store64(long address, long value) { Machine.current().store(address, 8, value); }

    /** Volatile 8-bit load for memory-mapped I/O: never merged, removed or reordered with other volatile accesses. */
    public static int mmioLoad8(long address) { return load8(address); }

    /** Volatile 16-bit load for memory-mapped I/O. */
    public static int mmioLoad16(long address) { return load16(address); }

    /** Volatile 32-bit load for memory-mapped I/O. */
    public static int mmioLoad32(long address) { return load32(address); }

    /** Volatile 64-bit load for memory-mapped I/O. */
    public static long mmioLoad64(long address) { return load64(address); }

    /** Volatile 8-bit store for memory-mapped I/O. */
    public static void mmioStore8(long address, int value) { store8(address, value); }

    /** Volatile 16-bit store for memory-mapped I/O. */
    public static void mmioStore16(long address, int value) { store16(address, value); }

    /** Volatile 32-bit store for memory-mapped I/O. */
    public static void mmioStore32(long address, int value) { store32(address, value); }

    /** Volatile 64-bit store for memory-mapped I/O. */
    public static void mmioStore64(long address, long value) { store64(address, value); }

    /**
     * The address of an image-heap object (an array, a string): where its header starts; its
     * elements begin 16 bytes further (docs/dialect.md). On the JVM the object is copied into
     * simulated memory on first use (see {@link Machine#addressOf}): use such an object only
     * through its address afterwards.
     */
    public static long addressOf(Object object) { return Machine.current().addressOf(object); }
}
