package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Boots the kernel image under QEMU and checks what it prints and how it ends. */
class BootIT {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Pattern BANNER = Pattern.compile("(?m)^Zeptux \\d+\\.\\d+\\.\\d+.*$");
    private static final Pattern E820 = Pattern.compile(
            "^e820: \\[mem 0x([0-9a-f]{16})-0x([0-9a-f]{16})\\] (usable|reserved|ACPI data|ACPI NVS|unusable|type \\d+)$");
    private static final Pattern MEMORY = Pattern.compile("(?m)^memory: (\\d+) KiB usable$");

    static Path image() {
        return Path.of(System.getProperty("zeptux.image", "../kernel/target/zeptux.img"));
    }

    @ParameterizedTest(name = "-m {0}")
    @CsvSource({"128M, 131072", "1G, 1048576"})
    void bootsPrintsTheMemoryMapAndPowersOff(String memory, long kib) throws Exception {
        try (Qemu qemu = Qemu.boot(image(), memory)) {
            qemu.expect("zeptux> ", BOOT);
            String out = qemu.output();
            try {
                assertTrue(BANNER.matcher(out).find(), "banner");
                // QEMU's TCG CPU models report a real vendor: CPUID works natively.
                assertTrue(out.matches("(?s).*\ncpu: (GenuineIntel|AuthenticAMD)\n.*"), "cpu vendor from CPUID");
                long usable = 0;
                int lines = 0;
                for (String line : out.split("\n")) {
                    if (!line.startsWith("e820:")) {
                        continue;
                    }
                    Matcher m = E820.matcher(line);
                    assertTrue(m.matches(), "Linux's e820 format: " + line);
                    long start = Long.parseUnsignedLong(m.group(1), 16);
                    long end = Long.parseUnsignedLong(m.group(2), 16);
                    assertTrue(Long.compareUnsigned(start, end) <= 0, "start <= end: " + line);
                    if (m.group(3).equals("usable")) {
                        usable += end - start + 1;
                    }
                    lines++;
                }
                assertTrue(lines >= 2, "an e820 map");
                Matcher total = MEMORY.matcher(out);
                assertTrue(total.find(), "memory line");
                long reported = Long.parseLong(total.group(1));
                assertEquals(usable / 1024, reported, "the total is the sum of the usable lines");
                assertTrue(Math.abs(reported - kib) <= kib * 3 / 100, reported + " KiB is within 3% of " + memory);
                assertTrue(out.contains("\nZeptux ready\n"), "ready");
                // -M pc: a PIIX3 IDE function that can be a bus master, so stage 2 reads by DMA.
                assertTrue(out.contains("\nboot: image read by bus-master DMA (registers at 0x"), "DMA");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + qemu.log(), e);
            }
            qemu.send("hello");
            qemu.expect("unknown command: hello", BOOT);
            qemu.send("poweroff");
            qemu.expect("Powering off", BOOT);
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(BOOT), qemu.log());
        }
    }

    @Test
    void onlyTheTestKernelHasTheKernelTests() throws Exception {
        Path target = image().getParent();          // kernel/target: the .ll files beside the images
        String kernel = Files.readString(target.resolve("kernel.ll"));
        String ktest = Files.readString(target.resolve("kernel-ktest.ll"));
        for (String test : new String[] {"BuddyKTests", "E820MapKTests", "PrintfKTests", "ArithmeticKTests"}) {
            assertTrue(!kernel.contains(test), test + " is not in the kernel");
            assertTrue(ktest.contains(test), test + " is in the test kernel");
        }
    }

    @Test
    void anImageLargerThan512KiBLoads() throws Exception {
        Path padded = Path.of(System.getProperty("zeptux.paddedImage", "target/zeptux-padded.img"));
        assertTrue(Files.size(padded) >= Files.size(image()) + (2 << 20),
                "the padded image is at least 2 MiB larger: " + Files.size(padded) + " vs " + Files.size(image()));
        try (Qemu qemu = Qemu.boot(padded, "128M")) {
            qemu.expect("zeptux> ", BOOT);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(BOOT), qemu.log());
        }
    }

    @Test
    void withoutALegacyIdeDiskTheBootSectorReportsADiskError() throws Exception {
        // q35 has no IDE controller at 0x1F0: the drive status floats to 0xFF.
        try (Qemu qemu = Qemu.boot(image(), "128M", "-M", "q35")) {
            qemu.expect("Zeptux boot: disk error", BOOT);
            assertEquals(Qemu.BOOT_FAILURE, qemu.waitForExit(BOOT), qemu.log());
        }
    }

    @Test
    void stage2FallsBackToPioWithoutABusMasterOrAfterADmaError(@TempDir Path dir) throws Exception {
        // ISA only: no PCI, so no bus-master controller (-M isapc's default CPU has no long mode).
        try (Qemu qemu = Qemu.boot(image(), "128M", "-M", "isapc", "-cpu", "qemu64")) {
            qemu.expect("zeptux> ", BOOT);
            assertTrue(qemu.output().contains("\nboot: image read by PIO (no bus-master IDE controller)\n"), qemu.log());
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(BOOT), qemu.log());
        }
        // One read error on a kernel sector: the DMA read fails, the channel is reset, and the
        // same sectors and all after them are read by PIO; the kernel then boots intact.
        Path config = dir.resolve("blkdebug.conf");
        Files.writeString(config, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nsector = \"300\"\nonce = \"on\"\n");
        try (Qemu qemu = Qemu.bootFrom("blkdebug:" + config + ":" + image().toAbsolutePath(), "128M")) {
            qemu.expect("zeptux> ", BOOT);
            assertTrue(qemu.output().contains("\nboot: image read by PIO after a DMA error (registers at 0x"), qemu.log());
            qemu.send("mem");
            qemu.expect("balanced: ", BOOT);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(BOOT), qemu.log());
        }
    }

    /** A figure, not a target: prints the median time from QEMU's start to "Zeptux ready". */
    @Test
    void timeToReadyUnderTcg() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try (Qemu qemu = Qemu.boot(image(), "128M")) {
                millis.add(qemu.expect("Zeptux ready", BOOT).toMillis());
                qemu.send("poweroff");
                assertEquals(Qemu.POWEROFF, qemu.waitForExit(BOOT), qemu.log());
            }
        }
        Collections.sort(millis);
        System.out.printf("boot: QEMU start to 'Zeptux ready' under TCG: median %d ms of %s; image %d bytes%n",
                millis.get(2), millis, Files.size(image()));
    }
}
