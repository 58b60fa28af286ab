package org.zeptux.kernel.sync;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;

/**
 * A spinlock that disables interrupts while held (Linux's spin_lock_irqsave): the holder cannot
 * be interrupted or preempted, so it must not sleep (sleeping with one held is a panic). The
 * flags saved at {@link #lock} are restored at {@link #unlock}, so locks nest.
 *
 * <p>Misuse is a panic with a backtrace: locking a lock the task holds already (it would spin
 * forever), unlocking a lock another task holds or nobody holds.
 *
 * <p>Several CPUs: the lock word will be taken with an atomic exchange once the runtime's
 * atomics land (issue 14's compiler half); today one CPU runs, interrupts are off while the
 * lock is held, and a second taker is the holder itself, which {@link #lock} reports.
 */
public final class SpinLock {
    private final String name;
    /** The holder, or null; written only by lock and unlock, with interrupts disabled. */
    private Task owner;
    private boolean locked;
    private long savedFlags;
    private long acquisitions;

    public SpinLock(String name) {
        this.name = name;
    }

    /** Takes the lock, with interrupts disabled until {@link #unlock}. */
    public void lock() {
        long flags = Scheduler.irqSave();
        Task self = Scheduler.current();
        if (locked) {
            misuse("locked again by its holder", self);
        }
        locked = true;
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
        if (!locked || owner != self) {
            misuse(locked ? "unlocked by a task that does not hold it" : "unlocked while not locked", self);
        }
        long flags = savedFlags;
        locked = false;
        owner = null;
        if (self != null) {
            Scheduler.spinLockReleased(self);
        }
        Scheduler.irqRestore(flags);
    }

    /** Whether some task holds the lock. */
    public boolean isLocked() {
        return locked;
    }

    private void misuse(String what, Task self) {
        Panic.begin();
        Printf.printf("spinlock %s: %s", Printf.s(name), Printf.s(what));
        Locks.printTasks(self, owner);
        Print.nl();
        Panic.finish();
    }
}
