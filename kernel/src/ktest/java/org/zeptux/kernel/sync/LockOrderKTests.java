package org.zeptux.kernel.sync;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/** The lock-order checker (test kernels): an inversion provoked on purpose is reported once, naming both classes. */
public final class LockOrderKTests {
    private LockOrderKTests() {}

    private static final SpinLock A = new SpinLock("lockorder test a");
    private static final SpinLock B = new SpinLock("lockorder test b");
    private static final SpinLock C = new SpinLock("lockorder test c");

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
}
