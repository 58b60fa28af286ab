package org.zeptux.kernel.mm;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/** Kernel tests of memblock, each on its own tables (the live ones are saved and restored). */
public final class MemblockKTests {
    private MemblockKTests() {}

    private static final long MIB = 1L << 20;

    /** QEMU's 128 MiB map: 0 - 0x9efff and 1 MiB - 0x7fdffff. */
    private static void begin() {
        Memblock.save();
        Memblock.reset();
        Memblock.addMemory(0, 0x9f000);
        Memblock.addMemory(0x100000, 0x7ee0000);
    }

    private static void balanced() {
        long free = 0;
        int n = Memblock.freeRanges();
        for (int i = 0; i < n; i++) {
            free += Memblock.freeEnd(i) - Memblock.freeBase(i);
        }
        Check.equal(Memblock.freeBytes(), free, "free bytes are the free ranges");
        Check.equal(Memblock.memoryBytes(), Memblock.freeBytes() + Memblock.reservedBytes(), "memory = free + reserved");
        long byKind = 0;
        for (int k = 0; k < Memblock.KINDS; k++) {
            byKind += Memblock.reservedBytes(k);
        }
        Check.equal(Memblock.reservedBytes(), byKind, "reserved = the sum over kinds");
    }

    @KTest
    static void memoryRangesMergeAndAreWholePages() {
        Memblock.save();
        Memblock.reset();
        Memblock.addMemory(0x200000, 0x100000);
        Memblock.addMemory(0x100800, 0x100000);     // narrowed to 0x101000 - 0x200800 -> 0x200000
        Memblock.addMemory(0x500000, 0x1000);
        Memblock.addMemory(0x300000, 0x200000);     // touches both neighbours
        Memblock.addMemory(0x700000, 0x800);        // less than a page: nothing
        Check.equal(1, Memblock.memoryCount(), "one range");
        Check.equalHex(0x101000, Memblock.memoryBase(0), "base");
        Check.equalHex(0x501000, Memblock.memoryEnd(0), "end");
        Check.equal(0x400000, Memblock.memoryBytes(), "bytes");
        Memblock.restore();
    }

    @KTest
    static void reservationsClipToMemoryMergeAndTheFirstKindWins() {
        begin();
        Memblock.reserve(0x1000, 0x1000, Memblock.BOOT_INFO);
        Memblock.reserve(0x2000, 0x800, Memblock.BOOT_INFO);        // widened to its page, merged
        Check.equal(1, Memblock.reservedCount(), "neighbours of one kind merge");
        Check.equal(0x2000, Memblock.reservedBytes(Memblock.BOOT_INFO), "boot info");
        Memblock.reserve(0x9e000, 0x4000, Memblock.TEST);            // half outside memory
        Check.equal(0x1000, Memblock.reservedBytes(Memblock.TEST), "clipped to memory");
        Memblock.reserve(0x100010, 0x20, Memblock.KERNEL);
        Check.equal(0x1000, Memblock.reservedBytes(Memblock.KERNEL), "widened to a page");
        Memblock.reserve(0, MIB, Memblock.FIRMWARE);                  // fills the gaps only
        Check.equal(0x2000, Memblock.reservedBytes(Memblock.BOOT_INFO), "earlier kinds keep their pages");
        Check.equal(0x9f000 - 0x2000 - 0x1000, Memblock.reservedBytes(Memblock.FIRMWARE), "firmware: the rest below 1 MiB");
        Check.equal(5, Memblock.reservedCount(), "firmware, boot info, firmware, test, kernel");
        Memblock.reserve(0, MIB, Memblock.FIRMWARE);                  // again: nothing changes
        Check.equal(5, Memblock.reservedCount(), "a repeated reservation adds nothing");
        for (int i = 1; i < Memblock.reservedCount(); i++) {
            Check.isTrue(Memblock.reservedEnd(i - 1) <= Memblock.reservedBase(i), "sorted and disjoint");
        }
        balanced();
        Memblock.restore();
    }

