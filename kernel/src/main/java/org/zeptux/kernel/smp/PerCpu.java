package org.zeptux.kernel.smp;

import org.zeptux.kernel.hw.CpuLocal;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.sched.RunQueue;
import org.zeptux.kernel.sched.Task;
import org.zeptux.rt.AtomicInt;

/**
 * One CPU's data, typed: safe code reaches its own CPU's with {@link #current()}, which indexes
 * a build-time array by the CPU number the raw layer reads through GS (hw.CpuLocal: one
 * {@code mov rax, [gs:16]}). Another CPU's is {@link #of}; its fields are then only for
 * reading statistics.
 *
 * <p>Writers: every field but {@link #apicId}, {@link #started} and the interrupt stacks is
 * written only by its own CPU, with interrupts off (the interrupt handlers write the
 * statistics), so no lock is needed; the boot CPU writes the start-up fields before the
 * AP runs and never after. Reading another CPU's statistics gives a value that may be a tick
 * old, never a torn one (aligned 64-bit loads).
 */
public final class PerCpu {
    /** The most CPUs the kernel runs (the raw layer's limit). */
    public static final int MAX_CPUS = CpuLocal.MAX_CPUS;

    private static final PerCpu[] CPUS = new PerCpu[MAX_CPUS];

    static {
        for (int i = 0; i < MAX_CPUS; i++) {
            CPUS[i] = new PerCpu(i);
        }
    }

    /** This CPU's index: 0 the boot CPU, then the APs in the order they started. */
    public final int index;
    /** The local APIC ID (written by the boot CPU before the start). */
    public int apicId;
    /** Set by the CPU itself at the end of its start (release): the boot CPU waits for it. */
    final AtomicInt online = new AtomicInt();
    /** Set by the boot CPU when this CPU was given up (too late): it halts if it ever gets here. */
    final AtomicInt abandoned = new AtomicInt();
    /** Whether the boot CPU started this CPU (its index is taken). */
    boolean started;
    /** The tops of the double-fault, NMI and machine-check stacks (APs; the boot CPU's are in boot/trap.asm). */
    long doubleFaultStack;
    long nmiStack;
    long machineCheckStack;
    /** The physical blocks of the three interrupt stacks. */
    final long[] istPhys = new long[3];

    /** Work posted by the boot CPU (Smp.post): 0 none, 1 posted, 2 done; the AP moves 1 to 2, the boot CPU 2 to 0. */
    final AtomicInt workState = new AtomicInt();
    /** The work and its argument: written by the boot CPU before it posts (release), read by this CPU after (acquire). */
    CpuWork work;
    long workArg;

    /**
     * What another CPU asked this one to give back (Smp.drainOthers: DRAIN_POOLS | DRAIN_PAGES
     * bits, 0 none): set by the asker (release), cleared by this CPU when done.
     */
    final AtomicInt drainRequest = new AtomicInt();

    /** This CPU's run queue (its own lock guards it: sched.Scheduler). */
    public final RunQueue rq;
    /** The task running on this CPU (the scheduler writes it at every switch). */
    public Task task;
    /** This CPU's idle task. */
    public Task idle;
    /** Preemption disabled while above 0 (Linux's preempt_count). */
    public int preemptCount;
    /** Timer interrupts taken here. */
    public long ticks;
    /** Interrupts of every vector taken here (exceptions included). */
    public long interrupts;
    /** Context switches here. */
    public long switches;
    /** Inter-processor interrupts taken here. */
    public long ipis;
    /** TLB shootdown requests served here. */
    public long shootdowns;
    /**
     * The user address space whose page tables this CPU runs on (CR3), or null (the kernel's):
     * written only by this CPU, around its CR3 loads (mm.AddressSpace.activate); other CPUs read
     * it to know where a change of that space's mappings must be shot down.
     */
    public volatile AddressSpace space;

    private PerCpu(int index) {
        this.index = index;
        this.rq = new RunQueue(index);
    }

    /** This CPU's data. */
    public static PerCpu current() {
        return CPUS[CpuLocal.index()];
    }

    /** CPU {@code i}'s data (0 <= i < MAX_CPUS). */
    public static PerCpu of(int i) {
        return CPUS[i];
    }

    /** This CPU's index. */
    public static int index() {
        return CpuLocal.index();
    }

    /** Whether this CPU has finished starting. */
    public boolean isOnline() {
        return online.getAcquire() != 0;
    }
}
