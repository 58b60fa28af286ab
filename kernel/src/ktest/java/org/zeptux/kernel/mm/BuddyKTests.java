package org.zeptux.kernel.mm;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.Pfn;
import org.zeptux.rt.PhysAddr;

/** Kernel tests of the buddy allocator, each on a zone of its own (BuddyArena's), never the kernel's. */
public final class BuddyKTests {
    private BuddyKTests() {}

    /** The zone under test: the arena's, never the kernel's. */
    private static final Zone ZONE = BuddyArena.ZONE;
    private static final Pfn FIRST = BuddyArena.FIRST_PFN;
    private static final PhysAddr BASE = FIRST.phys();

    private static void blocks(long o0, long o1, long o2, long o3, long o4, long o5, String what) {
        Check.equal(o0, ZONE.freeBlocks(0), what);
        Check.equal(o1, ZONE.freeBlocks(1), what);
        Check.equal(o2, ZONE.freeBlocks(2), what);
        Check.equal(o3, ZONE.freeBlocks(3), what);
        Check.equal(o4, ZONE.freeBlocks(4), what);
        Check.equal(o5, ZONE.freeBlocks(5), what);
    }

    @KTest
    static void anOrderZeroPageSplitsTheBlockAndItsFreeCoalescesIt() {
        Check.isTrue(BuddyArena.begin(1024), "arena");
        Check.equal(1, ZONE.freeBlocks(10), "one block of order 10");
        PhysAddr page = ZONE.alloc(0, Owner.TEST);
        Check.equalHex(BASE.toLong(), page.toLong(), "the lowest page");
        for (int k = 0; k < 10; k++) {
            Check.equal(1, ZONE.freeBlocks(k), "one upper half on each order below 10");
        }
        Check.equal(0, ZONE.freeBlocks(10), "the order-10 block was split");
        Check.equalHex(BASE.plus(Phys.PAGE_SIZE).toLong(), ZONE.alloc(0, Owner.TEST).toLong(), "the order-0 buddy next");
        Check.equal(0, ZONE.freeBlocks(0), "no order-0 block left");
        Check.equal(1022, ZONE.freePages(), "free pages");
        Check.equal(0, ZONE.verify(), "verify");
        ZONE.free(page, 0, Owner.TEST);
        ZONE.free(BASE.plus(Phys.PAGE_SIZE), 0, Owner.TEST);
        Check.equal(1, ZONE.freeBlocks(10), "coalesced back into one block");
        for (int k = 0; k < 10; k++) {
            Check.equal(0, ZONE.freeBlocks(k), "nothing left below");
        }
        Check.equal(0, ZONE.verify(), "verify");
        BuddyArena.end();
    }

