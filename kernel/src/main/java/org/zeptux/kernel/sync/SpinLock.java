package org.zeptux.kernel.sync;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Shootdown;
import org.zeptux.rt.AtomicInt;

/**
 * A fair spinlock that disables interrupts while held (Linux's spin_lock_irqsave): the holder
 * cannot be interrupted or preempted, so it must not sleep (sleeping with one held is a panic).
 * The flags saved at {@link #lock} are restored at {@link #unlock}, so locks nest.
 *
 * <p>A ticket lock: {@link #lock} takes the next ticket ({@link #next}, by compare-and-set) and
 * spins with {@code pause} until {@link #serving} shows it; {@link #unlock} moves
 * {@link #serving} on with a release store after the holder's writes, so what the holder wrote is
 * visible to the next holder on any CPU, and CPUs get the lock in the order they asked for it
 * (no CPU starves, as a test-and-set lock allows).
 *
 * <p>Misuse is a panic with a backtrace: locking a lock this CPU holds already (it would spin
 * forever: interrupts are off while a spinlock is held, so the holder on this CPU can only be the
 * caller), unlocking a lock another task holds or nobody holds. In test kernels every lock goes
 * through the lock-order checker ({@link LockOrder}).
 */
public final class SpinLock {
    private final String name;
    /** The next ticket to hand out: moved by compare-and-set in {@link #lock}. */
    private final AtomicInt next = new AtomicInt();
    /** The ticket being served: moved only by the holder, with a release store in {@link #unlock}. */
    private final AtomicInt serving = new AtomicInt();
    /** The holder and its CPU (-1: none); written only by the holder, between taking and passing on the lock. */
    private Task owner;
    private int ownerCpu = -1;
    private long savedFlags;
    private long acquisitions;
    /** The lock-order checker's class of this lock (test kernels; 0 until first taken): written under its graph lock. */
    int lockClass;

    /** A lock waited for this long is reported as a panic (a deadlock), not spun on forever. */
    static final long STUCK_SECONDS = 10;

    public SpinLock(String name) {
        this.name = name;
    }

    /** The lock's name: its class for the lock-order checker. */
    public String name() {
        return name;
    }

    /** Takes the lock, with interrupts disabled until {@link #unlock}. */
    public void lock() {
        long flags = Scheduler.irqSave();
        Task self = Scheduler.current();
        int cpu = PerCpu.index();
        if (ownerCpu == cpu) {
            misuse("locked again by its holder", self);
        }
        if (LockOrder.ENABLED) {
            LockOrder.acquiring(this);
        }
        int ticket = next.get();
        while (!next.compareAndSet(ticket, ticket + 1)) {
            ticket = next.get();
        }
        long spins = 0;
        long since = 0;
        while (serving.getAcquire() != ticket) {
            Shootdown.serve();                      // the holder may be waiting for this CPU's TLB
            Processor.pause();                      // another CPU holds it: wait for our turn
            spins++;
            if ((spins & 0x3FFF) == 0) {            // now and then: a lock held for seconds is a deadlock
                long now = Processor.rdtsc();
                if (since == 0) {
                    since = now;
                } else if (now - since > STUCK_SECONDS * Timer.tscPerSecond()) {
                    misuse("waited for over 10 seconds (a deadlock?)", self);
                }
            }
        }
        owner = self;
        ownerCpu = cpu;
        savedFlags = flags;
        acquisitions++;
        if (self != null) {
            Scheduler.spinLockTaken(self);
        }
    }

    /** Releases the lock and restores the interrupt flag {@link #lock} found. */
    public void unlock() {
        Scheduler.irqRestore(release());
    }

    /**
     * Releases the lock but leaves interrupts disabled, returning the flags {@link #lock} saved
     * (for {@link #reacquire}): a sleeper lets its lock go and switches away with no interrupt
     * in between (WaitQueue).
     */
    public long release() {
        Task self = Scheduler.current();
        if (!isLocked() || owner != self || ownerCpu != PerCpu.index()) {
            misuse(isLocked() ? "unlocked by a task that does not hold it" : "unlocked while not locked", self);
        }
        long flags = savedFlags;
        owner = null;
        ownerCpu = -1;
        if (self != null) {
            Scheduler.spinLockReleased(self);
        }
        if (LockOrder.ENABLED) {
            LockOrder.released(this);
        }
        serving.setRelease(serving.get() + 1);     // release: the holder's writes are visible first
        return flags;
    }

    /** Takes the lock again after {@link #release}; {@link #unlock} will restore {@code flags}. */
    public void reacquire(long flags) {
        lock();
        savedFlags = flags;
    }

    /** Whether this CPU holds the lock. */
    public boolean heldHere() {
        return ownerCpu == PerCpu.index() && isLocked();
    }

    /** Whether some task holds the lock (or is about to: its ticket is taken). */
    public boolean isLocked() {
        return serving.getAcquire() != next.getAcquire();
    }

    private void misuse(String what, Task self) {
        Panic.begin();
        Printf.printf("spinlock %s: %s", Printf.s(name), Printf.s(what));
        Locks.printTasks(self, owner);
        Printf.printf(" on CPU %d, held on CPU %d", PerCpu.index(), ownerCpu);
        Print.nl();
        Panic.finish();
    }
}