    @KTest
    static void allocIsTopDownAlignedAndBelowTheLimit() {
        begin();
        long a = Memblock.alloc(0x3000, 0x10000, 64 * MIB, Memblock.ALLOC);
        Check.equalHex(64 * MIB - 0x10000, a, "the highest aligned place below the limit");
        long b = Memblock.alloc(0x1000, 0x1000, 64 * MIB, Memblock.ALLOC);
        Check.equalHex(64 * MIB - 0x1000, b, "the page above the first allocation");
        long c = Memblock.alloc(0xc000, 0x1000, 64 * MIB, Memblock.ALLOC);
        Check.equalHex(64 * MIB - 0x10000 + 0x3000, c, "fills the hole between them exactly");
        Check.equal(1, Memblock.reservedCount(), "adjacent allocations of one kind are one reservation");
        long d = Memblock.alloc(0x1000, 0x1000, 0x1000, Memblock.ALLOC);
        Check.equalHex(0, d, "the page at 0 when the limit allows nothing else");
        Check.equalHex(Memblock.FAIL, Memblock.alloc(0x1000, 0x1000, 0x1000, Memblock.ALLOC), "nothing left below the limit");
        Check.equalHex(Memblock.FAIL, Memblock.alloc(0x200000, 0x1000, 0x180000, Memblock.ALLOC), "too large below the limit");
        Check.equalHex(0x7fdf000, Memblock.alloc(1, 1, -1L >>> 1, Memblock.ALLOC), "the top page of memory, one byte asked");
        Check.equalHex(Memblock.FAIL, Memblock.alloc(0x8000000, 0x1000, -1L >>> 1, Memblock.ALLOC), "more than there is");
        balanced();
        Memblock.restore();
    }

    @KTest
    static void allocBottomUpTakesTheLowestFit() {
        begin();
        Memblock.reserve(0, 0x10000, Memblock.FIRMWARE);
        Check.equalHex(0x10000, Memblock.allocBottomUp(0x1000, 0x1000, 0, MIB, Memblock.ALLOC), "lowest free page");
        Check.equalHex(0x20000, Memblock.allocBottomUp(0x1000, 0x20000, 0, MIB, Memblock.ALLOC), "aligned up");
        Check.equalHex(0x100000, Memblock.allocBottomUp(0xa0000, 0x1000, 0, 4 * MIB, Memblock.ALLOC),
                "skips memory too small");
        Check.equalHex(0x300000, Memblock.allocBottomUp(0x1000, 0x1000, 0x300000, 4 * MIB, Memblock.ALLOC), "at the minimum");
        Check.equalHex(Memblock.FAIL, Memblock.allocBottomUp(0x1000, 0x1000, 0x9f000, MIB, Memblock.ALLOC), "no memory there");
        balanced();
        Memblock.restore();
    }

    @KTest
    static void aFullReservationTableRefusesAndKeepsItsState() {
        Memblock.save();
        Memblock.reset();
        Memblock.addMemory(0, 1L << 30);
        for (int i = 0; i < Memblock.MAX_RESERVED; i++) {
            Check.isTrue(Memblock.tryReserve(i * 0x2000L, 0x1000, Memblock.TEST), "room");
        }
        long bytes = Memblock.reservedBytes();
        Check.isTrue(!Memblock.tryReserve(0x10000000, 0x1000, Memblock.TEST), "a full table refuses a new range");
        Check.isTrue(!Memblock.tryReserve(0x1000, 0x10000000, Memblock.ALLOC), "and a range needing many");
        Check.equal(Memblock.MAX_RESERVED, Memblock.reservedCount(), "unchanged count");
        Check.equal(bytes, Memblock.reservedBytes(), "unchanged bytes");
        Check.isTrue(Memblock.tryReserve(0x1000, 0x1000, Memblock.TEST), "a gap of the same kind merges");
        Check.equal(Memblock.MAX_RESERVED - 1, Memblock.reservedCount(), "two became one");
        Memblock.restore();
    }
}
