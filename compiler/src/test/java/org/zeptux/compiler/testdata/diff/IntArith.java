package org.zeptux.compiler.testdata.diff;

/** int arithmetic: iadd isub imul idiv irem ineg, shifts, bitwise ops, iinc, wrap-around. */
public final class IntArith {
    private IntArith() {}

    static final int[] SHIFT_LEFT_COUNTS_COUNTS = {0, 1, 31, 32, 33, 63, 64, -1, -31, -32, 100, Integer.MIN_VALUE};
    static final int[] SHIFT_RIGHT_COUNTS_COUNTS = {0, 1, 31, 32, 33, 63, -1, -33, 1000};
    static final int[] UNSIGNED_SHIFT_COUNTS_COUNTS = {0, 1, 28, 31, 32, 33, -1, -4, 99};
    static final int[] POWERS_OF_TWO_DIVISION_XS = {-1, -2, -3, -4, -5, -8, -9, 7, 8, Integer.MIN_VALUE, Integer.MAX_VALUE};

    static final int[] EDGES = {0, 1, -1, 2, -2, 3, -3, 7, -7, 31, 32, 33, 127, -128, 65535,
        Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1, 0x12345678};

    static int add(int a, int b) {
        return a + b;
    }

    static int sub(int a, int b) {
        return a - b;
    }

    static int mul(int a, int b) {
        return a * b;
    }

    static int div(int a, int b) {
        return a / b;
    }

    static int rem(int a, int b) {
        return a % b;
    }

    static int neg(int a) {
        return -a;
    }

    static int shl(int a, int n) {
        return a << n;
    }

    static int shr(int a, int n) {
        return a >> n;
    }

    static int ushr(int a, int n) {
        return a >>> n;
    }

    public static void addWraps() {
        System.out.println(add(Integer.MAX_VALUE, 1));
        System.out.println(add(Integer.MIN_VALUE, -1));
        System.out.println(add(Integer.MAX_VALUE, Integer.MAX_VALUE));
        System.out.println(add(Integer.MIN_VALUE, Integer.MIN_VALUE));
    }

    public static void subWraps() {
        System.out.println(sub(Integer.MIN_VALUE, 1));
        System.out.println(sub(Integer.MAX_VALUE, -1));
        System.out.println(sub(0, Integer.MIN_VALUE));
        System.out.println(sub(-1, Integer.MAX_VALUE));
    }

    public static void mulWraps() {
        System.out.println(mul(Integer.MAX_VALUE, 2));
        System.out.println(mul(Integer.MIN_VALUE, -1));
        System.out.println(mul(65536, 65536));
        System.out.println(mul(0x12345678, 0x9abcdef));
        System.out.println(mul(-46341, 46341));
    }

    public static void divSigns() {
        System.out.println(div(7, 2));
        System.out.println(div(-7, 2));
        System.out.println(div(7, -2));
        System.out.println(div(-7, -2));
        System.out.println(div(1, 3));
        System.out.println(div(-1, 3));
    }

