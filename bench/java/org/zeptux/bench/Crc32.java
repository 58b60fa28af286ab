package org.zeptux.bench;

/** Table-driven CRC-32 (IEEE, reflected) over a 64 KiB buffer, chained over many rounds. */
public final class Crc32 {
    static final int ROUNDS = 160;
    static final int[] TABLE = new int[256];
    static final byte[] DATA = new byte[1 << 16];
    static long seed;

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static int update(int crc, byte[] buf, int off, int len) {
        int c = ~crc;
        for (int i = off; i < off + len; i++) {
            c = TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
        }
        return ~c;
    }

    public static long run() {
        seed = 42;
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) next();
        }
        int crc = 0;
        long sum = 0;
        for (int r = 0; r < ROUNDS; r++) {
            crc = update(crc, DATA, r & 255, DATA.length - 256);
            sum += crc & 0xffffffffL;
            DATA[r] ^= (byte) crc;
        }
        return sum;
    }

    public static void main(String[] args) {
        long r = 0;
        for (int i = 0; i < Repeat.TIMES; i++) {
            r = run();
        }
        System.out.println(r);
    }
}
