package org.zeptux.rt.jdk;

/**
 * {@code java.lang.Math}'s exact arithmetic: the result, or ArithmeticException with the JDK's
 * message ({@code integer overflow}, {@code long overflow}) where it does not fit.
 */
public final class JdkMath {
    private JdkMath() {}

    private static final String AE = "java.lang.ArithmeticException";

    public static int addExact(int x, int y, String where) {
        int r = x + y;
        if (((x ^ r) & (y ^ r)) < 0) {
            Fail.with(AE, "integer overflow", where);
        }
        return r;
    }

    public static long addExact(long x, long y, String where) {
        long r = x + y;
        if (((x ^ r) & (y ^ r)) < 0) {
            Fail.with(AE, "long overflow", where);
        }
        return r;
    }

    public static int subtractExact(int x, int y, String where) {
        int r = x - y;
        if (((x ^ y) & (x ^ r)) < 0) {
            Fail.with(AE, "integer overflow", where);
        }
        return r;
    }

    public static long subtractExact(long x, long y, String where) {
        long r = x - y;
        if (((x ^ y) & (x ^ r)) < 0) {
            Fail.with(AE, "long overflow", where);
        }
        return r;
    }

    public static int multiplyExact(int x, int y, String where) {
        long r = (long) x * (long) y;
        if ((int) r != r) {
            Fail.with(AE, "integer overflow", where);
        }
        return (int) r;
    }

    public static long multiplyExact(long x, int y, String where) {
        return multiplyExact(x, (long) y, where);
    }

    public static long multiplyExact(long x, long y, String where) {
        long r = x * y;
        long ax = Math.abs(x);
        long ay = Math.abs(y);
        if ((ax | ay) >>> 31 != 0) {
            // Some bits greater than 2^31 that might cause overflow: check the result with the
            // divide operator, and the special case of Long.MIN_VALUE * -1.
            if ((y != 0 && r / y != x) || (x == Long.MIN_VALUE && y == -1)) {
                Fail.with(AE, "long overflow", where);
            }
        }
        return r;
    }

    public static int incrementExact(int a, String where) {
        if (a == Integer.MAX_VALUE) {
            Fail.with(AE, "integer overflow", where);
        }
        return a + 1;
    }

    public static long incrementExact(long a, String where) {
        if (a == Long.MAX_VALUE) {
            Fail.with(AE, "long overflow", where);
        }
        return a + 1L;
    }

    public static int decrementExact(int a, String where) {
        if (a == Integer.MIN_VALUE) {
            Fail.with(AE, "integer overflow", where);
        }
        return a - 1;
    }

    public static long decrementExact(long a, String where) {
        if (a == Long.MIN_VALUE) {
            Fail.with(AE, "long overflow", where);
        }
        return a - 1L;
    }

    public static int negateExact(int a, String where) {
        if (a == Integer.MIN_VALUE) {
            Fail.with(AE, "integer overflow", where);
        }
        return -a;
    }

    public static long negateExact(long a, String where) {
        if (a == Long.MIN_VALUE) {
            Fail.with(AE, "long overflow", where);
        }
        return -a;
    }

    public static int toIntExact(long value, String where) {
        if ((int) value != value) {
            Fail.with(AE, "integer overflow", where);
        }
        return (int) value;
    }

    public static int absExact(int a, String where) {
        if (a == Integer.MIN_VALUE) {
            Fail.with(AE, "Overflow to represent absolute value of Integer.MIN_VALUE", where);
        }
        return Math.abs(a);
    }

    public static long absExact(long a, String where) {
        if (a == Long.MIN_VALUE) {
            Fail.with(AE, "Overflow to represent absolute value of Long.MIN_VALUE", where);
        }
        return Math.abs(a);
    }
}
