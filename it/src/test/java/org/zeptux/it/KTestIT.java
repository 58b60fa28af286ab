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
 * real kernel and reports KTAP on the serial port; each KTAP result becomes a JUnit test of the
 * same name, failing with the kernel's diagnostics.
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
        assertTrue(ktap.planned() >= 5, "kernel tests planned: " + ktap.planned() + "\n" + log);
        assertEquals(ktap.planned(), ktap.results().size(), "every planned test reported\n" + log);
        for (int i = 0; i < ktap.results().size(); i++) {
            assertEquals(i + 1, ktap.results().get(i).number(), "results in order");
        }
        assertTrue(ktap.results().stream().anyMatch(Ktap.Result::skipped),
                "JVM-only tests are reported as skipped in the kernel\n" + log);
        boolean allOk = ktap.results().stream().allMatch(Ktap.Result::ok);
        assertEquals(allOk ? Qemu.POWEROFF : Qemu.PANIC, status, "QEMU's exit status tells pass from fail\n" + log);
        assertTrue(log.contains("# zeptux ktest: "), "totals line\n" + log);
    }

    @Test
    void ktapParsing() {
        Ktap k = Ktap.parse("""
                boot noise
                KTAP version 1
                1..3
                ok 1 A.first
                    # x: expected 1, actual 2
                not ok 2 A.second
                ok 3 B.third # SKIP runs on the JVM only
                # zeptux ktest: 1 passed, 1 failed, 1 skipped
                """);
        assertEquals(3, k.planned());
        assertEquals(List.of("# x: expected 1, actual 2"), k.results().get(1).diagnostics());
        assertTrue(!k.results().get(1).ok());
        assertTrue(k.results().get(2).skipped());
        assertEquals("B.third", k.results().get(2).name());
    }
}
