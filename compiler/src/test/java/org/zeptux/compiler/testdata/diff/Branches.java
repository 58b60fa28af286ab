package org.zeptux.compiler.testdata.diff;

/** Conditional branches: if(eq|ne|lt|ge|gt|le), if_icmp*, lcmp, ifnull/ifnonnull, ternaries, && and || with side effects. */
public final class Branches {
    private Branches() {}

    static final boolean[] BOOLEAN_BRANCHES_FLAGS = {true, false};

    static final int[] INTS = {Integer.MIN_VALUE, -2, -1, 0, 1, 2, Integer.MAX_VALUE};
    static final long[] LONGS = {Long.MIN_VALUE, -0x100000000L, -1, 0, 1, 0xFFFFFFFFL, 0x100000000L, Long.MAX_VALUE};
    static String nothing;
    static String something = "x";
    static int[] noArray;
    static int[] anArray = {1};
    static int calls;

    static boolean touch(boolean result) {
        calls++;
        System.out.print(result ? 'T' : 'F');
        return result;
    }

    static int sign(int x) {
        if (x < 0) {
            return -1;
        } else if (x > 0) {
            return 1;
        }
        return 0;
    }

    public static void ifZeroForms() {
        for (int i = 0; i < INTS.length; i++) {
            int x = INTS[i];
            System.out.print(x == 0 ? "eq" : "ne");
            System.out.print(x < 0 ? " lt" : " ge");
            System.out.print(x > 0 ? " gt" : " le");
            System.out.print(x <= 0 ? " le" : " gt");
            System.out.print(x >= 0 ? " ge" : " lt");
            System.out.println(x != 0 ? " ne" : " eq");
        }
    }

    public static void ifIcmpForms() {
        for (int i = 0; i < INTS.length; i++) {
            for (int j = 0; j < INTS.length; j++) {
                int a = INTS[i];
                int b = INTS[j];
                int bits = (a == b ? 1 : 0) | (a != b ? 2 : 0) | (a < b ? 4 : 0) | (a >= b ? 8 : 0)
                        | (a > b ? 16 : 0) | (a <= b ? 32 : 0);
                System.out.print(bits);
                System.out.print(' ');
            }
            System.out.println();
        }
    }

    public static void ifStatementsNotTernaries() {
        for (int i = 0; i < INTS.length; i++) {
            int a = INTS[i];
            int b = INTS[(i + 3) % INTS.length];
            if (a < b) {
                System.out.print('<');
            }
            if (a > b) {
                System.out.print('>');
            }
            if (a == b) {
                System.out.print('=');
            }
            if (!(a <= b)) {
                System.out.print('!');
            }
        }
        System.out.println();
    }

    public static void lcmpForms() {
        for (int i = 0; i < LONGS.length; i++) {
            for (int j = 0; j < LONGS.length; j++) {
                long a = LONGS[i];
                long b = LONGS[j];
                int bits = (a == b ? 1 : 0) | (a != b ? 2 : 0) | (a < b ? 4 : 0) | (a >= b ? 8 : 0)
                        | (a > b ? 16 : 0) | (a <= b ? 32 : 0);
                System.out.print(bits);
                System.out.print(' ');
            }
            System.out.println();
        }
    }

    public static void lcmpAgainstZero() {
        for (int i = 0; i < LONGS.length; i++) {
            long a = LONGS[i];
            System.out.print(a > 0);
            System.out.print(a < 0);
            System.out.println(a == 0);
        }
    }

