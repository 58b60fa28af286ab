package org.zeptux.compiler.testdata.diff;

/** System.out and System.err: print and println of every supported type, UTF-8 of chars above 0x7F and surrogates. */
public final class Printing {
    private Printing() {}

    static String nothing;
    static final byte B = -128;
    static final short S = -32768;

    static char ch(int c) {
        return (char) c;
    }

    public static void printInts() {
        System.out.println(0);
        System.out.println(-1);
        System.out.println(Integer.MAX_VALUE);
        System.out.println(Integer.MIN_VALUE);
        System.out.print(12);
        System.out.print(-34);
        System.out.println();
    }

    public static void printLongs() {
        System.out.println(0L);
        System.out.println(Long.MAX_VALUE);
        System.out.println(Long.MIN_VALUE);
        System.out.println(-1000000000000L);
        System.out.print(Long.MIN_VALUE + 1);
        System.out.println();
    }

    public static void printNarrow() {
        byte b = B;
        short s = S;
        System.out.println(b);
        System.out.println(s);
        System.out.print(b);
        System.out.print(s);
        System.out.println();
    }

    public static void printBooleans() {
        System.out.println(true);
        System.out.println(false);
        System.out.print(B < 0);
        System.out.println(B > 0);
    }

    public static void printAsciiChars() {
        System.out.println('a');
        System.out.print('b');
        System.out.print(' ');
        System.out.print('\t');
        System.out.println('~');
        System.out.println(ch(0));
    }

    public static void printLatin1Chars() {
        System.out.println(ch(0x80));
        System.out.println(ch(0xA9));
        System.out.println(ch(0xE9));
        System.out.println(ch(0xFF));
    }

    public static void printTwoAndThreeByteChars() {
        System.out.println(ch(0x100));
        System.out.println(ch(0x7FF));
        System.out.println(ch(0x800));
        System.out.println(ch(0x20AC));
        System.out.println(ch(0xFFFD));
        System.out.println(ch(0xFFFF));
    }

    public static void printLoneSurrogateChars() {
        System.out.println(ch(0xD800));
        System.out.println(ch(0xDBFF));
        System.out.println(ch(0xDC00));
        System.out.println(ch(0xDFFF));
    }

    public static void printStrings() {
        System.out.println("plain");
        System.out.println("");
        System.out.print("no newline");
        System.out.println();
        System.out.println("caf\u00e9 \u20ac \u4e2d\u6587");
    }

    public static void printSurrogatePairs() {
        System.out.println("\ud83d\ude00");
        System.out.println("a\ud83d\ude00b\ud800\udc00c");
        System.out.println("\udbff\udfff");
    }

    public static void printLoneSurrogatesInStrings() {
        System.out.println("x\ud800y");
        System.out.println("x\udc00y");
        System.out.println("\ude00\ud83d");
        System.out.println("end\ud83d");
    }

    public static void printNullString() {
        System.out.println(nothing);
        System.out.print(nothing);
        System.out.println();
    }

    public static void printExpressions() {
        int x = 7;
        System.out.println(x * 6);
        System.out.println((long) x << 40);
        System.out.println(x > 6);
        System.out.println((char) ('a' + x));
        System.out.println(x + 'a');
    }

    public static void printToStderr() {
        System.err.println("to stderr");
        System.err.print(42);
        System.err.print(' ');
        System.err.print(-1L);
        System.err.print(true);
        System.err.print('\u00e9');
        System.err.println();
        System.out.println("to stdout");
    }

    public static void printManyLines() {
        for (int i = 0; i < 500; i++) {
            System.out.print(i);
            System.out.print(i % 10 == 9 ? '\n' : ' ');
        }
    }

    public static void printLongOutputWithoutNewline() {
        for (int i = 0; i < 3000; i++) {
            System.out.print((char) ('a' + i % 26));
        }
        System.out.println();
    }
}
