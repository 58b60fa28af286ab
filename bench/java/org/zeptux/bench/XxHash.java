package org.zeptux.bench;

/** An xxHash64-style hash (four lanes of multiply-rotate-multiply, then an avalanche) over a long[]. */
public final class XxHash {
    static final int ROUNDS = 2000;
    static final long P1 = 0x9E3779B185EBCA87L;
    static final long P2 = 0xC2B2AE3D27D4EB4FL;
    static final long P3 = 0x165667B19E3779F9L;
    static final long[] DATA = new long[8192];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    static long hash(long[] d, int len, long s) {
        long v1 = s + P1 + P2;
        long v2 = s + P2;
        long v3 = s;
        long v4 = s - P1;
        for (int i = 0; i + 4 <= len; i += 4) {
            v1 = round(v1, d[i]);
            v2 = round(v2, d[i + 1]);
            v3 = round(v3, d[i + 2]);
            v4 = round(v4, d[i + 3]);
        }
        long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    public static long run() {
        seed = 99;
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = ((long) next() << 33) ^ next();
        }
        long acc = 0;
        for (int r = 0; r < ROUNDS; r++) {
            acc += hash(DATA, DATA.length - (r & 7), acc);
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
