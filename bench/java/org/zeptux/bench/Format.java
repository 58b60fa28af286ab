package org.zeptux.bench;

/** Number formatting: longs to decimal (signed) and hexadecimal digits in a byte buffer. */
public final class Format {
    static final int COUNT = 200000;
    static final byte[] BUF = new byte[32];
    static final byte[] DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    /** Writes v in decimal at the end of buf; returns where it starts. */
    static int decimal(byte[] buf, long v) {
        int p = buf.length;
        boolean negative = v < 0;
        if (!negative) {
            v = -v; // work on the negative value, so MIN_VALUE needs no special case
        }
        do {
            buf[--p] = (byte) ('0' - (v % 10));
            v /= 10;
        } while (v != 0);
        if (negative) {
            buf[--p] = '-';
        }
        return p;
    }

    static int hex(byte[] buf, long v) {
        int p = buf.length;
        do {
            buf[--p] = DIGITS[(int) v & 15];
            v >>>= 4;
        } while (v != 0);
        return p;
    }

    static long digest(byte[] buf, int from) {
        long h = 0;
        for (int i = from; i < buf.length; i++) {
            h = h * 131 + buf[i];
        }
        return h;
    }

    public static long run() {
        seed = 29;
        long acc = 0;
        for (int n = 0; n < COUNT; n++) {
            long v = (((long) next() << 33) ^ ((long) next() << 2) ^ next()) >> (next() & 63);
            if ((n & 1) != 0) {
                v = -v;
            }
            acc = acc * 7 + digest(BUF, decimal(BUF, v));
            acc = acc * 7 + digest(BUF, hex(BUF, v));
        }
        return acc;
    }

    public static void main(String[] args) {
        long r = 0;
        for (int i = 0; i < Repeat.TIMES; i++) {
            r = run();
        }
        System.out.println(r);
    }
}
