package org.zeptux.kernel.mm;

import org.zeptux.kernel.hw.PageFrame;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Pfn;
import org.zeptux.rt.PhysAddr;

/**
 * A randomized stress of the buddy allocator with every invariant checked: random allocations
 * and frees of all orders by two owners, one with a limit, on a private allocator
 * ({@link BuddyArena}) of {@link #PAGES} pages that starts at an unaligned page (so the edges
 * have small blocks).
 *
 * <p>Checked after every operation: an allocation is aligned, inside the range, and none of its
 * pages is allocated already (a bitmap of allocated pages); a failed one failed for a reason
 * (the owner's limit, or no free block large enough) and was counted; the free page count and
 * each owner's pages are exact. Every {@link #VERIFY_EVERY} operations: {@link Zone#verify} (the
 * whole database and the free lists) and that no free block holds an allocated page. At the
 * end: everything freed, the allocator is back in its starting state (the same blocks of every
 * order).
 */
public final class BuddyStress {
    private BuddyStress() {}

    /** The zone the stress runs on: the arena's. */
    private static final Zone ZONE = BuddyArena.ZONE;
    public static final int PAGES = 16384;
    /** The private range starts 3 pages past 4 GiB + 1 MiB: unaligned. */
    public static final long FIRST = BuddyArena.FIRST_PFN.toLong() + 256 + 3;
    public static final int VERIFY_EVERY = 65536;
    public static final int MAX_LIVE = 4096;
    /** The limited owner may hold three quarters of the pages. */
    public static final long LIMIT = PAGES * 3L / 4;

    private static final long BITMAP_BASE = FIRST & -1024L;
    private static final long[] ALLOCATED = new long[(PAGES + 2048) / 64];
    private static final long[] LIVE_PFN = new long[MAX_LIVE];
    private static final int[] LIVE_ORDER = new int[MAX_LIVE];
    private static final int[] LIVE_OWNER = new int[MAX_LIVE];
    private static final long[] INITIAL_BLOCKS = new long[Zone.MAX_ORDER];
    private static final long[] MINE = new long[Owner.COUNT];

    private static long random;
    private static int live;
    private static long expectedFree;
    private static int errors;
    private static long allocs;
    private static long frees;
    private static long failedAllocs;

