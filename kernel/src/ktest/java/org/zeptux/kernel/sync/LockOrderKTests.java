package org.zeptux.kernel.sync;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/** The lock-order checker (test kernels): an inversion provoked on purpose is reported once, naming both classes. */
public final class LockOrderKTests {
    private LockOrderKTests() {}

    private static final SpinLock A = new SpinLock("lockorder test a");
    private static final SpinLock B = new SpinLock("lockorder test b");
    private static final SpinLock C = new SpinLock("lockorder test c");
    private static final Mutex MA = new Mutex("lockorder mutex a");
    private static final Mutex MB = new Mutex("lockorder mutex b");
    private static final SpinLock S = new SpinLock("lockorder spin s");
    private static final Mutex MS = new Mutex("lockorder mutex s");
    private static final Semaphore SEM = new Semaphore("lockorder semaphore", 1);

    @KTest(only = KTest.World.KERNEL, reason = "the checker is built into test kernels only")
    static void anInversionIsReportedOnceWithoutADeadlock() {
        Check.isTrue(LockOrder.ENABLED, "the checker is on in the test kernel");
        long reports = LockOrder.reports();
        A.lock();
        B.lock();
        B.unlock();
        A.unlock();
        Check.equal(reports, LockOrder.reports(), "a then b: a new order, no report");
        B.lock();
        A.lock();                                   // b then a: closes the cycle, on one CPU, no deadlock
        A.unlock();
        B.unlock();
        Check.equal(reports + 1, LockOrder.reports(), "b then a: reported");
        Check.isTrue(LockOrder.lastHeld().equals("lockorder test b"), "the report names the held lock");
        Check.isTrue(LockOrder.lastTaken().equals("lockorder test a"), "the report names the lock taken");
        B.lock();
        A.lock();
        A.unlock();
        B.unlock();
        Check.equal(reports + 1, LockOrder.reports(), "the same inversion is reported once");
    }

    @KTest(only = KTest.World.KERNEL, reason = "the checker is built into test kernels only")
    static void aCycleThroughAThirdLockIsFound() {
        A.lock();
        B.lock();                                   // a then b (known already if the test above ran)
        B.unlock();
        A.unlock();
        long reports = LockOrder.reports();
        B.lock();
        C.lock();                                   // b then c
        C.unlock();
        B.unlock();
        Check.equal(reports, LockOrder.reports(), "b then c: no cycle yet");
        C.lock();
        A.lock();                                   // c then a: a -> b -> c -> a
        A.unlock();
        C.unlock();
        Check.equal(reports + 1, LockOrder.reports(), "c then a closes a, b, c");
        Check.isTrue(LockOrder.lastHeld().equals("lockorder test c"), "held c");
        Check.isTrue(LockOrder.lastTaken().equals("lockorder test a"), "took a");
    }

    @KTest(only = KTest.World.KERNEL, reason = "the checker is built into test kernels only")
    static void aMutexInversionIsReportedOnceWithBothPaths() {
        long reports = LockOrder.reports();
        int held = LockOrder.heldByThisTask();
        MA.lock();
        MB.lock();
        Check.equal(held + 2, LockOrder.heldByThisTask(), "the task holds two mutexes");
        MB.unlock();
        MA.unlock();
        Check.equal(held, LockOrder.heldByThisTask(), "and then none");
        Check.equal(reports, LockOrder.reports(), "mutex a then b: a new order, no report");
        MB.lock();
        MA.lock();                                  // b then a: the cycle, reported though nobody waited
        MA.unlock();
        MB.unlock();
        Check.equal(reports + 1, LockOrder.reports(), "mutex b then a: reported");
        Check.isTrue(LockOrder.lastHeld().equals("lockorder mutex b"), "the report names the mutex held");
        Check.isTrue(LockOrder.lastTaken().equals("lockorder mutex a"), "the report names the mutex taken");
        MB.lock();
        MA.lock();
        MB.unlock();                                // released out of order: taken off the stack where it is
        MA.unlock();
        Check.equal(reports + 1, LockOrder.reports(), "the same inversion is reported once");
        Check.equal(held, LockOrder.heldByThisTask(), "nothing held");
    }

    @KTest(only = KTest.World.KERNEL, reason = "the checker is built into test kernels only")
    static void aSleepingLockTakenUnderASpinlockIsReported() {
        long reports = LockOrder.reports();
        int held = LockOrder.heldByThisTask();
        S.lock();
        MS.lock();                                  // free: nothing sleeps, and still a bug
        MS.unlock();
        S.unlock();
        Check.equal(reports + 1, LockOrder.reports(), "a mutex under a spinlock: reported");
        Check.isTrue(LockOrder.lastHeld().equals("lockorder spin s"), "names the spinlock");
        Check.isTrue(LockOrder.lastTaken().equals("lockorder mutex s"), "names the mutex");
        S.lock();
        SEM.down();                                 // a semaphore's down likewise
        SEM.up();
        S.unlock();
        Check.equal(reports + 2, LockOrder.reports(), "a semaphore's down under a spinlock: reported");
        Check.isTrue(LockOrder.lastTaken().equals("lockorder semaphore"), "names the semaphore");
        MS.lock();
        MS.unlock();
        SEM.down();
        SEM.up();
        Check.equal(reports + 2, LockOrder.reports(), "without the spinlock: nothing");
        Check.equal(held, LockOrder.heldByThisTask(), "a semaphore is not held by a task");
    }
}
