package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interactive monitor over the serial port, with interrupts: the timer (local APIC, or
 * the PIT through the legacy PICs on a CPU without an APIC), serial input by interrupt, line
 * editing, CPU exceptions as panic reports, reboot, and an idle CPU while the monitor waits.
 */
class MonitorIT {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration REPLY = Duration.ofSeconds(30);
    private static final Pattern UPTIME = Pattern.compile("up (\\d+)\\.(\\d{3}) s \\((\\d+) ticks at 100 Hz\\)");
    private static final Pattern TIMER_COUNT = Pattern.compile("(?m)^  0x(?:30|20) +(\\d+)  timer \\(");
    /** The clock rates measured against the PIT (QEMU's CPUs have no CPUID leaf 0x15 under TCG). */
    private static final Pattern CALIBRATION = Pattern.compile("(?m)^timer: TSC (\\d+) kHz \\+-(\\d+) ppm"
            + "(?:, local APIC timer (\\d+) kHz \\+-(\\d+) ppm)?: against PIT channel 2 for (\\d+) us\r?$");
    private static final Pattern REGISTERS = Pattern.compile("(?m)^  rip=ffffffff801[0-9a-f]{5} cs=0018 rflags=[0-9a-f]{16} error=[0-9a-f]+\\n"
            + "  rsp=[0-9a-f]{16} ss=0020 rbp=[0-9a-f]{16}\\n  rax=[0-9a-f]{16} rbx=[0-9a-f]{16} rcx=[0-9a-f]{16}\\n");

    @TempDir
    Path dir;

