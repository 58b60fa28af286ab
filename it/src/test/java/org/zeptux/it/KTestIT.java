package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Boots the test kernel (kernel/target/zeptux-ktest.img), which runs every @KTest inside the
 * real kernel and reports KTAP on the serial port, a subtest group per test class; each test's
 * result becomes a JUnit test named {@code Class.method}, failing with the kernel's diagnostics,
 * and a group's result must agree with its tests'.
 */
class KTestIT {
    private static Ktap report;
    private static int status;
    private static String log;

    private static synchronized Ktap boot() throws Exception {
        if (report == null) {
            Path image = Path.of(System.getProperty("zeptux.ktestImage", "../kernel/target/zeptux-ktest.img"));
            try (Qemu qemu = Qemu.boot(image, "128M")) {
                status = qemu.waitForExit(Duration.ofSeconds(120));
                log = qemu.log();
                report = Ktap.parse(qemu.output());
            }
        }
        return report;
    }

    @TestFactory
    Stream<DynamicTest> kernelTestsInQemu() throws Exception {
        Ktap ktap = boot();
        List<DynamicTest> tests = new ArrayList<>();
        for (Ktap.Result r : ktap.results()) {
            tests.add(DynamicTest.dynamicTest(r.name(), () -> {
                if (r.skipped()) {
                    throw new TestAbortedException(r.name() + ": " + r.directive());
                }
                if (!r.ok()) {
                    throw new AssertionFailedError("kernel test failed in QEMU:\n" + String.join("\n", r.diagnostics()));
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void theReportIsCompleteAndTheExitStatusMatches() throws Exception {
        Ktap ktap = boot();
        assertTrue(ktap.planned() >= 5, "test classes planned: " + ktap.planned() + "\n" + log);
        assertEquals(ktap.planned(), ktap.groups().size(), "every planned group reported\n" + log);
        assertEquals(null, ktap.inconsistency(), "groups agree with their tests\n" + log);
        assertTrue(ktap.results().size() >= 20, "kernel tests reported: " + ktap.results().size() + "\n" + log);
        assertTrue(ktap.results().stream().anyMatch(Ktap.Result::skipped),
                "JVM-only tests are reported as skipped in the kernel\n" + log);
        boolean allOk = ktap.results().stream().allMatch(Ktap.Result::ok);
        assertEquals(allOk ? Qemu.POWEROFF : Qemu.PANIC, status, "QEMU's exit status tells pass from fail\n" + log);
        long passed = ktap.results().stream().filter(r -> r.ok() && !r.skipped()).count();
        long failed = ktap.results().stream().filter(r -> !r.ok()).count();
        long skipped = ktap.results().stream().filter(Ktap.Result::skipped).count();
        assertTrue(log.contains("# zeptux ktest: " + passed + " passed, " + failed + " failed, " + skipped + " skipped"),
                "totals line\n" + log);
    }

    private static final String SAMPLE = """
            boot noise
            KTAP version 1
            1..2
                KTAP version 1
                # Subtest: A
                1..2
                ok 1 first
                # x: expected 1, actual 2
                not ok 2 second
            not ok 1 A
                KTAP version 1
                # Subtest: B
                1..1
                ok 1 third # SKIP runs on the JVM only
            ok 2 B # SKIP
            # zeptux ktest: 1 passed, 1 failed, 1 skipped
            """;

    @Test
    void ktapParsing() {
        Ktap k = Ktap.parse(SAMPLE);
        assertEquals(2, k.planned());
        assertEquals(List.of("A", "B"), k.groups().stream().map(Ktap.Group::name).toList());
        assertEquals(List.of("A.first", "A.second", "B.third"), k.results().stream().map(Ktap.Result::name).toList());
        assertEquals(List.of("# x: expected 1, actual 2"), k.results().get(1).diagnostics());
        assertTrue(!k.results().get(1).ok());
        assertTrue(!k.groups().get(0).ok());
        assertTrue(k.results().get(2).skipped());
        assertTrue(k.groups().get(1).skipped());
        assertEquals(null, k.inconsistency());
    }

    @Test
    void aGroupResultThatDisagreesWithItsTestsIsCaught() {
        assertEquals("group A says ok but its tests did not all pass",
                Ktap.parse(SAMPLE.replace("not ok 1 A", "ok 1 A")).inconsistency());
        assertEquals("group B does not say SKIP but all its tests were skipped",
                Ktap.parse(SAMPLE.replace("ok 2 B # SKIP", "ok 2 B")).inconsistency());
        assertEquals("group A planned 3 tests and reported 2",
                Ktap.parse(SAMPLE.replace("    1..2", "    1..3")).inconsistency());
    }
}
