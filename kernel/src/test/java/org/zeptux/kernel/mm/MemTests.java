package org.zeptux.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.host.DebugExit;
import org.zeptux.rt.host.Machine;
import org.zeptux.rt.host.MachineExit;
import org.zeptux.rt.host.Uart16550;

/**
 * Memory on the JVM: what the printers print (byte for byte against Linux's formats), boot
 * with memory above the mapped limit, and the panics the kernel tests cannot survive.
 */
class MemTests {
    private final Uart16550 uart = new Uart16550();
    private final Machine machine = new Machine().attach(0x3F8, 8, uart).attach(0xF4, 4, new DebugExit());

    /** Runs {@code body} on the simulated PC; returns what it printed (LF line ends). */
    private String run(Runnable body) {
        try (var ignored = Machine.install(machine)) {
            Uart.init();
            body.run();
        }
        return output();
    }

    private String output() {
        return uart.transmitted().replace("\r\n", "\n");
    }

    /** Runs {@code body}, which must panic; returns the output. */
    private String panics(Runnable body) {
        MachineExit exit = assertThrows(MachineExit.class, () -> run(body));
        assertEquals(35, exit.qemuStatus(), output());
        return output();
    }

    private static String buddyinfoLine(long... blocks) {
        StringBuilder s = new StringBuilder(String.format("Node %d, zone %8s ", 0, "Normal"));
        for (long b : blocks) {
            s.append(String.format("%6d ", b));
        }
        return s.append('\n').toString();
    }

    @Test
    void buddyinfoIsLinuxsFormat() {
        String out = run(() -> {
            BuddyArena.begin(BuddyArena.FIRST_PFN.plus(3), 61, true);
            MemInfo.buddyinfo(BuddyArena.ZONE);
            BuddyArena.end();
        });
        assertEquals("Node 0, zone   Normal      1      0      1      1      1      1      0      0      0      0      0 \n",
                out);
        assertEquals(buddyinfoLine(1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0), out);
    }

    @Test
    void extfragIsLinuxsFormatAndFormula() {
        String out = run(() -> {
            BuddyArena.begin(64);
            PhysAddr[] pages = new PhysAddr[64];
            for (int i = 0; i < 64; i++) {
                pages[i] = BuddyArena.ZONE.alloc(0, Owner.TEST);
            }
            for (int i = 0; i < 64; i += 2) {
                BuddyArena.ZONE.free(pages[i], 0, Owner.TEST);
            }
            MemInfo.extfrag(BuddyArena.ZONE);
            BuddyArena.end();
        });
        // Linux: 32 free order-0 blocks; for order k: 1000 - (1000 + 32 * 1000 / 2^k) / 32, printed "%2d.%03d ".
        StringBuilder expected = new StringBuilder("Node 0, zone   Normal -1.000 ");
        for (int k = 1; k < 11; k++) {
            int index = 1000 - (1000 + 32 * 1000 / (1 << k)) / 32;
            expected.append(String.format("%2d.%03d ", index / 1000, index % 1000));
        }
        assertEquals(expected + "\n", out);
        assertTrue(out.startsWith("Node 0, zone   Normal -1.000  0.469  0.719  0.844 "), out);
    }

    @Test
    void memAddsUpToThePage() {
        String out = run(() -> {
            BuddyArena.live();
            Buddy.setLimit(Owner.PAGE_TABLES, 256);
            Buddy.alloc(3, Owner.PAGE_TABLES);
            Buddy.alloc(9, Owner.PAGE_TABLES);      // over the limit: a failure
            MemInfo.buddyinfo(Buddy.ZONE);
            MemInfo.mem();
        });
        List<String> lines = Arrays.asList(out.split("\n"));
        long usable = kib(lines, "usable: ");
        long free = kib(lines, "free: ");
        long reserved = kib(lines, "reserved: ");
        long allocated = kib(lines, "allocated: ");
        assertEquals(usable, free + reserved + allocated, out);
        assertEquals(32, allocated, out);
        assertEquals(0x9f000 / 1024 + 0x7ee0000 / 1024, usable, "QEMU's usable memory, whole pages");
        long buddyinfoPages = 0;
        String[] counts = lines.get(0).substring("Node 0, zone   Normal ".length()).trim().split(" +");
        for (int k = 0; k < counts.length; k++) {
            buddyinfoPages += Long.parseLong(counts[k]) << k;
        }
        assertEquals(free, buddyinfoPages * 4, "free = the sum over buddyinfo\n" + out);
        assertTrue(out.contains("  page tables              32         32       1024        1\n"), out);
        assertTrue(out.contains("  kernel image            128 KiB\n"), out);
        assertTrue(out.contains("balanced: usable " + usable + " KiB = free "), out);
    }

