package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.zeptux.it.UserPrograms.Expected;
import org.zeptux.it.UserPrograms.Mode;
import org.zeptux.it.UserPrograms.Run;

/**
 * The lock-order checker over the paths only a running system takes (issue 18): the test kernel
 * (kernel-ktest.o, where sync.LockOrder is on) boots on after its KTests ({@code ktest=boot} on
 * the command line) with the user programs' initramfs, on four CPUs under multi-threaded TCG, and
 * runs the programs that drive processes, threads, futexes, pipes, signals, files, the terminal
 * and exit on every CPU (SmpIT's subset), each printing what it prints on Linux. Afterwards the
 * checker must have seen the process paths' locks (their classes are listed by the monitor's
 * {@code lockdep}) and found no order among them that could deadlock: its report count is the one
 * the KTests left (they provoke reports on purpose).
 */
class LockdepIT {
    private static final Pattern SUMMARY = Pattern.compile("lockdep: (\\d+) classes, (\\d+) orders, (\\d+) reports\n");
    private static final Pattern KERNEL_LINE = Pattern.compile(
            "(?m)^\\w+\\[\\d+\\]: (segfault at|general protection fault|trap |unimplemented system call)[^\\n]*\\n");

    /** The test kernel with the user programs as its initramfs, booting on after the KTests. */
    private static Path image(UserPrograms programs) throws Exception {
        Path out = programs.root().resolveSibling("user-ktest.img");
        Path repo = UserPrograms.repositoryRoot();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                repo.resolve("compiler/target/zeptuxc.jar").toString(), "image", "--boot", repo.resolve("boot").toString(),
                "--linker-script", repo.resolve("linker.ld").toString(), "--initramfs", programs.root().toString(),
                "--cmdline", "ktest=boot", "-o", out.toString(), repo.resolve("kernel/target/kernel-ktest.o").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("zeptuxc timed out: " + String.join(" ", cmd));
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + log);
        return out;
    }

    private static long[] summary(String lockdep) {
        Matcher m = SUMMARY.matcher(lockdep);
        assertTrue(m.find(), lockdep);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    @Test
    void theProcessPathsTakeTheirLocksInAnOrderThatCannotDeadlock() throws Exception {
        UserPrograms programs = UserPrograms.shared();
        Map<String, Expected> linux = programs.expectedOnLinux();
        Path image = image(programs);
        try (Qemu qemu = Qemu.boot(image, "256M", "-accel", "tcg,thread=multi", "-smp", "4")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(300));
            String log = qemu.output();
            assertTrue(log.matches("(?s).*\n# zeptux ktest: \\d+ passed, 0 failed, \\d+ skipped\n.*"), log);
            assertTrue(log.contains("\nsmp: Brought up 1 node, 4 CPUs\n"), log);
            long[] before = summary(qemu.command("lockdep"));

            List<String> differ = new ArrayList<>();
            int runs = 0;
            for (Run r : UserPrograms.RUNS) {
                if (r.mode() == Mode.ZEPTUX_ONLY || r.mode() == Mode.INTERRUPT || !SmpIT.SUBSET.contains(r.name())) {
                    continue;
                }
                runs++;
                Expected e = linux.get(r.name());
                int mark = qemu.mark();
                qemu.send(r.command());
                String out = qemu.expectAfter(mark, "zeptux> ", Duration.ofSeconds(120));
                String echo = r.command() + "\n";
                assertTrue(out.startsWith(echo), r.name() + ": the echo\n" + out);
                out = KERNEL_LINE.matcher(out.substring(echo.length(), out.length() - "zeptux> ".length())).replaceAll("");
                if (!out.equals(e.stdout() + e.outcome().monitorLine())) {
                    differ.add(r.name() + ":\n--- Linux\n" + e.stdout() + e.outcome().monitorLine() + "--- Zeptux\n" + out);
                }
            }
            assertTrue(runs >= SmpIT.SUBSET.size(), "runs: " + runs);
            assertTrue(differ.isEmpty(), String.join("\n", differ) + "\n" + qemu.log());

            String lockdep = qemu.command("lockdep");
            long[] after = summary(lockdep);
            assertEquals(before[2], after[2], "no lock order of the process paths could deadlock\n" + qemu.log());
            for (String cls : List.of("process table", "descriptor tables", "address space", "terminal", "terminal output")) {
                assertTrue(lockdep.contains("\n  " + cls + "\n"), "the checker saw the lock \"" + cls + "\"\n" + lockdep);
            }
            assertTrue(after[1] > before[1], "the programs took locks in orders the KTests never did\n" + lockdep);
            System.out.println("[figure] lockdep after the user programs on 4 CPUs: " + after[0] + " classes, " + after[1]
                    + " orders (" + before[1] + " after the KTests), " + after[2] + " reports (all the KTests' own)");
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(60)), qemu.log());
        }
    }
}
