package org.zeptux.rt.jdk;

/**
 * {@code Character.toUpperCase} for {@code char} and code point arguments, exact for every code point: a table of
 * runs of the mapping, built at build time from the JDK's own {@code Character} (Tables).
 */
public final class JdkToUpperCase {
    private JdkToUpperCase() {}

    private static final int[] RUNS = Tables.runs(Tables.TO_UPPER);

    public static char toUpperCase(char ch) {
        return (char) Tables.lookup(RUNS, ch, ch);
    }

    public static int toUpperCase(int codePoint) {
        return Tables.lookup(RUNS, codePoint, codePoint);
    }
}
