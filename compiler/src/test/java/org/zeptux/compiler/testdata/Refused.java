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

    static int jdk(String digits) {
        return Integer.parseInt(digits); // error: java.lang.Integer.parseInt(java.lang.String) is not in the dialect
    }

    static void thrower(int x) {
        if (x < 0) {
            throw new IllegalStateException("negative"); // fine: a panic with this message
        }
        throw new IllegalStateException();
    }

    static void rethrow(RuntimeException e) {
        throw e; // error: only 'throw new X(message)' is in the dialect
    }

    static void keep() {
        RuntimeException e = new RuntimeException("kept"); // error: an exception can only be thrown where it is created
        throw e;
    }

    static void notAnException() {
        throw new IllegalStateException("x", null); // error: only the constructors X() and X(String message)
    }
}
