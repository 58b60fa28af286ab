package org.zeptux.compiler.testdata.diff;

/** {@code assert}: enabled in compiled code, as with {@code java -ea}; a failed one throws AssertionError with its detail. */
public final class Asserts {
    private Asserts() {}

    static int count = 3;
    static long big = 1L << 40;
    static boolean flag;

    public static void assertsThatHold() {
        assert count == 3;
        assert count > 0 : "positive";
        assert big > count : big;
        System.out.println("held");
    }

    public static void failsOnAnAssert() {
        assert count == 4;
    }

    public static void failsOnAnAssertWithAMessage() {
        assert count < 0 : "count must be negative";
    }

    public static void failsOnAnAssertWithANumber() {
        assert count < 0 : count;
    }

    public static void failsOnAnAssertWithALong() {
        assert big < 0 : -big;
    }

    public static void failsOnAnAssertWithABoolean() {
        assert flag : flag;
    }
}
