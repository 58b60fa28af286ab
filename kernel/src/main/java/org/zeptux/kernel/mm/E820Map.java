package org.zeptux.kernel.mm;

import org.zeptux.kernel.boot.BootInfo;

/**
 * The sanitised physical memory map: the BIOS e820 entries turned into sorted, disjoint,
 * non-empty ranges, each of one type.
 *
 * <p>The BIOS may report entries unsorted, overlapping, empty, or running to the top of the
 * address space. {@link #sanitize} cuts the address space at every entry's start and end,
 * gives each piece the type of the entries covering it — where they disagree the highest type
 * number wins, so anything reserved beats usable (as Linux does) — merges neighbours of the
 * same type, and shrinks usable ranges inward to whole pages (a partial page is not usable).
 * Ranges are stored as first and last byte so one may end at 2^64 - 1.
 *
 * <p>Lifecycle: {@link #sanitize} once at boot (or again in tests); then read-only.
 */
public final class E820Map {
    private E820Map() {}

    public static final long PAGE = 4096;
    /** Pieces: each input entry adds at most two cut points, so 2 * E820_MAX + 1 pieces at most. */
    static final int MAX = 2 * BootInfo.E820_MAX + 2;

    private static final long[] CUTS = new long[MAX];
    private static final long[] FIRST = new long[MAX];
    private static final long[] LAST = new long[MAX];
    private static final int[] TYPE = new int[MAX];
    private static int count;

    /** Rebuilds the map from the BootInfo at {@code info}. */
    public static void sanitize(long info) {
        int n = BootInfo.e820Count(info);
        int cuts = 0;
        for (int i = 0; i < n; i++) {
            long e = BootInfo.e820Entry(info, i);
            if (E820.length(e) == 0) {
                continue;
            }
            cuts = addCut(cuts, E820.base(e));
            long last = last(e);
            if (last != -1L) {
                cuts = addCut(cuts, last + 1);
            }
        }
        sort(cuts);
        cuts = unique(cuts);
        count = 0;
        for (int c = 0; c < cuts; c++) {
            long first = CUTS[c];
            long last = c + 1 < cuts ? CUTS[c + 1] - 1 : -1L;
            int type = typeOf(info, n, first, last);
            if (type != 0) {
                append(first, last, type);
            }
        }
        alignUsable();
    }

    /** The number of ranges. */
    public static int count() {
        return count;
    }

    /** The first byte of range {@code i}. */
    public static long first(int i) {
        return FIRST[i];
    }

    /** The last byte of range {@code i} (inclusive). */
    public static long last(int i) {
        return LAST[i];
    }

    /** The e820 type of range {@code i}. */
    public static int type(int i) {
        return TYPE[i];
    }

    /** The total size of the usable ranges, in bytes. */
    public static long usableBytes() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            if (TYPE[i] == E820.USABLE) {
                sum += LAST[i] - FIRST[i] + 1;
            }
        }
        return sum;
    }

    private static long last(long entry) {
        long base = E820.base(entry);
        long length = E820.length(entry);
        // An entry running past 2^64 stops at the top of the address space.
        return Long.compareUnsigned(length - 1, -1L - base) > 0 ? -1L : base + length - 1;
    }

    private static int addCut(int cuts, long at) {
        CUTS[cuts] = at;
        return cuts + 1;
    }

    /** Insertion sort of the cut points as unsigned addresses (at most a few hundred). */
    private static void sort(int n) {
        for (int i = 1; i < n; i++) {
            long v = CUTS[i];
            int j = i - 1;
            while (j >= 0 && Long.compareUnsigned(CUTS[j], v) > 0) {
                CUTS[j + 1] = CUTS[j];
                j--;
            }
            CUTS[j + 1] = v;
        }
    }

    /** Removes repeated cut points from the sorted list; returns how many remain. */
    private static int unique(int n) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (kept == 0 || CUTS[kept - 1] != CUTS[i]) {
                CUTS[kept] = CUTS[i];
                kept++;
            }
        }
        return kept;
    }

    /** The highest type among the entries covering [first, last], or 0 if none does. */
    private static int typeOf(long info, int n, long first, long last) {
        int best = 0;
        for (int i = 0; i < n; i++) {
            long e = BootInfo.e820Entry(info, i);
            if (E820.length(e) == 0) {
                continue;
            }
            boolean covers = Long.compareUnsigned(E820.base(e), first) <= 0
                    && Long.compareUnsigned(last(e), last) >= 0;
            int type = E820.type(e);
            if (covers && Integer.compareUnsigned(type, best) > 0) {
                best = type;
            }
        }
        return best;
    }

    /** Adds a range, merging it into the previous one when they touch and have the same type. */
    private static void append(long first, long last, int type) {
        if (count > 0 && TYPE[count - 1] == type && LAST[count - 1] + 1 == first) {
            LAST[count - 1] = last;
            return;
        }
        FIRST[count] = first;
        LAST[count] = last;
        TYPE[count] = type;
        count++;
    }

    /** Shrinks usable ranges to whole pages and drops those with none left. */
    private static void alignUsable() {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            long first = FIRST[i];
            long last = LAST[i];
            if (TYPE[i] == E820.USABLE) {
                long up = (first + PAGE - 1) & -PAGE;
                if (first != 0 && up == 0) {
                    continue;                   // starts inside the top page
                }
                long end = (last + 1) & -PAGE;  // exclusive; 0 means 2^64 when last is the top
                if (end == 0 && last != -1L) {
                    continue;                   // ends inside the first page
                }
                long down = end - 1;
                if (Long.compareUnsigned(up, down) > 0) {
                    continue;                   // no whole page inside
                }
                first = up;
                last = down;
            }
            FIRST[kept] = first;
            LAST[kept] = last;
            TYPE[kept] = TYPE[i];
            kept++;
        }
        count = kept;
    }
}
