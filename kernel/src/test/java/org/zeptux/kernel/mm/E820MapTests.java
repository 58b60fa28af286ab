package org.zeptux.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.rt.host.Machine;

/** Sanitising real and hostile e820 maps. */
class E820MapTests {
    private final Machine machine = new Machine();
    private int entries;

    private E820MapTests entry(long base, long length, int type) {
        long e = BootInfo.e820Entry(0x1000, entries);
        machine.store(e, 8, base);
        machine.store(e + 8, 8, length);
        machine.store(e + 16, 4, type);
        entries++;
        machine.store(0x1000 + 12, 4, entries);
        return this;
    }

    /** Sanitises and returns the map as "first-last type" lines in hex. */
    private List<String> sanitize() {
        List<String> out = new ArrayList<>();
        try (var ignored = Machine.install(machine)) {
            E820Map.sanitize(0x1000);
            for (int i = 0; i < E820Map.count(); i++) {
                out.add(Long.toHexString(E820Map.first(i)) + "-" + Long.toHexString(E820Map.last(i)) + " "
                        + E820Map.type(i));
            }
        }
        return out;
    }

    @Test
    void qemusMapIsAlreadyClean() {
        entry(0, 0x9fc00, 1).entry(0x9fc00, 0x400, 2).entry(0xf0000, 0x10000, 2)
                .entry(0x100000, 0x7ee0000, 1).entry(0x7fe0000, 0x20000, 2).entry(0xfffc0000L, 0x40000, 2);
        assertEquals(List.of("0-9efff 1", "9fc00-9ffff 2", "f0000-fffff 2", "100000-7fdffff 1", "7fe0000-7ffffff 2",
                "fffc0000-ffffffff 2"), sanitize(), "the usable range below 640 KiB loses its partial page");
    }

    @Test
    void unsortedEntriesAreSortedAndNeighboursMerged() {
        entry(0x200000, 0x100000, 1).entry(0, 0x100000, 1).entry(0x100000, 0x100000, 1).entry(0x400000, 0x1000, 2);
        assertEquals(List.of("0-2fffff 1", "400000-400fff 2"), sanitize());
    }

    @Test
    void reservedWinsWhereItOverlapsUsable() {
        entry(0, 0x100000, 1).entry(0x80000, 0x10000, 2).entry(0xf8000, 0x20000, 4);
        assertEquals(List.of("0-7ffff 1", "80000-8ffff 2", "90000-f7fff 1", "f8000-117fff 4"), sanitize());
        // The highest type wins among non-usable types too (unusable 5 over reserved 2).
        entries = 0;
        entry(0x1000, 0x1000, 2).entry(0x1000, 0x1000, 5);
        assertEquals(List.of("1000-1fff 5"), sanitize());
    }

    @Test
    void zeroLengthAndSubPageUsableEntriesVanish() {
        entry(0x5000, 0, 1).entry(0x6000, 0, 2).entry(0x7010, 0xff0, 1).entry(0x9000, 0x800, 1);
        assertEquals(List.of(), sanitize());
    }

    @Test
    void memoryAbove4GiBAndAtTheTopOfTheAddressSpace() {
        entry(0x100000000L, 0x140000000L, 1).entry(0xfffffffffffff000L, 0x1000, 2)
                .entry(0xffffffffffff0000L, 0x100000, 1);   // runs past 2^64: clamped to the top
        assertEquals(List.of("100000000-23fffffff 1", "ffffffffffff0000-ffffffffffffefff 1",
                "fffffffffffff000-ffffffffffffffff 2"), sanitize());
    }

    @Test
    void aFullTableOfHostileEntriesGivesDisjointSortedRanges() {
        Random random = new Random(820);
        for (int i = 0; i < BootInfo.E820_MAX; i++) {
            long base = random.nextInt(1 << 20) * 0x100L;
            long length = random.nextInt(4) == 0 ? 0 : random.nextInt(1 << 16) * 0x10L;
            entry(base, length, 1 + random.nextInt(5));
        }
        List<String> ranges = sanitize();
        assertTrue(ranges.size() > 50, "many ranges: " + ranges.size());
        try (var ignored = Machine.install(machine)) {
            long usable = 0;
            for (int i = 0; i < E820Map.count(); i++) {
                assertTrue(Long.compareUnsigned(E820Map.first(i), E820Map.last(i)) <= 0, "non-empty");
                if (i > 0) {
                    assertTrue(Long.compareUnsigned(E820Map.last(i - 1), E820Map.first(i)) < 0, "sorted, disjoint");
                }
                if (E820Map.type(i) == E820.USABLE) {
                    assertEquals(0, E820Map.first(i) % E820Map.PAGE, "usable starts on a page");
                    assertEquals(0, (E820Map.last(i) + 1) % E820Map.PAGE, "usable ends on a page");
                    usable += E820Map.last(i) - E820Map.first(i) + 1;
                }
                // Every byte's type is the highest type among the raw entries covering it.
                long probe = E820Map.first(i);
                int expected = 0;
                for (int k = 0; k < entries; k++) {
                    long e = BootInfo.e820Entry(0x1000, k);
                    long b = machine.load(e, 8);
                    long l = machine.load(e + 8, 8);
                    if (l != 0 && probe >= b && probe < b + l) {
                        expected = Math.max(expected, (int) machine.load(e + 16, 4));
                    }
                }
                assertEquals(expected, E820Map.type(i), "type at 0x" + Long.toHexString(probe));
            }
            assertEquals(usable, E820Map.usableBytes());
        }
    }
}
