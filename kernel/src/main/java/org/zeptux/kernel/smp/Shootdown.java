package org.zeptux.kernel.smp;

import org.zeptux.kernel.arch.InterruptHandler;
import org.zeptux.kernel.arch.Lapic;
import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.rt.AtomicFlag;
import org.zeptux.rt.AtomicInt;
import org.zeptux.rt.AtomicLong;

/**
 * TLB shootdown: when a mapping other CPUs may cache changes, they invalidate it before the
 * change is relied on (the page reused). The CPU that changed the page tables (and invalidated
 * its own entries) posts the range, sends {@link Smp#IPI_TLB} to every other CPU online and
 * waits until each has run {@code invlpg} over the range in its handler and counted down.
 *
 * <p>Which changes: kernel mappings (hw.Paging.unmapModule: task stacks, modules), which every
 * CPU may cache, go to every other CPU ({@link #kernelRange}). User mappings are cached only
 * where their address space is loaded: {@link #userRange} goes to the CPUs of the space's
 * {@link AddressSpace#cpuMask} (each CPU marks the space it loads in its PerCpu), after munmap,
 * mprotect, a copy-on-write break and fork's write protection, before a page is freed; none is
 * sent while no other CPU has the space (a process with one thread, or threads on one CPU).
 *
 * <p>One shootdown at a time ({@link #busy}, taken with interrupts off, so a handler on this
 * CPU cannot wait for itself); the requester spins with interrupts off, which is safe because
 * the handler never takes a lock. Each target has its own request flag ({@link #REQUESTED}):
 * a CPU that spins with interrupts off — for {@link #busy}, for a spinlock the requester holds
 * (task stacks are unmapped under the stacks' lock), or for a task still being switched out —
 * serves its request from the spin loop ({@link #serve}), so two CPUs never wait for each
 * other. A CPU that does not answer in {@link #ANSWER_SECONDS} seconds is a panic naming it.
 */
public final class Shootdown {
    private Shootdown() {}

    static final InterruptHandler HANDLER = new Handler();
    private static final AtomicFlag busy = new AtomicFlag();
    /** The request: written by the holder of {@link #busy} before the IPIs. */
    private static final AtomicLong start = new AtomicLong();
    private static final AtomicLong pages = new AtomicLong();
    /** CPUs that have not yet invalidated the request. */
    private static final AtomicInt pending = new AtomicInt();
    /** REQUESTED[i] is 1 while CPU i has the posted range to invalidate: set by the requester, cleared by i once. */
    private static final AtomicInt[] REQUESTED = new AtomicInt[PerCpu.MAX_CPUS];
    private static long count;
    /**
     * How long the requester waits for every answer before it panics: generous, since under TCG a
     * virtual CPU is a host thread that a loaded host may not run for a while.
     */
    static final int ANSWER_SECONDS = 5;

