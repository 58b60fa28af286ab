package org.zeptux.bench;

/** Parsing IPv4/UDP/TCP headers out of a 64 KiB buffer: big-endian fields, header checksums, port counts. */
public final class Packets {
    static final int ROUNDS = 600;
    static final byte[] BUF = new byte[1 << 16];
    static final int[] PORTS = new int[256];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static int be16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    static int be32(byte[] b, int p) {
        return (be16(b, p) << 16) | be16(b, p + 2);
    }

    static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    static void put32(byte[] b, int p, int v) {
        put16(b, p, v >>> 16);
        put16(b, p + 2, v);
    }

    /** The Internet checksum of the 20-byte header at p (0 when a stored checksum is right). */
    static int checksum(byte[] b, int p) {
        int s = 0;
        for (int i = 0; i < 20; i += 2) {
            s += be16(b, p + i);
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return ~s & 0xffff;
    }

    /** Fills the buffer with packets; returns the end of the last one. */
    static int build(byte[] b) {
        int p = 0;
        while (p + 28 + 64 <= b.length) {
            int payload = next() & 63;
            int total = 28 + payload;
            b[p] = 0x45;
            b[p + 1] = 0;
            put16(b, p + 2, total);
            put16(b, p + 4, next() & 0xffff);
            put16(b, p + 6, 0);
            b[p + 8] = 64;
            b[p + 9] = (byte) ((next() & 1) != 0 ? 17 : 6);
            put16(b, p + 10, 0);
            put32(b, p + 12, next());
            put32(b, p + 16, next());
            put16(b, p + 10, checksum(b, p));
            if ((next() & 15) == 0) {
                b[p + 11] ^= 1; // a corrupted header, to be dropped
            }
            put16(b, p + 20, next() & 0xffff);
            put16(b, p + 22, next() & 0x3ff);
            put16(b, p + 24, 8 + payload);
            put16(b, p + 26, 0);
            for (int i = 0; i < payload; i++) {
                b[p + 28 + i] = (byte) next();
            }
            p += total;
        }
        return p;
    }

    static long parse(byte[] b, int end, int[] ports) {
        long acc = 0;
        int p = 0;
        while (p + 20 <= end) {
            int vihl = b[p] & 0xff;
            if ((vihl >>> 4) != 4) {
                break;
            }
            int ihl = (vihl & 15) * 4;
            int total = be16(b, p + 2);
            if (total < ihl + 8 || p + total > end) {
                break;
            }
            if (checksum(b, p) == 0) {
                int protocol = b[p + 9];
                int src = be32(b, p + 12);
                int dst = be32(b, p + 16);
                int dport = be16(b, p + ihl + 2);
                ports[dport & 255]++;
                acc += (src ^ dst) & 0xffffffffL;
                if (protocol == 17) {
                    int length = be16(b, p + ihl + 4);
                    int sum = 0;
                    for (int i = p + ihl + 8; i < p + ihl + length; i++) {
                        sum += b[i] & 0xff;
                    }
                    acc += sum;
                }
            } else {
                acc ^= p;
            }
            p += total;
        }
        return acc;
    }

    public static long run() {
        seed = 31;
        for (int i = 0; i < PORTS.length; i++) {
            PORTS[i] = 0;
        }
        int end = build(BUF);
        long acc = 0;
        for (int r = 0; r < ROUNDS; r++) {
            acc = acc * 3 + parse(BUF, end, PORTS);
        }
        for (int i = 0; i < PORTS.length; i++) {
            acc += (long) PORTS[i] * i;
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
