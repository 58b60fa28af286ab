package org.zeptux.rt.jdk;

/**
 * {@code Character.toLowerCase} for {@code char} and code point arguments, exact for every code point: a table of
 * runs of the mapping, built at build time from the JDK's own {@code Character} (Tables).
 */
public final class JdkToLowerCase {
    private JdkToLowerCase() {}

    private static final int[] RUNS = Tables.runs(Tables.TO_LOWER);

    public static char toLowerCase(char ch) {
        return (char) Tables.lookup(RUNS, ch, ch);
    }

    public static int toLowerCase(int codePoint) {
        return Tables.lookup(RUNS, codePoint, codePoint);
    }
}
