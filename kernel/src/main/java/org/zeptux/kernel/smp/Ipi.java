package org.zeptux.kernel.smp;

import org.zeptux.kernel.arch.Lapic;
import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.rt.AtomicInt;

/**
 * The IPI figures: the round trip (the boot CPU pings another CPU, whose handler pongs back;
 * the boot CPU spins until its pong handler has counted) and the cost of a TLB shootdown of one
 * page to every other CPU. {@code cpus bench} prints both as medians.
 */
public final class Ipi {
    private Ipi() {}

    public static final int RUNS = 101;
    private static final AtomicInt pongs = new AtomicInt();
    private static final long[] SAMPLES = new long[RUNS];

    /** Counts a pong (Smp's handler, on the boot CPU). */
    static void pong() {
        int p = pongs.get();
        while (!pongs.compareAndSet(p, p + 1)) {
            p = pongs.get();
        }
    }

    /** Pongs received since boot. */
    public static int pongs() {
        return pongs.getAcquire();
    }

    /**
     * One round trip to CPU {@code cpu}, in TSC cycles, or -1 if no pong came within a second.
     * On the boot CPU, with interrupts enabled (the pong is an interrupt).
     */
    public static long roundTrip(int cpu) {
        PerCpu p = PerCpu.of(cpu);
        if (cpu == 0 || !p.isOnline() || PerCpu.index() != 0) {
            return -1;
        }
        int before = pongs.getAcquire();
        long t0 = Processor.rdtsc();
        long flags = Scheduler.irqSave();
        Lapic.sendFixed(p.apicId, Smp.IPI_PING);
        Scheduler.irqRestore(flags);
        long limit = Timer.tscPerSecond();
        while (pongs.getAcquire() == before) {
            if (Processor.rdtsc() - t0 > limit) {
                return -1;
            }
            Processor.pause();
        }
        return Processor.rdtsc() - t0;
    }

