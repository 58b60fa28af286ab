package org.zeptux.compiler.testdata.programs;

/**
 * Every kind of implicit check, all passing: array and string indexes through parameters (so
 * nothing is known about them), a variable divisor.
 */
public class Checked {
    static final int[] TABLE = {3, 1, 4, 1, 5, 9, 2, 6};
    static final int[] OUT = new int[8];
    static final String WORD = "zeptux";
    static int divisor = 7;

    static long mix(int[] table, int[] out, String word) {
        long sum = 0;
        for (int i = 0; i < table.length; i++) {
            sum = sum * 31 + table[i] + word.charAt(i % word.length());
            out[i] = (int) (sum / divisor); // every run writes all of out: runs repeat
        }
        return sum;
    }

    public static void main(String[] args) {
        System.out.println(mix(TABLE, OUT, WORD));
        System.out.println(OUT[OUT.length - 1]);
    }
}
