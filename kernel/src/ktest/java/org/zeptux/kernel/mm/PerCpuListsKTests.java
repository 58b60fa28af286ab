package org.zeptux.kernel.mm;

import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.smp.CpuWork;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Smp;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.PhysAddr;

/**
 * The per-CPU page lists in front of the buddy allocator and the pools' per-CPU caches: pages
 * freed stay in this CPU's list (free, counted as free, not on buddyinfo's lists), a double free
 * of a page in a list is still refused, and with every free block taken an allocation gets the
 * pages another CPU's list holds (the drain by IPI) instead of failing.
 */
public final class PerCpuListsKTests {
    private PerCpuListsKTests() {}

    /** What a CPU holds in its list and cache for the drain test. */
    static final int FILL = 8;

    static final class Obj {
        long cpu;
    }

    static final Pool<Obj> OBJS = Pool.of("percpu test", Obj.class, Owner.TEST);
    private static final long[] PAGES = new long[FILL];
    private static final Obj[] HELD = new Obj[FILL];

    /** On an AP: allocates and frees FILL order-0 pages and pool objects, leaving them in its list and cache. */
    static final class Fill implements CpuWork {
        @Override
        public void run(int cpu, long arg) {
            fill();
        }
    }

    private static final CpuWork FILL_WORK = new Fill();

    static void fill() {
        for (int i = 0; i < FILL; i++) {
            PhysAddr p = Buddy.alloc(0, Owner.TEST);
            PAGES[i] = p == null ? 0 : p.toLong();
            HELD[i] = OBJS.alloc();
        }
        for (int i = 0; i < FILL; i++) {
            if (PAGES[i] != 0) {
                Buddy.free(PhysAddr.of(PAGES[i]), 0, Owner.TEST);
            }
            if (HELD[i] != null) {
                OBJS.free(HELD[i]);
                HELD[i] = null;
            }
        }
    }

