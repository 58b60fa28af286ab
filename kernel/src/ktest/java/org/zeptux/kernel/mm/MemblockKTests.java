package org.zeptux.kernel.mm;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.PhysAddr;

/** Kernel tests of memblock, on tables of their own (a Memblock made at build time), never the kernel's. */
public final class MemblockKTests {
    private MemblockKTests() {}

    /** The tables under test: the tests' own, never the kernel's ({@link Memblock#BOOT}). */
    private static final Memblock M = new Memblock();

    private static final long MIB = 1L << 20;
    private static final long FAIL = Memblock.FAIL.toLong();

    /** M.alloc with the limit and the result as numbers, as the expectations are written. */
    private static long alloc(long size, long align, long limit, int kind) {
        return M.alloc(size, align, PhysAddr.of(limit), kind).toLong();
    }

    private static long allocBottomUp(long size, long align, long min, long limit, int kind) {
        return M.allocBottomUp(size, align, PhysAddr.of(min), PhysAddr.of(limit), kind).toLong();
    }

    /** QEMU's 128 MiB map: 0 - 0x9efff and 1 MiB - 0x7fdffff. */
    private static void begin() {
        M.reset();
        M.addMemory(PhysAddr.of(0), 0x9f000);
        M.addMemory(PhysAddr.of(0x100000), 0x7ee0000);
    }

    private static void balanced() {
        long free = 0;
        int n = M.freeRanges();
        for (int i = 0; i < n; i++) {
            free += M.freeEnd(i).toLong() - M.freeBase(i).toLong();
        }
        Check.equal(M.freeBytes(), free, "free bytes are the free ranges");
        Check.equal(M.memoryBytes(), M.freeBytes() + M.reservedBytes(), "memory = free + reserved");
        long byKind = 0;
        for (int k = 0; k < Memblock.KINDS; k++) {
            byKind += M.reservedBytes(k);
        }
        Check.equal(M.reservedBytes(), byKind, "reserved = the sum over kinds");
    }

    @KTest
    static void memoryRangesMergeAndAreWholePages() {
        M.reset();
        M.addMemory(PhysAddr.of(0x200000), 0x100000);
        M.addMemory(PhysAddr.of(0x100800), 0x100000);     // narrowed to 0x101000 - 0x200800 -> 0x200000
        M.addMemory(PhysAddr.of(0x500000), 0x1000);
        M.addMemory(PhysAddr.of(0x300000), 0x200000);     // touches both neighbours
        M.addMemory(PhysAddr.of(0x700000), 0x800);        // less than a page: nothing
        Check.equal(1, M.memoryCount(), "one range");
        Check.equalHex(0x101000, M.memoryBase(0).toLong(), "base");
        Check.equalHex(0x501000, M.memoryEnd(0).toLong(), "end");
        Check.equal(0x400000, M.memoryBytes(), "bytes");
    }

    @KTest
    static void reservationsClipToMemoryMergeAndTheFirstKindWins() {
        begin();
        M.reserve(PhysAddr.of(0x1000), 0x1000, Memblock.BOOT_INFO);
        M.reserve(PhysAddr.of(0x2000), 0x800, Memblock.BOOT_INFO);        // widened to its page, merged
        Check.equal(1, M.reservedCount(), "neighbours of one kind merge");
        Check.equal(0x2000, M.reservedBytes(Memblock.BOOT_INFO), "boot info");
        M.reserve(PhysAddr.of(0x9e000), 0x4000, Memblock.TEST);            // half outside memory
        Check.equal(0x1000, M.reservedBytes(Memblock.TEST), "clipped to memory");
        M.reserve(PhysAddr.of(0x100010), 0x20, Memblock.KERNEL);
        Check.equal(0x1000, M.reservedBytes(Memblock.KERNEL), "widened to a page");
        M.reserve(PhysAddr.of(0), MIB, Memblock.FIRMWARE);                  // fills the gaps only
        Check.equal(0x2000, M.reservedBytes(Memblock.BOOT_INFO), "earlier kinds keep their pages");
        Check.equal(0x9f000 - 0x2000 - 0x1000, M.reservedBytes(Memblock.FIRMWARE), "firmware: the rest below 1 MiB");
        Check.equal(5, M.reservedCount(), "firmware, boot info, firmware, test, kernel");
        M.reserve(PhysAddr.of(0), MIB, Memblock.FIRMWARE);                  // again: nothing changes
        Check.equal(5, M.reservedCount(), "a repeated reservation adds nothing");
        for (int i = 1; i < M.reservedCount(); i++) {
            Check.isTrue(M.reservedEnd(i - 1).le(M.reservedBase(i)), "sorted and disjoint");
        }
        balanced();
    }

