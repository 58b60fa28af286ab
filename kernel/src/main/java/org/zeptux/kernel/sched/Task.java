package org.zeptux.kernel.sched;

import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.proc.Process;

/**
 * A kernel thread: its scheduling state, its stack and what it runs. Tasks come from the
 * {@link Scheduler}'s pool (owner "kernel heap"); each has its own stack of
 * {@link Stacks#STACK_BYTES} with a not-present guard page below it.
 *
 * <pre>
 *   spawn ──▶ RUNNABLE ──pick──▶ RUNNING ──returns or exit()──▶ DEAD ──join or (detached) reap──▶ freed
 *                ▲                  │
 *                └──wake / expire───┴──sleep, wait (SLEEPING)
 * </pre>
 *
 * <p>Every scheduling field ({@link #state}, {@link #cpu}, {@link #queueIndex}, {@link #vruntime},
 * {@link #allowed}) is written by the scheduler's code under the lock of the run queue
 * {@link #cpu} names (the task's own CPU's while it runs), {@link #sleepIndex} under the
 * sleepers' lock, {@link #waitNext} under its wait queue's lock; {@link #onCpu} is set by the CPU
 * that picks the task and cleared by that CPU's next task once the switch is done. Tasks never
 * write each other's fields directly.
 */
public final class Task {
    public static final int RUNNABLE = 0;
    public static final int RUNNING = 1;
    public static final int SLEEPING = 2;
    public static final int DEAD = 3;

    int tid;
    String name;
    int state;
    int nice;
    /** The load weight of {@link #nice} (Linux's table: nice 0 is 1024, each step about 1.25 times). */
    long weight;
    /** CPU time scaled by 1024 / weight, in TSC cycles: the fair scheduler runs the lowest first. */
    long vruntime;
    long cpuCycles;
    long switches;
    /** The TSC when the task last started running (or was last accounted). */
    long lastRan;
    /** The lowest address of the stack: its first word holds the stack pointer while the task is switched out. */
    long stackBase;
    long stackTop;
    int stackSlot;
    TaskBody body;
    long arg;
    long exitStatus;
    /** Reaped by the scheduler when it exits, rather than by {@link Scheduler#join}. */
    boolean detached;
    /** The task waiting in {@link Scheduler#join} for this one, or null; under the exits' wait queue's lock. */
    Task joiner;
    /** Its place in the run queue heap, or -1. */
    int queueIndex;
    /** Counted in its run queue's {@code movable} (queued, and allowed on another CPU too). */
    boolean movable;
    /** Its place in the sleepers' heap, or -1. */
    int sleepIndex;
    /**
     * The boot CPU's tick took it from the sleepers' heap and is waking it (under the sleepers'
     * lock): it may not be freed until the tick is done with it.
     */
    boolean timerHold;
    /** The tick at which a sleep ends. */
    long wakeTick;
    /** The next task on the wait queue this one waits on. */
    Task waitNext;
    /** The CPU it runs on, is queued on or last ran on. */
    int cpu;
    /** The CPUs it may run on (bit n for CPU n; -1: any). */
    long allowed;
    /** 1 while its context is live on a CPU (from being picked until the next task finished switching). */
    volatile int onCpu;
    /** Switched out because its affinity excludes its CPU: the switch's end places it on an allowed one. */
    boolean migrating;
    /** Spinlocks held: sleeping with one held is a panic. */
    int spinLocksHeld;
    /**
     * The lock-order classes of the sleeping locks (mutexes) it holds, in test kernels
     * (sync.LockOrder): 8 bits each, the most recent in the low byte, and how many it holds.
     * Written only by the task itself.
     */
    public long heldLocks;
    public int heldLockDepth;
    /**
     * The user address space it runs on, or null (a kernel thread, on the kernel's page
     * tables). The scheduler loads it, the kernel stack entries from user mode land on and
     * the user's FS base at every switch to this task.
     */
    AddressSpace space;
    /** The user's FS base (arch_prctl ARCH_SET_FS: its thread pointer). */
    long fsBase;
    /** The process this task is the thread of, or null. */
    Process process;
    /** Where its user x87/SSE registers are kept while it is switched out (a user thread), or null. */
    byte[] fpu;
    /** Whether {@link #fpu} holds saved registers (not before its first switch away). */
    boolean fpuSaved;

    /** The user's FS base. */
    public long fsBase() {
        return fsBase;
    }

    /** The top of its kernel stack (the first address above it). */
    public long stackTop() {
        return stackTop;
    }

    /** The process this task runs, or null (a kernel thread). */
    public Process process() {
        return process;
    }

    /** The user address space it runs on, or null. */
    public AddressSpace space() {
        return space;
    }

    /** The task's id (0 is the boot task, the monitor). */
    public int tid() {
        return tid;
    }

    public String name() {
        return name;
    }

    public int state() {
        return state;
    }

    public int nice() {
        return nice;
    }

    /** CPU time used, in TSC cycles. */
    public long cpuCycles() {
        return cpuCycles;
    }

    public long switches() {
        return switches;
    }

    /** The exit status, once the task is DEAD. */
    public long exitStatus() {
        return exitStatus;
    }
}