    @KTest
    static void everyOrderAllocatesAlignedAndFreesBack() {
        Check.isTrue(BuddyArena.begin(4096), "arena");
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            PhysAddr a = ZONE.alloc(k, Owner.PAGE_TABLES);
            Check.isTrue(a != null, "allocated");
            Check.isTrue(a.alignDown(Phys.PAGE_SIZE << k).eq(a), "aligned to its size");
            Check.equal(4096 - (1L << k), ZONE.freePages(), "free pages");
            Check.equal(1L << k, ZONE.used(Owner.PAGE_TABLES), "the owner's pages");
            Check.equal(1L << k, ZONE.countOwned(Owner.PAGE_TABLES), "the database agrees");
            Check.equal(0, ZONE.verify(), "verify");
            ZONE.free(a, k, Owner.PAGE_TABLES);
            Check.equal(4, ZONE.freeBlocks(10), "back to four order-10 blocks");
            Check.equal(4096, ZONE.freePages(), "all free");
        }
        Check.equal(1024, ZONE.peak(Owner.PAGE_TABLES), "peak");
        Check.equal(0, ZONE.failures(Owner.PAGE_TABLES), "no failures");
        BuddyArena.end();
    }

    @KTest
    static void anUnalignedRangeGetsTheLargestAlignedBlocks() {
        Check.isTrue(BuddyArena.begin(FIRST.plus(3), 61, true), "arena");
        // 3..63 relative to an aligned base: 1 (3), 4 (4-7), 8 (8-15), 16 (16-31), 32 (32-63).
        blocks(1, 0, 1, 1, 1, 1, "blocks");
        Check.equal(61, ZONE.freePages(), "pages");
        Check.equalHex(BASE.plus(0x3000).toLong(), ZONE.alloc(0, Owner.TEST).toLong(), "the order-0 block");
        Check.isTrue(ZONE.alloc(6, Owner.TEST) == null, "no order-6 block");
        Check.equal(0, ZONE.verify(), "verify");
        ZONE.free(BASE.plus(0x3000), 0, Owner.TEST);
        blocks(1, 0, 1, 1, 1, 1, "no merging with a buddy outside the range");
        BuddyArena.end();
    }

    @KTest
    static void reservedHolesAreNeverHandedOut() {
        Check.isTrue(BuddyArena.begin(FIRST, 64, false), "arena");
        ZONE.addFree(FIRST, FIRST.plus(20));
        ZONE.addFree(FIRST.plus(24), FIRST.plus(64));
        Check.equal(60, ZONE.managedPages(), "managed");
        Check.equal(0, ZONE.verify(), "verify");
        int n = 0;
        PhysAddr a;
        while ((a = ZONE.alloc(0, Owner.TEST)) != null) {
            Pfn pfn = a.pfn();
            Check.isTrue(pfn.lt(FIRST.plus(20)) || pfn.ge(FIRST.plus(24)), "not in the hole");
            n++;
        }
        Check.equal(60, n, "every managed page once");
        Check.equal(1, ZONE.failures(Owner.TEST), "one failure");
        Check.equal(0, ZONE.verify(), "verify");
        BuddyArena.end();
    }

    @KTest
    static void anOwnersLimitIsHard() {
        Check.isTrue(BuddyArena.begin(1024), "arena");
        ZONE.setLimit(Owner.MODULES, 5);
        PhysAddr a = ZONE.alloc(2, Owner.MODULES);
        Check.isTrue(a != null, "4 of 5 pages");
        Check.isTrue(ZONE.alloc(1, Owner.MODULES) == null, "6 of 5: refused");
        Check.equal(1, ZONE.failures(Owner.MODULES), "counted");
        PhysAddr b = ZONE.alloc(0, Owner.MODULES);
        Check.isTrue(b != null, "5 of 5");
        Check.isTrue(ZONE.alloc(0, Owner.MODULES) == null, "6 of 5: refused");
        Check.isTrue(ZONE.alloc(3, Owner.KERNEL_STACKS) != null, "other owners are not limited");
        Check.equal(1024 - 13, ZONE.freePages(), "refusals take nothing");
        ZONE.free(a, 2, Owner.MODULES);
        Check.isTrue(ZONE.alloc(2, Owner.MODULES) != null, "room again after a free");
        Check.equal(5, ZONE.peak(Owner.MODULES), "peak");
        Check.equal(2, ZONE.failures(Owner.MODULES), "failures");
        Check.equal(0, ZONE.verify(), "verify");
        BuddyArena.end();
    }

    @KTest
    static void outOfMemoryFailsAtOnce() {
        Check.isTrue(BuddyArena.begin(16), "arena");
        for (int i = 0; i < 4; i++) {
            Check.isTrue(ZONE.alloc(2, Owner.TEST) != null, "four order-2 blocks");
        }
        Check.isTrue(ZONE.alloc(0, Owner.TEST) == null, "nothing left");
        Check.isTrue(ZONE.alloc(10, Owner.USER) == null, "nor for anyone");
        Check.equal(1, ZONE.failures(Owner.TEST), "test's failure");
        Check.equal(1, ZONE.failures(Owner.USER), "user's failure");
        Check.equal(0, ZONE.freePages(), "no free pages");
        Check.equal(16, ZONE.allocatedPages(), "all allocated");
        BuddyArena.end();
    }

    @KTest
    static void doubleFreesAndMismatchesAreDetected() {
        Check.isTrue(BuddyArena.begin(64), "arena");
        PhysAddr a = ZONE.alloc(1, Owner.PAGE_CACHE);
        Check.equal(Zone.OK, ZONE.checkFree(a, 1, Owner.PAGE_CACHE), "a correct free");
        Check.equal(Zone.WRONG_ORDER, ZONE.checkFree(a, 0, Owner.PAGE_CACHE), "wrong order");
        Check.equal(Zone.WRONG_OWNER, ZONE.checkFree(a, 1, Owner.USER), "wrong owner");
        Check.equal(Zone.NOT_ALLOCATED, ZONE.checkFree(a.plus(Phys.PAGE_SIZE), 0, Owner.PAGE_CACHE), "a page inside the block");
        Check.equal(Zone.NOT_A_PAGE, ZONE.checkFree(a.plus(8), 1, Owner.PAGE_CACHE), "not page-aligned");
        Check.equal(Zone.NOT_A_PAGE, ZONE.checkFree(PhysAddr.of(0), 1, Owner.PAGE_CACHE), "outside the allocator");
        Check.equal(Zone.NOT_ALLOCATED, ZONE.checkFree(a.plus(32 * Phys.PAGE_SIZE), 5, Owner.PAGE_CACHE), "a free block");
        ZONE.free(a, 1, Owner.PAGE_CACHE);
        Check.equal(Zone.NOT_ALLOCATED, ZONE.checkFree(a, 1, Owner.PAGE_CACHE), "a double free");
        Check.equal(1, ZONE.freeBlocks(6), "coalesced");
        BuddyArena.end();
    }

    @KTest
    static void theFragmentationIndexIsLinuxs() {
        Check.isTrue(BuddyArena.begin(64), "arena");
        Check.equal(-1000, MemInfo.fragmentationIndex(ZONE, 6), "a free order-6 block: -1.000");
        Check.equal(1000 - (1000 + 64 * 1000 / 128), MemInfo.fragmentationIndex(ZONE, 7), "too little memory: below 0");
        for (int i = 0; i < 64; i++) {
            SCRATCH[i] = ZONE.alloc(0, Owner.TEST).toLong();
        }
        Check.equal(0, MemInfo.fragmentationIndex(ZONE, 0), "no free blocks: 0");
        for (int i = 0; i < 64; i += 2) {
            ZONE.free(PhysAddr.of(SCRATCH[i]), 0, Owner.TEST);
        }
        Check.equal(32, ZONE.freeBlocks(0), "every other page free");
        Check.equal(-1000, MemInfo.fragmentationIndex(ZONE, 0), "order 0 succeeds");
        Check.equal(1000 - (1000 + 32 * 1000 / 2) / 32, MemInfo.fragmentationIndex(ZONE, 1), "order 1: 0.469");
        Check.equal(469, MemInfo.fragmentationIndex(ZONE, 1), "0.469");
        Check.equal(1000 - (1000 + 32 * 1000 / 1024) / 32, MemInfo.fragmentationIndex(ZONE, 10), "order 10");
        for (int i = 1; i < 64; i += 2) {
            ZONE.free(PhysAddr.of(SCRATCH[i]), 0, Owner.TEST);
        }
        Check.equal(1, ZONE.freeBlocks(6), "coalesced");
        BuddyArena.end();
    }

    private static final long[] SCRATCH = new long[64];
}
