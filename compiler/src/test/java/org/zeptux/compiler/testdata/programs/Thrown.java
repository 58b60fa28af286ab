package org.zeptux.compiler.testdata.programs;

/** An explicit throw with a message built from a constant. */
public class Thrown {
    static void check(int v) {
        if (v > 2) {
            throw new IllegalStateException(v > 3 ? "far too big" : "too big"); // built across a branch
        }
        System.out.println(v);
    }

    public static void main(String[] args) {
        for (int i = 0; i < 5; i++) {
            check(i);
        }
    }
}
