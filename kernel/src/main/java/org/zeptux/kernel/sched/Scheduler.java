package org.zeptux.kernel.sched;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.Context;
import org.zeptux.kernel.hw.UserMode;
import org.zeptux.kernel.hw.UserPages;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.proc.Process;
import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.MaySleep;
import org.zeptux.rt.Platform;
import org.zeptux.rt.StackEntry;

/**
 * The scheduler: which task runs, weighted fairly (as Linux's CFS): each task's virtual
 * runtime grows with the CPU time it uses, scaled by 1024 / its weight (its nice level's), and
 * the runnable task with the lowest virtual runtime runs next. The timer tick accounts the
 * running task and asks for a switch when another runnable task has run less; the switch
 * happens at the end of the interrupt (preemption) or when a task sleeps, waits or yields.
 *
 * <p>Structures: the run queue is a binary min-heap of runnable tasks by virtual runtime;
 * sleepers are a min-heap by wake-up tick, so a tick looks at the earliest only, never at
 * every task. The idle task runs when nothing else can; it halts. A woken task is placed at
 * the queue's minimum virtual runtime (it does not bank credit while asleep) and, if it has
 * run less than the running task, preempts it.
 *
 * <p>Locking: every field here and every scheduling field of every {@link Task} is written
 * with interrupts disabled on the boot CPU ({@link #irqSave}): tasks run only on the boot CPU
 * (docs/smp.md, "What runs where"); the application processors run their idle tasks, which
 * never enter this run queue, and take their timer's ticks into their own statistics only.
 * The running task, the preemption count and the switch count are per CPU
 * ({@link PerCpu}). {@link #preemptDisable} counts, as Linux's preempt_count does; a tick
 * never switches while it is above 0.
 */
public final class Scheduler {
    private Scheduler() {}

    public static final int MAX_TASKS = 512;
    /** RFLAGS.IF. */
    static final long IF = 1 << 9;
    /** Linux's sched_prio_to_weight: the weight of nice -20 .. 19 (nice 0: 1024; each step about 1.25 times). */
    static final long[] WEIGHTS = {
        88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
        110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
    };
    static final long NICE_0_WEIGHT = 1024;

    static final Pool<Task> TASKS = Pool.of("task", Task.class, Owner.KERNEL_HEAP);
    private static final Task[] QUEUE = new Task[MAX_TASKS];
    private static final Task[] SLEEPERS = new Task[MAX_TASKS];
    private static final Task[] ALL = new Task[MAX_TASKS];
    private static final Task[] BY_SLOT = new Task[Stacks.MAX_STACKS];
    /** Tasks that have exited and wait for join: woken at every exit. */
    private static final WaitQueue EXITS = new WaitQueue("exits");
    private static final TaskBody IDLE = new Idle();

    private static int queued;
    private static int sleeping;
    private static int count;
    private static Task current;
    private static Task idle;
    /** The task switched away from, for finishSwitch (a dead detached one is reaped there). */
    private static Task previous;
    private static boolean running;
    private static boolean needResched;
    private static int nextTid;
    private static long minVruntime;
    private static long switches;

