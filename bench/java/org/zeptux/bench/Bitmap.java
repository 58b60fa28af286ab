package org.zeptux.bench;

/** A bitmap page allocator over 64 Ki pages: next-fit scans for a clear bit, random frees. */
public final class Bitmap {
    static final int OPS = 120000;
    static final long[] MAP = new long[1024];
    static int hint;
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static int alloc(long[] map) {
        int n = map.length;
        for (int k = 0; k < n; k++) {
            int w = hint + k;
            if (w >= n) {
                w -= n;
            }
            long x = map[w];
            if (x != -1L) {
                int b = Long.numberOfTrailingZeros(~x);
                map[w] = x | (1L << b);
                hint = w;
                return w * 64 + b;
            }
        }
        return -1;
    }

    static boolean free(long[] map, int bit) {
        long mask = 1L << (bit & 63);
        long x = map[bit >>> 6];
        if ((x & mask) == 0) {
            return false;
        }
        map[bit >>> 6] = x & ~mask;
        return true;
    }

    public static long run() {
        seed = 17;
        hint = 0;
        for (int i = 0; i < MAP.length; i++) {
            MAP[i] = 0;
        }
        long acc = 0;
        for (int op = 0; op < OPS; op++) {
            if ((next() & 3) != 0) {
                acc += alloc(MAP);
            } else {
                int bit = next() & 65535;
                if (free(MAP, bit)) {
                    acc ^= bit;
                }
            }
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