    private static long kib(List<String> lines, String prefix) {
        for (String l : lines) {
            if (l.startsWith(prefix) && l.endsWith(" KiB")) {
                return Long.parseLong(l.substring(prefix.length(), l.length() - 4));
            }
        }
        throw new AssertionError("no line " + prefix + " in " + lines);
    }

    @Test
    void bootSummaryAndMemblockTables() {
        String out = run(() -> {
            BuddyArena.live();
            MemInit.printSummary();
            Memblock.BOOT.print();
        });
        String[] lines = out.split("\n");
        // 636 KiB below 640 KiB (all reserved) + 129920 KiB from 1 MiB; the database: 32736 pages * 16 bytes.
        assertEquals("Memory: 129280K/130556K available (536K firmware, 4K boot info, 32K boot loader, "
                + "64K boot page tables, 128K kernel image, 512K page frame db, 1276K reserved)", lines[0]);
        assertEquals("memblock: memory: 2 ranges, 130556 KiB", lines[1]);
        assertEquals("  memory     0 [mem 0x0000000000000000-0x000000000009efff]        636 KiB", lines[2]);
        assertEquals("  memory     1 [mem 0x0000000000100000-0x0000000007fdffff]     129920 KiB", lines[3]);
        assertTrue(out.contains("  reserved   1 [mem 0x0000000000001000-0x0000000000001fff]          4 KiB boot info\n"), out);
        assertTrue(out.contains("  reserved   5 [mem 0x0000000000020000-0x000000000009efff]        508 KiB firmware\n"), out);
        assertTrue(out.contains("  reserved   6 [mem 0x0000000000100000-0x000000000011ffff]        128 KiB kernel image\n"),
                out);
        // Top-down: the database ends where memory does.
        assertTrue(out.contains("  reserved   7 [mem 0x0000000007f60000-0x0000000007fdffff]        512 KiB page frame db\n"),
                out);
        assertTrue(out.contains("  kind page frame db           512 KiB\n"), out);
        assertTrue(out.endsWith("memblock: usable 130556 KiB = handed to buddy 129280 KiB + reserved 1276 KiB\n"), out);
    }

    @Test
    void memoryAbove4GiBIsManagedToo() {
        run(() -> {
            long info = 0x1000;
            machine.store(info, 8, BootInfo.MAGIC);
            machine.store(info + 8, 4, BootInfo.VERSION);
            machine.store(info + 16, 8, 0x100000);
            machine.store(info + 24, 8, 0x200000);
            entry(info, 0, 0, 0x9fc00, 1);
            entry(info, 1, 0x100000, 0xbff00000L, 1);           // 1 MiB - 3 GiB
            entry(info, 2, 0x100000000L, 0x80000000L, 1);       // 4 GiB - 6 GiB
            entry(info, 3, 0xfffc0000L, 0x40000, 2);
            MemInit.setup(info);
            long usable = Memblock.BOOT.memoryBytes();
            assertEquals(0x9f000 + 0xbff00000L + 0x80000000L, usable);
            assertEquals(0, Memblock.BOOT.reservedBytes(Memblock.PAGE_TABLES), "the simulated PC needs no page tables");
            assertEquals((6L << 30) >>> 12, Buddy.ZONE.endPfn().toLong(), "the database covers all memory, above 4 GiB too");
            assertEquals(usable, (Buddy.freePages() << 12) + Memblock.BOOT.reservedBytes());
            assertEquals(0, Buddy.ZONE.verify());
            assertEquals(24L << 20, Memblock.BOOT.reservedBytes(Memblock.PAGE_FRAME_DB), "16 bytes for each page up to 6 GiB");
            assertEquals(usable - Memblock.BOOT.reservedBytes(), Buddy.freePages() << 12, "every free byte is the buddy's");
        });
    }

    private void entry(long info, int i, long base, long length, int type) {
        long e = BootInfo.e820Entry(info, i);
        machine.store(e, 8, base);
        machine.store(e + 8, 8, length);
        machine.store(e + 16, 4, type);
        machine.store(e + 20, 4, 1);
        machine.store(info + 12, 4, i + 1);
    }

    @Test
    void aDoubleFreePanicsNamingTheOwner() {
        String out = panics(() -> {
            BuddyArena.begin(64);
            PhysAddr a = BuddyArena.ZONE.alloc(1, Owner.PAGE_CACHE);
            BuddyArena.ZONE.free(a, 1, Owner.PAGE_CACHE);
            BuddyArena.ZONE.free(a, 1, Owner.PAGE_CACHE);
        });
        assertTrue(out.contains("buddy: free of 0x100000000 order 1 by page cache: not allocated (free)\n"), out);
        assertTrue(out.contains("panic: buddy: the free does not match an allocation\n"), out);
        resetArena();
    }

