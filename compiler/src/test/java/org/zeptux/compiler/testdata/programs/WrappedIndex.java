package org.zeptux.compiler.testdata.programs;

/**
 * Indexes of the form x + c and x - 1 near the edges: in bounds from below (x = -1), then an
 * index that wraps around (Integer.MAX_VALUE + 1) and must fail the bounds check.
 */
public class WrappedIndex {
    static final int[] TABLE = {10, 20, 30, 40};
    static int minusOne = -1;
    static int max = Integer.MAX_VALUE;

    static int at(int[] a, int x) {
        return a[x + 1] + a[x + 3];
    }

    static int before(int[] a, int x) {
        return a[x - 1];
    }

    public static void main(String[] args) {
        System.out.println(at(TABLE, minusOne));
        System.out.println(before(TABLE, TABLE.length));
        System.out.println(TABLE[minusOne + 2]);
        System.out.println(at(TABLE, max)); // max + 1 wraps to MIN_VALUE: out of bounds
    }
}
