package org.zeptux.kernel.test;

import org.zeptux.kernel.lib.Print;

/**
 * Checks for {@link org.zeptux.rt.KTest} methods. A failed check prints a KTAP diagnostic
 * ({@code # what: expected E, actual A}) and marks the running test failed; the test goes on,
 * so one run reports every failed check. The runners reset the state before each test.
 */
public final class Check {
    private Check() {}

    private static int failures;

    /** Forgets earlier failures (the runners call it before each test). */
    public static void reset() {
        failures = 0;
    }

    /** How many checks failed since the last reset. */
    public static int failures() {
        return failures;
    }

    /** Checks {@code actual == expected}. */
    public static void equal(long expected, long actual, String what) {
        if (expected != actual) {
            fail(what);
            Print.str("expected ");
            Print.dec(expected);
            Print.str(", actual ");
            Print.dec(actual);
            Print.nl();
        }
    }

    /** Checks {@code actual == expected}, printing both in hexadecimal. */
    public static void equalHex(long expected, long actual, String what) {
        if (expected != actual) {
            fail(what);
            Print.str("expected 0x");
            Print.hex(expected, 16);
            Print.str(", actual 0x");
            Print.hex(actual, 16);
            Print.nl();
        }
    }

    /** Checks that {@code condition} holds. */
    public static void isTrue(boolean condition, String what) {
        if (!condition) {
            fail(what);
            Print.str("expected true, actual false");
            Print.nl();
        }
    }

    private static void fail(String what) {
        failures++;
        Print.str("    # ");
        Print.str(what);
        Print.str(": ");
    }
}
