package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeptux.it.UserPrograms.Expected;
import org.zeptux.it.UserPrograms.Mode;
import org.zeptux.it.UserPrograms.Run;

/**
 * Several CPUs under QEMU's multi-threaded TCG ({@code -accel tcg,thread=multi}, one host thread
 * per virtual CPU): with {@code -smp} 1, 2, 4 and 8 every CPU the MADT lists comes online (Linux's
 * {@code smp: Brought up 1 node, N CPUs}), each takes its own timer ticks ({@code cpus}), IPIs
 * make the round trip and TLB shootdowns are answered by every other CPU ({@code ipibench},
 * printed as figures), and in the same boot the monitor's scheduler checks and user programs
 * (all of them with one and two CPUs, a subset with four and eight, many checks per boot) behave
 * as on one CPU, every user page returned.
 */
class SmpIT {

    static Map<String, Expected> linux;
    static Path image;

    /** The runs for the bigger CPU counts: files, processes, signals, pipes, a fault, the terminal. */
    static final List<String> SUBSET = List.of("hello", "procs", "signals", "handlers", "fs", "pipes", "fault null",
            "tls", "memory", "threads", "futex", "spread", "groupexit", "mtmem", "reapkill");

    private static final Pattern CPU_LINE = Pattern.compile("(?m)^ *(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+)  (\\S+)$");
    private static final Pattern USER_MEMORY = Pattern.compile("\n  user memory +(\\d+) ");
    private static final Pattern KERNEL_LINE = Pattern.compile(
            "(?m)^\\w+\\[\\d+\\]: (segfault at|general protection fault|trap |unimplemented system call)[^\\n]*\\n");

    @BeforeAll
    static void build() throws Exception {
        UserPrograms programs = UserPrograms.shared();
        linux = programs.expectedOnLinux();
        image = programs.image();
    }

    /** CPU index to its tick count, from {@code cpus}; asserts the count of lines and the total line. */
    private static long[] ticks(String cpus, int n) {
        long[] ticks = new long[n];
        Matcher m = CPU_LINE.matcher(cpus);
        int lines = 0;
        while (m.find()) {
            int cpu = Integer.parseInt(m.group(1));
            assertTrue(cpu < n, "CPU " + cpu + " of " + n + "\n" + cpus);
            ticks[cpu] = Long.parseLong(m.group(3));
            String task = m.group(8);
            assertTrue(cpu == 0 ? !task.startsWith("idle/") : task.equals("idle/" + cpu), "CPU " + cpu + " runs " + task + "\n" + cpus);
            lines++;
        }
        assertEquals(n, lines, "a line per CPU online\n" + cpus);
        assertTrue(cpus.contains("\nCPUs online: " + n + "\n"), cpus);
        return ticks;
    }

    private static String run(Qemu qemu, Run r) throws Exception {
        int mark = qemu.mark();
        qemu.send(r.command());
        if (r.mode() == Mode.INTERRUPT) {
            qemu.expectAfter(mark, linux.get(r.name()).stdout(), Duration.ofSeconds(60));
            Thread.sleep(300);
            qemu.type("\u0003");
        }
        String out = qemu.expectAfter(mark, "zeptux> ", Duration.ofSeconds(120));
        String echo = r.command() + "\n";
        assertTrue(out.startsWith(echo), r.name() + ": the echo\n" + out);
        out = out.substring(echo.length(), out.length() - "zeptux> ".length());
        return KERNEL_LINE.matcher(out).replaceAll("");
    }

    /**
     * A monitor command whose tasks contend across CPUs (up to three minutes): a ticket lock's
     * waiters convoy when the host does not run every virtual CPU at once (docs/smp.md, Figures).
     */
    private static String slowCommand(Qemu qemu, String command) throws Exception {
        int mark = qemu.mark();
        qemu.send(command);
        return qemu.expectAfter(mark, "zeptux> ", Duration.ofSeconds(180));
    }

