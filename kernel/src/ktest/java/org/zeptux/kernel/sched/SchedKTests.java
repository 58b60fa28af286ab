package org.zeptux.kernel.sched;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.sync.Completion;
import org.zeptux.kernel.sync.Semaphore;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/** Kernel tests of tasks, joins, sleeping and the wait primitives (in the test kernel: they switch stacks). */
public final class SchedKTests {
    private SchedKTests() {}

    private static final String REASON = "switches kernel stacks (assembly); the JVM has one stack per thread";
    private static final Completion STARTED = new Completion("ktest started");
    private static final Semaphore TURNS = new Semaphore("ktest turns", 0);
    private static final long[] ORDER = new long[8];
    private static final SpinLock RECORD = new SpinLock("ktest record");
    private static int written;

    /** Returns its argument squared. */
    private static final class Square implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            return arg * arg;
        }
    }

    /** Records its argument once it may (a semaphore turn), after the starter has completed. */
    private static final class Recorder implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            STARTED.await();
            TURNS.down();
            RECORD.lock();                          // two through at once may run on two CPUs
            ORDER[written] = arg;
            written++;
            RECORD.unlock();
            return 0;
        }
    }

    /** Spawns and joins {@code arg} squaring tasks, one at a time; returns how many gave a wrong result. */
    private static final class Churner implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            long wrong = 0;
            for (long i = 0; i < arg; i++) {
                Task t = Scheduler.spawn("square", SQUARE, i & 1023, 0, false);
                if (t == null || Scheduler.join(t) != (i & 1023) * (i & 1023)) {
                    wrong++;
                }
            }
            return wrong;
        }
    }

    private static final TaskBody SQUARE = new Square();
    private static final TaskBody CHURNER = new Churner();
    private static final TaskBody RECORDER = new Recorder();

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void aJoinedTaskGivesItsResultAndEveryPageBack() {
        Stacks.trim();                              // no freed stack cached: the next spawn maps a new one
        long stacks = Buddy.used(Owner.KERNEL_STACKS);
        int tasks = Scheduler.count();
        Task t = Scheduler.spawn("square", SQUARE, 12, 0, false);
        Check.isTrue(t != null, "spawned");
        Check.equal(tasks + 1, Scheduler.count(), "one more task");
        Check.equal(stacks + Stacks.STACK_PAGES, Buddy.used(Owner.KERNEL_STACKS), "its stack is the stacks owner's");
        Check.equal(144, Scheduler.join(t), "the body's result is the exit status");
        Check.equal(tasks, Scheduler.count(), "reaped");
        Check.equal(1, Stacks.cachedStacks(), "its stack is kept mapped for the next task");
        Check.equal(stacks + Stacks.STACK_PAGES, Buddy.used(Owner.KERNEL_STACKS), "still the stacks owner's");
        Task again = Scheduler.spawn("square", SQUARE, 3, 0, false);
        Check.isTrue(again != null && Stacks.cachedStacks() == 0, "the next task takes the cached stack");
        Check.equal(stacks + Stacks.STACK_PAGES, Buddy.used(Owner.KERNEL_STACKS), "no new stack pages");
        Check.equal(9, Scheduler.join(again), "it runs on it");
        Check.equal(1, Stacks.trim(), "trim frees the cached stack");
        Check.equal(stacks, Buddy.used(Owner.KERNEL_STACKS), "the stack went back");
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void aSemaphoreLetsThroughAsManyAsItsCount() {
        written = 0;
        STARTED.reset();
        Task[] tasks = TASKS;
        for (int i = 0; i < 4; i++) {
            tasks[i] = Scheduler.spawn("recorder", RECORDER, 10 + i, 0, false);
        }
        Scheduler.sleep(20);
        Check.equal(0, written, "nobody passes before the completion");
        STARTED.complete();
        TURNS.up();
        TURNS.up();
        Scheduler.sleep(20);
        Check.equal(2, written, "two turns, two tasks through");
        TURNS.up();
        TURNS.up();
        long sum = 0;
        for (int i = 0; i < 4; i++) {
            Scheduler.join(tasks[i]);
        }
        for (int i = 0; i < 4; i++) {
            sum += ORDER[i];
        }
        Check.equal(4, written, "all four ran");
        Check.equal(10 + 11 + 12 + 13, sum, "each once");
        Check.equal(0, TURNS.count(), "every turn taken");
    }

    private static final Task[] TASKS = new Task[4];

    /**
     * Several tasks spawning at once, each preempted by the tick anywhere in a spawn (a fork
     * bomb's forks): no two new tasks get the same stack slot, so none finds its stack unmapped
     * under it by another's exit (the `#PF not present, write` in Stacks.alloc's fill).
     */
    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void concurrentSpawnsNeverShareAStackSlot() {
        Stacks.trim();
        long stacks = Buddy.used(Owner.KERNEL_STACKS);
        int tasks = Scheduler.count();
        Task[] churners = TASKS;
        for (int i = 0; i < churners.length; i++) {
            churners[i] = Scheduler.spawn("churner", CHURNER, 300, 0, false);   // on four CPUs: spawns race at once
            Check.isTrue(churners[i] != null, "a churner spawned");
        }
        long wrong = 0;
        for (int i = 0; i < churners.length; i++) {
            wrong += Scheduler.join(churners[i]);
        }
        Check.equal(0, wrong, "every spawned task ran on a stack of its own and gave its result");
        Check.equal(tasks, Scheduler.count(), "all reaped");
        Stacks.trim();
        Check.equal(stacks, Buddy.used(Owner.KERNEL_STACKS), "every stack went back");
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void aSleepLastsAtLeastItsTicks() {
        long before = Timer.ticks();
        Scheduler.sleep(50);
        Check.isTrue(Timer.ticks() - before >= 5, "50 ms at 100 Hz is at least 5 ticks");
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void theNiceTableIsLinuxs() {
        Check.equal(1024, Scheduler.WEIGHTS[20], "nice 0");
        Check.equal(88761, Scheduler.WEIGHTS[0], "nice -20");
        Check.equal(15, Scheduler.WEIGHTS[39], "nice 19");
        Check.isTrue(Scheduler.spawn("bad", SQUARE, 0, 20, true) == null, "nice 20 is refused");
    }
}
