package org.zeptux.compiler.testdata.diff;

import java.util.Objects;

/**
 * The JDK a kernel developer reaches for first: constants, String searches and comparisons,
 * Math's exact arithmetic, parsing numbers, Character's tests and conversions (all of Unicode,
 * not only Latin-1), Objects' checks; and their failures, with the JDK's messages.
 */
public final class JdkSurface {
    private JdkSurface() {}

    static final String TEXT = "hello, world: hello again";
    static final String EURO = "price: 12\u20ac or \ud83d\ude00 ok \ud83d\ude00";
    static final String[] WORDS = {"", "a", "hello", "hellO", "help", "\u00e9t\u00e9", "\u20ac", "zz"};
    static final String[] NUMBERS = {"0", "-0", "+7", "123", "-2147483648", "2147483647", "007", "\u0661\u0662",
        "-9223372036854775808", "9223372036854775807", "ff", "7fffffff", "-80000000", "z", "Zz"};
    static final int[] CODE_POINTS = {-1, 0, '\t', '\n', ' ', '0', '9', 'A', 'Z', 'a', 'z', '_', 0x7F, 0x85, 0xA0,
        0xAA, 0xB5, 0xC0, 0xDF, 0xE9, 0xFF, 0x100, 0x101, 0x130, 0x131, 0x17F, 0x1C5, 0x3A3, 0x3C2, 0x661, 0x2028,
        0x3000, 0xFF10, 0xFF21, 0xFF41, 0x1F600, 0x10400, 0x10428, 0x1D7CE, 0x10FFFF, 0x110000};
    static String nothing;

    public static void constants() {
        System.out.println(Integer.MAX_VALUE);
        System.out.println(Integer.MIN_VALUE);
        System.out.println(Long.MAX_VALUE);
        System.out.println(Long.MIN_VALUE);
        System.out.println(Short.MIN_VALUE + Byte.MAX_VALUE);
        System.out.println((int) Character.MAX_VALUE);
        System.out.println(Integer.SIZE + Long.BYTES + Character.MAX_RADIX);
    }

    public static void stringSearches() {
        System.out.println(TEXT.indexOf('o'));
        System.out.println(TEXT.indexOf('o', 5));
        System.out.println(TEXT.indexOf('o', -3));
        System.out.println(TEXT.indexOf('o', 99));
        System.out.println(TEXT.indexOf('#'));
        System.out.println(TEXT.indexOf(-1));
        System.out.println(TEXT.lastIndexOf('l'));
        System.out.println(TEXT.lastIndexOf('l', 9));
        System.out.println(TEXT.lastIndexOf('l', -1));
        System.out.println(TEXT.lastIndexOf('l', 99));
        System.out.println(TEXT.indexOf("hello"));
        System.out.println(TEXT.indexOf("hello", 1));
        System.out.println(TEXT.indexOf("", 7));
        System.out.println(TEXT.indexOf("", 99));
        System.out.println(TEXT.indexOf("again!"));
        System.out.println(TEXT.lastIndexOf("hello"));
        System.out.println(TEXT.lastIndexOf("hello", 18));
        System.out.println(TEXT.lastIndexOf(""));
        System.out.println(EURO.indexOf('\u20ac'));
        System.out.println(EURO.indexOf(0x1F600));
        System.out.println(EURO.lastIndexOf(0x1F600));
        System.out.println(EURO.indexOf(0x1F600, 15));
        System.out.println(EURO.indexOf(0x110000));
        System.out.println(EURO.indexOf(0xDE00));
    }

    public static void stringComparisons() {
        for (int i = 0; i < WORDS.length; i++) {
            for (int j = 0; j < WORDS.length; j++) {
                String a = WORDS[i];
                String b = WORDS[j];
                System.out.print(a.compareTo(b));
                System.out.print(a.startsWith(b) ? " s" : " -");
                System.out.print(a.endsWith(b) ? "e" : "-");
                System.out.print(a.startsWith(b, 1) ? "1" : "-");
                System.out.print(a.regionMatches(1, b, 0, 2) ? "r " : "- ");
            }
            System.out.println();
        }
        System.out.println(TEXT.startsWith("world", 7));
        System.out.println(TEXT.startsWith("world", -1));
        System.out.println(TEXT.regionMatches(7, "worlds", 0, 5));
        System.out.println(TEXT.regionMatches(-1, "worlds", 0, 0));
        System.out.println(TEXT.regionMatches(0, "worlds", 0, -5));
        System.out.println(TEXT.regionMatches(24, "worlds", 6, 1));
    }

    public static void exactArithmetic() {
        System.out.println(Math.addExact(Integer.MAX_VALUE - 1, 1));
        System.out.println(Math.addExact(Long.MIN_VALUE, Long.MAX_VALUE));
        System.out.println(Math.subtractExact(Integer.MIN_VALUE + 1, 1));
        System.out.println(Math.subtractExact(0L, Long.MAX_VALUE));
        System.out.println(Math.multiplyExact(46340, 46340));
        System.out.println(Math.multiplyExact(-3037000499L, 3037000499L));
        System.out.println(Math.multiplyExact(Long.MIN_VALUE, 1));
        System.out.println(Math.incrementExact(-1));
        System.out.println(Math.decrementExact(Long.MAX_VALUE));
        System.out.println(Math.negateExact(Integer.MAX_VALUE));
        System.out.println(Math.negateExact(-5L));
        System.out.println(Math.toIntExact(-2147483648L));
        System.out.println(Math.absExact(-7));
        System.out.println(Math.absExact(Long.MIN_VALUE + 1));
    }

