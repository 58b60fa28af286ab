package org.zeptux.rt.hosted;

/**
 * The memory mappings {@link Linux#mmap} made, so that {@code munmap}, {@code mprotect} and the
 * copies in and out of mapped memory reach only those: never the program's own image, stack or
 * heap, whose loss would break the Java checks of safe code. A table of at most {@link #MAX}
 * regions, each a page-aligned range {@code [start, end)} with its protection; unmapping or
 * protecting part of a region splits it, as the kernel splits its own mapping.
 *
 * <p>Invariant: regions are disjoint, non-empty and page-aligned; {@code count} entries are in
 * use, in no particular order. Only {@link Linux} calls these methods, and only after the system
 * call they describe has succeeded (or, for {@link #carve}, before a call that changes a range
 * the table already holds).
 */
final class Mappings {
    private Mappings() {}

    /** How many regions the table holds; an mmap beyond it is undone and returns -ENOMEM. */
    static final int MAX = 64;

    static final long PAGE = 4096;

    private static final long[] START = new long[MAX];
    private static final long[] END = new long[MAX];
    private static final int[] PROT = new int[MAX];
    private static int count;

    /** Records a new mapping; false when the table is full. */
    static boolean add(long start, long end, int prot) {
        if (count == MAX) {
            return false;
        }
        START[count] = start;
        END[count] = end;
        PROT[count] = prot;
        count++;
        return true;
    }

    /** The region that holds all of {@code [start, end)} ({@code start < end}), or -1. */
    static int find(long start, long end) {
        for (int i = 0; i < count; i++) {
            if (Long.compareUnsigned(START[i], start) <= 0 && Long.compareUnsigned(end, END[i]) <= 0
                    && Long.compareUnsigned(start, end) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code [start, end)} lies in one region whose protection has every bit of {@code prot}. */
    static boolean allows(long start, long end, int prot) {
        int i = find(start, end);
        return i >= 0 && (PROT[i] & prot) == prot;
    }

    /**
     * Splits region {@code i} so that the page-aligned {@code [start, end)} inside it is a region
     * of its own; returns that region's index, or -1 when the table has no room for the pieces
     * (the table is then unchanged).
     */
    static int carve(int i, long start, long end) {
        int pieces = (START[i] != start ? 1 : 0) + (END[i] != end ? 1 : 0);
        if (count + pieces > MAX) {
            return -1;
        }
        if (START[i] != start) {
            add(START[i], start, PROT[i]);
        }
        if (END[i] != end) {
            add(end, END[i], PROT[i]);
        }
        START[i] = start;
        END[i] = end;
        return i;
    }

    /** Forgets region {@code i} (unmapped). */
    static void remove(int i) {
        count--;
        START[i] = START[count];
        END[i] = END[count];
        PROT[i] = PROT[count];
    }

    /** Region {@code i} now has protection {@code prot}. */
    static void protect(int i, int prot) {
        PROT[i] = prot;
    }
}