    /** Runs {@code command} and returns its output once {@code done} follows it. */
    private static long uptimeMillis(String out) {
        Matcher m = UPTIME.matcher(out);
        assertTrue(m.find(), "an uptime line in: " + out);
        return Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2));
    }

    private static long timerCount(String out) {
        Matcher m = TIMER_COUNT.matcher(out);
        assertTrue(m.find(), "a timer line in: " + out);
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "local APIC and I/O APIC | qemu64      | interrupts: local APIC 0 at 0xfee00000, 1 I/O APIC(s); legacy PICs masked",
        "legacy PICs and the PIT | qemu64,-apic | interrupts: no local APIC; legacy PICs at vectors 0x20..0x2f",
    })
    void uptimeFollowsTheWallClockAndTheTimerCounts(String name, String cpu, String controller) throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M", "-cpu", cpu)) {
            qemu.expect("zeptux> ", BOOT);
            assertTrue(qemu.output().contains("\n" + controller + "\n"), "the controller in use\n" + qemu.log());
            Matcher rates = CALIBRATION.matcher(qemu.output());
            assertTrue(rates.find(), "the clock rates and their bounds\n" + qemu.log());
            System.out.printf("[figure] %s: %s%n", name, rates.group().strip());
            assertTrue(Long.parseLong(rates.group(2)) <= 500 && Long.parseLong(rates.group(5)) <= 50_000,
                    "the TSC within 500 ppm, measured in 50 ms at most: " + rates.group());
            if (rates.group(3) != null) {
                // QEMU's local APIC counts a 1 GHz clock: 62,500 kHz at divide-by-16, within the bound printed.
                long ppm = Long.parseLong(rates.group(4));
                assertTrue(ppm <= 500, "the local APIC timer within 500 ppm: " + rates.group());
                assertTrue(Math.abs(Long.parseLong(rates.group(3)) - 62_500) <= 62_500 * ppm / 1_000_000 + 1,
                        "62,500 kHz is within the bound: " + rates.group());
            }
            long hostStart = System.nanoTime();
            long first = uptimeMillis(qemu.command("uptime"));
            long firstTimer = timerCount(qemu.command("irqs"));
            Thread.sleep(2000);
            long second = uptimeMillis(qemu.command("uptime"));
            long hostMillis = (System.nanoTime() - hostStart) / 1_000_000;
            String irqs = qemu.command("irqs");
            long advanced = second - first;
            System.out.printf("[figure] %s: uptime advanced %d ms while the host measured %d ms%n", name, advanced, hostMillis);
            assertTrue(advanced >= 1500 && advanced <= hostMillis + 500,
                    "uptime advanced " + advanced + " ms over about " + hostMillis + " ms of wall clock\n" + qemu.log());
            assertTrue(timerCount(irqs) > firstTimer + 100, "the timer counted on: " + irqs);
            assertTrue(irqs.matches("(?s).*\\n  0x24 +[1-9]\\d*  COM1 receive \\(IRQ 4\\)\\n.*"),
                    "serial input arrived by interrupt: " + irqs);
            assertTrue(irqs.contains("spurious: 0, unexpected: 0"), irqs);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(REPLY), qemu.log());
        }
    }

    @ParameterizedTest(name = "fault {0}")
    @CsvSource(delimiter = '|', value = {
        "ud    | #UD invalid opcode | invalidOpcode | Cpu.ud2();",
        "gp    | #GP general protection | generalProtection | sink = Memory.mmioLoad64(NON_CANONICAL);   // volatile: the load is not removed",
        "pf    | #PF page fault: not present, write, kernel mode, address 0xffff800000000000 | pageFault | Memory.store64(UNMAPPED, 0x2A);",
        "wx    | #PF page fault: protection violation, write, kernel mode, address 0xffffffff80100100 | writeToText | Memory.store8(Paging.kernelText() + TEXT_OFFSET, 0xCC);",
        "de    | #DE divide error | divideError | sink = Cpu.udiv128(0, 1, zero);",
        "stack | #DF double fault: kernel stack overflow (the guard page at 0xffffffff80 | recurse | return recurse(depth + 1) + Cpu.frameAddress();",
    })
    void aCpuExceptionIsOnePanicReportNeverATripleFault(String kind, String first, String method, String sourceLine)
            throws Exception {
        Path source = Path.of(System.getProperty("zeptux.root", ".."), "kernel/src/main/java/org/zeptux/kernel/hw/Faults.java");
        int line = Files.readAllLines(source).stream().map(String::strip).toList().indexOf(sourceLine) + 1;
        assertTrue(line > 0, "the faulting line is in Faults.java: " + sourceLine);
        Path resets = dir.resolve("resets.log");
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M", "-d", "cpu_reset", "-D", resets.toString())) {
            qemu.expect("zeptux> ", BOOT);
            qemu.send("fault " + kind);
            int status = qemu.waitForExit(REPLY);
            String out = qemu.output();
            String where = "Faults." + method + "(Faults.java:" + line + ")";
            assertTrue(out.contains("\npanic: " + first), "the exception, decoded\n" + qemu.log());
            assertTrue(out.contains("\n  at " + where + "\n"), "the faulting Java line\n" + qemu.log());
            assertTrue(REGISTERS.matcher(out).find(), "the trap frame's registers\n" + qemu.log());
            assertTrue(out.contains("\nbacktrace:\n  at " + where + "\n"), "the backtrace starts at the fault\n" + qemu.log());
            if (kind.equals("stack")) {
                assertTrue(out.matches("(?s).*\\n  \\.\\.\\. \\d+ more of the same\\n.*"), "the recursion, folded\n" + qemu.log());
            } else {
                assertTrue(out.contains("\n  at Monitor.execute(Monitor.java:"), "called from the monitor\n" + qemu.log());
                assertTrue(out.contains("\n  at _start(assembly)\n"), "down to the entry\n" + qemu.log());
            }
            assertEquals(Qemu.PANIC, status, "QEMU exits with the panic status\n" + qemu.log());
            assertTrue(!Files.readString(resets).contains("Triple fault"), "no triple fault\n" + Files.readString(resets));
        }
    }

    @Test
    void rebootResetsTheMachineThroughTheKeyboardController() throws Exception {
        Path resets = dir.resolve("resets.log");
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M", "-d", "cpu_reset", "-D", resets.toString())) {
            qemu.expect("zeptux> ", BOOT);
            qemu.send("reboot");
            int status = qemu.waitForExit(REPLY);
            assertTrue(qemu.output().contains("zeptux> reboot\nRebooting\n"), qemu.log());
            assertEquals(0, status, "-no-reboot: QEMU stops at the reset\n" + qemu.log());
            assertTrue(!Files.readString(resets).contains("Triple fault"), "a clean reset, not a triple fault");
        }
    }

    @Test
    void lineEditingOverTheSerialPort() throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", BOOT);
            int mark = qemu.mark();
            qemu.type("rebo\u0015up\u007f\u007fupx\btime\r");             // Ctrl-U, DEL, backspace
            String out = qemu.expectAfter(mark, "ticks at 100 Hz)", REPLY);
            assertTrue(!out.contains("Rebooting") && !out.contains("unknown command"), out);
            mark = qemu.mark();
            qemu.type("\u001b[A\r");                                     // up arrow: uptime again
            qemu.expectAfter(mark, "ticks at 100 Hz)", REPLY);
            mark = qemu.mark();
            qemu.type("poweroff\u0003");                                 // Ctrl-C: not run
            qemu.expectAfter(mark, "^C\nzeptux> ", REPLY);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(REPLY), qemu.log());
        }
    }

    @Test
    void theIdleMonitorHaltsTheCpu() throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", BOOT);
            Thread.sleep(500);
            long before = qemu.cpuTicks();
            long start = System.nanoTime();
            Thread.sleep(3000);
            long ticks = qemu.cpuTicks() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            double share = ticks / 100.0 / seconds;                  // USER_HZ is 100 on Linux
            System.out.printf("[figure] QEMU CPU use while the monitor waits (hlt): %.1f%% of one core%n", share * 100);
            assertTrue(share < 0.5, "QEMU used " + share * 100 + "% of a core while idle; hlt should keep it near 0");
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(REPLY), qemu.log());
        }
    }

    @ParameterizedTest(name = "-m {0}")
    @ValueSource(strings = {"64M", "6G"})
    void acpiTablesAndInterruptsWorkWhereverTheFirmwarePutsThem(String memory) throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), memory)) {
            qemu.expect("zeptux> ", BOOT);
            assertTrue(qemu.output().contains("\nacpi: MADT: local APIC at 0xfee00000, 1 CPUs, 1 I/O APICs\n"), qemu.log());
            long first = timerCount(qemu.command("irqs"));
            Thread.sleep(300);
            assertTrue(timerCount(qemu.command("irqs")) > first, "the timer ticks\n" + qemu.log());
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(REPLY), qemu.log());
        }
    }
}
