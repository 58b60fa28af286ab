package org.zeptux.kernel.mm;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/** Kernel tests of the buddy allocator, each on a private allocator (BuddyArena). */
public final class BuddyKTests {
    private BuddyKTests() {}

    private static final long FIRST = BuddyArena.FIRST_PFN;
    private static final long BASE = FIRST << Phys.PAGE_SHIFT;

    private static void blocks(long o0, long o1, long o2, long o3, long o4, long o5, String what) {
        Check.equal(o0, Buddy.freeBlocks(0), what);
        Check.equal(o1, Buddy.freeBlocks(1), what);
        Check.equal(o2, Buddy.freeBlocks(2), what);
        Check.equal(o3, Buddy.freeBlocks(3), what);
        Check.equal(o4, Buddy.freeBlocks(4), what);
        Check.equal(o5, Buddy.freeBlocks(5), what);
    }

    @KTest
    static void anOrderZeroPageSplitsTheBlockAndItsFreeCoalescesIt() {
        Check.isTrue(BuddyArena.begin(1024), "arena");
        Check.equal(1, Buddy.freeBlocks(10), "one block of order 10");
        long page = Buddy.alloc(0, Owner.TEST);
        Check.equalHex(BASE, page, "the lowest page");
        for (int k = 0; k < 10; k++) {
            Check.equal(1, Buddy.freeBlocks(k), "one upper half on each order below 10");
        }
        Check.equal(0, Buddy.freeBlocks(10), "the order-10 block was split");
        Check.equalHex(BASE + Phys.PAGE_SIZE, Buddy.alloc(0, Owner.TEST), "the order-0 buddy next");
        Check.equal(0, Buddy.freeBlocks(0), "no order-0 block left");
        Check.equal(1022, Buddy.freePages(), "free pages");
        Check.equal(0, Buddy.verify(), "verify");
        Buddy.free(page, 0, Owner.TEST);
        Buddy.free(BASE + Phys.PAGE_SIZE, 0, Owner.TEST);
        Check.equal(1, Buddy.freeBlocks(10), "coalesced back into one block");
        for (int k = 0; k < 10; k++) {
            Check.equal(0, Buddy.freeBlocks(k), "nothing left below");
        }
        Check.equal(0, Buddy.verify(), "verify");
        BuddyArena.end();
    }

    @KTest
    static void everyOrderAllocatesAlignedAndFreesBack() {
        Check.isTrue(BuddyArena.begin(4096), "arena");
        for (int k = 0; k < Buddy.MAX_ORDER; k++) {
            long a = Buddy.alloc(k, Owner.PAGE_TABLES);
            Check.isTrue(a != Buddy.FAIL, "allocated");
            Check.equal(0, a & ((Phys.PAGE_SIZE << k) - 1), "aligned to its size");
            Check.equal(4096 - (1L << k), Buddy.freePages(), "free pages");
            Check.equal(1L << k, Buddy.used(Owner.PAGE_TABLES), "the owner's pages");
            Check.equal(1L << k, Buddy.countOwned(Owner.PAGE_TABLES), "the database agrees");
            Check.equal(0, Buddy.verify(), "verify");
            Buddy.free(a, k, Owner.PAGE_TABLES);
            Check.equal(4, Buddy.freeBlocks(10), "back to four order-10 blocks");
            Check.equal(4096, Buddy.freePages(), "all free");
        }
        Check.equal(1024, Buddy.peak(Owner.PAGE_TABLES), "peak");
        Check.equal(0, Buddy.failures(Owner.PAGE_TABLES), "no failures");
        BuddyArena.end();
    }

    @KTest
    static void anUnalignedRangeGetsTheLargestAlignedBlocks() {
        Check.isTrue(BuddyArena.begin(FIRST + 3, 61, true), "arena");
        // 3..63 relative to an aligned base: 1 (3), 4 (4-7), 8 (8-15), 16 (16-31), 32 (32-63).
        blocks(1, 0, 1, 1, 1, 1, "blocks");
        Check.equal(61, Buddy.freePages(), "pages");
        Check.equalHex(BASE + 0x3000, Buddy.alloc(0, Owner.TEST), "the order-0 block");
        Check.equalHex(Buddy.FAIL, Buddy.alloc(6, Owner.TEST), "no order-6 block");
        Check.equal(0, Buddy.verify(), "verify");
        Buddy.free(BASE + 0x3000, 0, Owner.TEST);
        blocks(1, 0, 1, 1, 1, 1, "no merging with a buddy outside the range");
        BuddyArena.end();
    }

    @KTest
    static void reservedHolesAreNeverHandedOut() {
        Check.isTrue(BuddyArena.begin(FIRST, 64, false), "arena");
        Buddy.addFree(FIRST, FIRST + 20);
        Buddy.addFree(FIRST + 24, FIRST + 64);
        Check.equal(60, Buddy.managedPages(), "managed");
        Check.equal(0, Buddy.verify(), "verify");
        int n = 0;
        long a;
        while ((a = Buddy.alloc(0, Owner.TEST)) != Buddy.FAIL) {
            long pfn = a >>> Phys.PAGE_SHIFT;
            Check.isTrue(pfn < FIRST + 20 || pfn >= FIRST + 24, "not in the hole");
            n++;
        }
        Check.equal(60, n, "every managed page once");
        Check.equal(1, Buddy.failures(Owner.TEST), "one failure");
        Check.equal(0, Buddy.verify(), "verify");
        BuddyArena.end();
    }

