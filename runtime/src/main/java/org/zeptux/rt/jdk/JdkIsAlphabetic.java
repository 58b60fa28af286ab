package org.zeptux.rt.jdk;

/**
 * {@code Character.isAlphabetic}, exact for every code point: a table of the code points where
 * the property changes, built at build time from the JDK's own {@code Character} (Tables).
 */
public final class JdkIsAlphabetic {
    private JdkIsAlphabetic() {}

    private static final int[] TABLE = Tables.boundaries(Tables.ALPHABETIC);

    public static boolean isAlphabetic(int codePoint) {
        return Tables.holds(TABLE, codePoint);
    }
}
