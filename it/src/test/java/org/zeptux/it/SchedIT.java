package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kernel threads and the scheduler on the real kernel: the monitor's {@code schedtest} checks in
 * one boot (fairness by weight, sleep accuracy, a busy task cannot starve the monitor, create and
 * exit with every page returned, lock stress without lost updates, the yield round trip), lines
 * logged from the timer interrupt never inside printed ones, and each lock misuse and a task's
 * stack overflow as one panic report.
 */
class SchedIT {
    private static final Duration BOOT = Duration.ofSeconds(60);

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in\n" + text);
        return Long.parseLong(m.group(1));
    }

    @Test
    void theSchedulerIsFairSleepsAccuratelyAndReturnsEveryPage() throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", BOOT);
            String ps = qemu.command("ps");
            assertTrue(ps.contains("  PID STATE     NICE CPU     CPU ms  STACK B  SWITCHES  NAME\n"), ps);
            assertTrue(ps.matches("(?s).*\n    0 running      0   0 +\\d+ +- +\\d+  kmain\n.*"), ps);
            assertTrue(ps.matches("(?s).*\n    1 runnable    19   0 +\\d+ +\\d+ +\\d+  idle\n.*"), ps);

            // Two CPU-bound tasks, weights 1024 (nice 0) and 526 (nice 3): CPU time within 5% of 1.947.
            String fair = qemu.command("schedtest fair");
            long ratio = number(fair, "ratio (\\d+)\\.") * 1000 + number(fair, "ratio \\d+\\.(\\d{3})");
            System.out.println("[figure] " + fair.lines().filter(l -> l.startsWith("schedtest ") && l.contains(": ")).findFirst().orElse(""));
            assertTrue(Math.abs(ratio - 1947) <= 1947 / 20, "within 5% of 1024:526\n" + fair);

            // Ten sleeps of 100 ms: at least 100 ms each (by the TSC), on average not more than two ticks late.
            String sleep = qemu.command("schedtest sleep");
            System.out.println("[figure] " + sleep.lines().filter(l -> l.startsWith("schedtest ") && l.contains(": ")).findFirst().orElse(""));
            long average = number(sleep, "took (\\d+) us on average");
            assertTrue(average >= 99_000 && average <= 120_000, sleep);

            // A task that never sleeps: the monitor still answers at once.
            assertTrue(qemu.command("schedtest hog").contains("schedtest hog: task "), qemu.log());
            long t0 = System.nanoTime();
            String uptime = qemu.command("uptime");
            long replyMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("[figure] monitor reply with a CPU-bound task running: " + replyMillis + " ms");
            assertTrue(uptime.contains("up "), uptime);
            assertTrue(replyMillis < 2000, "the monitor answered in " + replyMillis + " ms\n" + qemu.log());
            assertTrue(qemu.command("ps").matches("(?s).*\n +\\d+ (runnable|running) +0 +\\d+ +\\d+ +\\d+ +\\d+  hog\n.*"), qemu.log());
            assertTrue(qemu.command("schedtest unhog").contains("schedtest hog: stopped"), qemu.log());

            // 10^4 tasks made and joined: every stack page and task object back.
            String before = qemu.command("mem");
            String churn = qemu.command("schedtest churn");
            assertTrue(churn.matches("(?s).*schedtest churn: 10000 tasks created and joined \\(0 failed, 0 wrong results\\); "
                    + "kernel stacks (\\d+) -> \\1 pages, kernel heap (\\d+) -> \\2 pages, tasks 2 -> 2\n.*"), churn);
            String after = qemu.command("mem");
            assertEquals(before.substring(0, before.indexOf("  owner")), after.substring(0, after.indexOf("  owner")),
                    "free, reserved and allocated memory are where they were, to the KiB");

            String locks = qemu.command("schedtest locks");
            assertTrue(locks.matches("(?s).*schedtest locks: 6 tasks x 20000 increments: mutex counter 120000, "
                    + "spinlock counter 120000, expected 120000: ok; mutex waits [1-9]\\d*\n.*"), locks);

            String yield = qemu.command("schedtest yield");
            assertTrue(yield.matches("(?s).*schedtest yield: \\d+ switches, \\d+ cycles per switch, \\d+ per round trip\n.*"), yield);
            System.out.println("[figure] " + yield.lines().filter(l -> l.startsWith("schedtest ") && l.contains(": ")).findFirst().orElse(""));
            assertTrue(number(yield, "yield: (\\d+) switches") >= 10000, "at least a switch a round\n" + yield);

            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    /**
     * The timer interrupt logs a line on every tick while the monitor prints 2000 long lines with
     * printf: every line comes out whole, each exactly as expected (no interrupt's line inside a
     * printed one, no argument of one call in the other's output), and the interrupt did log.
     */
    @Test
    void linesLoggedFromInterruptsNeverBreakPrintedLines() throws Exception {
        String text = "the quick brown fox jumps over the lazy dog, 0123456789";
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", BOOT);
            String out = qemu.command("schedtest printf");
            String[] lines = out.split("\n");
            assertEquals("schedtest printf", lines[0].replaceFirst("^zeptux> ", ""), out.substring(0, Math.min(200, out.length())));
            int printed = 0;
            long logged = 0;
            StringBuilder wrong = new StringBuilder();
            int i = 1;
            for (; i < lines.length && !lines[i].startsWith("schedtest printf: "); i++) {
                String line = lines[i];
                String expected = String.format("printf %d of 2000: %s | %s | %x %c end", printed, text, text,
                        printed * 0x10001L, (char) ('a' + printed % 26));
                if (line.equals(expected)) {
                    printed++;
                } else if (line.equals("[info] tick " + (logged + 1) + ": logged from the timer interrupt")) {
                    logged++;
                } else if (wrong.length() < 2000) {
                    wrong.append("line ").append(i).append(": ").append(line).append("\n    expected ").append(expected)
                            .append("\n    or [info] tick ").append(logged + 1).append(": logged from the timer interrupt\n");
                }
            }
            assertEquals("", wrong.toString(), "every line whole and in order");
            assertEquals(2000, printed, "every printed line");
            assertTrue(i < lines.length, out.substring(Math.max(0, out.length() - 500)));
            assertEquals("schedtest printf: 2000 lines printed, " + logged + " logged from the timer interrupt", lines[i]);
            assertTrue(logged >= 5, "the timer interrupt logged while the monitor printed: " + lines[i]);
            System.out.println("[figure] " + lines[i]);

            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lockcrash unlock    | mutex lockcrash: unlocked by a task that does not own it (task 0 kmain; held by task 2 mutex-owner) | Mutex.misuse Mutex.unlock",
        "lockcrash relock    | mutex lockcrash: locked again by its owner (task 0 kmain; held by task 0 kmain) | Mutex.misuse Mutex.lock",
        "lockcrash spinsleep | scheduler: sleep in task 0 (kmain) with a spinlock held | Scheduler.mayThisSleep Scheduler.sleep",
        "fault taskstack     | #DF double fault: kernel stack overflow (the guard page at 0xffffc90000008000 below the stack of task 2 overflow was hit) | Faults.recurse",
    })
    void misuseIsOnePanicReport(String command, String report, String frames) throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", BOOT);
            qemu.send(command);
            int status = qemu.waitForExit(Duration.ofSeconds(60));
            String out = qemu.output();
            assertTrue(out.contains("\npanic: " + report + "\n"), qemu.log());
            // The backtrace starts where the panic was called (the panic itself left out), the
            // same frames whatever the compiler inlined: each named frame, the first one first.
            StringBuilder top = new StringBuilder("(?s).*backtrace:");
            for (String frame : frames.split(" ")) {
                top.append("\n  at ").append(java.util.regex.Pattern.quote(frame)).append("\\([A-Za-z]+\\.java:\\d+\\)");
            }
            assertTrue(out.matches(top.append("\n.*").toString()), qemu.log());
            assertEquals(Qemu.PANIC, status, qemu.log());
        }
    }
}
