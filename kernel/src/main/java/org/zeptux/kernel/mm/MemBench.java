package org.zeptux.kernel.mm;

import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.PhysAddr;

/**
 * Benchmarks of the live buddy allocator: cycles (rdtsc) per allocation and free of one block,
 * for order 0 and order 9; each figure the median of {@link #RUNS} runs of {@link #BATCH} pairs.
 */
public final class MemBench {
    private MemBench() {}

    public static final int RUNS = 101;
    public static final int BATCH = 100;
    private static final long[] SAMPLES = new long[RUNS];

    /** Prints {@code bench: order N alloc+free: median C cycles (...)} for orders 0 and 9. */
    public static void run() {
        print(0);
        print(9);
    }

    private static void print(int order) {
        long median = medianCycles(order);
        if (median < 0) {
            Printf.printf("bench: order %d alloc+free: no memory\n", order);
            return;
        }
        Printf.printf("bench: order %d alloc+free: median %lu cycles (min %lu, max %lu; %d runs of %d)\n", order,
                median, SAMPLES[0], SAMPLES[RUNS - 1], RUNS, BATCH);
    }

    /**
     * The median cycles of one alloc+free pair of {@code order} by {@link Owner#TEST} on the
     * live allocator (set up first if need be), or -1 if an allocation fails. Leaves the sorted
     * samples for the printer.
     */
    public static long medianCycles(int order) {
        BuddyArena.live();
        for (int run = 0; run < RUNS; run++) {
            long start = Processor.rdtsc();
            for (int i = 0; i < BATCH; i++) {
                PhysAddr phys = Buddy.alloc(order, Owner.TEST);
                if (phys == null) {
                    return -1;
                }
                Buddy.free(phys, order, Owner.TEST);
            }
            SAMPLES[run] = (Processor.rdtsc() - start) / BATCH;
        }
        return median(SAMPLES);
    }

    /** Sorts {@code samples} in place (insertion sort: the benchmarks' hundred or so) and returns the middle one. */
    static long median(long[] samples) {
        for (int i = 1; i < samples.length; i++) {
            long v = samples[i];
            int j = i - 1;
            while (j >= 0 && samples[j] > v) {
                samples[j + 1] = samples[j];
                j--;
            }
            samples[j + 1] = v;
        }
        return samples[samples.length / 2];
    }
}
