package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind of failed Java check in compiled kernel code ends in one panic report naming the
 * exception, the message, the Java method and line, with the control registers and a
 * backtrace of Java frames symbolised by the kernel, and QEMU
 * exits with the panic status (never a triple fault).
 */
class PanicIT {
    private static final Pattern REGISTERS = Pattern.compile(
            "(?m)^  cr0=[0-9a-f]+ cr2=[0-9a-f]+ cr3=(?!10000 )[0-9a-f]+000 cr4=[0-9a-f]+\\n  frame=0xffffffff80[0-9a-f]{6}$");

    @ParameterizedTest(name = "crash {0}")
    @CsvSource(delimiter = '|', value = {
        "divide | java.lang.ArithmeticException: / by zero | divide | sink = 1 / zero;",
        "bounds | java.lang.ArrayIndexOutOfBoundsException: Index 2 out of bounds for length 2 | bounds | sink = SMALL[SMALL.length + zero];",
        "null   | java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"org.zeptux.kernel.debug.Crash.nothing\" is null | nullString | sink = nothing.length();",
        "throw  | java.lang.IllegalStateException: crash test | thrown | throw new IllegalStateException(\"crash test\");",
    })
    void aFailedCheckIsOnePanicReport(String kind, String exception, String method, String sourceLine) throws Exception {
        Path source = Path.of(System.getProperty("zeptux.root", ".."), "kernel/src/main/java/org/zeptux/kernel/debug/Crash.java");
        int line = Files.readAllLines(source).stream().map(String::strip).toList().indexOf(sourceLine) + 1;
        assertTrue(line > 0, "the failing line is in Crash.java: " + sourceLine);
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            qemu.send("crash " + kind);
            int status = qemu.waitForExit(Duration.ofSeconds(60));
            String out = qemu.output();
            assertTrue(out.contains("\npanic: " + exception + "\n  at org.zeptux.kernel.debug.Crash." + method
                    + "(Crash.java:" + line + ")\n"), "the report names the exception and the Java location\n" + qemu.log());
            assertTrue(REGISTERS.matcher(out).find(), "control registers and the frame\n" + qemu.log());
            // The backtrace: Java frames symbolised by the kernel, inlined ones included, down to _start.
            assertTrue(out.contains("\nbacktrace:\n  at Crash." + method + "(Crash.java:" + line + ")\n"
                    + "  at DebugCommands.crash(DebugCommands.java:"), "the backtrace starts at the failing frame\n" + qemu.log());
            assertTrue(out.matches("(?s).*\n  at DebugCommands\\.run\\(DebugCommands\\.java:\\d+\\)\n"
                    + "  at Monitor\\.execute\\(Monitor\\.java:\\d+\\)\n.*"), "the command, run from the monitor's table\n" + qemu.log());
            assertTrue(out.matches("(?s).*\n  at Kmain\\.main\\(Kmain\\.java:\\d+\\)\n  at _start\\(assembly\\)\n.*"),
                    "and ends at the kernel's entry\n" + qemu.log());
            assertEquals(Qemu.PANIC, status, "QEMU exits with the panic status\n" + qemu.log());
        }
    }

    @org.junit.jupiter.api.Test
    void anExplicitPanicHasItsMessageAndABacktrace() throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            qemu.send("crash panic");
            int status = qemu.waitForExit(Duration.ofSeconds(60));
            String out = qemu.output();
            assertTrue(out.contains("\npanic: crash test\nbacktrace:\n  at DebugCommands.crash(DebugCommands.java:"),
                    "message and backtrace\n" + qemu.log());
            assertEquals(Qemu.PANIC, status, qemu.log());
        }
    }

    @org.junit.jupiter.api.Test
    void aUseAfterFreeNamesThePoolTheUseAndTheFree() throws Exception {
        Path source = Path.of(System.getProperty("zeptux.root", ".."), "kernel/src/main/java/org/zeptux/kernel/debug/Crash.java");
        java.util.List<String> lines = Files.readAllLines(source).stream().map(String::strip).toList();
        int use = lines.indexOf("sink = v.value;") + 1;
        int free = lines.subList(0, use).lastIndexOf("VICTIMS.free(v);") + 1;
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            qemu.send("crash uaf");
            int status = qemu.waitForExit(Duration.ofSeconds(60));
            String out = qemu.output();
            assertTrue(out.matches("(?s).*\npanic: use after free: the object at 0xffff888[0-9a-f]+ \\(pool crash-victims\\)\n"
                    + "  used at org\\.zeptux\\.kernel\\.debug\\.Crash\\.useAfterFree\\(Crash\\.java:" + use + "\\)\n"
                    + "  freed at Crash\\.useAfterFree\\(Crash\\.java:" + free + "\\)\nbacktrace:\n.*"), qemu.log());
            assertEquals(Qemu.PANIC, status, qemu.log());
        }
    }

    @org.junit.jupiter.api.Test
    void aDoubleFreeNamesThePoolAndTheFirstFree() throws Exception {
        Path source = Path.of(System.getProperty("zeptux.root", ".."), "kernel/src/main/java/org/zeptux/kernel/debug/Crash.java");
        java.util.List<String> lines = Files.readAllLines(source).stream().map(String::strip).toList();
        int start = lines.indexOf("static void doubleFree() {");
        int first = start + lines.subList(start, lines.size()).indexOf("VICTIMS.free(v);") + 1;
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            qemu.send("crash doublefree");
            int status = qemu.waitForExit(Duration.ofSeconds(60));
            String out = qemu.output();
            assertTrue(out.contains("\npanic: pool crash-victims: double free of the object at 0xffff888"), qemu.log());
            assertTrue(out.contains("\n  first freed at Crash.doubleFree(Crash.java:" + first + ")\nbacktrace:\n"), qemu.log());
            assertTrue(out.contains("\n  at Crash.doubleFree(Crash.java:" + (first + 1) + ")\n"), "the second free\n" + qemu.log());
            assertEquals(Qemu.PANIC, status, qemu.log());
        }
    }
}
