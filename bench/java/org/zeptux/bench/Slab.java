package org.zeptux.bench;

/**
 * A slab allocator's paths, as the kernel's typed pools take them: 256 slabs of 64 objects, a
 * free list threaded through each slab's free objects, a doubly linked list of the slabs that
 * have a free object, and a state byte per object that catches double frees.
 */
public final class Slab {
    static final int OPS = 2200000;
    static final int SLABS = 256;
    static final int PER_SLAB = 64;
    static final int OBJECTS = SLABS * PER_SLAB;
    /** The next free object of a free object's slab (-1: the last). */
    static final int[] NEXT_FREE = new int[OBJECTS];
    /** 1 while an object is allocated. */
    static final byte[] STATE = new byte[OBJECTS];
    /** An object's first word, written by its user. */
    static final long[] PAYLOAD = new long[OBJECTS];
    static final int[] FREE_HEAD = new int[SLABS];
    static final int[] IN_USE = new int[SLABS];
    /** The slabs with a free object, most recently freed into first. */
    static final int[] PARTIAL_NEXT = new int[SLABS];
    static final int[] PARTIAL_PREV = new int[SLABS];
    static int partial;
    static final int[] LIVE = new int[8192];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static void linkPartial(int s) {
        PARTIAL_PREV[s] = -1;
        PARTIAL_NEXT[s] = partial;
        if (partial >= 0) {
            PARTIAL_PREV[partial] = s;
        }
        partial = s;
    }

    static void unlinkPartial(int s) {
        int n = PARTIAL_NEXT[s];
        int p = PARTIAL_PREV[s];
        if (p >= 0) {
            PARTIAL_NEXT[p] = n;
        } else {
            partial = n;
        }
        if (n >= 0) {
            PARTIAL_PREV[n] = p;
        }
    }

    /** An object from the first slab with one free, or -1 when every slab is full. */
    static int alloc() {
        int s = partial;
        if (s < 0) {
            return -1;
        }
        int o = FREE_HEAD[s];
        FREE_HEAD[s] = NEXT_FREE[o];
        if (++IN_USE[s] == PER_SLAB) {
            unlinkPartial(s);
        }
        STATE[o] = 1;
        return o;
    }

    /** Frees {@code o}; false (and nothing changes) when it is not allocated: a double free. */
    static boolean free(int o) {
        if (STATE[o] != 1) {
            return false;
        }
        STATE[o] = 0;
        int s = o / PER_SLAB;
        if (IN_USE[s]-- == PER_SLAB) {
            linkPartial(s);
        }
        NEXT_FREE[o] = FREE_HEAD[s];
        FREE_HEAD[s] = o;
        return true;
    }

    public static long run() {
        seed = 29;
        partial = -1;
        for (int s = SLABS - 1; s >= 0; s--) {
            for (int i = 0; i < PER_SLAB; i++) {
                int o = s * PER_SLAB + i;
                NEXT_FREE[o] = i + 1 < PER_SLAB ? o + 1 : -1;
                STATE[o] = 0;
            }
            FREE_HEAD[s] = s * PER_SLAB;
            IN_USE[s] = 0;
            linkPartial(s);
        }
        for (int i = 0; i < LIVE.length; i++) {
            LIVE[i] = -1;
        }
        long acc = 0;
        int stale = 0;
        for (int op = 0; op < OPS; op++) {
            int r = next();
            int slot = r & 8191;
            int o = LIVE[slot];
            if (o >= 0) {
                acc += PAYLOAD[o];
                free(o);
                LIVE[slot] = -1;
                stale = o;
            } else if ((r & 0x70000) == 0) {
                if (!free(stale)) {                 // a double free: caught, counted
                    acc += 7;
                }
            } else {
                o = alloc();
                if (o >= 0) {
                    PAYLOAD[o] = (long) op * 0x9E3779B9L;
                    LIVE[slot] = o;
                    acc ^= o;
                } else {
                    acc -= 1;
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