    /** The idle task: halts until an interrupt; the interrupt's end switches away when there is work. */
    private static final class Idle implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            while (true) {
                Processor.stiHlt();
            }
        }
    }

    /**
     * Starts scheduling: the code running now (Kmain, on the boot stack) becomes task 0,
     * "kmain", and the idle task is made. Call once, with the timer running. On the JVM's
     * simulated PC there is one stack per Java thread and no switching: the scheduler stays
     * off there, and everything runs as task-less code, as before {@code init} in the kernel.
     */
    public static void init() {
        if (Platform.simulated()) {
            return;
        }
        Task boot = TASKS.alloc();
        if (boot == null) {
            Panic.panic("scheduler: no memory for the boot task");
        }
        boot.tid = 0;
        boot.name = "kmain";
        boot.nice = 0;
        boot.weight = NICE_0_WEIGHT;
        boot.stackSlot = -1;
        boot.stackBase = Paging.stackGuard() + 4096;   // the boot stack, above its guard page
        boot.stackTop = 0;
        boot.queueIndex = -1;
        boot.sleepIndex = -1;
        boot.state = Task.RUNNING;
        boot.lastRan = Processor.rdtsc();
        register(boot);
        current = boot;
        PerCpu.of(0).task = boot;
        idle = create("idle", IDLE, 0, 19, false);
        if (idle == null) {
            Panic.panic("scheduler: no memory for the idle task");
        }
        PerCpu.of(0).idle = idle;
        running = true;
    }

    /** The names of the application processors' idle tasks (no string building at run time). */
    private static final String[] IDLE_NAMES = {
        "idle", "idle/1", "idle/2", "idle/3", "idle/4", "idle/5", "idle/6", "idle/7",
        "idle/8", "idle/9", "idle/10", "idle/11", "idle/12", "idle/13", "idle/14", "idle/15",
    };

    /**
     * The idle task of application processor {@code cpu}, made on the boot CPU before the AP
     * starts on its stack (its top is where the AP's stack starts; the task never enters the
     * run queue); null when there is no memory. {@link #discardIdle} undoes it.
     */
    public static Task createIdle(int cpu) {
        Task t = create(IDLE_NAMES[cpu % IDLE_NAMES.length], IDLE, cpu, 19, false);
        if (t != null) {
            long flags = irqSave();
            t.state = Task.RUNNING;
            irqRestore(flags);
        }
        return t;
    }

    /** Frees the idle task of an AP that did not start (it never ran). */
    public static void discardIdle(Task t) {
        long flags = irqSave();
        reap(t);
        irqRestore(flags);
    }

    /** The top of {@code t}'s kernel stack. */
    public static long stackTop(Task t) {
        return t.stackTop;
    }


    /** Whether {@link #init} has run. */
    public static boolean running() {
        return running;
    }

    /** The task running on this CPU. */
    public static Task current() {
        return PerCpu.current().task;
    }

    // ---- making and ending tasks ----

    /**
     * A new task running {@code body.run(task, arg)} at nice level {@code nice} (-20 .. 19),
     * runnable at once; null when there is no memory (task or stack) or no slot. A task that
     * is not {@code detached} stays DEAD after it ends until {@link #join} reaps it.
     */
    public static Task spawn(String name, TaskBody body, long arg, int nice, boolean detached) {
        Task t = create(name, body, arg, nice, detached);
        if (t != null) {
            long flags = irqSave();
            wakeLocked(t);
            irqRestore(flags);
        }
        return t;
    }

    private static Task create(String name, TaskBody body, long arg, int nice, boolean detached) {
        if (nice < -20 || nice > 19 || count == MAX_TASKS) {
            return null;
        }
        Task t = TASKS.alloc();
        if (t == null) {
            return null;
        }
        if (!Stacks.alloc(t)) {
            TASKS.free(t);
            return null;
        }
        long flags = irqSave();
        nextTid++;
        t.tid = nextTid;
        t.name = name;
        t.nice = nice;
        t.weight = WEIGHTS[nice + 20];
        t.body = body;
        t.arg = arg;
        t.detached = detached;
        t.queueIndex = -1;
        t.sleepIndex = -1;
        t.state = Task.SLEEPING;                    // not runnable until woken
        t.vruntime = minVruntime;
        Context.prepare(t.stackBase, t.stackTop);  // the first frame zeptux_switch pops
        register(t);
        BY_SLOT[t.stackSlot] = t;
        irqRestore(flags);
        return t;
    }

    private static void register(Task t) {
        ALL[count] = t;
        count++;
    }

    /** Where every new task starts (from zeptux_task_start): runs its body, then exits with its result. */
    @Export("zeptux_task_entry")
    @StackEntry(bytes = Stacks.STACK_BYTES, interrupts = true)
    static void entry() {
        finishSwitch();
        Processor.sti();
        Task self = current;
        exit(self.body.run(self, self.arg));
    }

    /** Ends the running task with {@code status}; never returns. */
    public static void exit(long status) {
        irqSave();
        Task self = current;
        if (self == idle || self.tid == 0) {
            Panic.panic("scheduler: the idle or boot task cannot exit");
        }
        self.exitStatus = status;
        self.state = Task.DEAD;
        EXITS.wakeAllLocked();
        scheduleLocked();
        Panic.panic("scheduler: a dead task ran again");
    }

    /** Waits until {@code t} has ended, reaps it (its stack and task go back) and returns its exit status. */
    @MaySleep
    public static long join(Task t) {
        if (t.detached) {
            Panic.panic("scheduler: join of a detached task");
        }
        long flags = irqSave();
        while (t.state != Task.DEAD) {
            EXITS.waitLocked();
        }
        long status = t.exitStatus;
        reap(t);
        irqRestore(flags);
        return status;
    }

    /** Frees a dead task's stack and object (never the running task's: its stack is in use). */
    private static void reap(Task t) {
        for (int i = 0; i < count; i++) {
            if (ALL[i] == t) {
                count--;
                ALL[i] = ALL[count];
                ALL[count] = null;
                break;
            }
        }
        BY_SLOT[t.stackSlot] = null;
        Stacks.free(t);
        TASKS.free(t);
    }

    /** The task whose stack is in slot {@code slot}, or null. */
    static Task taskInSlot(int slot) {
        return slot >= 0 && slot < BY_SLOT.length ? BY_SLOT[slot] : null;
    }

    // ---- switching ----

    /** Gives the CPU to another runnable task that has run less, if there is one. */
    public static void yield() {
        long flags = irqSave();
        scheduleLocked();
        irqRestore(flags);
    }

    /** Sleeps for at least {@code millis} milliseconds (rounded up to whole ticks). */
    @MaySleep
    public static void sleep(long millis) {
        long flags = irqSave();
        mayThisSleep("sleep");
        long ticks = Math.max(1, (millis * Timer.HZ + 999) / 1000);
        Task self = current;
        self.wakeTick = Timer.ticks() + ticks;
        sleeperInsert(self);
        self.state = Task.SLEEPING;
        scheduleLocked();
        irqRestore(flags);
    }

    /**
     * Puts the running task {@code self} to sleep until {@code ticks} timer ticks from now or an
     * earlier wake-up ({@link #wakeLocked} takes it off the timer heap); with interrupts
     * disabled. For {@link WaitQueue#waitLockedTimeout}, which has queued it already.
     */
    static void sleepLocked(Task self, long ticks) {
        self.wakeTick = Timer.ticks() + ticks;
        sleeperInsert(self);
        self.state = Task.SLEEPING;
        scheduleLocked();
    }

    /** Panics, naming the task, if the running task may not sleep now (a spinlock held, preemption off). */
    static void mayThisSleep(String what) {
        if (!running) {
            Panic.panic("scheduler: sleeping before the scheduler runs");
        }
        Task self = current;
        if (self.spinLocksHeld > 0 || PerCpu.current().preemptCount > 0 || self == idle) {
            Panic.begin();
            Printf.printf("scheduler: %s in task %d (%s) with ", Printf.s(what), self.tid, Printf.s(self.name));
            Print.str(self.spinLocksHeld > 0 ? "a spinlock held" : self == idle ? "nothing to wake it" : "preemption disabled");
            Print.nl();
            Panic.finish();
        }
    }

    /**
     * Switches to the runnable task with the lowest virtual runtime (the running one stays
     * runnable unless it is sleeping or dead); with interrupts disabled. Returns when this task
     * runs again.
     */
    static void scheduleLocked() {
        Task prev = current;
        account(prev, Processor.rdtsc());
        if (prev.state == Task.RUNNING) {
            if (prev == idle) {
                prev.state = Task.RUNNABLE;
            } else {
                queueInsert(prev);
            }
        }
        needResched = false;
        Task next = queued > 0 ? queueTake() : idle;
        next.state = Task.RUNNING;
        if (next == prev) {
            return;
        }
        if (queued > 0) {
            minVruntime = Math.max(minVruntime, Math.min(next.vruntime, QUEUE[0].vruntime));
        } else {
            minVruntime = Math.max(minVruntime, next.vruntime);
        }
        next.switches++;
        switches++;
        next.lastRan = Processor.rdtsc();
        current = next;
        PerCpu cpu = PerCpu.current();
        cpu.task = next;
        cpu.switches++;
        previous = prev;
        switchUserState(prev, next);
        Context.switchTo(prev.stackBase, next.stackBase);
        finishSwitch();
    }

    /** The FS base loaded on this CPU (a write of the MSR is skipped when it would not change it). */
    private static long loadedFsBase;

    /**
     * What user mode needs of the incoming task: the kernel stack its entries from user mode
     * land on, its address space (kernel threads run on the kernel's own page tables) and its
     * FS base.
     */
    private static void switchUserState(Task prev, Task next) {
        UserMode.setKernelStack(next.stackTop);
        if (prev.fpu != null) {
            UserMode.saveFpu(prev.fpu);
            prev.fpuSaved = true;
        }
        if (next.fpu != null && next.fpuSaved) {
            UserMode.restoreFpu(next.fpu);
        }
        if (next.space != null) {
            next.space.activate();
            if (next.fsBase != loadedFsBase) {
                UserMode.setFsBase(next.fsBase);
                loadedFsBase = next.fsBase;
            }
        } else if (prev.space != null) {
            UserPages.activateKernel();
        }
    }

    /**
     * Makes the running task the thread of {@code process} on address space {@code space}
     * (activated at once) with FS base 0 and fresh x87/SSE registers kept in {@code fpu}
     * (UserMode.FPU_BUFFER bytes) while it is switched out; null, null, null makes it a kernel
     * thread again on the kernel's page tables (a process on its way out, before its address
     * space is freed).
     */
    public static void setUser(Process process, AddressSpace space, byte[] fpu) {
        long flags = irqSave();
        Task self = current;
        self.process = process;
        self.space = space;
        self.fsBase = 0;
        self.fpu = fpu;
        self.fpuSaved = false;
        if (space != null) {
            UserMode.resetFpu();
            space.activate();
            UserMode.setFsBase(0);
            loadedFsBase = 0;
        } else {
            UserPages.activateKernel();
        }
        irqRestore(flags);
    }

    /**
     * As {@link #setUser}, for a forked child: its x87/SSE registers are those saved in
     * {@code fpu} (the parent's at the fork), its FS base {@code fsBase}.
     */
    public static void setUserForked(Process process, AddressSpace space, byte[] fpu, long fsBase) {
        long flags = irqSave();
        Task self = current;
        self.process = process;
        self.space = space;
        self.fpu = fpu;
        self.fpuSaved = false;
        self.fsBase = fsBase;
        space.activate();
        UserMode.restoreFpu(fpu);
        UserMode.setFsBase(fsBase);
        loadedFsBase = fsBase;
        irqRestore(flags);
    }

    /**
     * Makes the running task reap itself when it ends (no one will join it: a process whose
     * parent is gone and no init takes it).
     */
    public static void detachSelf() {
        long flags = irqSave();
        current.detached = true;
        irqRestore(flags);
    }

    /** Sets the running task's user FS base (arch_prctl ARCH_SET_FS), loaded now and at every switch to it. */
    public static void setFsBase(long base) {
        long flags = irqSave();
        current.fsBase = base;
        UserMode.setFsBase(base);
        loadedFsBase = base;
        irqRestore(flags);
    }

    /** After a switch, on the incoming task: reaps the outgoing task if it was a detached one that ended. */
    private static void finishSwitch() {
        Task prev = previous;
        previous = null;
        if (prev != null && prev.state == Task.DEAD && prev.detached) {
            reap(prev);
        }
    }

    /** Makes {@code t} runnable (it was sleeping or waiting); asks for a switch if it has run less than the running task. */
    static void wakeLocked(Task t) {
        if (t.state != Task.SLEEPING) {
            return;
        }
        if (t.sleepIndex >= 0) {
            sleeperRemove(t);
        }
        t.vruntime = Math.max(t.vruntime, minVruntime);
        queueInsert(t);
        if (current == idle || t.vruntime < current.vruntime) {
            needResched = true;
        }
    }

    /** The timer interrupt: accounts the running task, wakes expired sleepers, asks for a switch when due. */
    public static void tick() {
        if (!running) {
            return;
        }
        account(current, Processor.rdtsc());
        long now = Timer.ticks();
        while (sleeping > 0 && SLEEPERS[0].wakeTick <= now) {
            wakeLocked(SLEEPERS[0]);
        }
        if (queued > 0 && (current == idle || QUEUE[0].vruntime < current.vruntime)) {
            needResched = true;
        }
    }

    /**
     * At the end of an interrupt (interrupts disabled): switches if a switch is due and
     * preemption is on. Only on the boot CPU, where tasks run.
     */
    public static void preemptIfNeeded() {
        if (running && needResched && PerCpu.index() == 0 && PerCpu.current().preemptCount == 0
                && current.spinLocksHeld == 0) {
            scheduleLocked();
        }
    }

    private static void account(Task t, long now) {
        long delta = now - t.lastRan;
        t.lastRan = now;
        t.cpuCycles += delta;
        if (t != idle) {
            t.vruntime += delta * NICE_0_WEIGHT / t.weight;
        }
    }

    /** A spinlock was taken by {@code t} (SpinLock's bookkeeping: sleeping with one held is a panic). */
    public static void spinLockTaken(Task t) {
        t.spinLocksHeld++;
    }

    /** A spinlock {@code t} held was released. */
    public static void spinLockReleased(Task t) {
        t.spinLocksHeld--;
    }

    /** Disables preemption (counted: every call needs its {@link #preemptEnable}). */
    public static void preemptDisable() {
        PerCpu.current().preemptCount++;
    }

    /** Undoes one {@link #preemptDisable}. */
    public static void preemptEnable() {
        PerCpu cpu = PerCpu.current();
        if (cpu.preemptCount == 0) {
            Panic.panic("scheduler: preemptEnable without preemptDisable");
        }
        cpu.preemptCount--;
    }

    // ---- interrupt flag ----

    /** Disables interrupts; returns the flags to give {@link #irqRestore} (nests). */
    public static long irqSave() {
        long flags = Processor.readFlags();
        Processor.cli();
        return flags;
    }

    /** Enables interrupts again if {@code flags} (from {@link #irqSave}) had them enabled. */
    public static void irqRestore(long flags) {
        if ((flags & IF) != 0) {
            Processor.sti();
        }
    }

    // ---- the heaps ----

    private static void queueInsert(Task t) {
        t.state = Task.RUNNABLE;
        int i = queued;
        queued++;
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (QUEUE[parent].vruntime <= t.vruntime) {
                break;
            }
            QUEUE[i] = QUEUE[parent];
            QUEUE[i].queueIndex = i;
            i = parent;
        }
        QUEUE[i] = t;
        t.queueIndex = i;
    }

    private static Task queueTake() {
        Task top = QUEUE[0];
        queued--;
        Task last = QUEUE[queued];
        QUEUE[queued] = null;
        top.queueIndex = -1;
        if (queued > 0) {
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= queued) {
                    break;
                }
                if (child + 1 < queued && QUEUE[child + 1].vruntime < QUEUE[child].vruntime) {
                    child++;
                }
                if (QUEUE[child].vruntime >= last.vruntime) {
                    break;
                }
                QUEUE[i] = QUEUE[child];
                QUEUE[i].queueIndex = i;
                i = child;
            }
            QUEUE[i] = last;
            last.queueIndex = i;
        }
        return top;
    }

    private static void sleeperInsert(Task t) {
        int i = sleeping;
        sleeping++;
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (SLEEPERS[parent].wakeTick <= t.wakeTick) {
                break;
            }
            SLEEPERS[i] = SLEEPERS[parent];
            SLEEPERS[i].sleepIndex = i;
            i = parent;
        }
        SLEEPERS[i] = t;
        t.sleepIndex = i;
    }

    /** Removes {@code t} from the sleepers' heap (it woke at its time, or earlier). */
    private static void sleeperRemove(Task t) {
        int i = t.sleepIndex;
        sleeping--;
        Task last = SLEEPERS[sleeping];
        SLEEPERS[sleeping] = null;
        t.sleepIndex = -1;
        if (last == t) {
            return;
        }
        // Put the last one at i and move it up or down to its place.
        while (i > 0 && SLEEPERS[(i - 1) / 2].wakeTick > last.wakeTick) {
            int parent = (i - 1) / 2;
            SLEEPERS[i] = SLEEPERS[parent];
            SLEEPERS[i].sleepIndex = i;
            i = parent;
        }
        while (true) {
            int child = 2 * i + 1;
            if (child >= sleeping) {
                break;
            }
            if (child + 1 < sleeping && SLEEPERS[child + 1].wakeTick < SLEEPERS[child].wakeTick) {
                child++;
            }
            if (SLEEPERS[child].wakeTick >= last.wakeTick) {
                break;
            }
            SLEEPERS[i] = SLEEPERS[child];
            SLEEPERS[i].sleepIndex = i;
            i = child;
        }
        SLEEPERS[i] = last;
        last.sleepIndex = i;
    }

    // ---- ps ----

    private static final String[] STATES = {"runnable", "running", "sleeping", "dead"};

    /** TSC cycles the idle task has run (/proc/uptime's idle time). */
    public static long idleCycles() {
        return idle == null ? 0 : idle.cpuCycles;
    }

    /** {@code ps}: a line per task, idle included. */
    public static void ps() {
        long perMs = Math.max(1, Timer.tscPerSecond() / 1000);
        long flags = irqSave();
        account(current, Processor.rdtsc());
        Printf.printf("  PID STATE     NICE     CPU ms  STACK B  SWITCHES  NAME\n");
        for (int i = 0; i < count; i++) {
            Task t = ALL[i];
            Printf.printf("%5d %-9s %4d %10lu", t.tid, Printf.s(STATES[t.state]), t.nice, t.cpuCycles / perMs);
            long used = Stacks.used(t);
            if (used < 0) {
                Print.str("        -");
            } else {
                Printf.printf(" %8lu", used);
            }
            Printf.printf(" %9lu  %s\n", t.switches, Printf.s(t.name));
        }
        Printf.printf("%d tasks, %lu context switches\n", count, switches);
        irqRestore(flags);
    }

    /** Context switches since {@link #init}. */
    public static long switches() {
        return switches;
    }

    /** Tasks that exist (any state), idle and boot included. */
    public static int count() {
        return count;
    }
}
