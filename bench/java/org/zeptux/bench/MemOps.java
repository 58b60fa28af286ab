package org.zeptux.bench;

/** memset- and memcpy-style loops over int arrays (fill, copy at shifting offsets, sample). */
public final class MemOps {
    static final int ROUNDS = 1500;
    static final int[] SRC = new int[16384];
    static final int[] DST = new int[16384];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static void fill(int[] a, int from, int to, int v) {
        for (int i = from; i < to; i++) {
            a[i] = v;
        }
    }

    static void copy(int[] src, int sp, int[] dst, int dp, int n) {
        for (int i = 0; i < n; i++) {
            dst[dp + i] = src[sp + i];
        }
    }

    public static long run() {
        seed = 3;
        for (int i = 0; i < SRC.length; i++) {
            SRC[i] = next();
        }
        long acc = 0;
        for (int r = 0; r < ROUNDS; r++) {
            fill(DST, 0, DST.length, r);
            copy(SRC, r & 255, DST, (r * 7) & 255, DST.length - 256);
            acc += DST[r & 16383] + (long) DST[(r * 31) & 16383];
            SRC[r & 16383] ^= (int) acc;
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
