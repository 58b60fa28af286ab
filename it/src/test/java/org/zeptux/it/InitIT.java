package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's side of init under QEMU: {@code init=PATH} starts process 1 instead of the monitor
 * and its end is Linux's panic; reboot(2) with its magic numbers, refusals and the three ends of
 * the machine; the magic SysRq key (BREAK, then a key) on a running system, the way back to the
 * monitor (without init, with the monitor on the console, a BREAK is input as it always was). The
 * root is the system image's (userland/target/system-root: busybox, Zeptux's init), plus
 * {@code bin/reboot} from it/src/test/c-zeptux, a program that must never run on the host.
 */
class InitIT {
    @TempDir
    static Path dir;

    static Path root;
    static Path systemRoot;
    static Path rebootRoot;

    @BeforeAll
    static void build() throws Exception {
        root = Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
        systemRoot = root.resolve("userland/target/system-root");
        assertTrue(Files.isExecutable(systemRoot.resolve("sbin/init")), "the system root is built by userland/ (mvn package)");
        rebootRoot = Files.createDirectories(dir.resolve("reboot-root/bin"));
        List<String> cc = new ArrayList<>(UserPrograms.CC);
        cc.addAll(List.of("-o", rebootRoot.resolve("reboot").toString(), root.resolve("it/src/test/c-zeptux/reboot.c").toString()));
        exec(cc);
        rebootRoot = rebootRoot.getParent();
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + ": timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }

    /** An image of the kernel with {@code initramfs} and {@code cmdline} (null: none). */
    static Path image(String name, Path initramfs, String cmdline) throws Exception {
        Path image = dir.resolve(name + ".img");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root.resolve("compiler/target/zeptuxc.jar").toString(), "image", "--boot", root.resolve("boot").toString(),
                "--linker-script", root.resolve("linker.ld").toString(), "--initramfs", initramfs.toString()));
        if (cmdline != null) {
            cmd.addAll(List.of("--cmdline", cmdline));
        }
        cmd.addAll(List.of("-o", image.toString(), root.resolve("kernel/target/kernel.o").toString()));
        exec(cmd);
        return image;
    }

    @Test
    void initThatEndsIsAPanicWithItsWaitStatus() throws Exception {
        try (Qemu qemu = Qemu.boot(image("false", systemRoot, "init=/bin/false"), "128M")) {
            qemu.expectAfter(0, "Run /bin/false as init process\n", Duration.ofSeconds(60));
            qemu.expectAfter(0, "\npanic: Attempted to kill init! exitcode=0x00000100\n", Duration.ofSeconds(30));
            assertEquals(Qemu.PANIC, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
            assertTrue(!qemu.output().contains("zeptux> "), "no monitor\n" + qemu.log());
        }
    }

    @Test
    void anInitThatCannotStartIsAPanic() throws Exception {
        try (Qemu qemu = Qemu.boot(image("missing", systemRoot, "quiet init=/sbin/missing"), "128M")) {
            qemu.expectAfter(0, "\npanic: Requested init /sbin/missing failed (no such file or directory).\n", Duration.ofSeconds(60));
            assertEquals(Qemu.PANIC, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    /** What bin/reboot prints before it acts: the refusals, then the settings that succeed. */
    static final String REFUSALS = """
            bad magic1: -1 Invalid argument
            bad magic2: -1 Invalid argument
            bad command: -1 Invalid argument
            software suspend: -1 Invalid argument
            CAD on, magic2: 0
            CAD on, magic2a: 0
            CAD on, magic2b: 0
            CAD off, magic2c: 0
            restart2 with a bad string: -1 Bad address
            """;

    @Test
    void rebootChecksItsMagicAndPowersOffRestartsOrHalts() throws Exception {
        Path image = image("reboot", rebootRoot, null);
        try (Qemu qemu = Qemu.boot(image, "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            String out = qemu.command("run /bin/reboot");
            assertEquals("run /bin/reboot\n" + REFUSALS + "zeptux> ", out);
            int mark = qemu.mark();
            qemu.send("run /bin/reboot poweroff");
            qemu.expectAfter(mark, REFUSALS + "reboot: Power down\n", Duration.ofSeconds(30));
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
        try (Qemu qemu = Qemu.boot(image, "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            qemu.send("run /bin/reboot restart");
            qemu.expectAfter(0, "reboot: Restarting system\n", Duration.ofSeconds(30));
            assertEquals(0, qemu.waitForExit(Duration.ofSeconds(30)), "a reset ends QEMU (-no-reboot) with 0\n" + qemu.log());
        }
        try (Qemu qemu = Qemu.boot(image, "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            qemu.send("run /bin/reboot halt");
            qemu.expectAfter(0, "reboot: System halted\n", Duration.ofSeconds(30));
            Thread.sleep(500);
            assertTrue(!qemu.output().contains("exit status") && !qemu.output().contains("zeptux> run /bin/reboot halt\n"
                    + REFUSALS + "reboot: System halted\nzeptux> "), "halted: no prompt\n" + qemu.log());
        }
    }

    @Test
    void aBreakOnTheMonitorIsInputAsBefore() throws Exception {
        try (Qemu qemu = Qemu.bootWithBreak(root.resolve("kernel/target/zeptux.img"), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            qemu.sendBreak();                           // no SysRq without init: a 0 byte, which the line editor drops
            String help = qemu.command("help");
            assertTrue(help.startsWith("help\nhelp ") && help.contains("this list\n") && !help.contains("sysrq"), help);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    @Test
    void sysrqKeysOnARunningSystem() throws Exception {
        try (Qemu qemu = Qemu.bootWithBreak(image("keys", systemRoot, "init=/sbin/init"), "128M")) {
            qemu.expectAfter(0, "init: Zeptux init\n", Duration.ofSeconds(60));
            qemu.expect("/ # ", Duration.ofSeconds(60));    // the shell's prompt: it has said all it says at start
            qemu.sysrq('h', "sysrq: HELP : reboot(b) crash(c) terminate-all-tasks(e) kill-all-tasks(i) "
                    + "show-memory-usage(m) poweroff(o) show-task-states(t) monitor(x)\n", Duration.ofSeconds(30));
            String memory = qemu.sysrq('m', "\nbalanced: ", Duration.ofSeconds(30));
            assertTrue(memory.contains("sysrq: Show Memory\n"), memory);
            String state = qemu.sysrq('t', " system calls, ", Duration.ofSeconds(30));
            assertTrue(state.contains("sysrq: Show State\n") && state.contains(" sysrq\n") && state.contains(" kmain\n")
                    && state.matches("(?s).*\n    1 .*init\n.*"), "the tasks, the processes, init among them\n" + state);
            int mark = qemu.mark();
            qemu.sendBreak();
            Thread.sleep(5500);                         // too late: the next key is input
            qemu.type("o");
            Thread.sleep(500);
            assertTrue(!qemu.raw(mark).contains("sysrq: Power Off"), "a key more than 5 s after the BREAK is input\n" + qemu.log());
            qemu.sysrq('i', "sysrq: Kill All Tasks\n", Duration.ofSeconds(30));
            Thread.sleep(1000);                         // the shell dies when it next runs
            String after = qemu.sysrq('t', " system calls, ", Duration.ofSeconds(30));
            java.util.regex.Matcher shell = java.util.regex.Pattern.compile("\n +(\\d+) +1 .* sh\n").matcher(state);
            assertTrue(shell.find(), "the console shell before the kill\n" + state);
            // init lives on; the shell it ran is gone (init's console line starts another one: not that pid).
            assertTrue(after.matches("(?s).*\n    1 .*init\n.*") && !after.contains("\n    " + shell.group(1) + "     1 ")
                    && !after.matches("(?s).*\n +" + shell.group(1) + " +1 .* sh\n.*"),
                    "init lives on, its shell (pid " + shell.group(1) + ") does not\n" + after);
            qemu.sysrq('o', "sysrq: Power Off\nreboot: Power down\n", Duration.ofSeconds(30));
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    @Test
    void sysrqXOpensTheMonitorOnARunningSystem() throws Exception {
        try (Qemu qemu = Qemu.bootWithBreak(image("system", systemRoot, "init=/sbin/init"), "128M")) {
            qemu.expectAfter(0, "Run /sbin/init as init process\n", Duration.ofSeconds(60));
            qemu.expectAfter(0, "init: Zeptux init\n", Duration.ofSeconds(30));
            assertTrue(!qemu.output().contains("zeptux> "), "init, not the monitor\n" + qemu.log());
            qemu.sysrq('x', "sysrq: Monitor\nmonitor: user programs keep running; their input waits. "
                    + "'exit' gives the console back.\nzeptux> ", Duration.ofSeconds(30));
            String procs = qemu.command("procs");
            assertTrue(procs.matches("(?s).*\n  PID  PPID .*\n    1     0 +\\d+ +\\d+ +\\d+  init\n.*"), "init is pid 1\n" + procs);
            int mark = qemu.mark();
            qemu.send("exit");
            qemu.expectAfter(mark, "exit\nmonitor: the console is the programs' again\n", Duration.ofSeconds(30));
            qemu.sysrq('b', "sysrq: Resetting\nreboot: Restarting system\n", Duration.ofSeconds(30));
            assertEquals(0, qemu.waitForExit(Duration.ofSeconds(30)), "a reset ends QEMU (-no-reboot) with 0\n" + qemu.log());
        }
    }
}
