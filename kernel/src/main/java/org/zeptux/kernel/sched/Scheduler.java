package org.zeptux.kernel.sched;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.Context;
import org.zeptux.kernel.hw.UserMode;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.proc.Process;
import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.arch.Lapic;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Shootdown;
import org.zeptux.kernel.smp.Smp;
import org.zeptux.kernel.sync.SpinLock;
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
 * <p>Several CPUs: each CPU has its own run queue ({@link RunQueue}, in {@code PerCpu.rq}) with
 * its lock, its running task and its idle task; a task's scheduling state is guarded by the lock
 * of the run queue its {@code cpu} names. A task may run on the CPUs of its affinity mask
 * ({@code allowed}). New tasks go to the least loaded allowed CPU, woken ones to their last CPU
 * (any allowed one if that is not), and a CPU whose run queue is empty pulls a task from the
 * busiest (its idle loop, and a periodic check every {@link #BALANCE_TICKS} ticks); a wake-up or
 * a pull for another CPU sends it a reschedule IPI, so it preempts at once. Every CPU's tick
 * accounts its running task and preempts; the boot CPU's (the clock's one writer) also wakes
 * the sleepers, one heap for every CPU under its lock "sleepers".
 *
 * <p>The races of several CPUs, and what answers each:
 * <ul>
 * <li>going to sleep while another CPU wakes: the sleeper puts itself on its wait queue and
 * marks itself SLEEPING under its run queue's lock, with interrupts off, before it calls
 * {@link #schedule}; a wake-up in between makes it RUNNABLE again (queued on its own CPU, since
 * it is still on it), and schedule then switches to the best task, perhaps itself.
 * <li>a task switched out on one CPU while another picks it up: {@code onCpu} is set from the
 * moment a CPU picks a task until the next task on that CPU has finished the switch (its
 * registers and FPU state are saved); balancing and wake-ups never move a task whose
 * {@code onCpu} is set, and a CPU that picks one waits for it to clear.
 * <li>exit and reap: {@link #join} waits for the dead task's {@code onCpu} to clear before
 * freeing its stack; a detached task is reaped by the next task on its own CPU.
 * </ul>
 * Lock order: a wait queue's lock, then run queues (by CPU number), then "sleepers"; "tasks"
 * (the task table) is taken alone. {@link #preemptDisable} counts, as Linux's preempt_count
 * does; a tick never switches while it is above 0.
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
    /** Every CPU: the affinity of a task made without one. */
    public static final long ALL_CPUS = -1L;
    /** Ticks between two periodic load-balancing checks of a busy CPU. */
    static final int BALANCE_TICKS = 4;

    static final Pool<Task> TASKS = Pool.of("task", Task.class, Owner.KERNEL_HEAP);
    private static final Task[] SLEEPERS = new Task[MAX_TASKS];
    private static final Task[] ALL = new Task[MAX_TASKS];
    private static final Task[] BY_SLOT = new Task[Stacks.MAX_STACKS];
    /** Tasks waiting in join; each woken by the exit of the task it joins. */
    private static final WaitQueue EXITS = new WaitQueue("exits");
    private static final TaskBody IDLE = new Idle();
    /** Guards {@link #ALL}, {@link #count}, {@link #BY_SLOT} and {@link #nextTid}. */
    private static final SpinLock TABLE = new SpinLock("tasks");
    /** Guards {@link #SLEEPERS}, {@link #sleeping} and every task's {@code sleepIndex}. */
    private static final SpinLock SLEEPERS_LOCK = new SpinLock("sleepers");

    private static int sleeping;
    private static int count;
    private static boolean running;
    private static int nextTid;

    /** The idle task: halts until an interrupt; pulls work from a busy CPU first (load balancing). */
    private static final class Idle implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            idleLoop();
            return 0;
        }
    }

    /**
     * A CPU's idle loop (the boot CPU's idle task; an AP's from Smp.apMain): with interrupts
     * off, runs {@code work} if there is some (an AP's posted work), switches to a task if its
     * run queue has one or it pulled one from the busiest CPU, else halts until an interrupt
     * ({@code sti; hlt}, so a wake-up IPI after the check still ends the halt).
     */
    public static void idleLoop() {
        while (true) {
            Processor.cli();
            PerCpu cpu = PerCpu.current();
            if (Smp.runPostedWork(cpu)) {
                continue;
            }
            RunQueue rq = cpu.rq;
            if (rq.queued > 0 || balance(rq)) {
                schedule();
                Processor.sti();
                continue;
            }
            Processor.stiHlt();
        }
    }

    /**
     * Starts scheduling: the code running now (Kmain, on the boot stack) becomes task 0,
     * "kmain" (it stays on the boot CPU: it is the monitor), and the idle task is made. Call
     * once, with the timer running. On the JVM's simulated PC there is one stack per Java
     * thread and no switching: the scheduler stays off there, and everything runs as task-less
     * code, as before {@code init} in the kernel.
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
        boot.allowed = 1;
        boot.cpu = 0;
        boot.onCpu = 1;
        boot.lastRan = Processor.rdtsc();
        register(boot);
        RunQueue rq = PerCpu.of(0).rq;
        rq.current = boot;
        PerCpu.of(0).task = boot;
        Task idle = create("idle", IDLE, 0, 19, false);
        if (idle == null) {
            Panic.panic("scheduler: no memory for the idle task");
        }
        idle.allowed = 1;
        idle.cpu = 0;
        rq.idle = idle;
        PerCpu.of(0).idle = idle;
        running = true;
        rq.running = true;
    }

    /** The names of the application processors' idle tasks (no string building at run time). */
    private static final String[] IDLE_NAMES = {
        "idle", "idle/1", "idle/2", "idle/3", "idle/4", "idle/5", "idle/6", "idle/7",
        "idle/8", "idle/9", "idle/10", "idle/11", "idle/12", "idle/13", "idle/14", "idle/15",
    };

    /**
     * The idle task of application processor {@code cpu}, made on the boot CPU before the AP
     * starts on its stack (its top is where the AP's stack starts; the task never enters a
     * run queue); null when there is no memory. {@link #discardIdle} undoes it.
     */
    public static Task createIdle(int cpu) {
        Task t = create(IDLE_NAMES[cpu % IDLE_NAMES.length], IDLE, cpu, 19, false);
        if (t != null) {
            t.state = Task.RUNNING;                 // no other CPU knows it yet
            t.allowed = 1L << cpu;
            t.cpu = cpu;
            t.onCpu = 1;
        }
        return t;
    }

    /** Frees the idle task of an AP that did not start (it never ran). */
    public static void discardIdle(Task t) {
        reap(t);
    }

    /**
     * On application processor {@code cpu}, once it runs on its idle task's stack: its run
     * queue starts with the idle task running; tasks may be placed here from now on.
     */
    public static void startCpu(int cpu, Task idle) {
        RunQueue rq = PerCpu.of(cpu).rq;
        rq.lock.lock();
        idle.lastRan = Processor.rdtsc();
        rq.current = idle;
        rq.idle = idle;
        rq.minVruntime = PerCpu.of(0).rq.minVruntime;
        rq.running = true;
        rq.lock.unlock();
    }

    /** The top of {@code t}'s kernel stack. */
    public static long stackTop(Task t) {
        return t.stackTop;
    }

    /** Whether {@link #init} has run. */
    public static boolean running() {
        return running;
    }

    /**
     * The running task. Its two loads (this CPU's index, then that CPU's task) are made with
     * interrupts off: with them on, a preemption between the two could move the caller to another
     * CPU, and it would get the task its first CPU runs now (a user thread of a group exiting on
     * several CPUs found another task's, with no process, at its system call).
     */
    public static Task current() {
        long flags = irqSave();                     // not moved to another CPU between its index and its task
        Task t = PerCpu.current().task;
        irqRestore(flags);
        return t;
    }

    /**
     * {@link #current} for a caller with interrupts off (it cannot be moved to another CPU): the
     * CPU's index and that CPU's task in two loads, without saving and restoring the flags.
     */
    public static Task currentIrqsOff() {
        return PerCpu.current().task;
    }

    /**
     * The task whose kernel stack holds {@code address} (an address in the running task's own
     * stack, such as a system call's frame: the answer cannot change under a migration), or null
     * for an address outside the stack area.
     */
    public static Task ofStack(long address) {
        long offset = address - Stacks.STACK_AREA;
        if (offset < 0 || offset >= Stacks.MAX_STACKS * Stacks.SLOT) {
            return null;
        }
        return BY_SLOT[(int) (offset / Stacks.SLOT)];
    }

    private static RunQueue rq(int cpu) {
        return PerCpu.of(cpu).rq;
    }

    // ---- making and ending tasks ----

    /**
     * A new task running {@code body.run(task, arg)} at nice level {@code nice} (-20 .. 19),
     * runnable at once on any CPU; null when there is no memory (task or stack) or no slot. A
     * task that is not {@code detached} stays DEAD after it ends until {@link #join} reaps it.
     */
    public static Task spawn(String name, TaskBody body, long arg, int nice, boolean detached) {
        return spawnOn(name, body, arg, nice, detached, ALL_CPUS);
    }

    /** As {@link #spawn}, on the CPUs of {@code cpus} only (a mask, bit n for CPU n; one online at least). */
    public static Task spawnOn(String name, TaskBody body, long arg, int nice, boolean detached, long cpus) {
        Task t = createOn(name, body, arg, nice, detached, cpus);
        if (t != null) {
            start(t);
        }
        return t;
    }

    /**
     * As {@link #spawnOn}, but the task does not run until {@link #start}: the caller first
     * publishes it (a process's {@code task} field), since once started it may run at once — on
     * another CPU, or here at the next interrupt — and even end before the spawner goes on.
     */
    public static Task createOn(String name, TaskBody body, long arg, int nice, boolean detached, long cpus) {
        if ((cpus & onlineMask()) == 0) {
            return null;
        }
        Task t = create(name, body, arg, nice, detached);
        if (t != null) {
            t.allowed = cpus;
            t.cpu = leastLoaded(cpus);
        }
        return t;
    }

    /** Makes a task from {@link #createOn} runnable. */
    public static void start(Task t) {
        wake(t);
    }

    private static Task create(String name, TaskBody body, long arg, int nice, boolean detached) {
        if (nice < -20 || nice > 19 || count >= MAX_TASKS - 1) {
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
        t.name = name;
        t.nice = nice;
        t.weight = WEIGHTS[nice + 20];
        t.body = body;
        t.arg = arg;
        t.detached = detached;
        t.queueIndex = -1;
        t.sleepIndex = -1;
        t.state = Task.SLEEPING;                    // not runnable until woken
        t.allowed = ALL_CPUS;
        t.cpu = PerCpu.index();
        t.vruntime = PerCpu.current().rq.minVruntime;
        Context.prepare(t.stackBase, t.stackTop);  // the first frame zeptux_switch pops
        TABLE.lock();
        if (count >= MAX_TASKS) {
            TABLE.unlock();
            Stacks.free(t);
            TASKS.free(t);
            return null;
        }
        nextTid++;
        t.tid = nextTid;
        register(t);
        BY_SLOT[t.stackSlot] = t;
        TABLE.unlock();
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
        Task self = current();
        exit(self.body.run(self, self.arg));
    }

    /** Ends the running task with {@code status}; never returns. */
    public static void exit(long status) {
        irqSave();
        Task self = current();
        RunQueue rq = PerCpu.current().rq;
        if (self == rq.idle || self.tid == 0) {
            Panic.panic("scheduler: the idle or boot task cannot exit");
        }
        self.exitStatus = status;
        EXITS.lock();
        rq.lock.lock();
        self.state = Task.DEAD;
        rq.lock.unlock();
        if (self.joiner != null) {
            EXITS.wakeTaskHeld(self.joiner);         // its joiner alone, not every task in a join
        }
        EXITS.unlock();
        schedule();
        Panic.panic("scheduler: a dead task ran again");
    }

    /** Waits until {@code t} has ended, reaps it (its stack and task go back) and returns its exit status. */
    @MaySleep
    public static long join(Task t) {
        if (t.detached) {
            Panic.panic("scheduler: join of a detached task");
        }
        EXITS.lock();
        while (t.state != Task.DEAD) {
            t.joiner = current();
            EXITS.waitHeld();
        }
        t.joiner = null;
        EXITS.unlock();
        while (t.onCpu != 0) {                      // still switching away on its CPU: its stack is in use
            Processor.pause();
        }
        long status = t.exitStatus;
        reap(t);
        return status;
    }

    /**
     * Frees a dead task's stack and object (never a task still on a CPU: its stack is in use, nor
     * one the boot CPU's tick is still waking: {@link Task#timerHold}).
     */
    private static void reap(Task t) {
        while (true) {
            SLEEPERS_LOCK.lock();
            boolean held = t.timerHold;
            SLEEPERS_LOCK.unlock();
            if (!held) {
                break;
            }
            Shootdown.serve();                      // the boot CPU may be waiting for this CPU's TLB
            Processor.pause();
        }
        TABLE.lock();
        for (int i = 0; i < count; i++) {
            if (ALL[i] == t) {
                count--;
                ALL[i] = ALL[count];
                ALL[count] = null;
                break;
            }
        }
        BY_SLOT[t.stackSlot] = null;
        TABLE.unlock();
        Stacks.free(t);
        TASKS.free(t);
    }

    /** The task whose stack is in slot {@code slot}, or null. */
    static Task taskInSlot(int slot) {
        return slot >= 0 && slot < BY_SLOT.length ? BY_SLOT[slot] : null;
    }

    // ---- switching ----

    /**
     * Gives the CPU to another runnable task of this CPU if there is one: the caller's virtual
     * runtime is moved just past the queue's lowest (as Linux's yield skips the yielder), so a
     * yield is a switch whenever another task waits here.
     */
    public static void yield() {
        long flags = irqSave();
        RunQueue rq = PerCpu.current().rq;
        rq.lock.lock();
        Task self = rq.current;
        if (rq.queued > 0 && self != rq.idle) {
            self.vruntime = Math.max(self.vruntime, rq.queue[0].vruntime + 1);
        }
        rq.lock.unlock();
        schedule();
        irqRestore(flags);
    }

    /** Sleeps for at least {@code millis} milliseconds (rounded up to whole ticks). */
    @MaySleep
    public static void sleep(long millis) {
        long flags = irqSave();
        mayThisSleep("sleep");
        long ticks = Math.max(1, (millis * Timer.HZ + 999) / 1000);
        long until = Timer.ticks() + ticks;
        Task self = current();
        while (Timer.ticks() < until) {
            sleepUntil(self, until);
            schedule();
        }
        irqRestore(flags);
    }

    /**
     * Marks the running task {@code self} SLEEPING until tick {@code wakeTick} or an earlier
     * wake-up ({@link #wake} takes it off the timer heap), with interrupts off; the caller then
     * calls {@link #schedule}.
     */
    static void sleepUntil(Task self, long wakeTick) {
        RunQueue rq = PerCpu.current().rq;
        rq.lock.lock();
        self.wakeTick = wakeTick;
        SLEEPERS_LOCK.lock();
        if (self.sleepIndex < 0) {
            sleeperInsert(self);
        }
        SLEEPERS_LOCK.unlock();
        self.state = Task.SLEEPING;
        rq.lock.unlock();
    }

    /** Marks the running task SLEEPING (it is on a wait queue), with interrupts off; the caller then calls {@link #schedule}. */
    static void prepareSleep(Task self) {
        RunQueue rq = PerCpu.current().rq;
        rq.lock.lock();
        self.state = Task.SLEEPING;
        rq.lock.unlock();
    }

    /** Panics, naming the task, if the running task may not sleep now (a spinlock held, preemption off). */
    static void mayThisSleep(String what) {
        if (!running) {
            Panic.panic("scheduler: sleeping before the scheduler runs");
        }
        Task self = current();
        PerCpu cpu = PerCpu.current();
        if (self.spinLocksHeld > 0 || cpu.preemptCount > 0 || self == cpu.rq.idle) {
            Panic.begin();
            Printf.printf("scheduler: %s in task %d (%s) with ", Printf.s(what), self.tid, Printf.s(self.name));
            Print.str(self.spinLocksHeld > 0 ? "a spinlock held" : self == cpu.rq.idle ? "nothing to wake it" : "preemption disabled");
            Print.nl();
            Panic.finish();
        }
    }

    /**
     * Switches to the runnable task of this CPU with the lowest virtual runtime (the running one
     * stays runnable unless it is sleeping or dead); with interrupts disabled and no spinlock
     * held. Returns when this task runs again (perhaps on another CPU).
     */
    static void schedule() {
        PerCpu cpu = PerCpu.current();
        RunQueue rq = cpu.rq;
        rq.lock.lock();
        Task prev = rq.current;
        account(prev, Processor.rdtsc());
        if (prev.state == Task.RUNNABLE && prev.queueIndex >= 0) {
            rq.removeAt(prev.queueIndex);           // a waker queued it while it ran: again at its new runtime
            rq.insert(prev);
        } else if (prev.state == Task.RUNNING) {
            if (prev == rq.idle) {
                prev.state = Task.RUNNABLE;
            } else if ((prev.allowed & (1L << rq.cpu)) == 0) {
                prev.state = Task.SLEEPING;         // its affinity excludes this CPU: finishSwitch wakes it elsewhere
                prev.migrating = true;
            } else {
                rq.insert(prev);
            }
        }
        rq.needResched = false;
        Task next = rq.queued > 0 ? rq.take() : rq.idle;
        next.state = Task.RUNNING;
        if (next == prev) {
            rq.lock.unlock();
            return;
        }
        if (rq.queued > 0) {
            rq.minVruntime = Math.max(rq.minVruntime, Math.min(next.vruntime, rq.queue[0].vruntime));
        } else if (next != rq.idle) {
            rq.minVruntime = Math.max(rq.minVruntime, next.vruntime);
        }
        next.switches++;
        next.lastRan = Processor.rdtsc();
        rq.current = next;
        cpu.switches++;
        rq.previous = prev;
        rq.lock.unlock();                           // interrupts stay off until the switch is done
        cpu.task = next;                            // after the unlock: the lock's holder is prev
        while (next.onCpu != 0) {                   // never run a task whose context another CPU is still saving
            Shootdown.serve();
            Processor.pause();
        }
        next.onCpu = 1;
        switchUserState(rq, prev, next);
        Context.switchTo(prev.stackBase, next.stackBase);
        finishSwitch();
    }

    /**
     * What user mode needs of the incoming task: the kernel stack its entries from user mode
     * land on, its address space (kernel threads run on the kernel's own page tables) and its
     * FS base.
     */
    private static void switchUserState(RunQueue rq, Task prev, Task next) {
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
            if (next.fsBase != rq.loadedFsBase) {
                UserMode.setFsBase(next.fsBase);
                rq.loadedFsBase = next.fsBase;
            }
        } else if (prev.space != null) {
            AddressSpace.activateKernel();
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
        Task self = current();
        self.process = process;
        self.space = space;
        self.fsBase = 0;
        self.fpu = fpu;
        self.fpuSaved = false;
        if (space != null) {
            UserMode.resetFpu();
            space.activate();
            UserMode.setFsBase(0);
            PerCpu.current().rq.loadedFsBase = 0;
        } else {
            AddressSpace.activateKernel();
        }
        irqRestore(flags);
    }

    /**
     * As {@link #setUser}, for a forked child: its x87/SSE registers are those saved in
     * {@code fpu} (the parent's at the fork), its FS base {@code fsBase}.
     */
    public static void setUserForked(Process process, AddressSpace space, byte[] fpu, long fsBase) {
        long flags = irqSave();
        Task self = current();
        self.process = process;
        self.space = space;
        self.fpu = fpu;
        self.fpuSaved = false;
        self.fsBase = fsBase;
        space.activate();
        UserMode.restoreFpu(fpu);
        UserMode.setFsBase(fsBase);
        PerCpu.current().rq.loadedFsBase = fsBase;
        irqRestore(flags);
    }

    /**
     * Makes the running task reap itself when it ends (no one will join it: a process whose
     * parent is gone and no init takes it).
     */
    public static void detachSelf() {
        current().detached = true;
    }

    /** Sets the running task's user FS base (arch_prctl ARCH_SET_FS), loaded now and at every switch to it. */
    public static void setFsBase(long base) {
        long flags = irqSave();
        current().fsBase = base;
        UserMode.setFsBase(base);
        PerCpu.current().rq.loadedFsBase = base;
        irqRestore(flags);
    }

    /**
     * After a switch, on the incoming task (interrupts off, no lock held): the outgoing task is
     * off this CPU now ({@code onCpu} cleared, so another CPU may run it); it is reaped if it
     * was a detached one that ended, and placed on an allowed CPU if its affinity moved it.
     */
    private static void finishSwitch() {
        RunQueue rq = PerCpu.current().rq;
        Task prev = rq.previous;
        rq.previous = null;
        if (prev == null) {
            return;
        }
        boolean reapIt = prev.state == Task.DEAD && prev.detached;
        boolean move = prev.migrating;
        prev.migrating = false;
        prev.onCpu = 0;                             // volatile: its saved context is complete
        if (reapIt) {
            reap(prev);
        } else if (move) {
            rq.migrated++;
            wake(prev);
        }
    }

    /** Whether {@code t}'s affinity allows {@code cpu}, and that CPU schedules tasks. */
    private static boolean allowedOn(Task t, int cpu) {
        return (t.allowed & (1L << cpu)) != 0 && rq(cpu).running;
    }

    /** The CPUs that schedule tasks, as a mask. */
    public static long onlineMask() {
        long mask = 0;
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            if (rq(i).running) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** The allowed CPU with the fewest tasks (a hint read without locks; the lowest on a tie). */
    private static int leastLoaded(long cpus) {
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            RunQueue q = rq(i);
            if ((cpus & (1L << i)) != 0 && q.running && q.load() < bestLoad) {
                best = i;
                bestLoad = q.load();
            }
        }
        return best < 0 ? 0 : best;
    }

    /** Where a woken {@code t} goes: its last CPU if allowed (always while it is still on it), else the least loaded allowed one. */
    private static int placement(Task t) {
        if (t.onCpu != 0 || allowedOn(t, t.cpu)) {
            return t.cpu;
        }
        return leastLoaded(t.allowed);
    }

    /**
     * Makes {@code t} runnable if it is sleeping (waiting or new), on the CPU {@link #placement}
     * chooses, and asks that CPU to switch if it has run less than its running task (a
     * reschedule IPI when it is another CPU). From any context, with no run-queue lock held.
     */
    static void wake(Task t) {
        long flags = irqSave();
        while (true) {
            RunQueue from = rq(t.cpu);
            from.lock.lock();
            if (t.cpu != from.cpu) {
                from.lock.unlock();                 // it moved meanwhile: look again
                continue;
            }
            if (t.state != Task.SLEEPING || t.migrating) {
                from.lock.unlock();
                break;
            }
            int target = placement(t);
            if (target == from.cpu) {
                enqueueWoken(from, t);
                long allowed = t.allowed;           // read under the lock: once it is let go, t may run, end and be freed
                from.lock.unlock();
                kick(from, allowed);
                break;
            }
            from.lock.unlock();
            RunQueue to = rq(target);
            lockTwo(from, to);
            boolean done = false;
            long allowed = t.allowed;
            if (t.cpu == from.cpu && t.state == Task.SLEEPING && !t.migrating && t.onCpu == 0) {
                t.vruntime = t.vruntime - from.minVruntime + to.minVruntime;
                enqueueWoken(to, t);
                done = true;
            }
            unlockTwo(from, to);
            if (done) {
                kick(to, allowed);
                break;
            }
        }
        irqRestore(flags);
    }

    /** Queues the woken {@code t} on {@code rq} (its lock held): at the queue's minimum virtual runtime at least. */
    private static void enqueueWoken(RunQueue rq, Task t) {
        if (t.sleepIndex >= 0) {
            SLEEPERS_LOCK.lock();
            if (t.sleepIndex >= 0) {
                sleeperRemove(t);
            }
            SLEEPERS_LOCK.unlock();
        }
        t.vruntime = Math.max(t.vruntime, rq.minVruntime);
        rq.insert(t);
        Task cur = rq.current;
        if (cur == null || cur == rq.idle || t.vruntime < cur.vruntime) {
            rq.needResched = true;
        }
    }

    /**
     * After queueing a task allowed on {@code allowed} on {@code rq}: a reschedule IPI if it is
     * another CPU that should switch; otherwise an idle CPU it may run on is woken to pull it (none
     * for a task pinned where it is: woken for nothing, the idle CPUs would only crowd {@code rq}'s
     * lock).
     */
    private static void kick(RunQueue rq, long allowed) {
        int self = PerCpu.index();
        if (rq.needResched) {
            if (rq.cpu != self) {
                sendReschedule(rq.cpu);
            }
            return;
        }
        long others = allowed & ~(1L << rq.cpu);
        if (others == 0) {
            return;
        }
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {  // busy there: an idle CPU may pull it at once
            RunQueue q = rq(i);
            if (i != self && i != rq.cpu && (others & (1L << i)) != 0 && q.running && q.current == q.idle && q.queued == 0) {
                sendReschedule(i);
                return;
            }
        }
    }

    /**
     * Makes {@code t}, if it is running on another CPU, enter the kernel now (a reschedule IPI):
     * its return to user mode then sees what was just posted for it (a signal, a kill, a stop).
     * A hint read without locks: a task not running meets the same check when it next returns.
     */
    public static void kick(Task t) {
        if (t == null) {
            return;
        }
        int cpu = t.cpu;
        if (t.state == Task.RUNNING && cpu != PerCpu.index() && cpu >= 0 && cpu < PerCpu.MAX_CPUS) {
            sendReschedule(cpu);
        }
    }

    private static void sendReschedule(int cpu) {
        long flags = irqSave();
        Lapic.sendFixed(PerCpu.of(cpu).apicId, Smp.IPI_RESCHEDULE);
        irqRestore(flags);
    }

    /** Locks two distinct run queues in the order of their CPUs. */
    private static void lockTwo(RunQueue a, RunQueue b) {
        if (a.cpu < b.cpu) {
            a.lock.lock();
            b.lock.lock();
        } else {
            b.lock.lock();
            a.lock.lock();
        }
    }

    private static void unlockTwo(RunQueue a, RunQueue b) {
        if (a.cpu < b.cpu) {
            b.lock.unlock();
            a.lock.unlock();
        } else {
            a.lock.unlock();
            b.lock.unlock();
        }
    }

    /**
     * Load balancing for {@code me} (this CPU's queue; interrupts off, no lock held): if the
     * busiest other CPU has at least two tasks more (or any queued while this one has none),
     * pulls one of its queued tasks that may run here and is not on a CPU, with its virtual
     * runtime moved to this queue's scale. Returns whether one was pulled.
     */
    static boolean balance(RunQueue me) {
        RunQueue busiest = null;
        int most = 0;
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            RunQueue q = rq(i);
            if (q != me && q.running && q.queued > 0 && q.load() > most) {
                busiest = q;
                most = q.load();
            }
        }
        if (busiest == null || most < me.load() + 2 || !mayPull(busiest, me.cpu)) {
            return false;
        }
        lockTwo(me, busiest);
        Task pick = null;
        for (int i = busiest.queued - 1; i >= 0; i--) {   // from the heap's end: the ones that ran most
            Task t = busiest.queue[i];
            if (t.onCpu == 0 && (t.allowed & (1L << me.cpu)) != 0) {
                pick = t;
                break;
            }
        }
        if (pick != null && busiest.load() >= me.load() + 2) {
            busiest.removeAt(pick.queueIndex);
            pick.vruntime = Math.max(0, pick.vruntime - busiest.minVruntime) + me.minVruntime;
            me.insert(pick);
            me.pulled++;
            if (me.current == me.idle || pick.vruntime < me.current.vruntime) {
                me.needResched = true;
            }
        } else {
            pick = null;
        }
        unlockTwo(me, busiest);
        return pick != null;
    }

    /**
     * Whether {@code from} has a queued task that may run elsewhere: a hint read without its lock
     * (balance looks again under it), so that CPUs that cannot take any of its tasks (the boot
     * CPU's pinned ones) do not crowd its lock every time they look for work.
     */
    private static boolean mayPull(RunQueue from, int cpu) {
        return from.movable > 0;
    }

    /**
     * Sets {@code t}'s affinity to the CPUs of {@code cpus}: false (nothing changed) if none of
     * them schedules tasks. A queued task on a CPU no longer allowed moves now; a running one
     * is asked to switch (a reschedule IPI) and moves as it does.
     */
    public static boolean setAffinity(Task t, long cpus) {
        if ((cpus & onlineMask()) == 0) {
            return false;
        }
        long flags = irqSave();
        RunQueue rq;
        while (true) {
            rq = rq(t.cpu);
            rq.lock.lock();
            if (t.cpu == rq.cpu) {
                break;
            }
            rq.lock.unlock();
        }
        if (t.queueIndex >= 0) {
            rq.uncount(t);
            t.allowed = cpus;
            rq.count(t);
        } else {
            t.allowed = cpus;
        }
        boolean moveQueued = false;
        if ((cpus & (1L << rq.cpu)) == 0) {
            if (t.state == Task.RUNNING) {
                rq.needResched = true;
                if (rq.cpu != PerCpu.index()) {
                    sendReschedule(rq.cpu);
                }
            } else if (t.state == Task.RUNNABLE && t.queueIndex >= 0 && t.onCpu == 0) {
                rq.removeAt(t.queueIndex);
                t.state = Task.SLEEPING;            // wake places it on an allowed CPU
                moveQueued = true;
            }
        }
        rq.lock.unlock();
        if (moveQueued) {
            rq.migrated++;
            wake(t);
        }
        irqRestore(flags);
        if (t == current() && (cpus & (1L << PerCpu.index())) == 0) {
            Scheduler.yield();                      // moves it now
        }
        return true;
    }

    /** {@code t}'s affinity mask. */
    public static long affinity(Task t) {
        return t.allowed;
    }

    /** The CPU {@code t} runs on, or last ran on. */
    public static int cpuOf(Task t) {
        return t.cpu;
    }

    /**
     * The timer interrupt, on every CPU: accounts the running task and asks for a switch when
     * a queued task has run less; on the boot CPU, wakes the sleepers that are due; on a busy
     * CPU, every {@link #BALANCE_TICKS} ticks, pulls from a busier one.
     */
    public static void tick() {
        PerCpu cpu = PerCpu.current();
        RunQueue rq = cpu.rq;
        if (!rq.running) {
            return;
        }
        if (cpu.index == 0) {
            wakeSleepers();
        }
        rq.lock.lock();
        account(rq.current, Processor.rdtsc());
        if (rq.queued > 0 && (rq.current == rq.idle || rq.queue[0].vruntime < rq.current.vruntime)) {
            rq.needResched = true;
        }
        rq.lock.unlock();
        if (cpu.ticks % BALANCE_TICKS == 0 && Smp.online() > 1) {
            balance(rq);
        }
    }

    /** Wakes the sleepers whose tick has come (the boot CPU's tick: the clock's one writer). */
    private static void wakeSleepers() {
        long now = Timer.ticks();
        for (int n = 0; n < MAX_TASKS; n++) {
            SLEEPERS_LOCK.lock();
            Task t = sleeping > 0 && SLEEPERS[0].wakeTick <= now ? SLEEPERS[0] : null;
            if (t != null) {
                t.timerHold = true;                 // another CPU may wake it, run it to its end and reap it meanwhile
            }
            SLEEPERS_LOCK.unlock();
            if (t == null) {
                return;
            }
            wake(t);
            SLEEPERS_LOCK.lock();
            boolean notAsleepYet = t.sleepIndex == 0;
            t.timerHold = false;
            SLEEPERS_LOCK.unlock();
            if (notAsleepYet) {
                return;                             // not asleep yet (between the heap and its state): next tick
            }
        }
    }

    /**
     * At the end of an interrupt (interrupts disabled): switches if a switch is due on this CPU
     * and preemption is on.
     */
    public static void preemptIfNeeded() {
        PerCpu cpu = PerCpu.current();
        RunQueue rq = cpu.rq;
        if (rq.running && rq.needResched && cpu.preemptCount == 0 && cpu.task.spinLocksHeld == 0
                && cpu.task != rq.idle) {
            schedule();
        }
    }

    private static void account(Task t, long now) {
        long delta = now - t.lastRan;
        t.lastRan = now;
        t.cpuCycles += delta;
        if (t.body != IDLE) {
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

    // ---- the sleepers' heap (under SLEEPERS_LOCK) ----

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

    /** TSC cycles the idle tasks of every CPU have run (/proc/uptime's idle time). */
    public static long idleCycles() {
        long sum = 0;
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            Task t = rq(i).idle;
            if (t != null) {
                sum += t.cpuCycles;
            }
        }
        return sum;
    }

    /** TSC cycles CPU {@code cpu}'s idle task has run. */
    public static long idleCycles(int cpu) {
        Task t = rq(cpu).idle;
        return t == null ? 0 : t.cpuCycles;
    }

    /** {@code ps}: a line per task, idle included, with the CPU it runs or last ran on. */
    public static void ps() {
        long perMs = Math.max(1, Timer.tscPerSecond() / 1000);
        TABLE.lock();
        Printf.printf("  PID STATE     NICE CPU     CPU ms  STACK B  SWITCHES  NAME\n");
        for (int i = 0; i < count; i++) {
            Task t = ALL[i];
            Printf.printf("%5d %-9s %4d %3d %10lu", t.tid, Printf.s(STATES[t.state]), t.nice, t.cpu, t.cpuCycles / perMs);
            long used = Stacks.used(t);
            if (used < 0) {
                Print.str("        -");
            } else {
                Printf.printf(" %8lu", used);
            }
            Printf.printf(" %9lu  %s\n", t.switches, Printf.s(t.name));
        }
        Printf.printf("%d tasks, %lu context switches\n", count, switches());
        TABLE.unlock();
    }

    /** Context switches since {@link #init}, on every CPU. */
    public static long switches() {
        long sum = 0;
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            sum += PerCpu.of(i).switches;
        }
        return sum;
    }

    /** Tasks that exist (any state), idle and boot included. */
    public static int count() {
        return count;
    }
}
