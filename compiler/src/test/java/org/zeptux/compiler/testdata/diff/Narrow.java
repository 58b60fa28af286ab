package org.zeptux.compiler.testdata.diff;

/** byte, short, char and boolean values: i2b i2s i2c, sign and zero extension, narrow arithmetic and compound assignment. */
public final class Narrow {
    private Narrow() {}

    static final long[] L2I_THEN_NARROW_LS = {0x1234567890L, -1L, 0x80L, 0xFFFFFFFF80000000L, Long.MIN_VALUE + 0x8000};

    static final int[] EDGES = {0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535,
        65536, 0x12345678, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xFFFF8000, 0x7F80};

    static byte toByte(int x) {
        return (byte) x;
    }

    static short toShort(int x) {
        return (short) x;
    }

    static char toChar(int x) {
        return (char) x;
    }

    static byte incByte(byte b) {
        return (byte) (b + 1);
    }

    static char nextChar(char c) {
        c++;
        return c;
    }

    static boolean isOdd(int x) {
        return (x & 1) != 0;
    }

    public static void i2b() {
        for (int i = 0; i < EDGES.length; i++) {
            System.out.print(toByte(EDGES[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void i2s() {
        for (int i = 0; i < EDGES.length; i++) {
            System.out.print(toShort(EDGES[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void i2c() {
        for (int i = 0; i < EDGES.length; i++) {
            System.out.print((int) toChar(EDGES[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void l2iThenNarrow() {
        long[] ls = L2I_THEN_NARROW_LS;
        for (int i = 0; i < ls.length; i++) {
            System.out.print((byte) ls[i]);
            System.out.print(' ');
            System.out.print((short) ls[i]);
            System.out.print(' ');
            System.out.println((int) (char) ls[i]);
        }
    }

    public static void byteWrap() {
        byte b = 127;
        b++;
        System.out.println(b);
        b--;
        System.out.println(b);
        b += 200;
        System.out.println(b);
        b *= 3;
        System.out.println(b);
        System.out.println(incByte((byte) 127));
    }

    public static void shortWrap() {
        short s = Short.MAX_VALUE;
        s++;
        System.out.println(s);
        s -= 1;
        System.out.println(s);
        s *= 2;
        System.out.println(s);
        s >>= 1;
        System.out.println(s);
        s >>>= 1;
        System.out.println(s);
    }

    public static void charWrap() {
        char c = 0xFFFF;
        c++;
        System.out.println((int) c);
        c--;
        System.out.println((int) c);
        System.out.println((int) nextChar('\uFFFF'));
        char d = 'A';
        d += 2;
        System.out.println(d);
    }

    public static void charArithmetic() {
        char c = 'z';
        System.out.println(c - 'a');
        System.out.println(c + 1);
        System.out.println((char) (c - 25));
        System.out.println('a' + 'b');
        System.out.println((char) ('a' + 1));
    }

    public static void byteUnsignedViews() {
        byte b = toByte(0xF0);
        System.out.println(b);
        System.out.println(b & 0xFF);
        System.out.println(b >>> 4);
        System.out.println((b & 0xFF) >>> 4);
        System.out.println(b >> 4);
        System.out.println((byte) (b >>> 4));
    }

    public static void shortUnsignedViews() {
        short s = toShort(0x8001);
        System.out.println(s);
        System.out.println(s & 0xFFFF);
        System.out.println(s >>> 8);
        System.out.println((short) (s >>> 8));
        System.out.println((char) s + 0);
    }

    public static void narrowCompares() {
        byte a = toByte(-1);
        byte b = toByte(255);
        char c = toChar(-1);
        short s = toShort(65535);
        System.out.println(a == b);
        System.out.println(c == 65535);
        System.out.println(s == -1);
        System.out.println(c > s);
        System.out.println(a < c);
    }

    public static void narrowMultiply() {
        byte x = toByte(100);
        byte y = toByte(3);
        System.out.println(x * y);
        System.out.println((byte) (x * y));
        short p = toShort(300);
        System.out.println((short) (p * p));
        char q = toChar(50000);
        System.out.println(q * 2);
        System.out.println((char) (q * 2) + 0);
    }

    public static void narrowDivision() {
        byte b = toByte(-128);
        System.out.println(b / -1);
        System.out.println((byte) (b / -1));
        short s = toShort(-32768);
        System.out.println((short) (s / -1));
        System.out.println(s % 7);
        char c = toChar(65535);
        System.out.println(c / 2);
    }

    public static void charToByteAndBack() {
        char c = '\u00e9';
        byte b = (byte) c;
        System.out.println(b);
        System.out.println((char) b + 0);
        System.out.println((char) (b & 0xFF));
    }

    public static void shortToChar() {
        short s = -2;
        char c = (char) s;
        System.out.println((int) c);
        short back = (short) c;
        System.out.println(back);
        byte bb = (byte) s;
        System.out.println((int) (char) bb);
    }

    public static void booleans() {
        boolean t = isOdd(3);
        boolean f = isOdd(4);
        System.out.println(t);
        System.out.println(f);
        System.out.println(t & f);
        System.out.println(t | f);
        System.out.println(t ^ f);
        System.out.println(!t);
        System.out.println(t == f);
        System.out.println(t != f);
    }

    public static void booleanCompoundAssign() {
        boolean b = true;
        b &= isOdd(2);
        System.out.println(b);
        b |= isOdd(5);
        System.out.println(b);
        b ^= true;
        System.out.println(b);
    }

    public static void narrowParameters() {
        long sum = 0;
        for (int i = -300; i < 300; i += 7) {
            sum = sum * 3 + toByte(i) + toShort(i * 1000) + toChar(i * 3000);
        }
        System.out.println(sum);
    }

    public static void narrowLoopCounter() {
        int count = 0;
        for (byte b = 120; b > 0; b++) {
            count++;
        }
        System.out.println(count);
        int n = 0;
        for (char c = 0xFFF0; c != 0; c++) {
            n++;
        }
        System.out.println(n);
    }

    public static void implicitWideningInCalls() {
        byte b = -5;
        short s = -300;
        char c = '\uff00';
        System.out.println(LongArith.add(b, s));
        System.out.println(LongArith.add(c, b));
        System.out.println(IntArith.mul(c, s));
    }
}
