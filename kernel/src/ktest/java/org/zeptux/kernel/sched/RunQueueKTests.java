package org.zeptux.kernel.sched;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Smp;
import org.zeptux.kernel.sync.Semaphore;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * Kernel tests of the per-CPU run queues (in the test kernel; SmpIT runs it with four CPUs):
 * tasks spread over every CPU, balancing pulls work to idle CPUs, affinity moves a running
 * task, and wake-ups across CPUs are never lost. With one CPU they check what one CPU allows.
 */
public final class RunQueueKTests {
    private RunQueueKTests() {}

    private static final String REASON = "switches kernel stacks (assembly); the JVM has one stack per thread";
    /** SEEN[i]: the CPUs task i ran on (bit n for CPU n), written by task i only. */
    private static final long[] SEEN = new long[16];
    /** Where a pinned spinner is asked to be, and what it saw after its affinity changed. */
    private static volatile long until;
    private static final Semaphore PING = new Semaphore("ktest ping", 0);
    private static final Semaphore PONG = new Semaphore("ktest pong", 0);

    /** Spins until {@link #until}, recording every CPU it runs on in SEEN[arg]. */
    private static final class Spinner implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            long seen = 0;
            while (Timer.uptimeMillis() < until) {
                long here = 1L << PerCpu.index();
                seen |= here;
                if ((SEEN[(int) arg] & here) == 0) {  // written only when new: a read-modify-write racing the
                    SEEN[(int) arg] |= here;        // test's reset would bring back a CPU left before it
                }
            }
            return seen;
        }
    }

    /** {@code arg} rounds of: down PING, up PONG. */
    private static final class Ponger implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            for (long i = 0; i < arg; i++) {
                PING.down();
                PONG.up();
            }
            return PerCpu.index();
        }
    }

    private static final TaskBody SPINNER = new Spinner();
    private static final TaskBody PONGER = new Ponger();
    private static final Task[] TASKS = new Task[16];

    private static int online() {
        return Long.bitCount(Smp.onlineMask());
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void busyTasksSpreadOverEveryCpu() {
        int n = Math.min(16, 2 * online());
        until = Timer.uptimeMillis() + 400;
        for (int i = 0; i < n; i++) {
            SEEN[i] = 0;
            TASKS[i] = Scheduler.spawn("spread", SPINNER, i, 0, false);
            Check.isTrue(TASKS[i] != null, "spawned");
        }
        long union = 0;
        for (int i = 0; i < n; i++) {
            union |= Scheduler.join(TASKS[i]);
        }
        Check.equal(Smp.onlineMask(), union, "the busy tasks ran on every CPU online");
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void idleCpusPullTasksQueuedOnOneCpu() {
        int cpus = online();
        int n = Math.min(16, 2 * cpus);
        long pulledBefore = 0;
        for (int c = 0; c < PerCpu.MAX_CPUS; c++) {
            pulledBefore += PerCpu.of(c).rq.pulled();
        }
        until = Timer.uptimeMillis() + 500;
        for (int i = 0; i < n; i++) {
            SEEN[i] = 0;
            TASKS[i] = Scheduler.spawnOn("crowd", SPINNER, i, 0, false, 1L);   // all queued on CPU 0
            Check.isTrue(TASKS[i] != null, "spawned");
        }
        for (int i = 0; i < n; i++) {
            Check.isTrue(Scheduler.setAffinity(TASKS[i], Scheduler.ALL_CPUS), "any CPU");   // allowed where they are: they stay
        }
        long union = 0;
        for (int i = 0; i < n; i++) {
            union |= Scheduler.join(TASKS[i]);
        }
        long pulled = 0;
        for (int c = 0; c < PerCpu.MAX_CPUS; c++) {
            pulled += PerCpu.of(c).rq.pulled();
        }
        if (cpus > 1) {
            Check.isTrue(pulled - pulledBefore >= cpus - 1, "every other CPU pulled a task at least");
        }
        Check.equal(Smp.onlineMask(), union, "balancing spread them over every CPU");
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void affinityMovesARunningTask() {
        int last = 63 - Long.numberOfLeadingZeros(Smp.onlineMask());
        until = Timer.uptimeMillis() + 100_000;
        SEEN[0] = 0;
        Task t = Scheduler.spawnOn("pinned", SPINNER, 0, 0, false, 1L);
        Check.isTrue(t != null, "spawned");
        long deadline = Timer.uptimeMillis() + 2000;
        while (SEEN[0] == 0 && Timer.uptimeMillis() < deadline) {
            Scheduler.sleep(10);
        }
        Check.equal(1L, SEEN[0], "it runs on CPU 0 only");
        Check.isTrue(!Scheduler.setAffinity(t, 0), "an empty mask is refused");
        Check.isTrue(!Scheduler.setAffinity(t, 1L << 40), "a mask of no online CPU is refused");
        Check.isTrue(Scheduler.setAffinity(t, 1L << last), "moved to the last CPU");
        SEEN[0] = 0;
        deadline = Timer.uptimeMillis() + 2000;
        while ((SEEN[0] & (1L << last)) == 0 && Timer.uptimeMillis() < deadline) {
            Scheduler.sleep(10);
        }
        Scheduler.sleep(50);
        SEEN[0] = 0;
        Scheduler.sleep(100);
        Check.equal(1L << last, SEEN[0], "it now runs on the last CPU only");
        Check.equal(last, Scheduler.cpuOf(t), "its CPU");
        until = 0;
        Scheduler.join(t);
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void wakeUpsAcrossCpusAreNeverLost() {
        int last = 63 - Long.numberOfLeadingZeros(Smp.onlineMask());
        long rounds = 2000;
        Task t = Scheduler.spawnOn("ponger", PONGER, rounds, 0, false, 1L << last);
        Check.isTrue(t != null, "spawned");
        long t0 = Timer.uptimeMillis();
        for (long i = 0; i < rounds; i++) {
            PING.up();
            PONG.down();
        }
        Check.equal(last, Scheduler.join(t), "the ponger ran on the last CPU");
        Check.equal(0, PING.count(), "every ping taken");
        Check.equal(0, PONG.count(), "every pong taken");
        Check.isTrue(Timer.uptimeMillis() - t0 < 60_000, "no round waited for a timeout");
    }
}
