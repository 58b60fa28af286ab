package org.zeptux.kernel.debug;

import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;

/**
 * Deliberate failures for testing the panic path: each makes one Java check fail in compiled
 * kernel code. Reached from the console's {@code crash KIND} command.
 */
final class Crash {
    private Crash() {}

    private static int zero;
    private static final int[] SMALL = new int[2];
    private static String nothing;
    private static int sink;

    /** An object made at run time, to be freed and then misused. */
    static final class Victim {
        int value;
    }

    private static final Pool<Victim> VICTIMS = Pool.of("crash-victims", Victim.class, Owner.KERNEL_HEAP);

    /** Divides by zero: ArithmeticException. */
    static void divide() {
        sink = 1 / zero;
    }

    /** Indexes past the end of an array: ArrayIndexOutOfBoundsException. */
    static void bounds() {
        sink = SMALL[SMALL.length + zero];
    }

    /** Calls a method on a null string: NullPointerException. */
    static void nullString() {
        sink = nothing.length();
    }

    /** Throws with a message: IllegalStateException. */
    static void thrown() {
        throw new IllegalStateException("crash test");
    }

    /** Reads a field of a freed pool object: a use-after-free panic naming the pool and the freeing line. */
    static void useAfterFree() {
        Victim v = VICTIMS.alloc();
        v.value = 1;
        VICTIMS.free(v);
        sink = v.value;
    }

    /** Frees a pool object twice: a double-free panic naming where it was freed first. */
    static void doubleFree() {
        Victim v = VICTIMS.alloc();
        VICTIMS.free(v);
        VICTIMS.free(v);
    }
}
