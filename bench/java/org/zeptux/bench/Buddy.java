package org.zeptux.bench;

/** A buddy allocator over 4 Ki pages (orders 0..12): split on allocation, merge on free. */
public final class Buddy {
    static final int OPS = 2000000;
    static final int ORDERS = 13;
    static final int PAGES = 1 << (ORDERS - 1);
    static final int[] HEAD = new int[ORDERS];
    static final int[] NEXT = new int[PAGES];
    static final int[] PREV = new int[PAGES];
    static final byte[] FREE_ORDER = new byte[PAGES];
    static final int[] LIVE = new int[1024];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static void push(int b, int o) {
        int h = HEAD[o];
        NEXT[b] = h;
        PREV[b] = -1;
        if (h >= 0) {
            PREV[h] = b;
        }
        HEAD[o] = b;
        FREE_ORDER[b] = (byte) o;
    }

    static void unlink(int b, int o) {
        int n = NEXT[b];
        int p = PREV[b];
        if (p >= 0) {
            NEXT[p] = n;
        } else {
            HEAD[o] = n;
        }
        if (n >= 0) {
            PREV[n] = p;
        }
        FREE_ORDER[b] = -1;
    }

    static int alloc(int o) {
        int k = o;
        while (k < ORDERS && HEAD[k] < 0) {
            k++;
        }
        if (k == ORDERS) {
            return -1;
        }
        int b = HEAD[k];
        unlink(b, k);
        while (k > o) {
            k--;
            push(b + (1 << k), k);
        }
        return b;
    }

    static void free(int b, int o) {
        while (o < ORDERS - 1) {
            int buddy = b ^ (1 << o);
            if (FREE_ORDER[buddy] != o) {
                break;
            }
            unlink(buddy, o);
            b &= ~(1 << o);
            o++;
        }
        push(b, o);
    }

    public static long run() {
        seed = 23;
        for (int i = 0; i < ORDERS; i++) {
            HEAD[i] = -1;
        }
        for (int i = 0; i < PAGES; i++) {
            FREE_ORDER[i] = -1;
        }
        for (int i = 0; i < LIVE.length; i++) {
            LIVE[i] = -1;
        }
        push(0, ORDERS - 1);
        long acc = 0;
        for (int op = 0; op < OPS; op++) {
            int slot = next() & 1023;
            int live = LIVE[slot];
            if (live >= 0) {
                free(live & 0xffff, live >>> 16);
                LIVE[slot] = -1;
            } else {
                int o = next() & 3;
                int b = alloc(o);
                if (b >= 0) {
                    LIVE[slot] = b | (o << 16);
                    acc += b * 31L + o;
                } else {
                    acc ^= op;
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