    @KTest
    static void anOwnersLimitIsHard() {
        Check.isTrue(BuddyArena.begin(1024), "arena");
        Buddy.setLimit(Owner.MODULES, 5);
        long a = Buddy.alloc(2, Owner.MODULES);
        Check.isTrue(a != Buddy.FAIL, "4 of 5 pages");
        Check.equalHex(Buddy.FAIL, Buddy.alloc(1, Owner.MODULES), "6 of 5: refused");
        Check.equal(1, Buddy.failures(Owner.MODULES), "counted");
        long b = Buddy.alloc(0, Owner.MODULES);
        Check.isTrue(b != Buddy.FAIL, "5 of 5");
        Check.equalHex(Buddy.FAIL, Buddy.alloc(0, Owner.MODULES), "6 of 5: refused");
        Check.isTrue(Buddy.alloc(3, Owner.KERNEL_STACKS) != Buddy.FAIL, "other owners are not limited");
        Check.equal(1024 - 13, Buddy.freePages(), "refusals take nothing");
        Buddy.free(a, 2, Owner.MODULES);
        Check.isTrue(Buddy.alloc(2, Owner.MODULES) != Buddy.FAIL, "room again after a free");
        Check.equal(5, Buddy.peak(Owner.MODULES), "peak");
        Check.equal(2, Buddy.failures(Owner.MODULES), "failures");
        Check.equal(0, Buddy.verify(), "verify");
        BuddyArena.end();
    }

    @KTest
    static void outOfMemoryFailsAtOnce() {
        Check.isTrue(BuddyArena.begin(16), "arena");
        for (int i = 0; i < 4; i++) {
            Check.isTrue(Buddy.alloc(2, Owner.TEST) != Buddy.FAIL, "four order-2 blocks");
        }
        Check.equalHex(Buddy.FAIL, Buddy.alloc(0, Owner.TEST), "nothing left");
        Check.equalHex(Buddy.FAIL, Buddy.alloc(10, Owner.USER), "nor for anyone");
        Check.equal(1, Buddy.failures(Owner.TEST), "test's failure");
        Check.equal(1, Buddy.failures(Owner.USER), "user's failure");
        Check.equal(0, Buddy.freePages(), "no free pages");
        Check.equal(16, Buddy.allocatedPages(), "all allocated");
        BuddyArena.end();
    }

    @KTest
    static void doubleFreesAndMismatchesAreDetected() {
        Check.isTrue(BuddyArena.begin(64), "arena");
        long a = Buddy.alloc(1, Owner.PAGE_CACHE);
        Check.equal(Buddy.OK, Buddy.checkFree(a, 1, Owner.PAGE_CACHE), "a correct free");
        Check.equal(Buddy.WRONG_ORDER, Buddy.checkFree(a, 0, Owner.PAGE_CACHE), "wrong order");
        Check.equal(Buddy.WRONG_OWNER, Buddy.checkFree(a, 1, Owner.USER), "wrong owner");
        Check.equal(Buddy.NOT_ALLOCATED, Buddy.checkFree(a + Phys.PAGE_SIZE, 0, Owner.PAGE_CACHE), "a page inside the block");
        Check.equal(Buddy.NOT_A_PAGE, Buddy.checkFree(a + 8, 1, Owner.PAGE_CACHE), "not page-aligned");
        Check.equal(Buddy.NOT_A_PAGE, Buddy.checkFree(0, 1, Owner.PAGE_CACHE), "outside the allocator");
        Check.equal(Buddy.NOT_ALLOCATED, Buddy.checkFree(a + 32 * Phys.PAGE_SIZE, 5, Owner.PAGE_CACHE), "a free block");
        Buddy.free(a, 1, Owner.PAGE_CACHE);
        Check.equal(Buddy.NOT_ALLOCATED, Buddy.checkFree(a, 1, Owner.PAGE_CACHE), "a double free");
        Check.equal(1, Buddy.freeBlocks(6), "coalesced");
        BuddyArena.end();
    }

    @KTest
    static void theFragmentationIndexIsLinuxs() {
        Check.isTrue(BuddyArena.begin(64), "arena");
        Check.equal(-1000, MemInfo.fragmentationIndex(6), "a free order-6 block: -1.000");
        Check.equal(1000 - (1000 + 64 * 1000 / 128), MemInfo.fragmentationIndex(7), "too little memory: below 0");
        for (int i = 0; i < 64; i++) {
            SCRATCH[i] = Buddy.alloc(0, Owner.TEST);
        }
        Check.equal(0, MemInfo.fragmentationIndex(0), "no free blocks: 0");
        for (int i = 0; i < 64; i += 2) {
            Buddy.free(SCRATCH[i], 0, Owner.TEST);
        }
        Check.equal(32, Buddy.freeBlocks(0), "every other page free");
        Check.equal(-1000, MemInfo.fragmentationIndex(0), "order 0 succeeds");
        Check.equal(1000 - (1000 + 32 * 1000 / 2) / 32, MemInfo.fragmentationIndex(1), "order 1: 0.469");
        Check.equal(469, MemInfo.fragmentationIndex(1), "0.469");
        Check.equal(1000 - (1000 + 32 * 1000 / 1024) / 32, MemInfo.fragmentationIndex(10), "order 10");
        for (int i = 1; i < 64; i += 2) {
            Buddy.free(SCRATCH[i], 0, Owner.TEST);
        }
        Check.equal(1, Buddy.freeBlocks(6), "coalesced");
        BuddyArena.end();
    }

    private static final long[] SCRATCH = new long[64];
}
