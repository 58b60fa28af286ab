package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system as {@code make qemu} boots it — Zeptux's init as process 1, busybox sh on the
 * console — driven like a user at the serial terminal, in one boot: the commands of issue 16 with
 * what they must print, the shell scripts of it/src/test/sh with the output the same busybox gives
 * on this host, and {@code poweroff} ending QEMU with the power-off status. The boot-to-prompt time
 * is printed as a figure (no assertion on it).
 *
 * <p>The image is the system root (userland/target/system-root) plus {@code /scripts}. Every test
 * runs by default (none is {@link Pending} any more); the boot happens at the first
 * test that runs (and waits for init), the first prompt at the first test that needs the shell, so
 * the others do not depend on the pending ones.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemIT {
    static final String PROMPT = "/ # ";

    @TempDir
    static Path dir;

    static Path root;
    static Qemu qemu;
    static Duration bootToPrompt;
    static AssertionError noPrompt;

    /** The running system, booted at the first call: the image built, the first prompt seen. */
    static Qemu system() throws Exception {
        if (qemu != null) {
            return qemu;
        }
        root = Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
        Path tree = dir.resolve("root");
        copyTree(root.resolve("userland/target/system-root"), tree);
        Path scripts = Files.createDirectories(tree.resolve("scripts"));
        for (Path s : scripts()) {
            Files.copy(s, scripts.resolve(s.getFileName()));
        }
        Path image = dir.resolve("system.img");
        exec(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root.resolve("compiler/target/zeptuxc.jar").toString(), "image", "--boot", root.resolve("boot").toString(),
                "--linker-script", root.resolve("linker.ld").toString(), "--initramfs", tree.toString(),
                "--cmdline", "init=/sbin/init", "-o", image.toString(), root.resolve("kernel/target/kernel.o").toString()));
        qemu = Qemu.bootWithBreak(image, "256M");
        qemu.expectAfter(0, "Run /sbin/init as init process\ninit: Zeptux init\n", Duration.ofSeconds(60));
        return qemu;
    }

    /** The running system once its shell has printed the first prompt (the figure is printed then). */
    static Qemu shell() throws Exception {
        Qemu q = system();
        if (noPrompt != null) {
            throw noPrompt;                     // once is enough to wait
        }
        if (bootToPrompt == null) {
            try {
                bootToPrompt = q.expect(PROMPT, Duration.ofSeconds(60));
            } catch (AssertionError e) {
                noPrompt = e;
                throw e;
            }
            System.out.printf("SystemIT: boot to the busybox prompt in %d ms (QEMU start to '%s', TCG)%n",
                    bootToPrompt.toMillis(), PROMPT);
        }
        return q;
    }

    @AfterAll
    static void stop() throws Exception {
        if (qemu != null) {
            qemu.close();
        }
    }

    /** The kernel's own lines on the console (UserIT's), not the programs' output. */
    static final Pattern KERNEL_LINE = Pattern.compile(
            "(?m)^\\w+\\[\\d+\\]: (segfault at|general protection fault|trap |unimplemented system call)[^\\n]*\\n");

    /**
     * Types {@code command} at the shell; what it printed up to the next prompt: CR LF as LF, the
     * terminal escapes busybox's line editing sends (ESC [6n asks where the cursor is) and the
     * kernel's lines removed.
     */
    static String sh(String command) throws Exception {
        Qemu q = shell();
        int mark = q.mark();
        q.send(command);
        q.expectAfter(mark, "\n" + PROMPT, Duration.ofSeconds(60));
        String out = q.raw(mark).replace("\r\n", "\n");
        out = out.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        out = KERNEL_LINE.matcher(out).replaceAll("");
        int end = out.lastIndexOf("\n" + PROMPT);
        int at = -1;
        for (int from = 0; at < 0 && from < Math.min(out.length(), 8); from++) {
            at = echoEnd(out.substring(from), command);     // the mark may fall inside the escape after a prompt
            at = at < 0 ? -1 : at + from;
        }
        assertTrue(at >= 0 && at <= end + 1, "the shell echoes the line, then its output and a prompt:\n" + out);
        return out.substring(at, end + 1);
    }

    /**
     * Where the output starts after the echo of {@code command}: its characters in order, with
     * the line breaks the line editor puts where the line meets the terminal's edge, then a line
     * break; -1 when the echo is not there.
     */
    static int echoEnd(String out, String command) {
        int i = 0;
        for (int k = 0; k < command.length(); k++) {
            while (i < out.length() && out.charAt(i) == '\n' && command.charAt(k) != '\n') {
                i++;
            }
            if (i == out.length() || out.charAt(i) != command.charAt(k)) {
                return -1;
            }
            i++;
        }
        return i < out.length() && out.charAt(i) == '\n' ? i + 1 : -1;
    }

    @Test
    @Order(1)
    void bootsToTheShellPrompt() throws Exception {
        Qemu q = shell();
        String boot = q.output();
        assertTrue(boot.contains("Run /sbin/init as init process\ninit: Zeptux init\n"), boot);
        assertTrue(!boot.contains("zeptux> "), "init, not the monitor\n" + boot);
        assertTrue(!boot.contains("init: cannot"), "init started everything\n" + boot);
    }

    @Test
    @Order(2)
    void builtinsAndTheExitStatus() throws Exception {
        assertEquals("hello, world\n", sh("echo hello, world"));
        assertEquals("1\n", sh("false; echo $?"));
        assertEquals("0\n", sh("true; echo $?"));
        assertEquals("7\n", sh("sh -c 'exit 7'; echo $?"));
        assertEquals("1\n", sh("/bin/false; echo $?"));
        String missing = sh("/no/such/program; echo $?");
        assertTrue(missing.endsWith(": /no/such/program: not found\n127\n"), missing);
        assertEquals("x=5\n", sh("x=$((2 + 3)); echo x=$x"));
    }

    @Test
    @Order(3)
    void listsTheRoot() throws Exception {
        String ls = sh("ls -1 /");
        for (String d : List.of("bin", "dev", "etc", "proc", "root", "sbin", "sys", "tmp", "usr", "var")) {
            assertTrue(ls.contains(d + "\n"), d + " in\n" + ls);
        }
        assertEquals("/bin/busybox\n", sh("readlink /bin/sh"));
        assertEquals("zeptux\n", sh("cat /etc/hostname"));
    }

    @Test
    @Order(4)
    void procMeminfoAndPs() throws Exception {
        assertTrue(!system().output().contains("init: mount "), "init mounted /proc, /dev and /tmp\n" + system().output());
        String meminfo = sh("cat /proc/meminfo");
        assertTrue(meminfo.matches("(?s)MemTotal: +\\d+ kB\nMemFree: +\\d+ kB\n.*"), meminfo);
        String ps = sh("ps");
        assertTrue(ps.matches("(?s)PID +USER +(TIME +)?COMMAND\n +1 root +(\\S+ +)?/sbin/init\n.*"), "init is process 1\n" + ps);
        assertTrue(ps.matches("(?s).*\n +\\d+ root +(\\S+ +)?/bin/sh\n.*"), "the console shell\n" + ps);
        assertTrue(ps.contains("ps"), ps);
    }

    @Test
    @Order(5)
    void pipelinesAndRedirections() throws Exception {
        assertEquals("3\n", sh("echo one two three | wc -w"));
        assertEquals("b\n", sh("printf 'b\\na\\nc\\n' | sort | head -n 2 | tail -n 1"));
        assertEquals("2\n", sh("printf 'x\\ny\\nx\\n' | grep -c x"));
        assertEquals("", sh("echo first > /tmp/f; echo second >> /tmp/f"));
        assertEquals("first\nsecond\n", sh("cat /tmp/f"));
        assertEquals("2\n", sh("wc -l < /tmp/f"));
        assertEquals("1\n", sh("ls /no/such 2> /tmp/err; grep -c 'No such' /tmp/err"));
        assertEquals("", sh("rm /tmp/f /tmp/err"));
    }

    @Test
    @Order(6)
    void fileCommands() throws Exception {
        assertEquals("", sh("mkdir -p /tmp/d/e && echo x > /tmp/d/a && cp /tmp/d/a /tmp/d/b && mv /tmp/d/b /tmp/d/e/c"));
        assertEquals("a\ne\n", sh("ls -1 /tmp/d"));
        assertEquals("x\n", sh("cat /tmp/d/e/c"));
        assertEquals("", sh("rm /tmp/d/a && rm -r /tmp/d"));
        assertEquals("gone\n", sh("[ -e /tmp/d ] || echo gone"));
    }

    @Test
    @Order(7)
    void backgroundJobsSleepAndKill() throws Exception {
        long start = System.nanoTime();
        assertEquals("slept\n", sh("sleep 1; echo slept"));
        assertTrue(System.nanoTime() - start >= 1_000_000_000L, "sleep 1 takes a second");
        String job = sh("sleep 1 & wait $!; echo waited $?");
        assertTrue(job.matches("(?s)(\\[\\d+\\] \\d+\n)?waited 0\n.*"), job);
        // An interactive shell ignores SIGTERM, and its child resets that only once it runs: kill it after that
        // (at once, the kill would race the child's start, on Linux as on Zeptux).
        String killed = sh("sleep 30 & sleep 0.2; kill $!; wait $!; echo $?");
        assertTrue(killed.matches("(?s)(\\[\\d+\\] \\d+\n)?(Terminated\n)?143\n.*"), "SIGTERM: 128 + 15\n" + killed);
        String jobs = sh("sleep 30 & sleep 0.2; jobs; kill %1; wait");
        assertTrue(jobs.contains("Running") && jobs.contains("sleep 30"), jobs);
    }

    @Test
    @Order(8)
    void controlCEndsTheForegroundProgram() throws Exception {
        Qemu q = shell();
        int mark = q.mark();
        q.send("sleep 30");
        Thread.sleep(1000);
        q.type("\u0003");
        q.expectAfter(mark, "\n" + PROMPT, Duration.ofSeconds(30));
        assertEquals("130\n", sh("echo $?"), "SIGINT: 128 + 2");
    }

    /**
     * Job control in busybox sh: Ctrl-Z stops the foreground job (SIGTSTP to its group), {@code jobs}
     * lists it stopped, {@code bg} continues it in the background, {@code fg} brings it back (a second
     * Ctrl-Z stops it again, which only reaches the foreground group), {@code kill %1} ends it.
     */
    @Test
    @Order(9)
    void controlZStopsTheJobAndJobsBgFgAndKillWork() throws Exception {
        Qemu q = shell();
        int mark = q.mark();
        q.send("sleep 100");
        Thread.sleep(1000);
        q.type("\u001a");
        q.expectAfter(mark, "\n" + PROMPT, Duration.ofSeconds(30));
        String stopped = q.raw(mark).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        assertTrue(stopped.matches("(?s).*\\[1\\]\\+ +Stopped +sleep 100\n.*"), "Ctrl-Z stops sleep:\n" + stopped);
        assertTrue(sh("jobs").matches("\\[1\\]\\+ +Stopped +sleep 100\n"), "jobs: stopped");
        assertTrue(sh("bg").contains("sleep 100"), "bg names the job");
        String running = sh("jobs");
        assertTrue(running.matches("\\[1\\]\\+ +Running +sleep 100\n"), "jobs: running\n" + running);
        mark = q.mark();
        q.send("fg");
        Thread.sleep(1000);
        q.type("\u001a");
        q.expectAfter(mark, "\n" + PROMPT, Duration.ofSeconds(30));
        String again = q.raw(mark).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        assertTrue(again.matches("(?s).*fg\nsleep 100\n.*\\[1\\]\\+ +Stopped +sleep 100\n.*"), "fg, then Ctrl-Z stops it again:\n" + again);
        sh("bg");
        String killed = sh("kill %1; wait %1; echo $?");
        assertTrue(killed.matches("(?s)(Terminated\n)?143\n(\\[1\\]\\+ +Terminated +sleep 100\n)?"), "kill %1: SIGTERM, 128 + 15\n" + killed);
        assertEquals("", sh("jobs"), "no job left");
        // A background job that reads the terminal is stopped by SIGTTIN (its group is not the foreground).
        String ttin = sh("cat & sleep 0.5; jobs");
        assertTrue(ttin.matches("(?s).*\\[1\\]\\+ +Stopped.* +cat\n.*"), "SIGTTIN stops a background reader\n" + ttin);
        // (wait %1 would return at once for a job the shell still has as stopped: look after a while instead)
        String gone = sh("kill -9 %1; sleep 0.3; jobs");
        assertTrue(gone.matches("(?s).*\\[1\\]\\+ +Killed +cat\n"), "SIGKILL ends the stopped job\n" + gone);
        assertEquals("", sh("jobs"), "no job left");
    }

    /**
     * Input typed while nothing reads it is kept, however much: 40 lines of 1,000 bytes (ten
     * times the console's receive ring) and Ctrl-D arrive while {@code sleep} runs, then {@code wc}
     * reads them all. When the ring is full the console stops taking bytes from the UART (the
     * received-data interrupt off, RTS dropped) until a reader has emptied half of it.
     */
    @Test
    @Order(9)
    void inputTypedAheadBeyondTheConsoleRingIsKept() throws Exception {
        Qemu q = shell();
        int mark = q.mark();
        q.send("sleep 2; wc -c");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            lines.append(String.valueOf((char) ('a' + i % 26)).repeat(999)).append('\r');
        }
        q.type(lines + "\u0004");
        q.expectAfter(mark, "\n" + PROMPT, Duration.ofSeconds(60));
        String out = q.raw(mark).replace("\r\n", "\n").replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
        String last = "n".repeat(999) + "\n";         // line 40 is of 'n's, echoed as wc reads it
        int at = out.lastIndexOf(last);
        assertTrue(at > 0, "the last line typed is echoed:\n" + out.substring(Math.max(0, out.length() - 400)));
        String counted = out.substring(at + last.length());
        assertTrue(counted.startsWith("40000\n" + PROMPT), "wc -c counts every byte typed:\n" + counted);
    }

    @Test
    @Order(10)
    void scriptsPrintWhatTheSameBusyboxPrintsOnLinux() throws Exception {
        List<String> differ = new ArrayList<>();
        for (Path s : scripts()) {
            String name = s.getFileName().toString();
            String linux = onLinux(s);
            String zeptux = sh("sh /scripts/" + name + " 2>&1; echo \"[status $?]\"");
            if (!zeptux.equals(linux)) {
                differ.add(name + ":\n--- Linux\n" + linux + "--- Zeptux\n" + zeptux);
            }
        }
        assertTrue(differ.isEmpty(), differ.size() + " scripts differ:\n" + String.join("\n", differ));
    }

    @Test
    @Order(11)
    void initStartsTheConsoleShellAgainWhenItEnds() throws Exception {
        Qemu q = shell();
        int mark = q.mark();
        q.send("exit");
        q.expectAfter(mark, "built-in shell (ash)\n", Duration.ofSeconds(30));
        q.expectAfter(mark, "\n" + PROMPT, Duration.ofSeconds(30));
        mark = q.mark();
        q.send("kill -SEGV $$");
        String restarted = q.expectAfter(mark, "\n" + PROMPT, Duration.ofSeconds(30));
        assertTrue(restarted.matches("(?s).*init: /bin/sh \\(pid \\d+\\) killed by signal 11\n.*built-in shell.*"), restarted);
        assertEquals("again\n", sh("echo again"));
    }

    @Test
    @Order(12)
    void theMonitorIsReachableFromTheRunningSystem() throws Exception {
        Qemu q = system();
        q.sysrq('x', "zeptux> ", Duration.ofSeconds(30));
        String procs = q.command("procs");
        assertTrue(procs.matches("(?s).*\n    1     0 .*  init\n.*"), procs);
        int mark = q.mark();
        q.send("exit");
        q.expectAfter(mark, "monitor: the console is the programs' again\n", Duration.ofSeconds(30));
    }

    @Test
    @Order(99)
    void poweroffEndsQemu() throws Exception {
        Qemu q = shell();
        int mark = q.mark();
        q.send("poweroff");
        String down = q.expectAfter(mark, "reboot: Power down\n", Duration.ofSeconds(60));
        assertTrue(down.contains("init: poweroff: sending SIGTERM to every process\n"), down);
        assertEquals(Qemu.POWEROFF, q.waitForExit(Duration.ofSeconds(30)), q.log());
    }

    /** it/src/test/sh/*.sh, by name. */
    static List<Path> scripts() throws IOException {
        Path sh = Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize().resolve("it/src/test/sh");
        try (Stream<Path> s = Files.list(sh)) {
            return s.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
        }
    }

    /** What busybox sh prints for {@code script} on this host, as the test runs it in Zeptux: stdout and stderr, then its status. */
    static String onLinux(Path script) throws Exception {
        Process p = new ProcessBuilder("env", "-i", "HOME=/", "TERM=linux", "PATH=/sbin:/usr/sbin:/bin:/usr/bin",
                "/bin/busybox", "sh", script.toString()).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " on Linux");
        return out + "[status " + p.exitValue() + "]\n";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + ": timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }
}
