package org.zeptux.compiler.testdata.programs;

/** Prints, then divides by zero: stdout so far, then the JVM's failure line and exit status 1. */
public class DivideByZero {
    static int zero;

    public static void main(String[] args) {
        System.out.println("before");
        System.out.println(10 / zero);
        System.out.println("never");
    }
}