    @Test
    void aMismatchedFreePanicsNamingBothSides() {
        String out = panics(() -> {
            BuddyArena.begin(64);
            PhysAddr a = BuddyArena.ZONE.alloc(2, Owner.PAGE_CACHE);
            BuddyArena.ZONE.free(a, 1, Owner.USER);
        });
        assertTrue(out.contains("buddy: free of 0x100000000 order 1 by user memory: allocated order 2 by page cache\n"), out);
        assertTrue(out.contains("panic: buddy: the free does not match an allocation\n"), out);
        resetArena();
    }

    @Test
    void aFullReservationTablePanics() {
        String out = panics(() -> {
            Memblock m = new Memblock();
            m.addMemory(PhysAddr.of(0), 1L << 30);
            for (int i = 0; i <= Memblock.MAX_RESERVED; i++) {
                m.reserve(PhysAddr.of(i * 0x2000L), 0x1000, Memblock.TEST);
            }
        });
        assertTrue(out.contains("panic: memblock: the reservation table is full (MAX_RESERVED ranges)\n"), out);
    }

    @Test
    void aFullMemoryTablePanics() {
        String out = panics(() -> {
            Memblock m = new Memblock();
            for (int i = 0; i <= Memblock.MAX_MEMORY; i++) {
                m.addMemory(PhysAddr.of(i * 0x2000L), 0x1000);
            }
        });
        assertTrue(out.contains("panic: memblock: the memory table is full (MAX_MEMORY ranges)\n"), out);
    }

    @Test
    void memblockIsClosedAfterTheHandover() {
        String out = panics(() -> {
            BuddyArena.live();
            Memblock.BOOT.alloc(0x1000, 0x1000, PhysAddr.of(1L << 30), Memblock.ALLOC);
        });
        assertTrue(out.contains("panic: memblock: allocation after the handover to the buddy allocator\n"), out);
    }

    @Test
    void randomReservationsKeepTheTablesExact() {
        run(() -> {
            java.util.Random random = new java.util.Random(5);
            Memblock m = new Memblock();
            for (int round = 0; round < 50; round++) {
                m.reset();
                boolean[] memory = new boolean[2048];
                int[] kind = new int[2048];
                Arrays.fill(kind, -1);
                for (int i = 0; i < 6; i++) {
                    int first = random.nextInt(2048);
                    int pages = 1 + random.nextInt(Math.min(300, 2048 - first));
                    m.addMemory(PhysAddr.of(first * 4096L), pages * 4096L);
                    for (int p = first; p < Math.min(2048, first + pages); p++) {
                        memory[p] = true;
                    }
                }
                for (int i = 0; i < 40; i++) {
                    long base = random.nextInt(2048 * 4096);
                    long size = 1 + random.nextInt(200 * 4096);
                    int k = random.nextInt(Memblock.KINDS);
                    m.reserve(PhysAddr.of(base), size, k);
                    long end = Math.min(2048, (base + size + 4095) / 4096);
                    for (long p = base / 4096; p < end; p++) {
                        if (memory[(int) p] && kind[(int) p] < 0) {
                            kind[(int) p] = k;
                        }
                    }
                    if (random.nextInt(4) == 0) {
                        long bytes = 4096L * (1 + random.nextInt(8));
                        PhysAddr got = m.alloc(bytes, 4096L << random.nextInt(4),
                                PhysAddr.of(4096L * random.nextInt(2049)), Memblock.ALLOC);
                        long at = got.toLong();
                        if (!got.eq(Memblock.FAIL)) {
                            for (long p = at / 4096; p < (at + bytes) / 4096; p++) {
                                assertTrue(memory[(int) p] && kind[(int) p] < 0, "allocated free memory");
                                kind[(int) p] = Memblock.ALLOC;
                            }
                        }
                    }
                }
                // The tables say, page for page, what the model says.
                int[] seen = new int[2048];
                Arrays.fill(seen, -1);
                for (int i = 0; i < m.reservedCount(); i++) {
                    if (i > 0) {
                        assertTrue(m.reservedEnd(i - 1).toLong() <= m.reservedBase(i).toLong(), "sorted, disjoint");
                        assertTrue(m.reservedEnd(i - 1).toLong() < m.reservedBase(i).toLong()
                                || m.reservedKind(i - 1) != m.reservedKind(i), "merged");
                    }
                    for (long p = m.reservedBase(i).toLong() / 4096; p < m.reservedEnd(i).toLong() / 4096; p++) {
                        seen[(int) p] = m.reservedKind(i);
                    }
                }
                long memoryPages = 0;
                for (int p = 0; p < 2048; p++) {
                    assertEquals(kind[p], seen[p], "page " + p);
                    memoryPages += memory[p] ? 1 : 0;
                }
                assertEquals(memoryPages * 4096, m.memoryBytes());
                assertEquals(m.memoryBytes(), m.freeBytes() + m.reservedBytes());
            }
        });
    }

    /** A panic inside an arena leaves it in use: end it for the next test. */
    private void resetArena() {
        try (var ignored = Machine.install(machine)) {
            BuddyArena.end();
        }
    }
}
