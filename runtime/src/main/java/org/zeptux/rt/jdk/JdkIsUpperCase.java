package org.zeptux.rt.jdk;

/**
 * {@code Character.isUpperCase} for {@code char} and code point arguments, exact for every code point: a table of
 * the code points where the property changes, built at build time from the JDK's own
 * {@code Character} (Tables). One table per class, so an image carries only those of the
 * methods it calls.
 */
public final class JdkIsUpperCase {
    private JdkIsUpperCase() {}

    private static final int[] TABLE = Tables.boundaries(Tables.UPPER_CASE);

    public static boolean isUpperCase(char ch) {
        return Tables.holds(TABLE, ch);
    }

    public static boolean isUpperCase(int codePoint) {
        return Tables.holds(TABLE, codePoint);
    }
}
