package org.zeptux.compiler.testdata.programs;

/** An array index past the end. */
public class OutOfBounds {
    static final int[] TABLE = new int[3];

    public static void main(String[] args) {
        int sum = 0;
        for (int i = 0; i <= TABLE.length; i++) {
            sum += TABLE[i];
            System.out.println(i);
        }
        System.out.println(sum);
    }
}
