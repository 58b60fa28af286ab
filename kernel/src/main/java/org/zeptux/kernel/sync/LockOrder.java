package org.zeptux.kernel.sync;

import org.zeptux.kernel.hw.Backtrace;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.test.KTestRunner;
import org.zeptux.rt.AtomicFlag;

/**
 * The lock-order checker of test kernels (as Linux's lockdep): it finds lock orders that could
 * deadlock on several CPUs even when no deadlock happened.
 *
 * <p>Locks fall into classes by name (every pipe's lock is one class, as Linux's lock classes
 * are by the place of initialisation). Each CPU keeps the classes of the spinlocks it holds (a
 * spinlock holder cannot sleep or move, so the stack is the CPU's). Taking a lock of class B
 * while holding one of class A adds the edge "A, then B" to a graph, with the call path that
 * took B; when the new edge closes a cycle (B was held, directly or through other classes, before
 * A was taken somewhere), the checker prints a report with both call paths — now, and the
 * stored path of each edge of the cycle — and counts it; the edge is then kept, so a pair is
 * reported once. Nothing stops: the report is a finding, not a panic.
 *
 * <p>Locking: the graph is behind {@link #GRAPH}, a raw flag taken with interrupts off (every
 * caller is inside SpinLock.lock or unlock); a CPU's held stack is its own. A CPU that is
 * reporting does not check its own console's locks ({@link #INSIDE}). When the class or edge
 * table is full the checker says so once and stops adding.
 *
 * <p>Sleeping locks (mutexes; semaphores' down) are classes of their own kind, by name. A task
 * keeps the classes of the mutexes it holds ({@link Task#heldLocks}: it may sleep and move, so
 * the stack is the task's, not the CPU's). Taking a sleeping lock adds the edges from the
 * task's held mutexes and is checked for cycles as spinlocks are (the same report, with both
 * call paths); taking one while this CPU holds a spinlock is reported at once, even when the
 * lock was free and nothing slept (Linux's "sleeping function called from invalid context"),
 * once per pair. A semaphore's down is checked, not held: its up may come from another task, so
 * it never goes on a task's stack. Spinlocks taken while a mutex is held add no edge (a cycle
 * through one would need a sleeping lock taken under a spinlock, which is reported anyway).
 * Mutex and Semaphore call {@link #sleepingLock} and {@link #sleepingUnlock}; tryLock is not
 * followed.
 *
 * <p>What it does not check yet: the order against interrupt handlers (every spinlock disables
 * interrupts).
 */
public final class LockOrder {
    private LockOrder() {}

    /** On in test kernels only (the KTests' build). */
    public static final boolean ENABLED = KTestRunner.ENABLED;
    static final int MAX_CLASSES = ENABLED ? 256 : 1;
    static final int WORDS = 2;                     // 128 bits: a class's successors
    static final int MAX_HELD = 16;
    static final int MAX_EDGES = ENABLED ? 512 : 1;
    static final int FRAMES = 8;
    static final int CPUS = ENABLED ? PerCpu.MAX_CPUS : 1;

    private static final AtomicFlag GRAPH = new AtomicFlag();
    /** Class names; index 0 unused (0: no class). */
    private static final String[] NAMES = new String[MAX_CLASSES];
    /** Whether a class is of sleeping locks (mutexes, semaphores) rather than spinlocks. */
    private static final boolean[] SLEEPS = new boolean[MAX_CLASSES];
    /** Sleeping locks a task's stack holds ({@link Task#heldLocks}: a byte each). */
    static final int TASK_HELD = 8;
    private static int classes = 1;
    /** AFTER[a * WORDS + (b >> 6)] bit b: "a held, then b taken" was seen. */
    private static final long[] AFTER = new long[MAX_CLASSES * WORDS];
    private static final int[] EDGE_FROM = new int[MAX_EDGES];
    private static final int[] EDGE_TO = new int[MAX_EDGES];
    private static final long[] EDGE_PATH = new long[MAX_EDGES * FRAMES];
    private static int edges;
    private static boolean full;
    /** Each CPU's held classes, in the order taken. */
    private static final int[] HELD = new int[CPUS * MAX_HELD];
    private static final int[] DEPTH = new int[CPUS];
    private static final boolean[] INSIDE = new boolean[CPUS];
    /** Breadth-first search over classes: the parent of each class reached (0: not reached). */
    private static final int[] PARENT = new int[MAX_CLASSES];
    private static final int[] QUEUE = new int[MAX_CLASSES];
    private static final long[] NOW = new long[CPUS * FRAMES];
    private static long reports;
    private static int lastHeld;
    private static int lastTaken;