    static {
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            REQUESTED[i] = new AtomicInt();
        }
    }

    /**
     * Invalidates the posted range on this CPU if a request for it is pending (from the IPI's
     * handler, or polled from a loop spinning with interrupts off); cheap when none is.
     */
    public static void serve() {
        PerCpu cpu = PerCpu.current();
        AtomicInt flag = REQUESTED[cpu.index];
        if (flag.getAcquire() == 0 || !flag.compareAndSet(1, 0)) {
            return;
        }
        cpu.shootdowns++;
        long n = pages.get();
        if (n < 0) {
            Paging.flushUserLocal();
        } else {
            Paging.invalidateLocal(start.get(), n);
        }
        pending.getAndDecrement();
    }
    private static long lastCycles;

    /** The IPI's handler: invalidates the posted range here and counts down. */
    static final class Handler implements InterruptHandler {
        public void handle(long frame, int vector) {
            PerCpu.current().ipis++;
            serve();
        }

        public String name() {
            return "IPI TLB shootdown";
        }
    }

    /** Invalidates kernel virtual [{@code virt}, + {@code n} pages) on every other CPU online (this CPU's are done already). */
    public static void kernelRange(long virt, long n) {
        if (Smp.online() <= 1 || n <= 0) {
            return;
        }
        long flags = Scheduler.irqSave();
        int self = PerCpu.index();
        long targets = 0;
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            if (i != self && PerCpu.of(i).isOnline()) {
                targets |= 1L << i;
            }
        }
        send(targets, virt, n);
        Scheduler.irqRestore(flags);
    }

    /** Ranges longer than this are shot down as a flush of every user entry (a CR3 reload) rather than page by page. */
    static final long USER_FLUSH_PAGES = 32;
    /** Orders this CPU's page-table changes before its reading of where the space is loaded (a locked instruction). */
    private static final AtomicInt FENCE = new AtomicInt();

    /**
     * Invalidates user virtual [{@code virt}, + {@code n} pages) of {@code space} wherever it is
     * loaded: on this CPU if it runs on it, and on the other CPUs of its {@link AddressSpace#cpuMask}
     * (threads of its process running there), waiting for each. Call after changing the page
     * tables and before freeing what they mapped. Nothing is sent when no other CPU has it.
     */
    public static void userRange(AddressSpace space, long virt, long n) {
        if (n <= 0) {
            return;
        }
        FENCE.getAndIncrement();                    // the page-table stores before the loads of where it is loaded
        long flags = Scheduler.irqSave();
        int self = PerCpu.index();
        if (PerCpu.current().space == space) {
            if (n > USER_FLUSH_PAGES) {
                Paging.flushUserLocal();
            } else {
                Paging.invalidateLocal(virt, n);
            }
        }
        long targets = Smp.online() <= 1 ? 0 : space.cpuMask() & ~(1L << self);
        if (targets != 0) {
            send(targets, virt, n > USER_FLUSH_PAGES ? -1 : n);
            userCount++;
        }
        Scheduler.irqRestore(flags);
    }

    /** Invalidates every user entry of {@code space} wherever it is loaded (after a change of many mappings: fork). */
    public static void userAll(AddressSpace space) {
        userRange(space, 0, USER_FLUSH_PAGES + 1);
    }

    private static long userCount;

    /** User-range shootdowns that reached another CPU, since boot. */
    public static long userCount() {
        return userCount;
    }

    /**
     * Posts [{@code virt}, + {@code n} pages) ({@code n} -1: every user entry) to the CPUs of
     * {@code targets} (online, not this one), sends each the IPI and waits for every answer; with
     * interrupts off.
     */
    private static void send(long targets, long virt, long n) {
        if (targets == 0) {
            return;
        }
        while (busy.testAndSet()) {
            serve();                                // the holder may be waiting for this CPU
            Processor.pause();
        }
        long t0 = Processor.rdtsc();
        start.set(virt);
        pages.set(n);
        pending.setRelease(Long.bitCount(targets));
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            PerCpu p = PerCpu.of(i);
            if ((targets & (1L << i)) != 0) {
                REQUESTED[i].setRelease(1);
                Lapic.sendFixed(p.apicId, Smp.IPI_TLB);
            }
        }
        long limit = ANSWER_SECONDS * Timer.tscPerSecond();
        while (pending.getAcquire() > 0) {
            if (Processor.rdtsc() - t0 > limit) {
                Panic.begin();
                Printf.printf("TLB shootdown: a CPU did not answer in %d seconds:", ANSWER_SECONDS);
                for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
                    PerCpu p = PerCpu.of(i);
                    if (REQUESTED[i].get() != 0) {
                        Printf.printf(" CPU %d (task %s, %lu interrupts)", i,
                                Printf.s(p.task == null ? "-" : p.task.name()), p.interrupts);
                    }
                }
                Print.nl();
                Panic.finish();
            }
            Processor.pause();
        }
        lastCycles = Processor.rdtsc() - t0;
        count++;
        busy.clear();
    }

    /** Shootdowns sent since boot. */
    public static long count() {
        return count;
    }

    /** TSC cycles the last shootdown took, from posting to the last answer. */
    public static long lastCycles() {
        return lastCycles;
    }
}
