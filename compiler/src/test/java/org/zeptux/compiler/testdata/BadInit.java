package org.zeptux.compiler.testdata;

/**
 * A static initialiser that fails at build time. {@code compute} is only called from it, so it
 * runs on the JVM only and may use any Java (here, parseInt).
 */
public class BadInit {
    static int value = compute();

    private static int compute() {
        return Integer.parseInt("not a number");
    }

    public static int get() {
        return value;
    }
}
