package org.zeptux.kernel.mm;

import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.smp.CpuWork;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Smp;
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

    /**
     * Prints {@code bench: order N alloc+free: median C cycles (...)} for orders 0 and 9, then
     * with several CPUs online the parallel figures ({@link #parallel}).
     */
    public static void run() {
        print(0);
        print(9);
        if (Smp.online() > 1) {
            parallel(KIND_PAGE);
            parallel(KIND_POOL);
            Buddy.drainAll(Buddy.DRAIN_POOLS);      // the CPUs' cached objects back: their slab is freed
        }
    }

    static final int KIND_PAGE = 0;
    static final int KIND_POOL = 1;
    /** Runs of the parallel figure, on each CPU. */
    static final int PAR_RUNS = 21;
    private static final long[][] PAR_SAMPLES = new long[PerCpu.MAX_CPUS][PAR_RUNS];
    private static final long[] PAR_MEDIAN = new long[PerCpu.MAX_CPUS];

    /** The objects of the parallel pool figure. */
    static final class Cell {
        long value;
    }

    static final Pool<Cell> CELLS = Pool.of("membench", Cell.class, Owner.TEST);

    /** The parallel figure's work on an AP: its runs of pairs, its median in PAR_MEDIAN. */
    static final class Pairs implements CpuWork {
        @Override
        public void run(int cpu, long kind) {
            pairs(cpu, (int) kind);
        }
    }

    private static final CpuWork PAIRS = new Pairs();

    /** {@link #PAR_RUNS} runs of {@link #BATCH} alloc+free pairs of {@code kind} on this CPU; the median cycles per pair in PAR_MEDIAN[cpu] (-1: no memory). */
    static void pairs(int cpu, int kind) {
        long[] samples = PAR_SAMPLES[cpu];
        PAR_MEDIAN[cpu] = -1;
        Cell keep = kind == KIND_POOL ? CELLS.alloc() : null;   // a slab stays: the pairs take the fast path
        for (int run = 0; run < PAR_RUNS; run++) {
            long start = Processor.rdtsc();
            for (int i = 0; i < BATCH; i++) {
                if (kind == KIND_PAGE) {
                    PhysAddr phys = Buddy.alloc(0, Owner.TEST);
                    if (phys == null) {
                        return;
                    }
                    Buddy.free(phys, 0, Owner.TEST);
                } else {
                    Cell c = CELLS.alloc();
                    if (c == null) {
                        return;
                    }
                    CELLS.free(c);
                }
            }
            samples[run] = (Processor.rdtsc() - start) / BATCH;
        }
        if (keep != null) {
            CELLS.free(keep);
        }
        PAR_MEDIAN[cpu] = median(samples);
    }

    /**
     * Every CPU online allocates and frees at once (posted work on the APs, the boot CPU too):
     * prints {@code bench: parallel order 0 alloc+free on N CPUs at once: median C cycles per pair
     * (the slowest CPU's median S)} or the same for {@code pool}; the median is over the CPUs'
     * medians. With one CPU, or from an AP, nothing.
     */
    static void parallel(int kind) {
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            POSTED[cpu] = PerCpu.of(cpu).isOnline() && Smp.post(cpu, PAIRS, kind);
        }
        pairs(0, kind);
        long slowest = PAR_MEDIAN[0];
        boolean ok = slowest >= 0;
        int n = 1;
        MEDIANS[0] = PAR_MEDIAN[0];
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (POSTED[cpu]) {
                if (!Smp.collect(cpu, 60000)) {
                    ok = false;
                    continue;
                }
                long m = PAR_MEDIAN[cpu];
                ok &= m > 0;
                slowest = Math.max(slowest, m);
                MEDIANS[n] = m;
                n++;
            }
        }
        String what = kind == KIND_PAGE ? "order 0" : "pool";
        if (!ok || n != Smp.online()) {
            Printf.printf("bench: parallel %s alloc+free: not measured (memory or a CPU missing)\n", Printf.s(what));
            return;
        }
        long[] m = MEDIANS;
        for (int i = 1; i < n; i++) {               // insertion sort of the n medians
            long v = m[i];
            int j = i - 1;
            while (j >= 0 && m[j] > v) {
                m[j + 1] = m[j];
                j--;
            }
            m[j + 1] = v;
        }
        Printf.printf("bench: parallel %s alloc+free on %d CPUs at once: median %lu cycles per pair (slowest CPU %lu)\n",
                Printf.s(what), n, m[n / 2], slowest);
    }

    private static final long[] MEDIANS = new long[PerCpu.MAX_CPUS];
    private static final boolean[] POSTED = new boolean[PerCpu.MAX_CPUS];

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
