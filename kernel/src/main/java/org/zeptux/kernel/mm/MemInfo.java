package org.zeptux.kernel.mm;

import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;

/**
 * What the console's memory commands print: {@code buddyinfo} and {@code extfrag} in Linux's
 * formats (of any zone: the console shows the kernel's, {@link Buddy#ZONE}), and {@code mem},
 * the kernel's accounting. All figures come from the live counters, so they agree to the page:
 * free is the sum over buddyinfo, and usable = free + reserved + allocated.
 */
public final class MemInfo {
    private MemInfo() {}

    /** The one zone's name, as Linux's buddyinfo shows zones. */
    public static final String ZONE = "Normal";

    /**
     * Linux's /proc/buddyinfo (mm/vmstat.c frag_show_print): {@code Node 0, zone   Normal }
     * then the number of free blocks of each order in {@code zone} as {@code "%6lu "}, then a
     * newline.
     */
    public static void buddyinfo(Zone zone) {
        Printf.printf("Node %d, zone %8s ", 0, Printf.s(ZONE));
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            Printf.printf("%6lu ", zone.freeBlocks(k));
        }
        Print.nl();
    }

    /**
     * Linux's extfrag_index (debugfs; mm/vmstat.c extfrag_show_print): per order the
     * fragmentation index as {@code "%2d.%03d "}: -1.000 where an allocation of that order
     * would succeed, towards 0 where it would fail for lack of memory, towards 1 where it would
     * fail for fragmentation.
     */
    public static void extfrag(Zone zone) {
        Printf.printf("Node %d, zone %8s ", 0, Printf.s(ZONE));
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            int index = fragmentationIndex(zone, k);
            Printf.printf("%2d.%03d ", index / 1000, index % 1000);
        }
        Print.nl();
    }

    /**
     * Linux's __fragmentation_index for {@code order} over {@code zone}'s free lists, in
     * thousandths: 0 with no free blocks, -1000 if a block of {@code order} is free, else
     * {@code 1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total}.
     */
    public static int fragmentationIndex(Zone zone, int order) {
        long freePages = 0;
        long blocksTotal = 0;
        long blocksSuitable = 0;
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            long blocks = zone.freeBlocks(k);
            blocksTotal += blocks;
            freePages += blocks << k;
            if (k >= order) {
                blocksSuitable += blocks << (k - order);
            }
        }
        if (blocksTotal == 0) {
            return 0;
        }
        if (blocksSuitable != 0) {
            return -1000;
        }
        long requested = 1L << order;
        return (int) (1000 - (1000 + freePages * 1000 / requested) / blocksTotal);
    }

    /**
     * The accounting, for the {@code mem} command: {@code usable: N KiB}, {@code free: N KiB},
     * {@code reserved: N KiB} (memblock's reservations, by kind), {@code allocated: N KiB},
     * then one line per owner with pages used, peak, limit and failures, the balance, and the
     * free memory in the CPUs' page lists ({@code per-cpu:}). The pools' caches are flushed first.
     */
    public static void mem() {
        Buddy.drainAll(Buddy.DRAIN_POOLS);          // the pools' cached objects back: their empty slabs are free
        Memblock memblock = Memblock.BOOT;
        Zone zone = Buddy.ZONE;
        long usable = memblock.memoryBytes() >>> 10;
        long free = zone.freePages() << 2;
        long reserved = memblock.reservedBytes() >>> 10;
        long allocated = zone.allocatedPages() << 2;
        Printf.printf("usable: %lu KiB\n", usable);
        Printf.printf("free: %lu KiB\n", free);
        Printf.printf("reserved: %lu KiB\n", reserved);
        for (int k = 0; k < Memblock.KINDS; k++) {
            Printf.printf("  %-16s %10lu KiB\n", Printf.s(Memblock.kindName(k)), memblock.reservedBytes(k) >>> 10);
        }
        Printf.printf("allocated: %lu KiB\n", allocated);
        Printf.printf("  %-16s %10s %10s %10s %8s\n", Printf.s("owner"), Printf.s("used KiB"), Printf.s("peak KiB"),
                Printf.s("limit KiB"), Printf.s("failures"));
        for (int o = 1; o < Owner.COUNT; o++) {
            Printf.printf("  %-16s %10lu %10lu ", Printf.s(Owner.name(o)), zone.used(o) << 2, zone.peak(o) << 2);
            if (zone.limit(o) == Zone.NO_LIMIT) {
                Printf.printf("%10s", Printf.s("none"));
            } else {
                Printf.printf("%10lu", zone.limit(o) << 2);
            }
            Printf.printf(" %8lu\n", zone.failures(o));
        }
        Printf.printf("%s: usable %lu KiB = free %lu KiB + reserved %lu KiB + allocated %lu KiB\n",
                Printf.s(usable == free + reserved + allocated ? "balanced" : "UNBALANCED"), usable, free, reserved,
                allocated);
        Printf.printf("per-cpu: %lu KiB\n", zone.percpuPages() << 2);   // free, in the CPUs' page lists
    }
}