    @KTest
    static void allocIsTopDownAlignedAndBelowTheLimit() {
        begin();
        long a = alloc(0x3000, 0x10000, 64 * MIB, Memblock.ALLOC);
        Check.equalHex(64 * MIB - 0x10000, a, "the highest aligned place below the limit");
        long b = alloc(0x1000, 0x1000, 64 * MIB, Memblock.ALLOC);
        Check.equalHex(64 * MIB - 0x1000, b, "the page above the first allocation");
        long c = alloc(0xc000, 0x1000, 64 * MIB, Memblock.ALLOC);
        Check.equalHex(64 * MIB - 0x10000 + 0x3000, c, "fills the hole between them exactly");
        Check.equal(1, M.reservedCount(), "adjacent allocations of one kind are one reservation");
        long d = alloc(0x1000, 0x1000, 0x1000, Memblock.ALLOC);
        Check.equalHex(0, d, "the page at 0 when the limit allows nothing else");
        Check.equalHex(FAIL, alloc(0x1000, 0x1000, 0x1000, Memblock.ALLOC), "nothing left below the limit");
        Check.equalHex(FAIL, alloc(0x200000, 0x1000, 0x180000, Memblock.ALLOC), "too large below the limit");
        Check.equalHex(0x7fdf000, alloc(1, 1, -1L >>> 1, Memblock.ALLOC), "the top page of memory, one byte asked");
        Check.equalHex(FAIL, alloc(0x8000000, 0x1000, -1L >>> 1, Memblock.ALLOC), "more than there is");
        balanced();
    }

    @KTest
    static void allocBottomUpTakesTheLowestFit() {
        begin();
        M.reserve(PhysAddr.of(0), 0x10000, Memblock.FIRMWARE);
        Check.equalHex(0x10000, allocBottomUp(0x1000, 0x1000, 0, MIB, Memblock.ALLOC), "lowest free page");
        Check.equalHex(0x20000, allocBottomUp(0x1000, 0x20000, 0, MIB, Memblock.ALLOC), "aligned up");
        Check.equalHex(0x100000, allocBottomUp(0xa0000, 0x1000, 0, 4 * MIB, Memblock.ALLOC),
                "skips memory too small");
        Check.equalHex(0x300000, allocBottomUp(0x1000, 0x1000, 0x300000, 4 * MIB, Memblock.ALLOC), "at the minimum");
        Check.equalHex(FAIL, allocBottomUp(0x1000, 0x1000, 0x9f000, MIB, Memblock.ALLOC), "no memory there");
        balanced();
    }

    @KTest
    static void aFullReservationTableRefusesAndKeepsItsState() {
        M.reset();
        M.addMemory(PhysAddr.of(0), 1L << 30);
        for (int i = 0; i < Memblock.MAX_RESERVED; i++) {
            Check.isTrue(M.tryReserve(PhysAddr.of(i * 0x2000L), 0x1000, Memblock.TEST), "room");
        }
        long bytes = M.reservedBytes();
        Check.isTrue(!M.tryReserve(PhysAddr.of(0x10000000), 0x1000, Memblock.TEST), "a full table refuses a new range");
        Check.isTrue(!M.tryReserve(PhysAddr.of(0x1000), 0x10000000, Memblock.ALLOC), "and a range needing many");
        Check.equal(Memblock.MAX_RESERVED, M.reservedCount(), "unchanged count");
        Check.equal(bytes, M.reservedBytes(), "unchanged bytes");
        Check.isTrue(M.tryReserve(PhysAddr.of(0x1000), 0x1000, Memblock.TEST), "a gap of the same kind merges");
        Check.equal(Memblock.MAX_RESERVED - 1, M.reservedCount(), "two became one");
    }
}
