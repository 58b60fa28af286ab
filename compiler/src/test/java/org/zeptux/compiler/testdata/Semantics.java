package org.zeptux.compiler.testdata;

/**
 * Methods whose results the JVM and compiled code must agree on, for every input in
 * SemanticsTests' grid of edge values. Every method takes and returns int or long.
 */
public class Semantics {
    static byte b;
    static short s;
    static char c;
    static boolean z;
    static final int[] TABLE = {3, 1, 4, 1, 5, 9, 2, 6};
    static final byte[] BYTES = {(byte) 0x80, 0x7f, -1, 0};

    public static int idiv(int x, int y) { return x / y; }
    public static int irem(int x, int y) { return x % y; }
    public static long ldiv(long x, long y) { return x / y; }
    public static long lrem(long x, long y) { return x % y; }
    public static int shl(int x, int n) { return x << n; }
    public static int shr(int x, int n) { return x >> n; }
    public static int ushr(int x, int n) { return x >>> n; }
    public static long lshl(long x, int n) { return x << n; }
    public static long lshr(long x, int n) { return x >> n; }
    public static long lushr(long x, int n) { return x >>> n; }
    public static int i2b(int x) { return (byte) x; }
    public static int i2c(int x) { return (char) x; }
    public static int i2s(int x) { return (short) x; }
    public static int l2i(long x) { return (int) x; }
    public static long i2l(int x) { return x; }
    public static int mulAdd(int x, int y) { return x * y + x - y; }
    public static long lmulAdd(long x, long y) { return x * y + x - y; }
    public static int neg(int x) { return -x; }
    public static long lneg(long x) { return -x; }
    public static int bits(int x, int y) { return (x & y) | (x ^ ~y); }
    public static int lcmp(long x, long y) { return x < y ? -1 : x == y ? 0 : 1; }
    public static int ucmp(int x, int y) { return (x ^ 0x80000000) < (y ^ 0x80000000) ? 1 : 0; }

    public static int fields(int x) {
        b = (byte) x;
        s = (short) (x >> 3);
        c = (char) (x * 7);
        z = (x & 1) != 0;
        return b + s + c + (z ? 1 : 0);
    }

    public static int table(int x) {
        return TABLE[x & 7] + BYTES[x & 3];
    }

    public static int tableChecked(int x) {
        return TABLE[x];
    }

    public static int store(int x, int y) {
        int i = x & 7;
        TABLE[i] += y;
        return TABLE[i];
    }

    public static int loop(int n) {
        int sum = 0;
        for (int i = 0; i < (n & 1023); i++) {
            sum += i * i;
            if (sum > 100000) {
                break;
            }
        }
        return sum;
    }

    public static int switchDense(int x) {
        switch (x) {
            case -1: return 11;
            case 0: return 12;
            case 1: return 13;
            case 2: return 14;
            case 3: return 15;
            default: return 16;
        }
    }

    public static int switchSparse(int x) {
        switch (x) {
            case Integer.MIN_VALUE: return 1;
            case -1000: return 2;
            case 7: return 3;
            case 1 << 20: return 4;
            case Integer.MAX_VALUE: return 5;
            default: return 6;
        }
    }

    public static int chars(int i) {
        String s = "Zeptux";
        return s.charAt(i) + s.length();
    }

    public static long mixed(long x, int y) {
        long r = x;
        r += y;
        r ^= (long) y << 33;
        r = r * 31 + (y >>> 3);
        return r > 0 ? r : ~r;
    }

    public static int bitCount(int x) { return Integer.bitCount(x) + Long.bitCount((long) x << 17); }
    public static int zeros(long x) {
        return Long.numberOfLeadingZeros(x) * 1000 + Long.numberOfTrailingZeros(x) * 10
                + Integer.numberOfLeadingZeros((int) x) + Integer.numberOfTrailingZeros((int) x);
    }
    public static int rotate(int x, int n) { return Integer.rotateLeft(x, n) ^ Integer.rotateRight(x, n + 3); }
    public static long lrotate(long x, int n) { return Long.rotateLeft(x, n) ^ Long.rotateRight(x, -n); }
    public static long reverse(long x) { return Long.reverseBytes(x) ^ Long.reverse(x) ^ Integer.reverseBytes((int) x) ^ Integer.reverse((int) x); }
    public static long oneBits(long x) {
        return Long.highestOneBit(x) ^ Long.lowestOneBit(x) ^ Integer.highestOneBit((int) x) ^ Integer.lowestOneBit((int) x);
    }
    public static int compares(int x, int y) {
        return Integer.compare(x, y) * 1000 + Integer.compareUnsigned(x, y) * 100 + Integer.signum(x) * 10 + Long.signum(y);
    }
    public static int lcompares(long x, long y) { return Long.compare(x, y) * 10 + Long.compareUnsigned(x, y); }
    public static int udiv(int x, int y) { return Integer.divideUnsigned(x, y) ^ Integer.remainderUnsigned(x, y); }
    public static long ludiv(long x, long y) { return Long.divideUnsigned(x, y) ^ Long.remainderUnsigned(x, y); }
    public static long unsignedLong(int x) { return Integer.toUnsignedLong(x); }
    public static int minMaxAbs(int x, int y) { return Math.min(x, y) ^ Math.max(x, y) ^ Math.abs(x); }
    public static long lminMaxAbs(long x, long y) { return Math.min(x, y) ^ Math.max(x, y) ^ Math.abs(x); }
    public static int floorDiv(int x, int y) { return Math.floorDiv(x, y); }
    public static int floorMod(int x, int y) { return Math.floorMod(x, y); }
    public static long lfloorDiv(long x, long y) { return Math.floorDiv(x, y); }
    public static long lfloorMod(long x, long y) { return Math.floorMod(x, y); }
    public static long mixedFloor(long x, int y) { return Math.floorDiv(x, y) ^ Math.floorMod(x, y); }

    public static int checked(int x) {
        if (x < 0) {
            throw new IllegalArgumentException("negative");
        }
        if (x == 0) {
            throw new UnsupportedOperationException();
        }
        return x * 2;
    }
}
