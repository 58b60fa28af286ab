package org.zeptux.compiler.testdata;

/**
 * Every construct the skeleton dialect refuses. Each marker comment on a line (two slashes,
 * "error:", the expected text) must match one diagnostic at that line; unmarked lines get none.
 */
public class Refused {
    static Object sink;
    static Class<?> type() {
        return Refused.class; // error: class literals and dynamic constants are not in the dialect
    }

    static float ratio;

    static void scale() {
        ratio = 2; // error: field ratio is a float // error: float and double are not in the dialect
    }

    static void allocate() {
        sink = new StringBuilder(); // error: 'new java.lang.StringBuilder' at run time is not in the dialect
    }

    static void array() {
        int[] a = new int[4]; // error: creating an array at run time is not in the dialect
        sink = a;
    }

    static String concat(String s, int i) {
        return s + i; // error: string concatenation is not in the dialect
    }

    static Runnable lambda() {
        return () -> { }; // error: lambdas and method references are not in the dialect
    }

    static int tryCatch(int a, int b) {
        try {
            return a / b;
        } catch (ArithmeticException e) { // error: try/catch is not in the dialect
            return 0;
        }
    }

    static void lock() {
        synchronized (sink) { // error: synchronized is not in the dialect
            sink = null;
        }
    }

    static int jdk(int a, int b) {
        return Math.max(a, b); // error: java.lang.Math.max(int, int) is not in the dialect
    }

    static void thrower() {
        throw new IllegalStateException(); // error: 'new java.lang.IllegalStateException' // error: throw is not in the dialect yet
    }
}
