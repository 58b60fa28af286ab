package org.zeptux.kernel.debug;

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
}
