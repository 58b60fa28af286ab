package org.zeptux.bench;

/**
 * A byte ring buffer as a pipe or a serial driver keeps one: 4 KiB, free-running head and tail
 * masked on use, writes of random length copied in at most two pieces around the wrap, reads
 * of random length consumed byte by byte into a checksum.
 */
public final class Ring {
    static final int OPS = 100000;
    static final int SIZE = 4096;
    static final int MASK = SIZE - 1;
    static final byte[] RING = new byte[SIZE];
    static final byte[] SOURCE = new byte[512];
    static int head;
    static int tail;
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    /** Copies up to {@code n} bytes of {@code from} in; returns how many fitted. */
    static int put(byte[] from, int n) {
        int room = SIZE - (head - tail);
        if (n > room) {
            n = room;
        }
        int at = head & MASK;
        int first = Math.min(n, SIZE - at);
        for (int i = 0; i < first; i++) {
            RING[at + i] = from[i];
        }
        for (int i = first; i < n; i++) {
            RING[i - first] = from[i];
        }
        head += n;
        return n;
    }

    /** Takes up to {@code n} bytes out into a checksum: {@code sum * 31 + byte}, byte by byte. */
    static long take(int n, long sum) {
        int available = head - tail;
        if (n > available) {
            n = available;
        }
        for (int i = 0; i < n; i++) {
            sum = sum * 31 + (RING[(tail + i) & MASK] & 0xff);
        }
        tail += n;
        return sum;
    }

    public static long run() {
        seed = 37;
        head = 0;
        tail = 0;
        for (int i = 0; i < SOURCE.length; i++) {
            SOURCE[i] = (byte) next();
        }
        long sum = 0;
        long moved = 0;
        for (int op = 0; op < OPS; op++) {
            int r = next();
            if ((r & 1) == 0) {
                moved += put(SOURCE, (r >>> 1) & 511);
            } else {
                sum = take((r >>> 1) & 511, sum);
            }
            SOURCE[op & 511] ^= (byte) r;
        }
        return sum + moved;
    }

    public static void main(String[] args) {
        long r = 0;
        for (int i = 0; i < Repeat.TIMES; i++) {
            r = run();
        }
        System.out.println(r);
    }
}