    /** Prints the median IPI round trip to each other CPU and the median shootdown of one page, in ns. */
    public static void bench() {
        long perUs = Math.max(1, Timer.tscPerSecond() / 1000000);
        if (Smp.online() < 2) {
            Printf.printf("ipi: one CPU online: nothing to measure\n");
            return;
        }
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (!PerCpu.of(cpu).isOnline()) {
                continue;
            }
            for (int i = 0; i < RUNS; i++) {
                SAMPLES[i] = roundTrip(cpu);
            }
            long median = median();
            Printf.printf("ipi: round trip CPU 0 -> %d -> 0: median %lu ns (%d runs)\n", cpu, median * 1000 / perUs, RUNS);
        }
        long page = Paging.MODULE_AREA;             // any kernel page: the invalidation is what is timed
        for (int i = 0; i < RUNS; i++) {
            Shootdown.kernelRange(page, 1);
            SAMPLES[i] = Shootdown.lastCycles();
        }
        Printf.printf("ipi: TLB shootdown of 1 page to %d CPUs: median %lu ns (%d runs)\n", Smp.online() - 1,
                median() * 1000 / perUs, RUNS);
        userBench(perUs);
        parallel();
    }

    /** A user page the user-range figure shoots down. */
    static final long USER_PAGE = 0x10000000L;
    /** APs that have loaded {@link #benchSpace}, and the boot CPU's word to let it go. */
    private static final AtomicInt HOLDING = new AtomicInt();
    private static volatile boolean letGo;
    private static AddressSpace benchSpace;

    /** Posted work: load {@link #benchSpace} (as a thread of its process would) and keep it until told. */
    static final class Hold implements CpuWork {
        @Override
        public void run(int cpu, long arg) {
            long flags = Scheduler.irqSave();
            benchSpace.activate();
            Scheduler.irqRestore(flags);
            HOLDING.getAndIncrement();
            while (!letGo) {
                Processor.stiHlt();                 // halted with the space loaded: each shootdown's IPI wakes it
            }
            flags = Scheduler.irqSave();
            AddressSpace.activateKernel();
            Scheduler.irqRestore(flags);
        }
    }

    private static final CpuWork HOLD = new Hold();

    /**
     * The user-range figure: every AP loads one address space, then the boot CPU shoots one page
     * of it down {@link #RUNS} times (Shootdown.userRange: an IPI to each CPU that has it, and the
     * wait for the slowest); prints the median.
     */
    static void userBench(long perUs) {
        AddressSpace space = AddressSpace.create(16);
        if (space == null || space.map(USER_PAGE, AddressSpace.PAGE, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE,
                AddressSpace.ANONYMOUS) != 0) {
            Printf.printf("ipi: no memory for the user shootdown figure\n");
            if (space != null) {
                space.destroy();
            }
            return;
        }
        benchSpace = space;
        letGo = false;
        HOLDING.set(0);
        int posted = 0;
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (PerCpu.of(cpu).isOnline() && Smp.post(cpu, HOLD, 0)) {
                posted++;
            }
        }
        long deadline = Timer.uptimeMillis() + 10000;
        while (HOLDING.get() < posted && Timer.uptimeMillis() < deadline) {
            Processor.pause();
        }
        int loaded = Long.bitCount(space.cpuMask());
        for (int i = 0; i < RUNS; i++) {
            long t0 = Processor.rdtsc();
            Shootdown.userRange(space, USER_PAGE, 1);
            SAMPLES[i] = Processor.rdtsc() - t0;
        }
        long median = median();
        letGo = true;
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (PerCpu.of(cpu).isOnline()) {
                Smp.collect(cpu, 10000);
            }
        }
        Printf.printf("ipi: user TLB shootdown of 1 page to the %d CPUs that have the space loaded: median %lu ns, %lu cycles (%d runs)\n",
                loaded, median * 1000 / perUs, median, RUNS);
        benchSpace = null;
        space.destroy();
    }

    /** Items of the parallel figure, and xorshift steps in each. */
    public static final int ITEMS = 4;
    public static final long STEPS = 30_000_000;
    private static final long[] RESULTS = new long[PerCpu.MAX_CPUS];
    private static final long[] EXPECTED = new long[ITEMS];
    /** STEPS, read from memory at each use (after calls the compiler cannot see through), so no item is reused. */
    private static long steps = STEPS;

    /**
     * A CPU-bound item: {@code steps} xorshift64 steps from a seed of the CPU's ({@code cpu} + 1);
     * each item's result is kept and compared, so none is optimised away or merged with another.
     */
    public static long spin(int cpu, long steps) {
        long x = 88172645463325252L + cpu;
        for (long i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** The item as work for an AP. */
    static final class Spin implements CpuWork {
        @Override
        public void run(int cpu, long steps) {
            RESULTS[cpu] = spin(cpu, steps);
        }
    }

    private static final CpuWork SPIN = new Spin();

    /**
     * The parallel figure: {@link #ITEMS} CPU-bound items one after the other on the boot CPU,
     * then one on each of {@link #ITEMS} CPUs at once (the boot CPU's own and posted work on the
     * APs); prints both times and the speed-up. Kernel work, not processes: tasks run on the boot
     * CPU only so far. On the boot CPU, with interrupts on.
     */
    public static void parallel() {
        if (Smp.online() < ITEMS) {
            Printf.printf("parallel: %d CPUs online, %d needed\n", Smp.online(), ITEMS);
            return;
        }
        long perMs = Math.max(1, Timer.tscPerSecond() / 1000);
        long t0 = Processor.rdtsc();
        for (int i = 0; i < ITEMS; i++) {
            EXPECTED[i] = spin(i, steps);
        }
        long one = Processor.rdtsc() - t0;
        long t1 = Processor.rdtsc();
        boolean posted = true;
        for (int cpu = 1; cpu < ITEMS; cpu++) {
            RESULTS[cpu] = 0;
            posted &= Smp.post(cpu, SPIN, steps);
        }
        RESULTS[0] = spin(0, steps);
        boolean same = posted;
        for (int cpu = 1; cpu < ITEMS; cpu++) {
            same &= Smp.collect(cpu, 600000) && RESULTS[cpu] == EXPECTED[cpu];
        }
        long many = Processor.rdtsc() - t1;
        same &= RESULTS[0] == EXPECTED[0];
        Printf.printf("parallel: %d items of %lu xorshift steps: 1 CPU %lu ms, %d CPUs %lu ms", ITEMS, STEPS, one / perMs,
                ITEMS, many / perMs);
        long x100 = one * 100 / Math.max(1, many);
        Printf.printf(": speed-up %lu.%02lu, results %s\n", x100 / 100, x100 % 100, Printf.s(same ? "equal" : "DIFFER"));
    }

    /** The median of SAMPLES (sorted in place; -1s, timeouts, sort first). */
    private static long median() {
        for (int i = 1; i < RUNS; i++) {
            long v = SAMPLES[i];
            int j = i - 1;
            while (j >= 0 && SAMPLES[j] > v) {
                SAMPLES[j + 1] = SAMPLES[j];
                j--;
            }
            SAMPLES[j + 1] = v;
        }
        return SAMPLES[RUNS / 2];
    }
}
