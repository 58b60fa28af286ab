package org.zeptux.rt;

import org.zeptux.rt.host.Machine;

/**
 * Objects made at run time, for the kernel's pools (and nothing else): placing an object of a
 * compiled class, or a primitive array, in memory the pool owns, and reading or changing its
 * class word to retire it.
 *
 * <p>Compiled, an object is its memory: {@link #place} stores the class info's address (what
 * a {@code Class} value in the image heap is) in the first word of zeroed memory and returns
 * that memory as a reference; {@link #placeArray} also stores the length. A freed object's
 * class word is set to {@link #freedClassWord()}; compiled code checks it before every field
 * access and call on a type a pool makes (docs/dialect.md, "Objects made at run time").
 *
 * <p>On the JVM ({@link Machine}), {@link #place} makes an ordinary object without running a
 * constructor (its fields zero, as compiled) and ties it to the simulated address, whose first
 * word holds a class word as compiled code's does, so the pool's own logic runs unchanged.
 */
public final class RawObjects {
    private RawObjects() {}

    /**
     * The size of an instance of {@code type} in bytes, its class word included (a compiled
     * class), or the size of one element (a primitive array type). On the JVM an estimate
     * with the same rule (8 for the class word, then each field naturally aligned).
     */
    public static int sizeOf(Class<?> type) { return Machine.current().sizeOf(type); }

    /** Makes the zeroed memory at {@code at} an object of {@code type} (a compiled, concrete class) and returns it. */
    public static <T> T place(Address at, Class<T> type) { return Machine.current().place(at.toLong(), type); }

    /** Makes the zeroed memory at {@code at} an array of {@code arrayType} (e.g. {@code byte[].class}) with {@code length} elements. */
    public static <T> T placeArray(Address at, Class<T> arrayType, int length) {
        return Machine.current().placeArray(at.toLong(), arrayType, length);
    }

    /** Where object {@code o} starts: its class word. */
    public static Address addressOf(Object o) { return Address.of(Machine.current().placedAddress(o)); }

    /** The class word of {@code o}: the class info of its class, or {@link #freedClassWord()} once freed. */
    public static long classWord(Object o) { return Memory.load64(Machine.current().placedAddress(o)); }

    /** The class word objects of {@code type} have. */
    public static long classWord(Class<?> type) { return Machine.current().classWord(type); }

    /** The class word of a freed object: it names no class, so every type test fails and every use is caught. */
    public static long freedClassWord() { return Machine.FREED_CLASS_WORD; }

    /** Sets the class word of {@code o} (to retire a freed object, or to revive its memory as a new one). */
    public static void setClassWord(Object o, long word) { Memory.store64(Machine.current().placedAddress(o), word); }

    /** Sets the length of array {@code array} ({@code 0} when it is freed: every later index is out of bounds). */
    public static void setLength(Object array, int length) {
        Memory.store32(Machine.current().placedAddress(array) + 8, length);
    }
}
