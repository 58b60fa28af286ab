package org.zeptux.compiler.testdata;

/** Arithmetic with Java's exact semantics; its IR is a golden file. */
public class Arith {
    static int counter;
    static byte small;

    static int divide(int a, int b) {
        return a / b;
    }

    static long remainder(long a, long b) {
        return a % b;
    }

    static int shifts(int a, int n) {
        return (a << n) ^ (a >> n) ^ (a >>> n);
    }

    static int narrow(int a) {
        small = (byte) a;
        return (char) a + (short) a + small;
    }

    static int compare(long a, long b) {
        return (a == b ? 0 : a < b ? -1 : 1) + (a < b ? 10 : 20);
    }

    static boolean isSmall(byte b, char c) {
        return b < 10 && c != 'x';
    }

    static int pick(int k) {
        switch (k) {
            case 1: return 10;
            case 2: return 20;
            case 1000: return 30;
            default: counter++; return -1;
        }
    }
}