    /** Before {@code lock} is taken on this CPU (interrupts off): records and checks the order. */
    static void acquiring(SpinLock lock) {
        int cpu = PerCpu.index();
        if (INSIDE[cpu]) {
            return;
        }
        INSIDE[cpu] = true;
        int c = lock.lockClass;
        if (c == 0) {
            c = classOf(lock);
        }
        int depth = DEPTH[cpu];
        if (c != 0) {
            for (int i = 0; i < depth && i < MAX_HELD; i++) {
                int held = HELD[cpu * MAX_HELD + i];
                if (held != 0 && held != c && !edge(held, c)) {
                    addEdge(held, c, cpu);
                }
            }
        }
        if (depth < MAX_HELD) {
            HELD[cpu * MAX_HELD + depth] = c;
        }
        DEPTH[cpu] = depth + 1;
        INSIDE[cpu] = false;
    }

    /** Before {@code lock} is passed on (interrupts off): takes its class off this CPU's held stack (any position). */
    static void released(SpinLock lock) {
        int cpu = PerCpu.index();
        if (INSIDE[cpu]) {
            return;                                 // taken inside the checker (its report's console): never pushed
        }
        int depth = DEPTH[cpu];
        if (depth == 0) {
            return;
        }
        int top = Math.min(depth, MAX_HELD) - 1;
        int at = top;
        while (at >= 0 && HELD[cpu * MAX_HELD + at] != lock.lockClass) {
            at--;
        }
        if (at < 0) {
            at = top;                               // deeper than MAX_HELD: not on the stack
        }
        for (int i = at; i < top; i++) {
            HELD[cpu * MAX_HELD + i] = HELD[cpu * MAX_HELD + i + 1];
        }
        DEPTH[cpu] = depth - 1;
    }

    private static void take() {
        while (GRAPH.testAndSet()) {
            Processor.pause();
        }
    }

    /** The class of {@code lock}, by name, made on first sight; 0 when the table is full. */
    private static int classOf(SpinLock lock) {
        int found = classOf(lock.name(), false, true);
        lock.lockClass = found;
        return found;
    }

    /**
     * The class of locks named {@code name} of the kind {@code sleeps}, made on first sight if
     * {@code make}; 0 when there is none (the table full, or not made). Interrupts off.
     */
    private static int classOf(String name, boolean sleeps, boolean make) {
        take();
        int found = 0;
        for (int i = 1; i < classes && found == 0; i++) {
            if (SLEEPS[i] == sleeps && (NAMES[i] == name || NAMES[i].equals(name))) {
                found = i;
            }
        }
        if (found == 0 && make && classes < MAX_CLASSES) {
            found = classes;
            NAMES[found] = name;
            SLEEPS[found] = sleeps;
            classes++;
        } else if (found == 0 && make) {
            tableFull();
        }
        GRAPH.clear();
        return found;
    }