    /**
     * Runs {@code ops} random operations from {@code seed}; prints one line with the counts, the
     * cycles taken and {@code ok} or the first broken invariant. Returns the number of broken
     * invariants (0: all held), or -1 if the live allocator had no room for the arena.
     */
    public static int run(long ops, long seed) {
        if (!BuddyArena.begin(Pfn.of(FIRST), PAGES, true)) {
            Printf.printf("buddy stress: no memory for the arena\n");
            return -1;
        }
        long start = Processor.rdtsc();
        random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        live = 0;
        errors = 0;
        allocs = 0;
        frees = 0;
        failedAllocs = 0;
        expectedFree = PAGES;
        for (int i = 0; i < ALLOCATED.length; i++) {
            ALLOCATED[i] = 0;
        }
        for (int o = 0; o < Owner.COUNT; o++) {
            MINE[o] = 0;
        }
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            INITIAL_BLOCKS[k] = ZONE.freeBlocks(k);
        }
        ZONE.setLimit(Owner.TEST, LIMIT);
        check(ZONE.verify() == 0, "the initial state verifies", 0);
        for (long op = 0; op < ops && errors == 0; op++) {
            long r = next();
            // Phases of 64 Ki operations lean to allocating or to freeing, so memory fills and drains.
            int allocPer1024 = ((op >>> 16) % 3) == 0 ? 620 : ((op >>> 16) % 3) == 1 ? 520 : 400;
            boolean allocate = live == 0 || (live < MAX_LIVE && (r & 1023) < allocPer1024);
            if (allocate) {
                allocate(r, op);
            } else {
                release(r, op);
            }
            check(ZONE.freePages() == expectedFree, "the free page count", op);
            if ((op + 1) % VERIFY_EVERY == 0) {
                verify(op);
            }
        }
        while (live > 0 && errors == 0) {
            release(0, ops);
        }
        verify(ops);
        check(ZONE.freePages() == PAGES, "everything free at the end", ops);
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            check(ZONE.freeBlocks(k) == INITIAL_BLOCKS[k], "coalesced back to the starting blocks", ops);
        }
        check(ZONE.used(Owner.TEST) == 0 && ZONE.used(Owner.MODULES) == 0, "no owner holds pages", ops);
        long cycles = Processor.rdtsc() - start;
        BuddyArena.end();
        Printf.printf("buddy stress: %lu ops (%lu allocs, %lu failed, %lu frees) over %d pages: %s",
                ops, allocs, failedAllocs, frees, PAGES, Printf.s(errors == 0 ? "ok" : "FAILED"));
        Printf.printf(", %lu cycles\n", cycles);
        return errors;
    }

    private static void allocate(long r, long op) {
        int order;
        if ((r & 0x1C00) == 0) {
            order = (int) ((r >>> 13) % Zone.MAX_ORDER);            // one in eight: any order
        } else {
            order = Math.min(Long.numberOfTrailingZeros((r >>> 13) | (1L << 40)), Zone.MAX_ORDER - 1);
        }
        int owner = ((r >>> 50) & 1) == 0 ? Owner.TEST : Owner.MODULES;
        long pages = 1L << order;
        long failuresBefore = ZONE.failures(owner);
        PhysAddr phys = ZONE.alloc(order, owner);
        if (phys == null) {
            failedAllocs++;
            boolean overLimit = ZONE.limit(owner) != Zone.NO_LIMIT && MINE[owner] + pages > ZONE.limit(owner);
            boolean noBlock = true;
            for (int k = order; k < Zone.MAX_ORDER; k++) {
                if (ZONE.freeBlocks(k) != 0) {
                    noBlock = false;
                }
            }
            check(overLimit || noBlock, "an allocation fails only over the limit or without a block", op);
            check(ZONE.failures(owner) == failuresBefore + 1, "a failure is counted", op);
            return;
        }
        allocs++;
        long pfn = phys.pfn().toLong();
        check(phys.alignDown(Phys.PAGE_SIZE).eq(phys) && (pfn & (pages - 1)) == 0, "aligned to its size", op);
        check(pfn >= FIRST && pfn + pages <= FIRST + PAGES, "inside the range", op);
        check(ZONE.limit(owner) == Zone.NO_LIMIT || MINE[owner] + pages <= ZONE.limit(owner), "within the limit", op);
        if (errors != 0) {
            return;
        }
        check(mark(pfn, order, true), "no page handed out twice", op);
        LIVE_PFN[live] = pfn;
        LIVE_ORDER[live] = order;
        LIVE_OWNER[live] = owner;
        live++;
        MINE[owner] += pages;
        expectedFree -= pages;
        check(ZONE.used(owner) == MINE[owner], "the owner's pages", op);
    }

    private static void release(long r, long op) {
        int i = (int) ((r >>> 33) % live);
        long pfn = LIVE_PFN[i];
        int order = LIVE_ORDER[i];
        int owner = LIVE_OWNER[i];
        live--;
        LIVE_PFN[i] = LIVE_PFN[live];
        LIVE_ORDER[i] = LIVE_ORDER[live];
        LIVE_OWNER[i] = LIVE_OWNER[live];
        check(ZONE.checkFree(Pfn.of(pfn).phys(), order, owner) == Zone.OK, "a live block can be freed", op);
        if (errors != 0) {
            return;
        }
        ZONE.free(Pfn.of(pfn).phys(), order, owner);
        frees++;
        check(mark(pfn, order, false), "freed pages were allocated", op);
        MINE[owner] -= 1L << order;
        expectedFree += 1L << order;
        check(ZONE.used(owner) == MINE[owner], "the owner's pages after a free", op);
        check(ZONE.checkFree(Pfn.of(pfn).phys(), order, owner) == Zone.NOT_ALLOCATED, "a double free is detected", op);
    }

    /** The whole-database check, and that no free block holds an allocated page. */
    private static void verify(long op) {
        int v = ZONE.verify();
        if (v != 0) {
            Printf.printf("    # Zone.verify: invariant %d broken\n", v);
        }
        check(v == 0, "Zone.verify", op);
        long p = FIRST;
        while (p < FIRST + PAGES && errors == 0) {
            int flags = ZONE.flags(Pfn.of(p));
            if (flags == PageFrame.FREE) {
                int k = ZONE.order(Pfn.of(p));
                for (long t = p; t < p + (1L << k); t++) {
                    long bit = t - BITMAP_BASE;
                    check((ALLOCATED[(int) (bit >>> 6)] & (1L << bit)) == 0, "free blocks hold no allocated page", op);
                }
                p += 1L << k;
            } else if (flags == PageFrame.ALLOCATED) {
                p += 1L << ZONE.order(Pfn.of(p));
            } else {
                p++;
            }
        }
    }

    /** Sets (or clears) the block's bits; false if any was already set (or clear). */
    private static boolean mark(long pfn, int order, boolean set) {
        long bit = pfn - BITMAP_BASE;
        int word = (int) (bit >>> 6);
        if (order >= 6) {
            int words = 1 << (order - 6);
            boolean ok = true;
            for (int w = word; w < word + words; w++) {
                ok &= ALLOCATED[w] == (set ? 0 : -1L);
                ALLOCATED[w] = set ? -1L : 0;
            }
            return ok;
        }
        long mask = ((1L << (1 << order)) - 1) << (bit & 63);
        boolean ok = (ALLOCATED[word] & mask) == (set ? 0 : mask);
        ALLOCATED[word] = set ? ALLOCATED[word] | mask : ALLOCATED[word] & ~mask;
        return ok;
    }

    private static void check(boolean ok, String what, long op) {
        if (!ok) {
            errors++;
            if (errors <= 5) {
                Printf.printf("    # buddy stress: %s: broken at operation %lu\n", Printf.s(what), op);
            }
        }
    }

    /** xorshift64*. */
    private static long next() {
        long x = random;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        random = x;
        return x * 0x2545F4914F6CDD1DL;
    }
}
