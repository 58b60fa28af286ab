package org.zeptux.bench;

/**
 * Byte-string comparison as name lookups do it: a directory of 128 names (shared prefixes,
 * lengths 6 to 37) in one byte array, searched linearly with a lexicographic compare (unsigned
 * bytes, then length) for names that are there and for near misses.
 */
public final class Compare {
    static final int LOOKUPS = 16000;
    static final int NAMES = 128;
    static final byte[] POOL = new byte[NAMES * 40];
    static final int[] OFFSET = new int[NAMES];
    static final int[] LENGTH = new int[NAMES];
    static final byte[] QUERY = new byte[40];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    /** Compares a[aOff, aOff + aLen) with b[bOff, bOff + bLen): negative, 0 or positive. */
    static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        int n = Math.min(aLen, bLen);
        for (int i = 0; i < n; i++) {
            int d = (a[aOff + i] & 0xff) - (b[bOff + i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return aLen - bLen;
    }

    /** The index of the name equal to q[0, len), or -(names below it) - 1. */
    static int lookup(byte[] q, int len) {
        int below = 0;
        for (int i = 0; i < NAMES; i++) {
            int c = compare(POOL, OFFSET[i], LENGTH[i], q, 0, len);
            if (c == 0) {
                return i;
            }
            if (c < 0) {
                below++;
            }
        }
        return -below - 1;
    }

    public static long run() {
        seed = 41;
        int at = 0;
        for (int i = 0; i < NAMES; i++) {
            int len = 6 + (next() & 31);
            OFFSET[i] = at;
            LENGTH[i] = len;
            for (int k = 0; k < len; k++) {
                // A shared prefix ("lib", a digit), then letters from a small alphabet.
                POOL[at + k] = (byte) (k < 3 ? "lib".charAt(k) : k == 3 ? '0' + (i & 7) : 'a' + (next() & 7));
            }
            at += len;
        }
        long acc = 0;
        for (int op = 0; op < LOOKUPS; op++) {
            int r = next();
            int name = r & (NAMES - 1);
            int len = LENGTH[name];
            for (int k = 0; k < len; k++) {
                QUERY[k] = POOL[OFFSET[name] + k];
            }
            if ((r & 0x100) != 0) {
                QUERY[(r >>> 9) % len] ^= 1;        // a near miss
            }
            acc = acc * 31 + lookup(QUERY, len);
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
