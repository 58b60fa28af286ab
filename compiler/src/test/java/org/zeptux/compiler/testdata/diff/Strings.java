package org.zeptux.compiler.testdata.diff;

/** Strings: literals and constants, length, charAt, isEmpty, equals, hashCode, ==, null checks. */
public final class Strings {
    private Strings() {}

    static final String HELLO = "hello";
    static final String EMPTY = "";
    static final String UNICODE = "h\u00e9\u20ac\ud83d\ude00!";
    static final String HELLO_COPY = new String("hello");
    static String nothing;
    static final String BUILT = new StringBuilder("hel").append("lo").toString();
    static final String BUILT_ALIAS = BUILT;
    static final String INTERNED = new String("hello").intern();
    static final String OTHER_BUILT = new String("hello");
    static String variable = "variable";

    static int index(int i) {
        return i;
    }

    static int countChar(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    static boolean same(String a, String b) {
        return a == b;
    }

    public static void length() {
        System.out.println(HELLO.length());
        System.out.println(EMPTY.length());
        System.out.println(UNICODE.length());
        System.out.println("a much longer literal string with spaces".length());
    }

    public static void charAt() {
        for (int i = 0; i < HELLO.length(); i++) {
            System.out.print(HELLO.charAt(i));
            System.out.print((int) HELLO.charAt(i));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void charAtUnicode() {
        for (int i = 0; i < UNICODE.length(); i++) {
            System.out.print((int) UNICODE.charAt(i));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void isEmpty() {
        System.out.println(HELLO.isEmpty());
        System.out.println(EMPTY.isEmpty());
        System.out.println("".isEmpty());
        System.out.println(" ".isEmpty());
    }

    public static void equalsForms() {
        System.out.println(HELLO.equals("hello"));
        System.out.println(HELLO.equals("hellO"));
        System.out.println(HELLO.equals("hell"));
        System.out.println(HELLO.equals(EMPTY));
        System.out.println(EMPTY.equals(""));
        System.out.println(HELLO.equals(nothing));
        System.out.println(HELLO.equals(HELLO_COPY));
        System.out.println(UNICODE.equals("h\u00e9\u20ac\ud83d\ude00!"));
    }

    public static void hashCodes() {
        System.out.println(HELLO.hashCode());
        System.out.println(EMPTY.hashCode());
        System.out.println(UNICODE.hashCode());
        System.out.println("Aa".hashCode());
        System.out.println("BB".hashCode());
        System.out.println("polygenelubricants".hashCode());
        System.out.println(variable.hashCode());
    }

    public static void identityOfLiterals() {
        System.out.println(HELLO == "hello");
        System.out.println(same("hello", HELLO));
        System.out.println(same("abc", "abc"));
        System.out.println(same("abc", "abd"));
        System.out.println(HELLO == HELLO_COPY);
        System.out.println(EMPTY == "");
    }

    public static void builtStringIsNotTheLiteral() {
        System.out.println(BUILT.equals(HELLO));
        System.out.println(BUILT == HELLO);
        System.out.println(BUILT == "hello");
        System.out.println(BUILT.hashCode() == HELLO.hashCode());
    }

    public static void builtStringsKeepTheirIdentity() {
        System.out.println(BUILT == BUILT_ALIAS);
        System.out.println(BUILT == OTHER_BUILT);
        System.out.println(OTHER_BUILT == HELLO_COPY);
        System.out.println(OTHER_BUILT.equals(HELLO_COPY));
    }

    public static void internedStringIsTheLiteral() {
        System.out.println(INTERNED == HELLO);
        System.out.println(INTERNED == "hello");
        System.out.println(same(INTERNED, "hello"));
    }

    public static void stringFieldsChange() {
        System.out.println(variable);
        variable = HELLO;
        System.out.println(variable == HELLO);
        System.out.println(variable.length());
        variable = nothing;
        System.out.println(variable);
        variable = "variable";
    }

    public static void nullComparisons() {
        System.out.println(nothing == null);
        System.out.println(HELLO != null);
        String s = index(1) > 0 ? HELLO : nothing;
        System.out.println(s == null);
        s = index(-1) > 0 ? HELLO : nothing;
        System.out.println(s == null);
    }

    public static void countingChars() {
        System.out.println(countChar("mississippi", 's'));
        System.out.println(countChar("mississippi", 'x'));
        System.out.println(countChar(EMPTY, 'a'));
        System.out.println(countChar(UNICODE, '\u20ac'));
    }

    public static void charArithmeticOnStrings() {
        int h = 0;
        for (int i = 0; i < UNICODE.length(); i++) {
            h = 31 * h + UNICODE.charAt(i);
        }
        System.out.println(h == UNICODE.hashCode());
        System.out.println(HELLO.charAt(0) - 'a');
    }

    public static void stringParameters() {
        System.out.println(pick(0));
        System.out.println(pick(1));
        System.out.println(pick(2));
        System.out.println(pick(2) == null);
    }

    static String pick(int i) {
        if (i == 0) {
            return HELLO;
        }
        return i == 1 ? "one" : null;
    }

    public static void stringSwitchViaEquals() {
        System.out.println(Switches.onString(pick(0)));
        System.out.println(Switches.onString(pick(1)));
    }

    public static void textBlockConstant() {
        String block = """
                line one
                  line two
                """;
        System.out.println(block.length());
        System.out.print(block);
    }

    public static void escapes() {
        System.out.println("tab\there");
        System.out.println("quote\" backslash\\ apostrophe'");
        System.out.println("nul:\u0000:".length());
        System.out.println("\r".charAt(0) + 0);
    }

    public static void failsCharAtLength() {
        System.out.println(HELLO.charAt(index(4)));
        System.out.println(HELLO.charAt(index(5)));
    }

    public static void failsCharAtNegative() {
        System.out.println(HELLO.charAt(index(-1)));
    }

    public static void failsCharAtEmpty() {
        System.out.println(EMPTY.charAt(index(0)));
    }

    public static void failsLengthOfNull() {
        System.out.println(nothing.length());
    }

    public static void failsCharAtOfNull() {
        System.out.println(nothing.charAt(0));
    }

    public static void failsEqualsOnNull() {
        System.out.println(nothing.equals(HELLO));
    }

    public static void failsHashCodeOfNull() {
        System.out.println(nothing.hashCode());
    }

    public static void failsIsEmptyOfNull() {
        System.out.println(nothing.isEmpty());
    }
}
