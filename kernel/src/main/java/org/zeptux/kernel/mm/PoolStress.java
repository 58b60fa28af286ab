package org.zeptux.kernel.mm;

import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.pool.Pool;

/**
 * A randomized stress of a {@link Pool} with its invariants checked, and the figure of its
 * fast path: {@code poolstress} and {@code poolbench} on the monitor, and the pool KTests.
 *
 * <p>The stress keeps up to {@link #MAX_LIVE} objects, allocates or frees one at random each
 * operation (more allocations while few are live, more frees while many are), stamps each new
 * object and checks every object's stamp when it is freed (no two objects share memory, and
 * a new object's fields were zero). Every {@link #CHECK_EVERY} operations, and at the end:
 * the pool's count of live objects is the stress's, its slabs hold them, and the owner's pages
 * are exactly the slabs' pages. At the end everything is freed: the pool holds no slab and the
 * owner's pages are back where they started.
 */
public final class PoolStress {
    private PoolStress() {}

    public static final int MAX_LIVE = 4096;
    public static final int CHECK_EVERY = 4096;

    /** The objects of the stress: a stamp and a link, 32 bytes with the class word. */
    static final class Item {
        long stamp;
        int check;
        Item next;
    }

    public static final Pool<Item> ITEMS = Pool.of("poolstress", Item.class, Owner.TEST);
    private static final Item[] LIVE = new Item[MAX_LIVE];

    private static long random;
    private static int errors;

    /**
     * Runs {@code ops} random operations from {@code seed}; prints one line with the counts and
     * {@code ok} or the first broken invariant. Returns the number of broken invariants.
     */
    public static int run(long ops, long seed) {
        random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        errors = 0;
        long pagesBefore = Buddy.used(Owner.TEST);
        long start = Processor.rdtsc();
        int live = 0;
        long stamp = 0;
        long peak = 0;
        long allocs = 0;
        for (long op = 0; op < ops && errors == 0; op++) {
            long r = next();
            boolean alloc = live == 0 || live < MAX_LIVE && (r & 0x3FF) >= (live * 1024L) / MAX_LIVE;
            if (alloc) {
                Item item = ITEMS.alloc();
                if (item == null) {
                    fail("an allocation failed with memory to spare", op);
                    break;
                }
                if (item.stamp != 0 || item.check != 0 || item.next != null) {
                    fail("a new object's fields are not zero", op);
                }
                stamp++;
                item.stamp = stamp;
                item.check = (int) (stamp * 0x9E3779B9L);
                item.next = live > 0 ? LIVE[live - 1] : null;
                LIVE[live] = item;
                live++;
                allocs++;
                peak = Math.max(peak, live);
            } else {
                int i = (int) ((r >>> 16) % live);
                Item item = LIVE[i];
                if (item.check != (int) (item.stamp * 0x9E3779B9L)) {
                    fail("an object's fields changed while it was live", op);
                }
                live--;
                LIVE[i] = LIVE[live];
                LIVE[live] = null;
                ITEMS.free(item);
            }
            if ((op + 1) % CHECK_EVERY == 0) {
                invariants(live, pagesBefore, op);
            }
        }
        invariants(live, pagesBefore, ops);
        for (int i = 0; i < live; i++) {
            ITEMS.free(LIVE[i]);
            LIVE[i] = null;
        }
        Buddy.drainAll(Buddy.DRAIN_POOLS);          // the objects this CPU's cache holds go back to their slabs
        if (ITEMS.active() != 0 || ITEMS.slabs() != 0 || Buddy.used(Owner.TEST) != pagesBefore) {
            fail("the pool did not give every page back", ops);
        }
        long cycles = Processor.rdtsc() - start;
        Printf.printf("poolstress: %lu operations, %lu allocations, at most %lu live, %lu cycles: %s\n", ops, allocs,
                peak, cycles, Printf.s(errors == 0 ? "ok" : "FAILED"));
        return errors;
    }

    private static void invariants(int live, long pagesBefore, long op) {
        long slabPages = ITEMS.slabs() << ITEMS.order();
        if (ITEMS.active() != live) {
            fail("the pool's count of live objects is wrong", op);
        } else if (ITEMS.slabs() * ITEMS.perSlab() < live) {
            fail("the slabs cannot hold the live objects", op);
        } else if (Buddy.used(Owner.TEST) - pagesBefore != slabPages) {
            fail("the owner's pages are not the slabs' pages", op);
        }
    }

    private static void fail(String what, long op) {
        if (errors == 0) {
            Printf.printf("poolstress: operation %lu: %s\n", op, Printf.s(what));
        }
        errors++;
    }

    private static long next() {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return random;
    }

    // ---- poolbench ----

    public static final int RUNS = 101;
    public static final int BATCH = 100;
    private static final long[] SAMPLES = new long[RUNS];

    /**
     * The fast path: cycles of one alloc+free pair on a pool with a partial slab (the median of
     * {@link #RUNS} runs of {@link #BATCH} pairs), printed as {@code bench: pool alloc+free: ...};
     * returns the median, or -1 without memory.
     */
    public static long bench() {
        Item keep = ITEMS.alloc();                  // keeps a slab, so the pairs take the fast path
        if (keep == null) {
            Printf.printf("bench: pool alloc+free: no memory\n");
            return -1;
        }
        for (int run = 0; run < RUNS; run++) {
            long t = Processor.rdtsc();
            for (int i = 0; i < BATCH; i++) {
                ITEMS.free(ITEMS.alloc());
            }
            SAMPLES[run] = (Processor.rdtsc() - t) / BATCH;
        }
        ITEMS.free(keep);
        long median = MemBench.median(SAMPLES);
        Printf.printf("bench: pool alloc+free: median %lu cycles (min %lu, max %lu; %d runs of %d)\n", median,
                SAMPLES[0], SAMPLES[RUNS - 1], RUNS, BATCH);
        return median;
    }
}