    /**
     * Before the running task takes the sleeping lock named {@code name}: a mutex ({@code held}:
     * it goes on the task's stack until {@link #sleepingUnlock}) or a semaphore's down (checked
     * only). Reports a spinlock held on this CPU, and an order that closes a cycle with the
     * mutexes the task holds. Test kernels only (a no-op otherwise); any context with a task.
     */
    public static void sleepingLock(String name, boolean held) {
        if (!ENABLED) {
            return;
        }
        Task self = Scheduler.current();
        if (self == null) {
            return;
        }
        long flags = Scheduler.irqSave();
        int cpu = PerCpu.index();
        if (!INSIDE[cpu]) {
            INSIDE[cpu] = true;
            int c = classOf(name, true, true);
            if (c != 0) {
                int depth = Math.min(DEPTH[cpu], MAX_HELD);
                for (int i = 0; i < depth; i++) {
                    int spin = HELD[cpu * MAX_HELD + i];
                    if (spin != 0 && !edge(spin, c)) {
                        addEdge(spin, c, cpu);      // reported: a sleeping lock under a spinlock
                    }
                }
                int n = Math.min(self.heldLockDepth, TASK_HELD);
                for (int i = 0; i < n; i++) {
                    int h = (int) ((self.heldLocks >>> (8 * i)) & 0xFF);
                    if (h != 0 && h != c && !edge(h, c)) {
                        addEdge(h, c, cpu);
                    }
                }
            }
            if (held) {
                self.heldLocks = (self.heldLocks << 8) | c;
                self.heldLockDepth++;
            }
            INSIDE[cpu] = false;
        }
        Scheduler.irqRestore(flags);
    }

    /** Before the running task releases the mutex named {@code name}: takes it off the task's stack (any position). */
    public static void sleepingUnlock(String name) {
        if (!ENABLED) {
            return;
        }
        Task self = Scheduler.current();
        if (self == null || self.heldLockDepth == 0) {
            return;
        }
        long flags = Scheduler.irqSave();
        int c = classOf(name, true, false);
        int n = Math.min(self.heldLockDepth, TASK_HELD);
        int at = 0;
        while (at < n && (int) ((self.heldLocks >>> (8 * at)) & 0xFF) != c) {
            at++;
        }
        if (at < n) {
            long low = self.heldLocks & ((1L << (8 * at)) - 1);
            long high = at == TASK_HELD - 1 ? 0 : self.heldLocks >>> (8 * (at + 1));
            self.heldLocks = (high << (8 * at)) | low;
            self.heldLockDepth--;
        } else if (self.heldLockDepth > TASK_HELD) {
            self.heldLockDepth--;                   // deeper than the stack keeps: not on it
        }
        Scheduler.irqRestore(flags);
    }

    /** The sleeping locks the running task holds (test kernels; 0 otherwise). */
    public static int heldByThisTask() {
        Task self = Scheduler.current();
        return self == null ? 0 : self.heldLockDepth;
    }

    private static boolean edge(int a, int b) {
        return (AFTER[a * WORDS + (b >>> 6)] & (1L << (b & 63))) != 0;
    }

    /** Adds "a, then b", first reporting the cycle it closes, if any. */
    private static void addEdge(int a, int b, int cpu) {
        take();
        if (!edge(a, b)) {
            Backtrace.capture(NOW, cpu * FRAMES, FRAMES);
            if (SLEEPS[b] && !SLEEPS[a]) {
                reportSleepUnderSpin(a, b, cpu);
            } else if (reaches(b, a)) {
                report(a, b, cpu);
            }
            AFTER[a * WORDS + (b >>> 6)] |= 1L << (b & 63);
            if (edges < MAX_EDGES) {
                EDGE_FROM[edges] = a;
                EDGE_TO[edges] = b;
                System.arraycopy(NOW, cpu * FRAMES, EDGE_PATH, edges * FRAMES, FRAMES);
                edges++;
            } else {
                tableFull();
            }
        }
        GRAPH.clear();
    }

    /** Whether {@code to} is reachable from {@code from} by edges; PARENT then holds the path back. */
    private static boolean reaches(int from, int to) {
        for (int i = 0; i < classes; i++) {
            PARENT[i] = 0;
        }
        int head = 0;
        int tail = 0;
        QUEUE[tail++] = from;
        PARENT[from] = from;
        while (head < tail) {
            int c = QUEUE[head++];
            if (c == to) {
                return true;
            }
            for (int d = 1; d < classes; d++) {
                if (PARENT[d] == 0 && edge(c, d)) {
                    PARENT[d] = c;
                    QUEUE[tail++] = d;
                }
            }
        }
        return false;
    }

