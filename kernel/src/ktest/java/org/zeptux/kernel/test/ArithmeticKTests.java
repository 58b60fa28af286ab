package org.zeptux.kernel.test;

import org.zeptux.rt.KTest;

/** Java's integer semantics, checked where it matters most: inside the compiled kernel. */
public final class ArithmeticKTests {
    private ArithmeticKTests() {}

    private static int minusOne = -1;
    private static long longMinusOne = -1;
    private static int shift = 33;

    @KTest
    static void overflowAndDivisionAreJavas() {
        Check.equal(Integer.MIN_VALUE, Integer.MIN_VALUE / minusOne, "MIN_VALUE / -1");
        Check.equal(0, Integer.MIN_VALUE % minusOne, "MIN_VALUE % -1");
        Check.equal(Long.MIN_VALUE, Long.MIN_VALUE / longMinusOne, "Long.MIN_VALUE / -1");
        Check.equal(-2, -7 / 3 + 0 * minusOne, "division truncates");
        Check.equal(-1, -7 % 3 + 0 * minusOne, "the remainder takes the dividend's sign");
        Check.equal(Integer.MIN_VALUE, Integer.MAX_VALUE + 1 + 0 * minusOne, "int wraps");
        Check.equal(2, 1 << shift, "shift counts are masked to 5 bits");
        Check.equal(1L << 33, 1L << shift, "long shift counts to 6 bits");
        Check.equal(-1, (byte) 0xff + 0 * minusOne, "(byte) sign-extends");
        Check.equal(0xffff, (char) minusOne, "(char) zero-extends");
        Check.equal(-3, Math.floorDiv(-7, 3 + 0 * minusOne), "floorDiv");
        Check.equal(32, Integer.numberOfLeadingZeros(0 * minusOne), "nlz(0)");
    }
}
