package org.zeptux.rt.jdk;

/**
 * {@code Integer.parseInt} and {@code Long.parseLong}, in any radix, without allocating: the
 * JDK's algorithm (digits by {@code Character.digit}, so any Unicode decimal digit counts),
 * its results and its NumberFormatException messages, the input string included.
 */
public final class JdkNumbers {
    private JdkNumbers() {}

    private static final String NFE = "java.lang.NumberFormatException";

    public static int parseInt(String s, String where) {
        return parseInt(s, 10, where);
    }

    public static int parseInt(String s, int radix, String where) {
        return (int) parse(s, radix, Integer.MIN_VALUE, where);
    }

    public static long parseLong(String s, String where) {
        return parseLong(s, 10, where);
    }

    public static long parseLong(String s, int radix, String where) {
        return parse(s, radix, Long.MIN_VALUE, where);
    }

    /** Long.parseLong's algorithm with {@code min} as the most negative value (Integer's or Long's). */
    private static long parse(String s, int radix, long min, String where) {
        if (s == null) {
            Fail.with(NFE, "Cannot parse null string", where);
        }
        if (radix < 2) {
            Fail.format(NFE, "radix %d less than Character.MIN_RADIX", null, null, radix, 0, where);
        }
        if (radix > 36) {
            Fail.format(NFE, "radix %d greater than Character.MAX_RADIX", null, null, radix, 0, where);
        }
        int length = s.length();
        if (length == 0) {
            forInputString(s, radix, where);
        }
        boolean negative = false;
        int i = 0;
        long limit = -(min + 1);
        limit = -limit;                                    // -MAX_VALUE
        char first = s.charAt(0);
        if (first < '0') {                                  // a leading "+" or "-"
            if (first == '-') {
                negative = true;
                limit = min;
            } else if (first != '+') {
                forInputString(s, radix, where);
            }
            if (length == 1) {
                forInputString(s, radix, where);
            }
            i++;
        }
        long multmin = limit / radix;
        long result = 0;
        while (i < length) {
            int digit = JdkCharacter.digit(s.charAt(i), radix);
            i++;
            if (digit < 0 || result < multmin) {
                forInputString(s, radix, where);
            }
            result *= radix;
            if (result < limit + digit) {
                forInputString(s, radix, where);
            }
            result -= digit;
        }
        return negative ? result : -result;
    }

    /** NumberFormatException.forInputString(s, radix). */
    private static void forInputString(String s, int radix, String where) {
        if (radix == 10) {
            Fail.format(NFE, "For input string: \"%s\"", s, null, 0, 0, where);
        } else {
            Fail.format(NFE, "For input string: \"%s\" under radix %d", s, null, radix, 0, where);
        }
    }
}
