package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory accounting on the real machine, from 64 MiB to 6 GiB (RAM above 4 GiB included): the
 * kernel's own numbers must agree with the BIOS's e820 map and with each other to the page.
 */
class MemoryIT {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration REPLY = Duration.ofSeconds(60);
    private static final Pattern E820 = Pattern.compile("(?m)^e820: \\[mem 0x([0-9a-f]{16})-0x([0-9a-f]{16})\\] usable$");

    private static long kib(String out, String regex) {
        Matcher m = Pattern.compile("(?m)^" + regex + "$").matcher(out);
        assertTrue(m.find(), regex + " in:\n" + out);
        return Long.parseLong(m.group(1));
    }

    /** The usable e820 memory, each range rounded inward to whole pages, in KiB: what the kernel should count. */
    private static long usableKib(String boot) {
        Matcher m = E820.matcher(boot);
        long pages = 0;
        while (m.find()) {
            long first = (Long.parseUnsignedLong(m.group(1), 16) + 4095) & -4096L;
            long end = (Long.parseUnsignedLong(m.group(2), 16) + 1) & -4096L;
            pages += Math.max(0, end - first) >> 12;
        }
        return pages * 4;
    }

    @ParameterizedTest(name = "-m {0}")
    @ValueSource(strings = {"64M", "1G", "6G"})
    void freePagesAreUsableRamMinusWhatIsReservedToThePage(String memory) throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), memory)) {
            qemu.expect("zeptux> ", BOOT);
            String boot = qemu.output();
            long usable = usableKib(boot);
            String mem = qemu.command("mem");
            String buddy = qemu.command("buddyinfo");
            assertEquals(usable, kib(mem, "usable: (\\d+) KiB"), "usable = the e820 map's usable pages\n" + boot + mem);
            long free = kib(mem, "free: (\\d+) KiB");
            long reserved = kib(mem, "reserved: (\\d+) KiB");
            long allocated = kib(mem, "allocated: (\\d+) KiB");
            assertEquals(usable, free + reserved + allocated, "usable = free + reserved + allocated\n" + mem);
            Matcher counts = Pattern.compile("Node 0, zone   Normal((?: +\\d+)+) ").matcher(buddy);
            assertTrue(counts.find(), buddy);
            String[] perOrder = counts.group(1).trim().split(" +");
            long buddyKib = 0;
            for (int order = 0; order < perOrder.length; order++) {
                buddyKib += Long.parseLong(perOrder[order]) * (4L << order);
            }
            assertEquals(11, perOrder.length, "orders 0..10");
            long percpu = kib(mem, "per-cpu: (\\d+) KiB");
            assertEquals(free, buddyKib + percpu, "free = the sum over buddyinfo + the CPUs' page lists\n" + buddy + mem);
            // The boot line says the same: free/usable and the reserved total.
            Matcher line = Pattern.compile("Memory: (\\d+)K/(\\d+)K available \\(.*, (\\d+)K reserved\\)").matcher(boot);
            assertTrue(line.find(), boot);
            assertEquals(usable, Long.parseLong(line.group(2)), "the boot line's usable");
            assertEquals(usable - Long.parseLong(line.group(3)), Long.parseLong(line.group(1)),
                    "at boot: free = usable - reserved, to the page");
            // After boot: the page tables of device, firmware and stack mappings, the idle task's
            // stack (16 KiB), the task pool's first slab (one page) and the VFS's first slabs (inodes,
            // tmpfs entries, names, dentries: "/", /dev with its nodes, /proc; four pages), and the
            // ATA driver's PRD tables (a DMA page; the partition tables were read through another, freed).
            assertEquals(16, kib(mem, "  kernel stacks +(\\d+) +\\d+ +none +0"), mem);
            assertEquals(4 + 16, kib(mem, "  kernel heap +(\\d+) +\\d+ +none +0"), mem);
            assertEquals(4, kib(mem, "  dma buffers +(\\d+) +\\d+ +none +0"), mem);
            assertEquals(allocated, kib(mem, "  page tables +(\\d+) +\\d+ +none +0") + 16 + 4 + 16 + 4, mem);
            System.out.printf("[figure] -m %s: usable %d KiB, free %d KiB, reserved %d KiB, allocated %d KiB%n",
                    memory, usable, free, reserved, allocated);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(REPLY), qemu.log());
        }
    }

    @Test
    void aMillionRandomAllocationsKeepEveryInvariant() throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", BOOT);
            String before = qemu.command("buddyinfo");
            String out = qemu.command("memstress");
            assertTrue(out.matches("(?s).*buddy stress: 1000000 ops \\(\\d+ allocs, \\d+ failed, \\d+ frees\\) over \\d+ pages: ok, \\d+ cycles\n.*"),
                    out);
            String after = qemu.command("buddyinfo");
            assertEquals(before.substring(before.indexOf("Node")), after.substring(after.indexOf("Node")),
                    "the live allocator is back where it was");
            String bench = qemu.command("membench");
            assertTrue(bench.contains("bench: order 0 alloc+free: median ") && bench.contains("bench: order 9 alloc+free: median "),
                    bench);
            for (String l : bench.split("\n")) {
                if (l.startsWith("bench:")) {
                    System.out.println("[figure] " + l);
                }
            }
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(REPLY), qemu.log());
        }
    }

    @Test
    void poolsKeepEveryInvariantAndGiveEveryPageBack() throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", BOOT);
            String info = qemu.command("slabinfo");
            assertTrue(info.contains("slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> "
                    + "<objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata "
                    + "<active_slabs> <num_slabs> <sharedavail>\n"), info);
            // Linux's columns: name, active and total objects, object size, objects per slab, pages per slab.
            assertTrue(info.matches("(?s).*\npoolstress +0 +0 +32 +126 +1 : tunables +0 +0 +0 : slabdata +0 +0 +0\n.*"), info);
            String before = qemu.command("mem");
            String out = qemu.command("poolstress");
            assertTrue(out.matches("(?s).*poolstress: 1000000 operations, \\d+ allocations, at most \\d+ live, \\d+ cycles: ok\n.*"),
                    out);
            String after = qemu.command("mem");
            assertEquals(before.substring(0, before.indexOf("  owner")), after.substring(0, after.indexOf("  owner")),
                    "free, reserved and allocated memory are back where they were, to the KiB");
            assertTrue(after.matches("(?s).*\n  test +0 +\\d+ +none +0\n.*"), "the test owner holds nothing\n" + after);
            String bench = qemu.command("poolbench");
            assertTrue(bench.matches("(?s).*bench: pool alloc\\+free: median \\d+ cycles.*"), bench);
            for (String l : bench.split("\n")) {
                if (l.startsWith("bench:")) {
                    System.out.println("[figure] " + l);
                }
            }
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(REPLY), qemu.log());
        }
    }
}
