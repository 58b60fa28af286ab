package org.zeptux.compiler.testdata.programs;

/** Every kind of implicit check, all passing: array and string indexes, a variable divisor. */
public class Checked {
    static final int[] TABLE = {3, 1, 4, 1, 5, 9, 2, 6};
    static final int[] OUT = new int[8];
    static final String WORD = "zeptux";
    static int divisor = 7;

    public static void main(String[] args) {
        long sum = 0;
        for (int i = 0; i < TABLE.length; i++) {
            sum = sum * 31 + TABLE[i] + WORD.charAt(i % WORD.length());
            OUT[i] = (int) (sum / divisor); // every run writes all of OUT: runs repeat
        }
        System.out.println(sum);
        System.out.println(OUT[OUT.length - 1]);
    }
}