    public static void parsing() {
        for (int i = 0; i < NUMBERS.length; i++) {
            String s = NUMBERS[i];
            if (s.length() < 10) {
                System.out.print(Long.parseLong(s, 36));
                System.out.print(' ');
            }
            if (Character.isDigit(s.charAt(s.length() - 1))) {
                System.out.print(s.length() < 11 ? Integer.parseInt(s) : Long.parseLong(s));
            }
            System.out.println();
        }
        System.out.println(Integer.parseInt("7fffffff", 16));
        System.out.println(Integer.parseInt("-80000000", 16));
        System.out.println(Long.parseLong("-1010", 2));
        System.out.println(Long.parseLong("\uff11\uff10"));
    }

    public static void characters() {
        for (int i = 0; i < CODE_POINTS.length; i++) {
            int cp = CODE_POINTS[i];
            char c = (char) cp;
            System.out.print(cp);
            System.out.print(Character.isDigit(cp) ? " d" : " -");
            System.out.print(Character.isLetter(cp) ? "l" : "-");
            System.out.print(Character.isLetterOrDigit(cp) ? "a" : "-");
            System.out.print(Character.isAlphabetic(cp) ? "A" : "-");
            System.out.print(Character.isUpperCase(cp) ? "U" : "-");
            System.out.print(Character.isLowerCase(cp) ? "L" : "-");
            System.out.print(Character.isWhitespace(cp) ? "w" : "-");
            System.out.print(Character.isSpaceChar(cp) ? "s" : "-");
            System.out.print(Character.isISOControl(cp) ? "c " : "- ");
            System.out.print(Character.toUpperCase(cp));
            System.out.print(' ');
            System.out.print(Character.toLowerCase(cp));
            System.out.print(' ');
            System.out.print(Character.digit(cp, 16));
            System.out.print(' ');
            System.out.print(Character.digit(cp, 36));
            System.out.print(" | ");
            System.out.print(Character.isDigit(c) ? "d" : "-");
            System.out.print(Character.isLetter(c) ? "l" : "-");
            System.out.print(Character.isLetterOrDigit(c) ? "a" : "-");
            System.out.print(Character.isUpperCase(c) ? "U" : "-");
            System.out.print(Character.isLowerCase(c) ? "L" : "-");
            System.out.print(Character.isWhitespace(c) ? "w" : "-");
            System.out.print(Character.isSpaceChar(c) ? "s" : "-");
            System.out.print(Character.isISOControl(c) ? "c " : "- ");
            System.out.print((int) Character.toUpperCase(c));
            System.out.print(' ');
            System.out.print((int) Character.toLowerCase(c));
            System.out.print(' ');
            System.out.println(Character.digit(c, 10));
        }
        for (int d = -1; d < 38; d += 3) {
            System.out.print(Character.forDigit(d, 16));
            System.out.print(Character.forDigit(d, 36));
        }
        System.out.println();
    }

    public static void objectsChecks() {
        System.out.println(Objects.requireNonNull(TEXT) == TEXT);
        System.out.println(Objects.requireNonNull(TEXT, "text") == TEXT);
        System.out.println(Objects.isNull(nothing));
        System.out.println(Objects.nonNull(TEXT));
        System.out.println(Objects.checkIndex(2, 3));
    }

    public static void failsOnAnAdditionThatOverflows() {
        System.out.println(Math.addExact(Integer.MAX_VALUE, 1));
    }

    public static void failsOnALongMultiplicationThatOverflows() {
        System.out.println(Math.multiplyExact(3037000500L, 3037000500L));
    }

    public static void failsOnMinValueTimesMinusOne() {
        System.out.println(Math.multiplyExact(Long.MIN_VALUE, -1L));
    }

    public static void failsOnANarrowingThatOverflows() {
        System.out.println(Math.toIntExact(1L << 31));
    }

    public static void failsOnTheAbsoluteValueOfMinValue() {
        System.out.println(Math.absExact(Integer.MIN_VALUE));
    }

    public static void failsToParseALetter() {
        System.out.println(Integer.parseInt("12x"));
    }

    public static void failsToParseInRadix16() {
        System.out.println(Long.parseLong("\u20acg", 16));
    }

    public static void failsToParseASign() {
        System.out.println(Integer.parseInt("-"));
    }

    public static void failsToParseAnEmptyString() {
        System.out.println(Long.parseLong(""));
    }

    public static void failsToParseNull() {
        System.out.println(Integer.parseInt(nothing));
    }

    public static void failsToParseTooLarge() {
        System.out.println(Integer.parseInt("2147483648"));
    }

    public static void failsToParseInRadix37() {
        System.out.println(Integer.parseInt("1", 37));
    }

    public static void failsOnANullPrefix() {
        System.out.println(TEXT.startsWith(nothing));
    }

    public static void failsOnANullSearch() {
        System.out.println(TEXT.indexOf(nothing));
    }

    public static void failsOnANullComparison() {
        System.out.println(TEXT.compareTo(nothing));
    }

    public static void failsOnANullReceiver() {
        System.out.println(nothing.indexOf('x'));
    }

    public static void failsOnRequireNonNull() {
        Objects.requireNonNull(nothing);
    }

    public static void failsOnRequireNonNullWithAMessage() {
        Objects.requireNonNull(nothing, "nothing is here");
    }

    public static void failsOnCheckIndex() {
        Objects.checkIndex(3, 3);
    }
}
