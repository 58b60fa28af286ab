package org.zeptux.compiler.testdata;

/** Static state computed by a static initialiser, which zeptuxc runs at build time. */
public class Init {
    static final int[] SQUARES = new int[5];
    static final int[] ALIAS;
    static String greeting = "hi";
    static long computed;
    static char letter = 'Z';
    static boolean flag = true;
    static byte[] nothing;

    static {
        for (int i = 0; i < SQUARES.length; i++) {
            SQUARES[i] = i * i;
        }
        ALIAS = SQUARES;
        computed = Long.MIN_VALUE + 42;
    }

    public static int read(int i) {
        return SQUARES[i] + ALIAS[0] + greeting.length() + letter + (flag ? 1 : 0) + (int) computed;
    }
}
