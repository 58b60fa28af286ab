package org.zeptux.rt.jdk;

/**
 * {@code java.lang.Character}'s digit and space tests, for {@code char} and code point
 * arguments alike, exact for every code point: small tables the static initialiser builds at
 * build time from the JDK's own {@code Character} (Tables), searched at run time; ASCII is
 * answered without a search where the JDK's rule is simple ({@code isDigit}, {@code digit}).
 * The letter and case methods are in classes of their own, one table each (JdkIsLetter, ...).
 */
public final class JdkCharacter {
    private JdkCharacter() {}

    private static final int[] DIGITS = Tables.runs(Tables.DIGIT_VALUE);
    private static final int[] IS_DIGIT = Tables.boundaries(Tables.DIGIT);
    private static final int[] WHITESPACE = Tables.boundaries(Tables.WHITESPACE);
    private static final int[] SPACE_CHAR = Tables.boundaries(Tables.SPACE_CHAR);

    public static boolean isDigit(char ch) {
        return isDigit((int) ch);
    }

    public static boolean isDigit(int codePoint) {
        if (codePoint < 0x80) {
            return codePoint >= '0' && codePoint <= '9';
        }
        return Tables.holds(IS_DIGIT, codePoint);
    }

    public static int digit(char ch, int radix) {
        return digit((int) ch, radix);
    }

    public static int digit(int codePoint, int radix) {
        if (radix < 2 || radix > 36) {
            return -1;
        }
        int value;
        if (codePoint < 0x80) {
            value = codePoint >= '0' && codePoint <= '9' ? codePoint - '0'
                    : codePoint >= 'A' && codePoint <= 'Z' ? codePoint - 'A' + 10
                    : codePoint >= 'a' && codePoint <= 'z' ? codePoint - 'a' + 10 : -1;
        } else {
            value = Tables.lookup(DIGITS, codePoint, -1);
        }
        return value < radix ? value : -1;
    }

    public static char forDigit(int digit, int radix) {
        if (digit >= radix || digit < 0 || radix < 2 || radix > 36) {
            return '\0';
        }
        return (char) (digit < 10 ? '0' + digit : 'a' - 10 + digit);
    }

    public static boolean isWhitespace(char ch) {
        return Tables.holds(WHITESPACE, ch);
    }

    public static boolean isWhitespace(int codePoint) {
        return Tables.holds(WHITESPACE, codePoint);
    }

    public static boolean isSpaceChar(char ch) {
        return Tables.holds(SPACE_CHAR, ch);
    }

    public static boolean isSpaceChar(int codePoint) {
        return Tables.holds(SPACE_CHAR, codePoint);
    }

    public static boolean isISOControl(char ch) {
        return isISOControl((int) ch);
    }

    public static boolean isISOControl(int codePoint) {
        return codePoint <= 0x9F && (codePoint >= 0x7F || (codePoint >>> 5 == 0));
    }
}