    @ParameterizedTest(name = "-smp {0}")
    @ValueSource(ints = {1, 2, 4, 8})
    void everyCpuComesOnlineAndTheTestsStayGreen(int n) throws Exception {
        try (Qemu qemu = Qemu.boot(image, "256M", "-accel", "tcg,thread=multi", "-smp", Integer.toString(n))) {
            qemu.expect("zeptux> ", Duration.ofSeconds(120));
            String log = qemu.output();
            assertTrue(log.contains("\nsmp: Brought up 1 node, " + n + " CPU" + (n > 1 ? "s" : "") + "\n"), log);
            assertTrue(log.contains("acpi: MADT: local APIC at 0xfee00000, " + n + " CPUs,"), log);
            long[] first = ticks(qemu.command("cpus"), n);

            String cpuinfo = qemu.command("cat /proc/cpuinfo");
            for (int cpu = 0; cpu < n; cpu++) {
                assertTrue(cpuinfo.contains("\nprocessor\t: " + cpu + "\n") && cpuinfo.contains("\ncore id\t\t: " + cpu + "\n"), cpuinfo);
            }
            assertEquals(n, cpuinfo.split("\nprocessor\t: ", -1).length - 1, "a block per CPU\n" + cpuinfo);
            assertTrue(cpuinfo.contains("\nsiblings\t: " + n + "\n"), cpuinfo);
            String stat = qemu.command("cat /proc/stat");
            assertTrue(stat.contains("\ncpu" + (n - 1) + " "), stat);
            String ps = qemu.command("ps");
            for (int cpu = 1; cpu < n; cpu++) {
                assertTrue(ps.matches("(?s).*\n +\\d+ running +19 +" + cpu + " +\\d+ +\\d+ +\\d+  idle/" + cpu + "\n.*"), ps);
            }
            String churn = slowCommand(qemu, "schedtest churn");
            assertTrue(churn.contains("schedtest churn: 10000 tasks created and joined (0 failed, 0 wrong results)"), churn);
            String locks = slowCommand(qemu, "schedtest locks");
            assertTrue(locks.contains("mutex counter 120000, "), locks);

            List<String> differ = new ArrayList<>();
            int runs = 0;
            for (Run r : UserPrograms.RUNS) {
                if (r.mode() == Mode.ZEPTUX_ONLY || r.mode() == Mode.INTERRUPT || (n > 2 && !SUBSET.contains(r.name()))) {
                    continue;
                }
                runs++;
                Expected e = linux.get(r.name());
                String want = e.stdout() + e.outcome().monitorLine();
                String out = run(qemu, r);
                if (!out.equals(want)) {
                    differ.add(r.name() + ":\n--- Linux\n" + want + "--- Zeptux\n" + out);
                }
            }
            assertTrue(runs >= SUBSET.size(), "runs: " + runs);
            assertTrue(differ.isEmpty(), differ.size() + " of " + runs + " runs differ from Linux with " + n + " CPUs:\n"
                    + String.join("\n", differ) + "\n" + qemu.log());
            qemu.command("dropcaches");
            Matcher user = USER_MEMORY.matcher(qemu.command("mem"));
            assertTrue(user.find() && user.group(1).equals("0"), "no user page is left\n" + qemu.log());

            if (n > 1) {
                String bench = qemu.command("ipibench");
                for (int cpu = 1; cpu < n; cpu++) {
                    assertTrue(bench.matches("(?s).*\nipi: round trip CPU 0 -> " + cpu + " -> 0: median \\d+ ns \\(101 runs\\)\n.*"), bench);
                }
                assertTrue(bench.matches("(?s).*\nipi: TLB shootdown of 1 page to " + (n - 1) + " CPUs: median \\d+ ns \\(101 runs\\)\n.*"),
                        bench);
                assertTrue(bench.matches("(?s).*\nipi: user TLB shootdown of 1 page to the " + (n - 1)
                        + " CPUs that have the space loaded: median \\d+ ns, \\d+ cycles \\(101 runs\\)\n.*"), bench);
                if (n >= 4) {                           // four CPU-bound items on one CPU, then on four at once
                    assertTrue(bench.matches("(?s).*\nparallel: 4 items of \\d+ xorshift steps: 1 CPU \\d+ ms, 4 CPUs \\d+ ms: "
                            + "speed-up \\d+\\.\\d\\d, results equal\n.*"), bench);
                }
                bench.lines().filter(l -> l.startsWith("ipi: ") || l.startsWith("parallel: "))
                        .forEach(l -> System.out.println("[figure] -smp " + n + ": " + l));
                // The allocators' fast paths, and every CPU allocating and freeing at once.
                String mem = qemu.command("membench") + qemu.command("poolbench");
                for (String kind : List.of("order 0", "pool")) {
                    assertTrue(mem.matches("(?s).*\nbench: parallel " + kind + " alloc\\+free on " + n
                            + " CPUs at once: median \\d+ cycles per pair \\(slowest CPU \\d+\\)\n.*"), mem);
                }
                mem.lines().filter(l -> l.startsWith("bench: "))
                        .forEach(l -> System.out.println("[figure] -smp " + n + ": " + l));
            }
            Thread.sleep(500);
            String cpus = qemu.command("cpus");
            long[] second = ticks(cpus, n);
            for (int cpu = 0; cpu < n; cpu++) {
                assertTrue(second[cpu] > first[cpu], "CPU " + cpu + " takes its own timer ticks\n" + cpus);
            }
            if (n > 1) {
                Matcher m = CPU_LINE.matcher(cpus);
                while (m.find()) {
                    if (!m.group(1).equals("0")) {       // each AP answered every ping and every shootdown
                        assertTrue(Long.parseLong(m.group(7)) >= 101 && Long.parseLong(m.group(6)) >= 202, cpus);
                    }
                }
            }
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    /**
     * The test kernel with four CPUs: every KTest passes there too, among them SmpKTests (the
     * allocators and pools from every CPU at once) and LockOrderKTests (the provoked inversion's
     * report, with both call paths).
     */
    @Test
    void theKernelTestsPassWithFourCpus() throws Exception {
        Path ktest = Path.of(System.getProperty("zeptux.ktestImage", "../kernel/target/zeptux-ktest.img"));
        try (Qemu qemu = Qemu.boot(ktest, "128M", "-accel", "tcg,thread=multi", "-smp", "4")) {
            int status = qemu.waitForExit(Duration.ofSeconds(300));
            String log = qemu.log();
            Ktap ktap = Ktap.parse(qemu.output());
            assertTrue(log.contains("\nsmp: Brought up 1 node, 4 CPUs\n"), log);
            List<String> failed = ktap.results().stream().filter(r -> !r.ok()).map(r -> r.name() + " " + r.diagnostics()).toList();
            assertEquals(List.of(), failed, log);
            assertEquals(Qemu.POWEROFF, status, log);
            for (String name : List.of("SmpKTests.everyCpuAllocatesAtOnceAndEveryPageAndObjectComesBack",
                    "SmpKTests.everyOtherCpuAnswersPingsAndShootdowns", "LockOrderKTests.anInversionIsReportedOnceWithoutADeadlock",
                    "LockOrderKTests.aCycleThroughAThirdLockIsFound", "LockOrderKTests.aMutexInversionIsReportedOnceWithBothPaths",
                    "LockOrderKTests.aSleepingLockTakenUnderASpinlockIsReported",
                    "UserShootdownKTests.aPageUnmappedOnOneCpuFaultsOnAnotherThatHadItLoaded",
                    "PerCpuListsKTests.withEveryFreeBlockTakenAnAllocationGetsAnotherCpusListedPages",
                    "EventKTests.pingPongsAcrossCpusLoseNoWakeUp")) {
                assertTrue(ktap.results().stream().anyMatch(r -> r.name().equals(name) && r.ok() && !r.skipped()), name + "\n" + log);
            }
            String out = qemu.output();
            assertTrue(out.contains("lock order: possible deadlock: \"lockorder test a\" taken while holding \"lockorder test b\" on CPU 0,\n"),
                    out);
            int report = out.indexOf("lock order: now, \"lockorder test b\" then \"lockorder test a\":\n");
            int before = out.indexOf("lock order: before, \"lockorder test a\" then \"lockorder test b\":\n", report);
            assertTrue(report >= 0 && before > report, "the report's two orders\n" + out);
            assertTrue(out.substring(report, before).contains("  at LockOrderKTests.anInversionIsReportedOnceWithoutADeadlock(LockOrderKTests.java:"),
                    "the call path of the new order\n" + out);
            String oldPath = out.substring(before).split("\nlock order: |\n\n|\nok ", 2)[0];
            assertTrue(oldPath.contains("\n  at LockOrderKTests."), "the call path of the old order\n" + out);
            // Mutexes: the inversion with both call paths, and a mutex taken under a spinlock.
            assertTrue(out.contains("lock order: possible deadlock: \"lockorder mutex a\" taken while holding \"lockorder mutex b\" on CPU 0,\n"),
                    out);
            int mutexNow = out.indexOf("lock order: now, \"lockorder mutex b\" then \"lockorder mutex a\":\n");
            int mutexBefore = out.indexOf("lock order: before, \"lockorder mutex a\" then \"lockorder mutex b\":\n", mutexNow);
            assertTrue(mutexNow >= 0 && mutexBefore > mutexNow, "the mutex report's two orders\n" + out);
            String method = "  at LockOrderKTests.aMutexInversionIsReportedOnceWithBothPaths(LockOrderKTests.java:";
            assertTrue(out.substring(mutexNow, mutexBefore).contains(method), "the call path taking mutex a\n" + out);
            assertTrue(out.substring(mutexBefore).split("\n=====", 2)[0].contains(method), "the call path that took b after a\n" + out);
            assertTrue(out.contains("lock order: sleeping lock \"lockorder mutex s\" taken while holding spinlock \"lockorder spin s\" on CPU 0,\n"),
                    out);
            assertTrue(out.contains("lock order: sleeping lock \"lockorder semaphore\" taken while holding spinlock \"lockorder spin s\" on CPU 0,\n"),
                    out);
            // The whole suite is otherwise silent: only the reports provoked on purpose.
            assertEquals(3, out.split("lock order: possible deadlock: ", -1).length - 1, "three inversions provoked\n" + out);
            assertEquals(2, out.split("lock order: sleeping lock ", -1).length - 1, "two sleeping locks under a spinlock\n" + out);
            assertFalse(out.contains("lock order: table full"), out);
        }
    }
}
