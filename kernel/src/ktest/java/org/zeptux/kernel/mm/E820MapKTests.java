package org.zeptux.kernel.mm;

import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/** Kernel tests of e820 sanitising, on a BootInfo built in a scratch buffer. */
public final class E820MapKTests {
    private E820MapKTests() {}

    /** Room for the BootInfo header and 16 entries. */
    private static final long[] SCRATCH = new long[8 + 3 * 16];

    private static long info() {
        return BootInfo.inArray(SCRATCH);
    }

    /** Starts a BootInfo with no entries; {@code n} entries follow, in order. */
    private static void entries(int n) {
        BootInfo.write(info(), 0, 0);
    }

    /** Appends entry {@code i} (the next one). */
    private static void entry(int i, long base, long length, int type) {
        BootInfo.addE820(info(), base, length, type);
    }

    @KTest
    static void qemuMapKeepsItsRangesAndLosesPartialPages() {
        entries(3);
        entry(0, 0, 0x9fc00, E820.USABLE);
        entry(1, 0x9fc00, 0x400, E820.RESERVED);
        entry(2, 0x100000, 0x7ee0000, E820.USABLE);
        E820Map.sanitize(info());
        Check.equal(3, E820Map.count(), "ranges");
        Check.equalHex(0x9efff, E820Map.last(0), "usable below 640 KiB ends on a page");
        Check.equal(E820.RESERVED, E820Map.type(1), "the reserved range stays");
        Check.equal(0x9f000 + 0x7ee0000, E820Map.usableBytes(), "usable bytes");
    }

    @KTest
    static void reservedWinsOverlapsAndNeighboursMerge() {
        entries(4);
        entry(0, 0x200000, 0x100000, E820.USABLE);
        entry(1, 0, 0x200000, E820.USABLE);
        entry(2, 0x80000, 0x10000, E820.RESERVED);
        entry(3, 0x500000, 0, E820.USABLE);
        E820Map.sanitize(info());
        Check.equal(3, E820Map.count(), "ranges");
        Check.equalHex(0x7ffff, E820Map.last(0), "usable up to the reserved hole");
        Check.equalHex(0x80000, E820Map.first(1), "the hole");
        Check.equal(E820.RESERVED, E820Map.type(1), "reserved wins");
        Check.equalHex(0x2fffff, E820Map.last(2), "merged with its unsorted neighbour");
    }

    @KTest
    static void rangesAbove4GiBAndAtTheTop() {
        entries(2);
        entry(0, 0x100000000L, 0x40000000L, E820.USABLE);
        entry(1, 0xffffffffffff0000L, 0x100000, E820.RESERVED);
        E820Map.sanitize(info());
        Check.equal(2, E820Map.count(), "ranges");
        Check.equalHex(0x13fffffffL, E820Map.last(0), "above 4 GiB");
        Check.equalHex(-1L, E820Map.last(1), "clamped at the top of the address space");
    }
}
