package org.zeptux.rt.jdk;

/**
 * {@code java.lang.Character}'s letter and case methods ({@code isLetter},
 * {@code isLetterOrDigit}, {@code isAlphabetic}, {@code isUpperCase}, {@code isLowerCase},
 * {@code toUpperCase}, {@code toLowerCase}), for {@code char} and code point arguments, exact
 * for every code point: tables built at build time from the JDK's {@code Character} (Tables),
 * a few KiB each, apart from JdkCharacter's so a kernel that tests digits does not carry them.
 */
public final class JdkLetters {
    private JdkLetters() {}

    private static final int[] LETTER = Tables.boundaries(Tables.LETTER);
    private static final int[] LETTER_OR_DIGIT = Tables.boundaries(Tables.LETTER_OR_DIGIT);
    private static final int[] ALPHABETIC = Tables.boundaries(Tables.ALPHABETIC);
    private static final int[] UPPER_CASE = Tables.boundaries(Tables.UPPER_CASE);
    private static final int[] LOWER_CASE = Tables.boundaries(Tables.LOWER_CASE);
    private static final int[] TO_UPPER = Tables.runs(Tables.TO_UPPER);
    private static final int[] TO_LOWER = Tables.runs(Tables.TO_LOWER);

    public static boolean isLetter(char ch) {
        return Tables.holds(LETTER, ch);
    }

    public static boolean isLetter(int codePoint) {
        return Tables.holds(LETTER, codePoint);
    }

    public static boolean isLetterOrDigit(char ch) {
        return Tables.holds(LETTER_OR_DIGIT, ch);
    }

    public static boolean isLetterOrDigit(int codePoint) {
        return Tables.holds(LETTER_OR_DIGIT, codePoint);
    }

    public static boolean isAlphabetic(int codePoint) {
        return Tables.holds(ALPHABETIC, codePoint);
    }

    public static boolean isUpperCase(char ch) {
        return Tables.holds(UPPER_CASE, ch);
    }

    public static boolean isUpperCase(int codePoint) {
        return Tables.holds(UPPER_CASE, codePoint);
    }

    public static boolean isLowerCase(char ch) {
        return Tables.holds(LOWER_CASE, ch);
    }

    public static boolean isLowerCase(int codePoint) {
        return Tables.holds(LOWER_CASE, codePoint);
    }

    public static char toUpperCase(char ch) {
        return (char) Tables.lookup(TO_UPPER, ch, ch);
    }

    public static int toUpperCase(int codePoint) {
        return Tables.lookup(TO_UPPER, codePoint, codePoint);
    }

    public static char toLowerCase(char ch) {
        return (char) Tables.lookup(TO_LOWER, ch, ch);
    }

    public static int toLowerCase(int codePoint) {
        return Tables.lookup(TO_LOWER, codePoint, codePoint);
    }
}
