package org.zeptux.compiler.testdata.programs;

/** An index x - 1 that wraps around (Integer.MIN_VALUE - 1 is MAX_VALUE) and must fail the bounds check. */
public class WrappedIndexBelow {
    static final byte[] BYTES = new byte[16];
    static int min = Integer.MIN_VALUE;

    static int before(byte[] a, int x) {
        return a[x - 1];
    }

    public static void main(String[] args) {
        System.out.println(before(BYTES, 16));
        System.out.println(before(BYTES, min));
    }
}