    public static void remSigns() {
        System.out.println(rem(7, 2));
        System.out.println(rem(-7, 2));
        System.out.println(rem(7, -2));
        System.out.println(rem(-7, -2));
        System.out.println(rem(-6, 3));
        System.out.println(rem(Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    public static void minDivMinusOne() {
        System.out.println(div(Integer.MIN_VALUE, -1));
        System.out.println(rem(Integer.MIN_VALUE, -1));
        System.out.println(div(Integer.MIN_VALUE, 1));
        System.out.println(div(Integer.MIN_VALUE, Integer.MIN_VALUE));
        System.out.println(rem(Integer.MIN_VALUE, Integer.MIN_VALUE));
    }

    public static void divByMinusOneGrid() {
        for (int i = 0; i < EDGES.length; i++) {
            System.out.print(div(EDGES[i], -1));
            System.out.print(' ');
            System.out.println(rem(EDGES[i], -1));
        }
    }

    public static void divRemGrid() {
        long sum = 0;
        for (int i = 0; i < EDGES.length; i++) {
            for (int j = 0; j < EDGES.length; j++) {
                if (EDGES[j] != 0) {
                    int q = div(EDGES[i], EDGES[j]);
                    int r = rem(EDGES[i], EDGES[j]);
                    sum = sum * 31 + q;
                    sum = sum * 31 + r;
                }
            }
        }
        System.out.println(sum);
    }

    public static void divRemIdentity() {
        boolean ok = true;
        for (int i = 0; i < EDGES.length; i++) {
            for (int j = 0; j < EDGES.length; j++) {
                int b = EDGES[j];
                if (b != 0) {
                    int a = EDGES[i];
                    ok &= div(a, b) * b + rem(a, b) == a;
                }
            }
        }
        System.out.println(ok);
    }

    public static void divByConstants() {
        int x = EDGES[16];
        System.out.println(x / 2);
        System.out.println(x / 3);
        System.out.println(x / -8);
        System.out.println(x % 7);
        System.out.println(-7 / 4 == add(-7, 0) / 4);
        System.out.println(add(-9, 0) / 4);
        System.out.println(add(-9, 0) % 4);
        System.out.println(add(-9, 0) >> 2);
    }

    public static void negation() {
        System.out.println(neg(0));
        System.out.println(neg(1));
        System.out.println(neg(Integer.MIN_VALUE));
        System.out.println(neg(Integer.MAX_VALUE));
        System.out.println(-neg(-5));
    }

    public static void shiftLeftCounts() {
        int[] counts = SHIFT_LEFT_COUNTS_COUNTS;
        for (int i = 0; i < counts.length; i++) {
            System.out.print(shl(1, counts[i]));
            System.out.print(' ');
            System.out.println(shl(0x12345678, counts[i]));
        }
    }

    public static void shiftRightCounts() {
        int[] counts = SHIFT_RIGHT_COUNTS_COUNTS;
        for (int i = 0; i < counts.length; i++) {
            System.out.print(shr(Integer.MIN_VALUE, counts[i]));
            System.out.print(' ');
            System.out.print(shr(-12345, counts[i]));
            System.out.print(' ');
            System.out.println(shr(12345, counts[i]));
        }
    }

    public static void unsignedShiftCounts() {
        int[] counts = UNSIGNED_SHIFT_COUNTS_COUNTS;
        for (int i = 0; i < counts.length; i++) {
            System.out.print(ushr(-1, counts[i]));
            System.out.print(' ');
            System.out.println(ushr(Integer.MIN_VALUE, counts[i]));
        }
    }

    public static void constantShifts() {
        int x = EDGES[19];
        System.out.println(x << 35);
        System.out.println(x >> 36);
        System.out.println(x >>> 40);
        System.out.println(-x >>> 31);
        System.out.println(-x >> 31);
    }

    public static void bitwise() {
        int a = 0xF0F0F0F0;
        int b = EDGES[19];
        System.out.println(a & b);
        System.out.println(a | b);
        System.out.println(a ^ b);
        System.out.println(~a);
        System.out.println(~b & a | b ^ -1);
        System.out.println(~Integer.MIN_VALUE);
    }

    public static void iincSmall() {
        int i = 5;
        i++;
        i += 3;
        i--;
        i -= 10;
        System.out.println(i);
    }

    public static void iincBig() {
        int i = 0;
        i += 32767;
        System.out.println(i);
        i += -32768;
        System.out.println(i);
        i += 100000;
        System.out.println(i);
        i -= 1000000;
        System.out.println(i);
        i += 127;
        i += -128;
        System.out.println(i);
    }

    public static void iincWraps() {
        int i = Integer.MAX_VALUE;
        i++;
        System.out.println(i);
        i--;
        System.out.println(i);
        i += 30000;
        System.out.println(i);
        int j = Integer.MIN_VALUE;
        j -= 30000;
        System.out.println(j);
    }

    public static void compoundAssign() {
        int x = 100;
        x *= -3;
        System.out.println(x);
        x /= 7;
        System.out.println(x);
        x %= 5;
        System.out.println(x);
        x <<= 33;
        System.out.println(x);
        x >>= 1;
        System.out.println(x);
        x >>>= 1;
        System.out.println(x);
        x ^= 0x55;
        x |= 0x100;
        x &= 0xFFF;
        System.out.println(x);
    }

    public static void prePostIncrement() {
        int i = 5;
        int a = i++ + ++i;
        int b = i-- - --i;
        System.out.println(a);
        System.out.println(b);
        System.out.println(i);
    }

    public static void evaluationOrder() {
        int i = 1;
        int r = i + (i = 10) * i;
        System.out.println(r);
        int j = 3;
        j = j++ * 2 + j;
        System.out.println(j);
    }

    public static void mixedExpression() {
        int acc = 0;
        for (int i = 0; i < EDGES.length; i++) {
            int x = EDGES[i];
            acc = acc * 31 + ((x * 7) ^ (x >>> 3)) - (x << 2) + (x | 0x11) - (x & 0x3c);
        }
        System.out.println(acc);
    }

    public static void multiplyIdentities() {
        for (int i = 0; i < EDGES.length; i++) {
            int x = EDGES[i];
            System.out.print(x * -1 == -x);
            System.out.print(' ');
            System.out.print(x * 8 == x << 3);
            System.out.print(' ');
            System.out.println(mul(x, x));
        }
    }

    public static void powersOfTwoDivision() {
        int[] xs = POWERS_OF_TWO_DIVISION_XS;
        for (int i = 0; i < xs.length; i++) {
            int x = xs[i];
            System.out.print(x / 4);
            System.out.print(' ');
            System.out.print(x % 4);
            System.out.print(' ');
            System.out.print(x / 1024);
            System.out.print(' ');
            System.out.println(x % 1024);
        }
    }

    public static void overflowDetection() {
        int a = Integer.MAX_VALUE - 5;
        for (int i = 0; i < 10; i++) {
            int s = a + i;
            System.out.print(s < a ? "overflow " : "ok ");
        }
        System.out.println();
    }

    public static void failsDivideByZero() {
        System.out.println(div(10, 3));
        System.out.println(div(10, 0));
    }

    public static void failsRemainderByZero() {
        System.out.println(rem(10, 0));
    }

    public static void failsMinDivideByZero() {
        System.out.println(div(Integer.MIN_VALUE, EDGES[0]));
    }

    public static void failsConstantDivisorZeroInLoop() {
        for (int i = 3; i >= 0; i--) {
            System.out.println(100 / i);
        }
    }

    public static void failsCompoundDivideByZero() {
        int x = 5;
        x /= EDGES[0];
        System.out.println(x);
    }
}
