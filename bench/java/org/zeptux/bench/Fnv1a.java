package org.zeptux.bench;

/** FNV-1a, 64-bit, over slices of a 64 KiB byte buffer. */
public final class Fnv1a {
    static final int ROUNDS = 300;
    static final byte[] DATA = new byte[1 << 16];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static long hash(byte[] buf, int off, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = off; i < off + len; i++) {
            h ^= buf[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    public static long run() {
        seed = 7;
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) next();
        }
        long acc = 0;
        for (int r = 0; r < ROUNDS; r++) {
            acc ^= hash(DATA, r & 1023, DATA.length - 1024) + r;
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
