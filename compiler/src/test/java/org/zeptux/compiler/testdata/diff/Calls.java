package org.zeptux.compiler.testdata.diff;

/** invokestatic: many arguments of mixed widths (registers and stack), narrow results, recursion, mutual recursion. */
public final class Calls {
    private Calls() {}

    static long many(byte a, short b, char c, int d, long e, boolean f, byte g, short h, char i, int j, long k,
            boolean l, int m, long n) {
        long r = a;
        r = r * 31 + b;
        r = r * 31 + c;
        r = r * 31 + d;
        r = r * 31 + e;
        r = r * 31 + (f ? 1 : 0);
        r = r * 31 + g;
        r = r * 31 + h;
        r = r * 31 + i;
        r = r * 31 + j;
        r = r * 31 + k;
        r = r * 31 + (l ? 1 : 0);
        r = r * 31 + m;
        r = r * 31 + n;
        return r;
    }

    static int lastOfTen(int a, int b, int c, int d, int e, int f, int g, int h, int i, int j) {
        return j - a + (i ^ h) * (g - f) + e * d - c + b;
    }

    static long stackLongs(long a, long b, long c, long d, long e, long f, long g, long h) {
        return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
    }

    static byte narrowResult(int x) {
        return (byte) x;
    }

    static short shortResult(int x) {
        return (short) x;
    }

    static char charResult(int x) {
        return (char) x;
    }

    static boolean boolResult(int x) {
        return x > 0;
    }

    static int fact(int n) {
        return n <= 1 ? 1 : n * fact(n - 1);
    }

    static long factLong(int n) {
        return n <= 1 ? 1 : n * factLong(n - 1);
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    static int ackermann(int m, int n) {
        if (m == 0) {
            return n + 1;
        }
        if (n == 0) {
            return ackermann(m - 1, 1);
        }
        return ackermann(m - 1, ackermann(m, n - 1));
    }

    static boolean isEven(int n) {
        return n == 0 || isOdd(n - 1);
    }

    static boolean isOdd(int n) {
        return n != 0 && isEven(n - 1);
    }

    static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    static void noResult(int x) {
        System.out.print("called with ");
        System.out.println(x);
    }

    static int sideEffects;

    static int effect(int v) {
        sideEffects = sideEffects * 10 + v;
        return v;
    }

    static int three(int a, int b, int c) {
        return a * 100 + b * 10 + c;
    }

    public static void manyMixedArguments() {
        System.out.println(many((byte) -1, (short) -2, '\uffff', -4, -5L, true, (byte) 127, (short) 32767, 'A',
                Integer.MIN_VALUE, Long.MAX_VALUE, false, 13, 14));
        System.out.println(many((byte) 0, (short) 0, (char) 0, 0, 0, false, (byte) 0, (short) 0, (char) 0, 0, 0,
                false, 0, Long.MIN_VALUE));
    }

    public static void tenIntArguments() {
        System.out.println(lastOfTen(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        System.out.println(lastOfTen(-1, Integer.MAX_VALUE, 0, -4, 5, 6, -7, 8, 9, Integer.MIN_VALUE));
    }

    public static void eightLongArguments() {
        System.out.println(stackLongs(1, 2, 3, 4, 5, 6, 7, 8));
        System.out.println(stackLongs(Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 3, 5, 0x100000000L));
    }

    public static void narrowResults() {
        System.out.println(narrowResult(255));
        System.out.println(narrowResult(128) + 0);
        System.out.println(shortResult(0x18000));
        System.out.println((int) charResult(-1));
        System.out.println(boolResult(5));
        System.out.println(boolResult(-5));
        int sum = narrowResult(200) + shortResult(40000) + charResult(-2);
        System.out.println(sum);
    }

    public static void recursion() {
        System.out.println(fact(10));
        System.out.println(fact(13));
        System.out.println(factLong(20));
        System.out.println(factLong(25));
        System.out.println(fib(20));
    }

    public static void deepRecursion() {
        System.out.println(depth(2000));
        System.out.println(ackermann(2, 3));
        System.out.println(ackermann(3, 3));
    }

    public static void mutualRecursion() {
        System.out.println(isEven(10));
        System.out.println(isEven(7));
        System.out.println(isOdd(7));
        System.out.println(isOdd(0));
    }

    public static void recursiveGcd() {
        System.out.println(gcd(1071, 462));
        System.out.println(gcd(Integer.MAX_VALUE, 7));
        System.out.println(gcd(0, 9));
        System.out.println(gcd(-12, 18));
    }

    public static void voidCalls() {
        noResult(1);
        noResult(Integer.MIN_VALUE);
    }

    public static void argumentEvaluationOrder() {
        sideEffects = 0;
        System.out.println(three(effect(1), effect(2), effect(3)));
        System.out.println(sideEffects);
    }

    public static void callsAcrossFamilies() {
        System.out.println(IntArith.div(-9, 4));
        System.out.println(LongArith.rem(-9, 4));
        System.out.println(Switches.dense(3));
        System.out.println(Strings.countChar("banana", 'a'));
    }

    public static void resultIgnored() {
        fact(5);
        effect(7);
        System.out.println(sideEffects % 10);
    }

    public static void failsInsideRecursion() {
        System.out.println(divideDown(1000, 3));
    }

    static int divideDown(int x, int n) {
        return x / n + (n == 0 ? 0 : divideDown(x, n - 1));
    }

    public static void failsDeepInCallChain() {
        System.out.println(outer(5));
    }

    static int outer(int x) {
        return middle(x - 5) + 1;
    }

    static int middle(int x) {
        return inner(x) * 2;
    }

    static int inner(int x) {
        return Arrays.INTS[x - 1];
    }
}
