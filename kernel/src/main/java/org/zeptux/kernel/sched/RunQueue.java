package org.zeptux.kernel.sched;

import org.zeptux.kernel.sync.SpinLock;

/**
 * One CPU's run queue: its runnable tasks in a binary min-heap by virtual runtime, the task it
 * runs, its idle task and its share of the scheduler's state. One per CPU, made at build time
 * ({@code PerCpu.rq}).
 *
 * <p>Locking: {@link #lock} ("runqueue N") guards every field, and the scheduling state
 * ({@code state}, {@code cpu}, {@code queueIndex}, {@code vruntime}) of every task whose
 * {@code cpu} is this queue's. Two run queues are locked in the order of their CPU numbers
 * ({@link Scheduler}'s lockTwo). {@link #previous} and {@link #loadedFsBase} belong to the
 * CPU alone (written with interrupts off, between a switch and its end).
 */
public final class RunQueue {
    /** The lock classes' names: a class per CPU, so taking two in CPU order is an order, not a self-deadlock. */
    private static final String[] NAMES = {
        "runqueue 0", "runqueue 1", "runqueue 2", "runqueue 3", "runqueue 4", "runqueue 5", "runqueue 6",
        "runqueue 7", "runqueue 8", "runqueue 9", "runqueue 10", "runqueue 11", "runqueue 12", "runqueue 13",
        "runqueue 14", "runqueue 15",
    };

    final int cpu;
    final SpinLock lock;
    final Task[] queue = new Task[Scheduler.MAX_TASKS];
    int queued;
    /** Queued tasks that may run on another CPU too (the others are pinned here): balancing looks only when there are some. */
    volatile int movable;
    long minVruntime;
    /** The task running here, and this CPU's idle task. */
    Task current;
    Task idle;
    /** The task this CPU switched away from, until the incoming task's finishSwitch. */
    Task previous;
    boolean needResched;
    /** Whether this CPU schedules tasks (the boot CPU after Scheduler.init, an AP once online). */
    boolean running;
    /** The user FS base loaded on this CPU (a write of the MSR is skipped when it would not change it). */
    long loadedFsBase;
    /** Tasks pulled to this CPU by balancing, and pushed away by affinity. */
    long pulled;
    long migrated;

    public RunQueue(int cpu) {
        this.cpu = cpu;
        this.lock = new SpinLock(NAMES[cpu % NAMES.length]);
    }

    /** Runnable tasks waiting here (not the running one). */
    public int queued() {
        return queued;
    }

    /** Tasks pulled here by load balancing. */
    public long pulled() {
        return pulled;
    }

    /** Tasks here that were moved away because their affinity excluded this CPU. */
    public long migrated() {
        return migrated;
    }

    /** Queued tasks plus the running one unless it is the idle task: the load balancing compares. */
    int load() {
        return queued + (current != null && current != idle ? 1 : 0);
    }

    void insert(Task t) {
        t.state = Task.RUNNABLE;
        t.cpu = cpu;
        int i = siftUp(queued, t.vruntime);
        queued++;
        queue[i] = t;
        t.queueIndex = i;
        count(t);
    }

    /** Counts queued {@code t} in {@link #movable} if it may run elsewhere (lock held). */
    void count(Task t) {
        t.movable = (t.allowed & ~(1L << cpu)) != 0;
        if (t.movable) {
            movable++;
        }
    }

    /** Undoes {@link #count} (lock held). */
    void uncount(Task t) {
        if (t.movable) {
            movable--;
            t.movable = false;
        }
    }

    Task take() {
        Task top = queue[0];
        removeAt(0);
        return top;
    }

    /**
     * Moves the parents of the free heap slot {@code i} down while their virtual runtime is
     * above {@code vruntime}; returns where the free slot ends, for a task of that runtime.
     */
    private int siftUp(int i, long vruntime) {
        while (i > 0 && queue[(i - 1) / 2].vruntime > vruntime) {
            int parent = (i - 1) / 2;
            queue[i] = queue[parent];
            queue[i].queueIndex = i;
            i = parent;
        }
        return i;
    }

    /** Takes the task at heap index {@code i} out. */
    void removeAt(int i) {
        Task t = queue[i];
        queued--;
        Task last = queue[queued];
        queue[queued] = null;
        t.queueIndex = -1;
        uncount(t);
        if (last == t) {
            return;
        }
        i = siftUp(i, last.vruntime);
        while (true) {
            int child = 2 * i + 1;
            if (child >= queued) {
                break;
            }
            if (child + 1 < queued && queue[child + 1].vruntime < queue[child].vruntime) {
                child++;
            }
            if (queue[child].vruntime >= last.vruntime) {
                break;
            }
            queue[i] = queue[child];
            queue[i].queueIndex = i;
            i = child;
        }
        queue[i] = last;
        last.queueIndex = i;
    }
}
