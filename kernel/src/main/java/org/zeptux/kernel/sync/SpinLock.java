package org.zeptux.kernel.sync;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.rt.AtomicFlag;

/**
 * A spinlock that disables interrupts while held (Linux's spin_lock_irqsave): the holder cannot
 * be interrupted or preempted, so it must not sleep (sleeping with one held is a panic). The
 * flags saved at {@link #lock} are restored at {@link #unlock}, so locks nest.
 *
 * <p>Misuse is a panic with a backtrace: locking a lock the task holds already (it would spin
 * forever), unlocking a lock another task holds or nobody holds.
 *
 * <p>The lock word is an {@link AtomicFlag}: {@link #lock} takes it with an atomic exchange
 * (LLVM's {@code atomicrmw xchg}, seq_cst), spinning with {@code pause} while another CPU holds
 * it, and {@link #unlock} clears it with a release store after the holder's writes, so what
 * the holder wrote is visible to the next holder on any CPU. On one CPU with interrupts off
 * the only other taker can be the holder itself, which {@link #lock} reports instead of
 * spinning forever.
 */
public final class SpinLock {
    private final String name;
    /** Set while held: taken by an atomic exchange, cleared by a release store. */
    private final AtomicFlag word = new AtomicFlag();
    /** The holder, or null; written only by the holder, between taking and clearing {@link #word}. */
    private Task owner;
    private long savedFlags;
    private long acquisitions;

    public SpinLock(String name) {
        this.name = name;
    }

    /** Takes the lock, with interrupts disabled until {@link #unlock}. */
    public void lock() {
        long flags = Scheduler.irqSave();
        Task self = Scheduler.current();
        while (word.testAndSet()) {
            if (owner == self) {
                misuse("locked again by its holder", self);
            }
            Processor.pause();                      // another CPU holds it: spin politely
        }
        owner = self;
        savedFlags = flags;
        acquisitions++;
        if (self != null) {
            Scheduler.spinLockTaken(self);
        }
    }

    /** Releases the lock and restores the interrupt flag {@link #lock} found. */
    public void unlock() {
        Task self = Scheduler.current();
        if (!word.get() || owner != self) {
            misuse(word.get() ? "unlocked by a task that does not hold it" : "unlocked while not locked", self);
        }
        long flags = savedFlags;
        owner = null;
        if (self != null) {
            Scheduler.spinLockReleased(self);
        }
        word.clear();                               // release: the holder's writes are visible first
        Scheduler.irqRestore(flags);
    }

    /** Whether some task holds the lock. */
    public boolean isLocked() {
        return word.get();
    }

    private void misuse(String what, Task self) {
        Panic.begin();
        Printf.printf("spinlock %s: %s", Printf.s(name), Printf.s(what));
        Locks.printTasks(self, owner);
        Print.nl();
        Panic.finish();
    }
}
