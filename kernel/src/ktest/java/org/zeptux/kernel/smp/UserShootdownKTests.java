package org.zeptux.kernel.smp;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.AtomicInt;
import org.zeptux.rt.KTest;
import org.zeptux.rt.UserPtr;

/**
 * Kernel tests of user TLB shootdown (SmpIT runs them with four CPUs): two CPUs with one address
 * space loaded, as two threads of a process; when the boot CPU unmaps a page the other CPU read
 * a moment before, the other's next read must fault — without the shootdown its TLB would still
 * map the page, freed by then. With one CPU there is no other to check.
 */
public final class UserShootdownKTests {
    private UserShootdownKTests() {}

    private static final String REASON = "needs the machine's CPUs, their TLBs and user mode's page tables";
    static final long A = 0x10000000L;
    static final long PAGE = AddressSpace.PAGE;
    static final byte[] MARK = {0x5a, 0x17, 0x42, 0x01, 0x02, 0x03, 0x04, 0x05};
    static final byte[] SEEN = new byte[8];
    /** 0 posted, 1 the AP read the page, 2 the boot CPU unmapped it, 3 the AP read again. */
    private static final AtomicInt STEP = new AtomicInt();
    private static AddressSpace space;
    private static boolean firstRead;
    private static boolean secondRead;
    private static long loadedMask;

    /** Posted work: read the page through this CPU's TLB, wait for the unmap, read again. */
    static final class Reader implements CpuWork {
        @Override
        public void run(int cpu, long arg) {
            long flags = Scheduler.irqSave();
            space.activate();
            byte[] seen = SEEN;
            firstRead = UserAccess.copyFrom(seen, 0, UserPtr.of(A), 8);   // the translation is cached now
            loadedMask = space.cpuMask();
            STEP.set(1);
            Scheduler.irqRestore(flags);            // the shootdown's IPI comes in here
            long deadline = Timer.uptimeMillis() + 20000;
            while (STEP.get() != 2 && Timer.uptimeMillis() < deadline) {
                Processor.pause();
            }
            flags = Scheduler.irqSave();
            secondRead = UserAccess.copyFrom(seen, 0, UserPtr.of(A), 8);
            AddressSpace.activateKernel();
            STEP.set(3);
            Scheduler.irqRestore(flags);
        }
    }

    private static final CpuWork READER = new Reader();

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void aPageUnmappedOnOneCpuFaultsOnAnotherThatHadItLoaded() {
        int last = 63 - Long.numberOfLeadingZeros(Smp.onlineMask());
        if (last == 0) {
            return;                                 // one CPU: nothing to shoot down
        }
        long user = Buddy.used(Owner.USER);
        long sent = Shootdown.userCount();
        AddressSpace as = AddressSpace.create(16);
        Check.isTrue(as != null, "made");
        Check.equal(0, as.map(A, PAGE, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE, AddressSpace.ANONYMOUS), "a page mapped");
        byte[] mark = MARK;
        Check.isTrue(as.write(A, mark, 0, 8), "marked");
        space = as;
        firstRead = false;
        secondRead = true;
        STEP.set(0);
        Check.isTrue(Smp.post(last, READER, 0), "the reader posted to the last CPU");
        long deadline = Timer.uptimeMillis() + 20000;
        while (STEP.get() != 1 && Timer.uptimeMillis() < deadline) {
            Scheduler.sleep(1);
        }
        Check.equal(1, STEP.get(), "the reader read the page");
        Check.isTrue(firstRead && SEEN[0] == 0x5a && SEEN[2] == 0x42, "it saw the mark");
        Check.equal(1L << last, loadedMask, "the space's CPU mask holds the reader's CPU");
        Check.equal(0, as.unmap(A, PAGE), "unmapped on the boot CPU");
        Check.equal(user, Buddy.used(Owner.USER), "the page is freed");
        STEP.set(2);
        Check.isTrue(Smp.collect(last, 20000), "the reader ended");
        Check.equal(3, STEP.get(), "it read again");
        Check.isTrue(!secondRead, "its read of the unmapped page faulted: its TLB entry was shot down");
        Check.equal(sent + 1, Shootdown.userCount(), "one user shootdown went out");
        Check.equal(0L, as.cpuMask(), "no CPU has the space loaded any more");
        space = null;
        as.destroy();
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void aSpaceLoadedNowhereSendsNoShootdown() {
        long sent = Shootdown.userCount();
        AddressSpace as = AddressSpace.create(16);
        Check.isTrue(as != null, "made");
        Check.equal(0, as.map(A, 4 * PAGE, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE, AddressSpace.ANONYMOUS), "mapped");
        Check.equal(0, as.protect(A, 4 * PAGE, AddressSpace.PROT_READ), "protected");
        Check.equal(0, as.unmap(A, 4 * PAGE), "unmapped");
        Check.equal(sent, Shootdown.userCount(), "no IPI for a space no other CPU has loaded");
        as.destroy();
    }
}
