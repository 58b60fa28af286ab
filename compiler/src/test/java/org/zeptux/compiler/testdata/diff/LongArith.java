package org.zeptux.compiler.testdata.diff;

/** long arithmetic: ladd lsub lmul ldiv lrem lneg, lshl lshr lushr with int counts, land lor lxor, l2i, i2l. */
public final class LongArith {
    private LongArith() {}

    static final int[] SHIFT_COUNTS_COUNTS = {0, 1, 31, 32, 33, 63, 64, 65, -1, -63, -64, 127, Integer.MIN_VALUE};
    static final int[] INT_TO_LONG_XS = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x80000001};
    static final long[] POWERS_OF_TWO_DIVISION_XS = {-1, -2, -3, -1023, -1024, -1025, Long.MIN_VALUE, Long.MAX_VALUE};

    static final long[] EDGES = {0, 1, -1, 2, -2, 10, -10, 31, 32, 63, 64, 65,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFFFFFFL, 0x100000000L,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 0x123456789abcdefL};

    static long add(long a, long b) {
        return a + b;
    }

    static long sub(long a, long b) {
        return a - b;
    }

    static long mul(long a, long b) {
        return a * b;
    }

    static long div(long a, long b) {
        return a / b;
    }

    static long rem(long a, long b) {
        return a % b;
    }

    static long shl(long a, int n) {
        return a << n;
    }

    static long shr(long a, int n) {
        return a >> n;
    }

    static long ushr(long a, int n) {
        return a >>> n;
    }

    public static void addSubWrap() {
        System.out.println(add(Long.MAX_VALUE, 1));
        System.out.println(sub(Long.MIN_VALUE, 1));
        System.out.println(add(Long.MIN_VALUE, Long.MIN_VALUE));
        System.out.println(sub(0, Long.MIN_VALUE));
        System.out.println(add(0xFFFFFFFFL, 1));
    }

    public static void mulWrap() {
        System.out.println(mul(Long.MAX_VALUE, 2));
        System.out.println(mul(Long.MIN_VALUE, -1));
        System.out.println(mul(0x100000000L, 0x100000000L));
        System.out.println(mul(0x123456789abcdefL, 0xfedcba987654321L));
        System.out.println(mul(Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    public static void divRemSigns() {
        System.out.println(div(7, 2));
        System.out.println(div(-7, 2));
        System.out.println(div(7, -2));
        System.out.println(rem(-7, 2));
        System.out.println(rem(7, -2));
        System.out.println(rem(-7, -2));
    }

    public static void minDivMinusOne() {
        System.out.println(div(Long.MIN_VALUE, -1));
        System.out.println(rem(Long.MIN_VALUE, -1));
        System.out.println(div(Long.MIN_VALUE, Long.MIN_VALUE));
        System.out.println(rem(Long.MIN_VALUE, Long.MAX_VALUE));
        System.out.println(div(Long.MIN_VALUE, 2));
    }

    public static void divRemGrid() {
        long sum = 0;
        boolean identity = true;
        for (int i = 0; i < EDGES.length; i++) {
            for (int j = 0; j < EDGES.length; j++) {
                long b = EDGES[j];
                if (b != 0) {
                    long q = div(EDGES[i], b);
                    long r = rem(EDGES[i], b);
                    identity &= q * b + r == EDGES[i];
                    sum = sum * 31 + q * 7 + r;
                }
            }
        }
        System.out.println(sum);
        System.out.println(identity);
    }

    public static void negation() {
        long x = EDGES[17];
        System.out.println(-x);
        System.out.println(-EDGES[16]);
        System.out.println(-EDGES[13]);
        System.out.println(-EDGES[1]);
    }

    public static void shiftCounts() {
        int[] counts = SHIFT_COUNTS_COUNTS;
        for (int i = 0; i < counts.length; i++) {
            System.out.print(shl(1L, counts[i]));
            System.out.print(' ');
            System.out.print(shr(Long.MIN_VALUE, counts[i]));
            System.out.print(' ');
            System.out.println(ushr(-1L, counts[i]));
        }
    }

    public static void shiftByLongAmountCast() {
        long n = 65;
        System.out.println(shl(3, (int) n));
        System.out.println(1L << (int) 0x100000001L);
        System.out.println(shr(-256, (int) EDGES[14]));
    }

    public static void constantShifts() {
        long x = EDGES[20];
        System.out.println(x << 68);
        System.out.println(x >> 70);
        System.out.println(x >>> 100);
        System.out.println(-x >>> 63);
        System.out.println(-x >> 63);
    }

    public static void bitwise() {
        long a = 0xF0F0F0F0F0F0F0F0L;
        long b = EDGES[20];
        System.out.println(a & b);
        System.out.println(a | b);
        System.out.println(a ^ b);
        System.out.println(~a);
        System.out.println(~b);
    }

    public static void intToLong() {
        int[] xs = INT_TO_LONG_XS;
        for (int i = 0; i < xs.length; i++) {
            long l = xs[i];
            System.out.print(l);
            System.out.print(' ');
            System.out.println(l << 32);
        }
    }

    public static void longToInt() {
        for (int i = 0; i < EDGES.length; i++) {
            System.out.print((int) EDGES[i]);
            System.out.print(' ');
        }
        System.out.println();
        System.out.println((int) 0x1ffffffffL);
        System.out.println((int) (EDGES[20] >>> 16));
    }

    public static void mixedWidthArithmetic() {
        int i = Integer.MAX_VALUE;
        long wrapped = i + 1;
        long widened = i + 1L;
        System.out.println(wrapped);
        System.out.println(widened);
        System.out.println((long) i * i);
        System.out.println(i * i);
        long big = 3_000_000_000L;
        System.out.println(big / 7 + i);
    }

    public static void compoundAssign() {
        long x = 1000000007L;
        x *= 1000000009L;
        System.out.println(x);
        x /= -13;
        System.out.println(x);
        x %= 1000;
        System.out.println(x);
        x <<= 67;
        System.out.println(x);
        x >>>= 2;
        System.out.println(x);
        x >>= 60;
        System.out.println(x);
        int y = 7;
        y += x;
        System.out.println(y);
        y += 5_000_000_000L;
        System.out.println(y);
    }

    public static void longIncrement() {
        long l = Long.MAX_VALUE;
        l++;
        System.out.println(l);
        l--;
        System.out.println(l);
        l += Integer.MIN_VALUE;
        System.out.println(l);
    }

    public static void hashMix() {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < 64; i++) {
            h ^= i;
            h *= 0x100000001b3L;
        }
        System.out.println(h);
        System.out.println(h >>> 33 ^ h);
    }

    public static void powersOfTwoDivision() {
        long[] xs = POWERS_OF_TWO_DIVISION_XS;
        for (int i = 0; i < xs.length; i++) {
            System.out.print(xs[i] / 1024);
            System.out.print(' ');
            System.out.print(xs[i] % 1024);
            System.out.print(' ');
            System.out.println(xs[i] / 0x100000000L);
        }
    }

    public static void failsDivideByZero() {
        System.out.println(div(1, 1));
        System.out.println(div(Long.MIN_VALUE, 0));
    }

    public static void failsRemainderByZero() {
        System.out.println(rem(5, EDGES[0]));
    }

    public static void failsDivideByZeroLowBitsClear() {
        System.out.println(div(99, 0x100000000L * 0x100000000L));
    }
}
