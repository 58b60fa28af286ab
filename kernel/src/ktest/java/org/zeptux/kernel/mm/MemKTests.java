package org.zeptux.kernel.mm;

import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * Kernel tests of memory as set up at boot (the live memblock and buddy allocator: in the
 * kernel the real ones, on the JVM a simulated 128 MiB PC), the stress and the benchmark.
 */
public final class MemKTests {
    private MemKTests() {}

    @KTest
    static void everyUsableByteIsAccountedForToThePage() {
        BuddyArena.live();
        E820Map.sanitize(Phys.virt(MemInit.BOOT_INFO));        // again: other tests sanitise maps of their own
        long usable = Memblock.memoryBytes();
        Check.equal(E820Map.usableBytes(), usable, "memblock has the usable e820 memory");
        Check.equal(usable, Memblock.freeBytes() + Memblock.reservedBytes(), "memblock: usable = free + reserved");
        long free = Buddy.freePages() << Phys.PAGE_SHIFT;
        long allocated = Buddy.allocatedPages() << Phys.PAGE_SHIFT;
        Check.equal(usable, free + Memblock.reservedBytes() + allocated, "usable = free + reserved + allocated");
        Check.equal(Memblock.freeBytes(), Buddy.managedPages() << Phys.PAGE_SHIFT, "the buddy got memblock's free memory");
        long sum = 0;
        for (int k = 0; k < Buddy.MAX_ORDER; k++) {
            sum += Buddy.freeBlocks(k) << k;
        }
        Check.equal(Buddy.freePages(), sum, "free = the sum over buddyinfo");
        Check.equal(0, Buddy.verify(), "the live allocator verifies");
        Check.isTrue(Memblock.handedOver(), "memblock is closed");
        long info = Phys.virt(MemInit.BOOT_INFO);
        Check.equal(BootInfo.kernelEnd(info) - BootInfo.kernelStart(info), Memblock.reservedBytes(Memblock.KERNEL),
                "the kernel image is reserved");
        Check.equal(0x1000, Memblock.reservedBytes(Memblock.BOOT_INFO), "the boot info page");
        Check.equal(0x10000, Memblock.reservedBytes(Memblock.BOOT_PAGE_TABLES), "the boot page tables");
        Check.equal(Phys.pageUp(Buddy.endPfn() * PageFrame.SIZE), Memblock.reservedBytes(Memblock.PAGE_FRAME_DB),
                "the page frame database");
        Check.isTrue(Buddy.freeBlocks(Buddy.MAX_ORDER - 1) > 0, "large blocks are free");
    }

    @KTest
    static void theLiveAllocatorGivesPagesOnlyFromFreeMemory() {
        BuddyArena.live();
        long before = Buddy.freePages();
        long a = Buddy.alloc(0, Owner.TEST);
        long b = Buddy.alloc(Buddy.MAX_ORDER - 1, Owner.TEST);
        Check.isTrue(a != Buddy.FAIL && b != Buddy.FAIL, "allocated");
        Check.isTrue(a >= MemInit.LOW_MEMORY && b >= MemInit.LOW_MEMORY, "above low memory");
        for (int i = 0; i < Memblock.reservedCount(); i++) {
            Check.isTrue(a + Phys.PAGE_SIZE <= Memblock.reservedBase(i) || a >= Memblock.reservedEnd(i), "not reserved");
        }
        Check.isTrue(b + (Phys.PAGE_SIZE << (Buddy.MAX_ORDER - 1)) <= Phys.mappedLimit(), "mapped");
        Buddy.free(b, Buddy.MAX_ORDER - 1, Owner.TEST);
        Buddy.free(a, 0, Owner.TEST);
        Check.equal(before, Buddy.freePages(), "all back");
        Check.equal(0, Buddy.verify(), "verify");
    }

    @KTest
    static void stressOfAMillionRandomOperations() {
        BuddyArena.live();
        long free = Buddy.freePages();
        Check.equal(0, BuddyStress.run(1_000_000, 20251125), "broken invariants");
        Check.equal(free, Buddy.freePages(), "the live allocator is as before");
        Check.equal(0, Buddy.verify(), "the live allocator verifies");
    }

    @KTest
    static void theBenchmarkMeasuresAndLeavesNothingBehind() {
        BuddyArena.live();
        long free = Buddy.freePages();
        MemBench.run();
        Check.isTrue(MemBench.medianCycles(0) > 0, "order 0 cycles");
        Check.isTrue(MemBench.medianCycles(9) > 0, "order 9 cycles");
        Check.equal(free, Buddy.freePages(), "nothing leaked");
        Check.equal(0, Buddy.used(Owner.TEST), "test holds nothing");
    }

    @KTest
    static void thePrintersRunOnTheLiveAllocator() {
        BuddyArena.live();
        long free = Buddy.freePages();
        MemInit.printSummary();
        Memblock.print();
        MemInfo.buddyinfo();
        MemInfo.extfrag();
        MemInfo.mem();
        Check.equal(free, Buddy.freePages(), "printing changes nothing");
        Check.equal(-1000, MemInfo.fragmentationIndex(Buddy.MAX_ORDER - 1), "a 4 MiB block is free");
    }
}