    /** The report: the new order with its path now, then each stored edge from b back to a. */
    private static void report(int a, int b, int cpu) {
        reports++;
        lastHeld = a;
        lastTaken = b;
        Print.str("======================================================");
        Print.nl();
        Printf.printf("lock order: possible deadlock: \"%s\" taken while holding \"%s\" on CPU %d,\n", Printf.s(NAMES[b]),
                Printf.s(NAMES[a]), cpu);
        Printf.printf("lock order: but \"%s\" was held before \"%s\" was taken:\n", Printf.s(NAMES[b]), Printf.s(NAMES[a]));
        Printf.printf("lock order: now, \"%s\" then \"%s\":\n", Printf.s(NAMES[a]), Printf.s(NAMES[b]));
        Backtrace.printCaptured(NOW, cpu * FRAMES, FRAMES);
        int to = a;
        int steps = 0;
        while (to != b && steps < MAX_CLASSES) {   // the path b -> ... -> a, printed from its end
            int from = PARENT[to];
            Printf.printf("lock order: before, \"%s\" then \"%s\":\n", Printf.s(NAMES[from]), Printf.s(NAMES[to]));
            int e = findEdge(from, to);
            if (e >= 0) {
                Backtrace.printCaptured(EDGE_PATH, e * FRAMES, FRAMES);
            }
            to = from;
            steps++;
        }
        Print.str("======================================================");
        Print.nl();
    }

    /** The report of sleeping lock b taken while spinlock a is held on this CPU: the path now. */
    private static void reportSleepUnderSpin(int a, int b, int cpu) {
        reports++;
        lastHeld = a;
        lastTaken = b;
        Print.str("======================================================");
        Print.nl();
        Printf.printf("lock order: sleeping lock \"%s\" taken while holding spinlock \"%s\" on CPU %d,\n", Printf.s(NAMES[b]),
                Printf.s(NAMES[a]), cpu);
        Printf.printf("lock order: but a task must not sleep holding a spinlock (sleeping function called from invalid context):\n");
        Printf.printf("lock order: now, \"%s\" then \"%s\":\n", Printf.s(NAMES[a]), Printf.s(NAMES[b]));
        Backtrace.printCaptured(NOW, cpu * FRAMES, FRAMES);
        Print.str("======================================================");
        Print.nl();
    }

    private static int findEdge(int a, int b) {
        for (int i = 0; i < edges; i++) {
            if (EDGE_FROM[i] == a && EDGE_TO[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void tableFull() {
        if (!full) {
            full = true;
            Print.str("lock order: table full; new classes and orders are not checked");
            Print.nl();
        }
    }

    /** Reports printed since boot. */
    public static long reports() {
        return reports;
    }

    /** The held and the taken class names of the last report ("" before any). */
    public static String lastHeld() {
        return reports == 0 ? "" : NAMES[lastHeld];
    }

    public static String lastTaken() {
        return reports == 0 ? "" : NAMES[lastTaken];
    }

    /**
     * Prints the checker's state (the monitor's {@code lockdep}): {@code lockdep: N classes, M
     * orders, R reports}, then one line a class, {@code  NAME} (a mutex's with " (sleeps)"), or
     * {@code lockdep: off} in a kernel without it.
     */
    public static void print() {
        if (!ENABLED) {
            Print.str("lockdep: off (test kernels only)");
            Print.nl();
            return;
        }
        Printf.printf("lockdep: %d classes, %d orders, %d reports\n", classes - 1, edges, reports);
        for (int c = 1; c < classes; c++) {
            Print.str("  ");
            Print.str(NAMES[c]);
            if (SLEEPS[c]) {
                Print.str(" (sleeps)");
            }
            Print.nl();
        }
    }

    /** Lock classes seen and order edges recorded. */
    public static int classes() {
        return classes - 1;
    }

    public static int edges() {
        return edges;
    }
}
