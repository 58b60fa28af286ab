package org.zeptux.kernel.sched;

import org.zeptux.kernel.arch.TickHook;
import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Log;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.sync.Completion;
import org.zeptux.kernel.sync.Mutex;
import org.zeptux.kernel.sync.Semaphore;
import org.zeptux.kernel.sync.SpinLock;

/**
 * The scheduler's checks and figures, run from the monitor ({@code schedtest}) on the live
 * kernel: fairness by weight, sleep accuracy and wake-up latency, create/exit churn with every
 * page returned, lock stress with no lost update, and the yield round trip. Each prints one
 * line the boot tests read.
 */
public final class SchedStress {
    private SchedStress() {}

    /** Set by the monitor task to stop the spinners; read in their loops (a pause keeps the read in the loop). */
    private static volatile boolean stop;
    private static long counter;
    private static long spinCounter;
    private static final Mutex MUTEX = new Mutex("schedtest");
    private static final SpinLock SPIN = new SpinLock("schedtest");
    private static final Semaphore DONE = new Semaphore("schedtest done", 0);
    private static final Completion GO = new Completion("schedtest go");

    /** Spins until {@link #stop}: CPU-bound. */
    private static final class Spinner implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            while (!stop) {
                Processor.pause();
            }
            return 0;
        }
    }

    /** Does nothing: for create/exit churn. */
    private static final class Nothing implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            return arg;
        }
    }

    /**
     * Increments the mutex's counter and the spinlock's counter {@code arg} times each; the
     * mutex's holder yields now and then, reading before and writing after, so an unprotected
     * counter would lose updates.
     */
    private static final class Incrementer implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            GO.await();
            for (long i = 0; i < arg; i++) {
                MUTEX.lock();
                long v = counter;
                if ((i & 63) == 0) {
                    Scheduler.yield();              // give the others a chance to race for the lock
                }
                counter = v + 1;
                MUTEX.unlock();
                SPIN.lock();
                spinCounter = spinCounter + 1;
                SPIN.unlock();
            }
            DONE.up();
            return 0;
        }
    }

    /** Yields {@code arg} times. */
    private static final class Yielder implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            for (long i = 0; i < arg; i++) {
                Scheduler.yield();
            }
            return 0;
        }
    }

    private static final TaskBody SPINNER = new Spinner();
    private static final TaskBody NOTHING = new Nothing();
    private static final TaskBody INCREMENTER = new Incrementer();
    private static final TaskBody YIELDER = new Yielder();

    /**
     * Two CPU-bound tasks at nice 0 and nice 3 (weights 1024 and 526) for {@code millis} while
     * the monitor sleeps; prints the CPU time of each and the ratio (ideal 1.95).
     */
    public static void fair(long millis) {
        stop = false;
        Task a = Scheduler.spawnOn("spin-nice0", SPINNER, 0, 0, false, 1L);   // one CPU: the weights share it
        Task b = Scheduler.spawnOn("spin-nice3", SPINNER, 0, 3, false, 1L);
        if (a == null || b == null) {
            Printf.printf("schedtest fair: no memory for the tasks\n");
            return;
        }
        long start = Timer.uptimeMillis();
        Scheduler.sleep(millis);
        long slept = Timer.uptimeMillis() - start;
        stop = true;
        long ca = a.cpuCycles();
        long cb = b.cpuCycles();
        Scheduler.join(a);
        Scheduler.join(b);
        long perMs = Math.max(1, Timer.tscPerSecond() / 1000);
        long ratio = ca * 1000 / Math.max(1, cb);
        Printf.printf("schedtest fair: %lu ms: nice 0 ran %lu ms, nice 3 ran %lu ms: ratio %lu.%03lu (weights 1024:526 = 1.947)\n",
                slept, ca / perMs, cb / perMs, ratio / 1000, ratio % 1000);
    }

    /** Sleeps {@code millis} ms {@code times} times; prints how long each took by the TSC and the worst wake-up lateness. */
    public static void sleep(long millis, int times) {
        long perUs = Math.max(1, Timer.tscPerSecond() / 1000000);
        long worstLate = 0;
        long total = 0;
        for (int i = 0; i < times; i++) {
            long t0 = Processor.rdtsc();
            Scheduler.sleep(millis);
            long us = (Processor.rdtsc() - t0) / perUs;
            total += us;
            worstLate = Math.max(worstLate, us - millis * 1000);
        }
        Printf.printf("schedtest sleep: %d sleeps of %lu ms took %lu us on average; latest wake-up %lu us after the time\n",
                times, millis, total / times, worstLate);
    }

    /** Creates and joins {@code n} tasks; prints the stack and heap pages before and after. */
    public static void churn(long n) {
        int cached = Stacks.cachedStacks();         // freed stacks kept mapped: as many again at the end
        long stacks = Buddy.used(Owner.KERNEL_STACKS);
        long heap = Buddy.used(Owner.KERNEL_HEAP);
        int tasks = Scheduler.count();
        long failed = 0;
        long wrong = 0;
        for (long i = 0; i < n; i++) {
            Task t = Scheduler.spawn("churn", NOTHING, i, 0, false);
            if (t == null) {
                failed++;
                continue;
            }
            if (Scheduler.join(t) != i) {
                wrong++;
            }
        }
        Stacks.trimTo(cached);
        Printf.printf("schedtest churn: %lu tasks created and joined (%lu failed, %lu wrong results); ", n, failed, wrong);
        Printf.printf("kernel stacks %lu -> %lu pages, kernel heap %lu -> %lu pages, ", stacks, Buddy.used(Owner.KERNEL_STACKS),
                heap, Buddy.used(Owner.KERNEL_HEAP));
        Printf.printf("tasks %d -> %d\n", tasks, Scheduler.count());
    }

    /** {@code tasks} tasks increment one counter {@code each} times under a mutex or a spinlock; prints whether none was lost. */
    public static void locks(int tasks, long each) {
        counter = 0;
        spinCounter = 0;
        GO.reset();
        Task[] started = STARTED;
        int n = Math.min(tasks, started.length);
        for (int i = 0; i < n; i++) {
            started[i] = Scheduler.spawn("locker", INCREMENTER, each, i % 3, false);
        }
        GO.complete();
        for (int i = 0; i < n; i++) {
            DONE.down();
        }
        for (int i = 0; i < n; i++) {
            Scheduler.join(started[i]);
            started[i] = null;
        }
        boolean ok = counter == n * each && spinCounter == n * each;
        Printf.printf("schedtest locks: %d tasks x %lu increments: mutex counter %lu, spinlock counter %lu, expected %lu: ",
                n, each, counter, spinCounter, n * each);
        Printf.printf("%s; mutex waits %lu\n", Printf.s(ok ? "ok" : "LOST UPDATES"), MUTEX.contended());
    }

    private static final Task[] STARTED = new Task[16];

    /** Two tasks yield to each other {@code rounds} times; prints cycles per yield round trip (two switches). */
    public static void yields(long rounds) {
        Task a = Scheduler.spawnOn("yield-a", YIELDER, rounds, 0, false, 1L);   // one CPU: they switch to each other
        Task b = Scheduler.spawnOn("yield-b", YIELDER, rounds, 0, false, 1L);
        if (a == null || b == null) {
            Printf.printf("schedtest yield: no memory for the tasks\n");
            return;
        }
        long switches = Scheduler.switches();
        long t0 = Processor.rdtsc();
        Scheduler.join(a);
        Scheduler.join(b);
        long cycles = Processor.rdtsc() - t0;
        long n = Scheduler.switches() - switches;
        Printf.printf("schedtest yield: %lu switches, %lu cycles per switch, %lu per round trip\n", n, cycles / Math.max(1, n),
                2 * cycles / Math.max(1, n));
    }

    private static Task hog;

    /** Starts (or stops) a CPU-bound task at nice 0 that runs until stopped: the monitor must stay responsive. */
    public static void hog(boolean on) {
        if (on && hog == null) {
            stop = false;
            hog = Scheduler.spawn("hog", SPINNER, 0, 0, false);
            Printf.printf("schedtest hog: task %d spins\n", hog == null ? -1 : hog.tid());
        } else if (!on && hog != null) {
            stop = true;
            Scheduler.join(hog);
            hog = null;
            Printf.printf("schedtest hog: stopped\n");
        }
    }

    // ---- lock misuse, each a panic ----

    private static final Mutex OWNED = new Mutex("lockcrash");
    private static final SpinLock HELD = new SpinLock("lockcrash");

    /** Unlocks a mutex the monitor does not own (a helper task owns it). */
    public static void unlockForeign() {
        Task t = Scheduler.spawn("mutex-owner", LOCKER, 0, 0, false);
        GO_OWNED.await();
        OWNED.unlock();
        Scheduler.join(t);
    }

    private static final Completion GO_OWNED = new Completion("lockcrash owned");

    /** Takes {@link #OWNED} and keeps it. */
    private static final class Locker implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            OWNED.lock();
            GO_OWNED.complete();
            Scheduler.sleep(60000);
            return 0;
        }
    }

    private static final TaskBody LOCKER = new Locker();

    /** Locks a mutex twice. */
    public static void relock() {
        OWNED.lock();
        OWNED.lock();
    }

    /** Sleeps on a mutex's wait with a spinlock held. */
    public static void sleepWithSpinlock() {
        HELD.lock();
        Scheduler.sleep(10);
    }

    /** What the task prints: long enough that many ticks fall in the middle of a line. */
    static final String PRINTF_TEXT = "the quick brown fox jumps over the lazy dog, 0123456789";
    /** What the timer interrupt logs. */
    static final String TICK_TEXT = "logged from the timer interrupt";

    /** Lines the timer interrupt logged during {@link #printfFromInterrupts}; written by the interrupt only. */
    private static long tickLines;

    /** Logs one line from the timer interrupt on every tick. */
    private static final class TickLogger implements TickHook {
        @Override
        public void tick(long ticks) {
            tickLines++;
            Log.info("tick %d: %s", tickLines, Printf.s(TICK_TEXT));
        }
    }

    private static final TickHook TICK_LOGGER = new TickLogger();

    /**
     * Prints {@code lines} long lines with printf while the timer interrupt logs a line on every
     * tick: each line must come out whole (printf and the log are reentrant, a line is written
     * with interrupts off), which the it/ test checks line by line.
     */
    public static void printfFromInterrupts(int lines) {
        tickLines = 0;
        Timer.setHook(TICK_LOGGER);
        for (int i = 0; i < lines; i++) {
            Printf.printf("printf %d of %d: %s | %s | %x %c end\n", i, lines, Printf.s(PRINTF_TEXT), Printf.s(PRINTF_TEXT),
                    i * 0x10001L, 'a' + i % 26);
        }
        Timer.setHook(null);
        Printf.printf("schedtest printf: %d lines printed, %d logged from the timer interrupt\n", lines, tickLines);
    }

    /** {@code crunchSteps} xorshift64 steps from seed {@code arg}'s (a small index): CPU-bound, with a result to compare. */
    private static final class Cruncher implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            return org.zeptux.kernel.smp.Ipi.spin((int) arg, crunchSteps);
        }
    }

    private static final TaskBody CRUNCHER = new Cruncher();
    private static long crunchSteps;
    private static final long[] CRUNCHED = new long[16];

    /**
     * The parallel figure with tasks: {@code n} CPU-bound kernel threads of {@code steps}
     * xorshift steps each, first all on the boot CPU (affinity), then on any CPU (the scheduler
     * spreads them); prints the wall time of each round, the speed-up and whether the results
     * are equal.
     */
    public static void parallel(int n, long steps) {
        crunchSteps = steps;
        long perMs = Math.max(1, Timer.tscPerSecond() / 1000);
        long one = 0;
        long many = 0;
        boolean same = true;
        for (int round = 0; round < 2; round++) {
            long t0 = Processor.rdtsc();
            for (int i = 0; i < n; i++) {
                STARTED[i] = Scheduler.spawnOn("crunch", CRUNCHER, i, 0, false, round == 0 ? 1L : Scheduler.ALL_CPUS);
                if (STARTED[i] == null) {
                    Printf.printf("schedtest parallel: no memory for the tasks\n");
                    return;
                }
            }
            for (int i = 0; i < n; i++) {
                long r = Scheduler.join(STARTED[i]);
                STARTED[i] = null;
                if (round == 0) {
                    CRUNCHED[i] = r;
                } else {
                    same &= CRUNCHED[i] == r;
                }
            }
            long t = Processor.rdtsc() - t0;
            if (round == 0) {
                one = t;
            } else {
                many = t;
            }
        }
        long x100 = one * 100 / Math.max(1, many);
        Printf.printf("schedtest parallel: %d tasks of %lu xorshift steps: on 1 CPU %lu ms, on %d CPUs %lu ms", n, steps,
                one / perMs, Long.bitCount(Scheduler.onlineMask()), many / perMs);
        Printf.printf(": speed-up %lu.%02lu, results %s\n", x100 / 100, x100 % 100, Printf.s(same ? "equal" : "DIFFER"));
    }

    /** Spawns and joins {@code arg} tasks one at a time; returns how many failed or gave a wrong result. */
    private static final class Churner implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            long bad = 0;
            for (long i = 0; i < arg; i++) {
                Task t = Scheduler.spawn("churn", NOTHING, i, 0, false);
                if (t == null || Scheduler.join(t) != i) {
                    bad++;
                }
            }
            return bad;
        }
    }

    private static final TaskBody CHURNER = new Churner();

    /**
     * {@code n} churners at once (on every CPU), each spawning and joining {@code each} tasks: spawns,
     * exits, joins and reaps racing across CPUs; prints the failures and the pages before and after.
     */
    public static void storm(int n, long each) {
        int cached = Stacks.cachedStacks();
        long stacks = Buddy.used(Owner.KERNEL_STACKS);
        long heap = Buddy.used(Owner.KERNEL_HEAP);
        int tasks = Scheduler.count();
        int k = Math.min(n, STARTED.length);
        long bad = 0;
        for (int i = 0; i < k; i++) {
            STARTED[i] = Scheduler.spawn("churner", CHURNER, each, 0, false);
        }
        for (int i = 0; i < k; i++) {
            bad += STARTED[i] == null ? each : Scheduler.join(STARTED[i]);
            STARTED[i] = null;
        }
        Stacks.trimTo(cached);
        Printf.printf("schedtest storm: %d churners x %lu tasks (%lu failed or wrong); ", k, each, bad);
        Printf.printf("kernel stacks %lu -> %lu pages, kernel heap %lu -> %lu pages, ", stacks, Buddy.used(Owner.KERNEL_STACKS),
                heap, Buddy.used(Owner.KERNEL_HEAP));
        Printf.printf("tasks %d -> %d\n", tasks, Scheduler.count());
    }
}
