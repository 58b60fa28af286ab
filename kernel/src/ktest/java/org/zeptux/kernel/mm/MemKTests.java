package org.zeptux.kernel.mm;

import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.hw.PageFrame;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.PhysAddr;

/**
 * Kernel tests of memory as set up at boot (the live memblock and buddy allocator: in the
 * kernel the real ones, on the JVM a simulated 128 MiB PC), the stress and the benchmark.
 */
public final class MemKTests {
    private MemKTests() {}

    /** The kernel's own allocators (these tests look at them, and borrow nothing). */
    private static final Memblock MEMBLOCK = Memblock.BOOT;
    private static final Zone ZONE = Buddy.ZONE;

    @KTest
    static void everyUsableByteIsAccountedForToThePage() {
        BuddyArena.live();
        E820Map.sanitize(Phys.virt(PhysAddr.of(MemInit.BOOT_INFO)).toLong());        // again: other tests sanitise maps of their own
        long usable = MEMBLOCK.memoryBytes();
        Check.equal(E820Map.usableBytes(), usable, "memblock has the usable e820 memory");
        Check.equal(usable, MEMBLOCK.freeBytes() + MEMBLOCK.reservedBytes(), "memblock: usable = free + reserved");
        long free = ZONE.freePages() << Phys.PAGE_SHIFT;
        long allocated = ZONE.allocatedPages() << Phys.PAGE_SHIFT;
        Check.equal(usable, free + MEMBLOCK.reservedBytes() + allocated, "usable = free + reserved + allocated");
        Check.equal(MEMBLOCK.freeBytes(), ZONE.managedPages() << Phys.PAGE_SHIFT, "the buddy got memblock's free memory");
        long sum = 0;
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            sum += ZONE.freeBlocks(k) << k;
        }
        Check.equal(ZONE.freePages(), sum + ZONE.percpuPages(), "free = the sum over buddyinfo + the CPUs' lists");
        Check.equal(0, ZONE.verify(), "the live allocator verifies");
        Check.isTrue(MEMBLOCK.handedOver(), "memblock is closed");
        long info = Phys.virt(PhysAddr.of(MemInit.BOOT_INFO)).toLong();
        Check.equal(BootInfo.kernelEnd(info) - BootInfo.kernelStart(info), MEMBLOCK.reservedBytes(Memblock.KERNEL),
                "the kernel image is reserved");
        Check.equal(0x1000, MEMBLOCK.reservedBytes(Memblock.BOOT_INFO), "the boot info page");
        Check.equal(0x10000, MEMBLOCK.reservedBytes(Memblock.BOOT_PAGE_TABLES), "the boot page tables");
        Check.equal(Phys.pageUp(ZONE.endPfn().toLong() * PageFrame.SIZE), MEMBLOCK.reservedBytes(Memblock.PAGE_FRAME_DB),
                "the page frame database");
        Check.isTrue(ZONE.freeBlocks(Zone.MAX_ORDER - 1) > 0, "large blocks are free");
    }

    @KTest
    static void theLiveAllocatorGivesPagesOnlyFromFreeMemory() {
        BuddyArena.live();
        long before = ZONE.freePages();
        PhysAddr a = ZONE.alloc(0, Owner.TEST);
        PhysAddr b = ZONE.alloc(Zone.MAX_ORDER - 1, Owner.TEST);
        Check.isTrue(a != null && b != null, "allocated");
        PhysAddr low = PhysAddr.of(MemInit.LOW_MEMORY);
        Check.isTrue(a.ge(low) && b.ge(low), "above low memory");
        for (int i = 0; i < MEMBLOCK.reservedCount(); i++) {
            Check.isTrue(a.plus(Phys.PAGE_SIZE).le(MEMBLOCK.reservedBase(i)) || a.ge(MEMBLOCK.reservedEnd(i)), "not reserved");
        }
        Check.isTrue(b.plus(Phys.PAGE_SIZE << (Zone.MAX_ORDER - 1)).le(Phys.mappedLimit()), "mapped");
        ZONE.free(b, Zone.MAX_ORDER - 1, Owner.TEST);
        ZONE.free(a, 0, Owner.TEST);
        Check.equal(before, ZONE.freePages(), "all back");
        Check.equal(0, ZONE.verify(), "verify");
    }

    @KTest
    static void stressOfAMillionRandomOperations() {
        BuddyArena.live();
        long free = ZONE.freePages();
        Check.equal(0, BuddyStress.run(1_000_000, 20251125), "broken invariants");
        Check.equal(free, ZONE.freePages(), "the live allocator is as before");
        Check.equal(0, ZONE.verify(), "the live allocator verifies");
    }

    @KTest
    static void theBenchmarkMeasuresAndLeavesNothingBehind() {
        BuddyArena.live();
        Buddy.drainAll(Buddy.DRAIN_POOLS);          // the benchmark flushes the pools' caches: their empty slabs become free
        long free = ZONE.freePages();
        MemBench.run();
        Check.isTrue(MemBench.medianCycles(0) > 0, "order 0 cycles");
        Check.isTrue(MemBench.medianCycles(9) > 0, "order 9 cycles");
        Check.equal(free, ZONE.freePages(), "nothing leaked");
        Check.equal(0, ZONE.used(Owner.TEST), "test holds nothing");
    }

    @KTest
    static void thePrintersRunOnTheLiveAllocator() {
        BuddyArena.live();
        Buddy.drainAll(Buddy.DRAIN_POOLS);          // mem flushes the pools' caches: their empty slabs become free
        long free = ZONE.freePages();
        MemInit.printSummary();
        MEMBLOCK.print();
        MemInfo.buddyinfo(Buddy.ZONE);
        MemInfo.extfrag(Buddy.ZONE);
        MemInfo.mem();
        Check.equal(free, ZONE.freePages(), "printing changes nothing");
        Check.equal(-1000, MemInfo.fragmentationIndex(ZONE, Zone.MAX_ORDER - 1), "a 4 MiB block is free");
    }
}