    public static void longCompareResult() {
        for (int i = 0; i < LONGS.length; i++) {
            System.out.print(Long.compare(LONGS[i], 1));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void booleanBranches() {
        boolean[] flags = BOOLEAN_BRANCHES_FLAGS;
        for (int i = 0; i < 2; i++) {
            boolean f = flags[i];
            if (f) {
                System.out.print("yes ");
            }
            if (!f) {
                System.out.print("no ");
            }
            System.out.println(f == true);
        }
    }

    public static void ifNullStrings() {
        System.out.println(nothing == null);
        System.out.println(nothing != null);
        System.out.println(something == null);
        System.out.println(something != null);
        String s = nothing;
        if (s == null) {
            s = "was null";
        }
        System.out.println(s);
    }

    public static void ifNullArrays() {
        System.out.println(noArray == null);
        System.out.println(anArray != null);
        int[] a = noArray;
        System.out.println(a == null ? -1 : a.length);
        a = anArray;
        System.out.println(a == null ? -1 : a.length);
    }

    public static void referenceEquality() {
        int[] a = anArray;
        int[] b = anArray;
        int[] c = INTS;
        System.out.println(a == b);
        System.out.println(a == c);
        System.out.println(a != c);
        String s = something;
        System.out.println(s == something);
    }

    public static void ternaryChains() {
        for (int i = -3; i <= 3; i++) {
            String s = i < -1 ? "low" : i > 1 ? "high" : i == 0 ? "zero" : "near";
            System.out.print(s);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void ternaryMixedWidths() {
        boolean b = calls >= 0;
        long l = b ? 1 : 2L;
        int i = !b ? 'a' : 'b';
        char c = b ? 'x' : 'y';
        System.out.println(l);
        System.out.println(i);
        System.out.println(c);
        System.out.println(b ? 'q' : 0);
    }

    public static void andShortCircuits() {
        calls = 0;
        System.out.println(touch(false) && touch(true));
        System.out.println(touch(true) && touch(false));
        System.out.println(touch(true) && touch(true) && touch(false) && touch(true));
        System.out.println(calls);
    }

    public static void orShortCircuits() {
        calls = 0;
        System.out.println(touch(true) || touch(false));
        System.out.println(touch(false) || touch(true));
        System.out.println(touch(false) || touch(false) || touch(true) || touch(true));
        System.out.println(calls);
    }

    public static void mixedShortCircuit() {
        calls = 0;
        System.out.println(touch(false) && touch(true) || touch(true) && touch(false));
        System.out.println(touch(true) || touch(false) && touch(false));
        System.out.println((touch(true) || touch(false)) && touch(false));
        System.out.println(calls);
    }

    public static void nonShortCircuitOperators() {
        calls = 0;
        System.out.println(touch(false) & touch(true));
        System.out.println(touch(true) | touch(false));
        System.out.println(touch(true) ^ touch(true));
        System.out.println(calls);
    }

    public static void shortCircuitGuardsNull() {
        String s = nothing;
        System.out.println(s != null && s.length() > 0);
        System.out.println(s == null || s.length() > 0);
        int[] a = noArray;
        System.out.println(a != null && a[0] == 1);
        a = anArray;
        System.out.println(a != null && a[0] == 1);
    }

    public static void shortCircuitGuardsDivision() {
        int zero = INTS[3];
        System.out.println(zero != 0 && 10 / zero > 1);
        System.out.println(zero == 0 || 10 / zero > 1);
    }

    public static void conditionInLoop() {
        int n = 0;
        for (int i = 0; i < 50 && n < 7; i++) {
            if (i % 3 == 0 || i % 5 == 0) {
                n++;
            }
        }
        System.out.println(n);
    }

    public static void nestedIfElse() {
        for (int i = 0; i < INTS.length; i++) {
            int x = INTS[i];
            if (x > -2) {
                if (x < 2) {
                    if (x == 0) {
                        System.out.print("z");
                    } else {
                        System.out.print("s");
                    }
                } else {
                    System.out.print("B");
                }
            } else {
                System.out.print("N");
            }
        }
        System.out.println();
    }

    public static void signViaIfs() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(sign(INTS[i]));
        }
        System.out.println();
    }

    public static void unsignedCompareIdiom() {
        for (int i = 0; i < INTS.length; i++) {
            int a = INTS[i];
            System.out.print(a + Integer.MIN_VALUE < 1 + Integer.MIN_VALUE);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void failsAfterBranchOnNull() {
        String s = nothing;
        if (s == null) {
            System.out.println("null, going on");
        }
        System.out.println(s.length());
    }
}
