package org.zeptux.rt;

/**
 * An unboxed pointer into a user process's address space, as a system call receives it.
 * Compiled, a bare 64-bit value like {@link Address}; on the JVM it wraps a {@code long}.
 *
 * <p>Kernel code can never dereference it: it has no loads or stores and no conversion to
 * {@link Address}. It is only checked (range, alignment) and handed to the copy routines
 * (copy from and to user memory) that come with user mode, which validate it against the
 * process's mappings and fault in the process's name, never the kernel's (Linux's
 * {@code __user}, checked by javac instead of sparse). Compare with {@link #eq} and the like.
 */
public final class UserPtr {
    private final long value;

    private UserPtr(long value) {
        this.value = value;
    }

    /** The user pointer {@code value} (a system-call argument, say). */
    public static UserPtr of(long value) { return new UserPtr(value); }

    /** This pointer as a number (for range checks and printing). */
    public long toLong() { return value; }

    /** This pointer plus {@code bytes} (which may be negative). */
    public UserPtr plus(long bytes) { return of(value + bytes); }

    /** The distance from {@code other} to this pointer, in bytes. */
    public long diff(UserPtr other) { return value - other.value; }

    /** Whether this pointer is {@code other}. */
    public boolean eq(UserPtr other) { return value == other.value; }

    /** Unsigned comparisons. */
    public boolean lt(UserPtr other) { return Long.compareUnsigned(value, other.value) < 0; }

    public boolean le(UserPtr other) { return Long.compareUnsigned(value, other.value) <= 0; }

    public boolean gt(UserPtr other) { return Long.compareUnsigned(value, other.value) > 0; }

    public boolean ge(UserPtr other) { return Long.compareUnsigned(value, other.value) >= 0; }

    @Override
    public boolean equals(Object o) { return o instanceof UserPtr p && p.value == value; }

    @Override
    public int hashCode() { return Long.hashCode(value); }

    @Override
    public String toString() { return "user 0x" + Long.toHexString(value); }
}