    @KTest
    static void aFreedPageStaysInThisCpusListAndCountsAsFree() {
        BuddyArena.live();
        Buddy.drainLocal(Buddy.DRAIN_PAGES | Buddy.DRAIN_POOLS);
        int cpu = PerCpu.index();
        Check.equal(0, Buddy.ZONE.pcpPages(cpu), "drained: the list is empty");
        long free = Buddy.freePages();
        long test = Buddy.used(Owner.TEST);
        PhysAddr p = Buddy.alloc(0, Owner.TEST);
        Check.isTrue(p != null, "allocated");
        Check.equal(Zone.PCP_BATCH - 1, Buddy.ZONE.pcpPages(cpu), "a batch came to the list, one went out");
        Check.equal(free - 1, Buddy.freePages(), "one page less free");
        Check.equal(test + 1, Buddy.used(Owner.TEST), "charged to its owner at once");
        Check.equal(0, Buddy.ZONE.verify(), "verify with pages in the list");
        Buddy.free(p, 0, Owner.TEST);
        Check.equal(Zone.PCP_BATCH, Buddy.ZONE.pcpPages(cpu), "back in the list");
        Check.equal(free, Buddy.freePages(), "free again");
        Check.equal(test, Buddy.used(Owner.TEST), "uncharged at once");
        Check.equal(Zone.NOT_ALLOCATED, Buddy.ZONE.checkFree(p, 0, Owner.TEST), "a second free would be refused");
        Check.equal(PageFrame_PERCPU, Buddy.ZONE.flags(p.pfn()), "marked as in a CPU's list");
        long listed = 0;
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            listed += Buddy.ZONE.freeBlocks(k) << k;
        }
        Check.equal(Buddy.freePages(), listed + Buddy.ZONE.percpuPages(), "free = buddyinfo's pages + the lists'");
        Buddy.drainLocal(Buddy.DRAIN_PAGES);
        Check.equal(0, Buddy.ZONE.pcpPages(cpu), "drained");
        Check.equal(free, Buddy.freePages(), "free unchanged by the drain");
        Check.equal(0, Buddy.ZONE.verify(), "verify");
    }

    @KTest
    static void aFullListGivesABatchBack() {
        BuddyArena.live();
        Buddy.drainLocal(Buddy.DRAIN_PAGES);
        int cpu = PerCpu.index();
        int n = MANY.length;
        long[] pages = MANY;
        for (int i = 0; i < n; i++) {
            PhysAddr p = Buddy.alloc(0, Owner.TEST);
            Check.isTrue(p != null, "allocated");
            pages[i] = p == null ? 0 : p.toLong();
        }
        for (int i = 0; i < n; i++) {
            if (pages[i] != 0) {
                Buddy.free(PhysAddr.of(pages[i]), 0, Owner.TEST);
            }
            Check.isTrue(Buddy.ZONE.pcpPages(cpu) < Zone.PCP_HIGH, "never above the high mark");
        }
        Check.equal(0, Buddy.ZONE.verify(), "verify");
        Buddy.drainLocal(Buddy.DRAIN_PAGES);
    }

    @KTest(only = KTest.World.KERNEL, reason = "needs the machine's CPUs and their interrupts")
    static void withEveryFreeBlockTakenAnAllocationGetsAnotherCpusListedPages() {
        Buddy.drainAll(Buddy.DRAIN_PAGES | Buddy.DRAIN_POOLS);
        long free = Buddy.freePages();
        long test = Buddy.used(Owner.TEST);
        int others = 0;
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (PerCpu.of(cpu).isOnline() && Smp.post(cpu, FILL_WORK, 0)) {
                Check.isTrue(Smp.collect(cpu, 10000), "the CPU filled its list");
                Check.isTrue(Buddy.ZONE.pcpPages(cpu) > 0, "its list holds pages");
                others++;
            }
        }
        if (others == 0) {
            return;                                 // one CPU: nothing cached elsewhere
        }
        Check.isTrue(OBJS.slabs() > 0, "a slab held by the cached objects");
        // Take every block on the free lists (largest first), leaving only the lists' pages free.
        int taken = 0;
        for (int k = Zone.MAX_ORDER - 1; k >= 0; k--) {
            PhysAddr p;
            while (taken < TAKEN.length && (p = Buddy.allocLocked(k, Owner.TEST)) != null) {
                TAKEN[taken] = p.toLong();
                TAKEN_ORDER[taken] = k;
                taken++;
            }
        }
        Check.isTrue(taken < TAKEN.length, "every free block taken");
        Check.isTrue(!Buddy.ZONE.hasFree(0), "the free lists are empty");
        Check.isTrue(Buddy.ZONE.percpuPages() > 0, "only the lists' pages are free");
        Check.isTrue(Buddy.ZONE.pcpPages(0) == 0, "this CPU's list is empty");
        PhysAddr one = Buddy.alloc(0, Owner.TEST);
        Check.isTrue(one != null, "an order-0 allocation got a page another CPU's list held");
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            Check.equal(0, Buddy.ZONE.pcpPages(cpu), "every other CPU's list was drained");
        }
        Check.equal(0, OBJS.slabs(), "the pool caches were flushed and their slab freed");
        if (one != null) {
            Buddy.free(one, 0, Owner.TEST);
        }
        for (int i = 0; i < taken; i++) {
            Buddy.free(PhysAddr.of(TAKEN[i]), TAKEN_ORDER[i], Owner.TEST);
        }
        Buddy.drainAll(Buddy.DRAIN_PAGES | Buddy.DRAIN_POOLS);
        Check.equal(test, Buddy.used(Owner.TEST), "every test page back");
        Check.equal(0, Buddy.ZONE.verify(), "verify");
        Check.equal(free, Buddy.freePages(), "the free pages are back (the slab's too)");
    }

    private static final long[] MANY = new long[Zone.PCP_HIGH + 8];
    private static final long[] TAKEN = new long[8192];
    private static final int[] TAKEN_ORDER = new int[8192];
    private static final int PageFrame_PERCPU = org.zeptux.kernel.hw.PageFrame.PERCPU;
}
