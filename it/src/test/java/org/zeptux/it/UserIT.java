package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeptux.it.UserPrograms.Expected;
import org.zeptux.it.UserPrograms.Mode;
import org.zeptux.it.UserPrograms.Run;

/**
 * User mode under QEMU: the static C programs of it/src/test/c (UserPrograms) run inside one
 * Zeptux boot with the monitor's {@code run}, each with the stdout and the ending it has on
 * Linux (recorded on this host), the faulting ones killed with their signal and a Linux-style
 * line, loop killed by Ctrl-C, oom stopped by its memory limit as a malloc failure — and every
 * page they held returned. A second boot with {@code -cpu max} (SMEP and SMAP on) runs the
 * programs that touch user memory from the kernel the most.
 */
class UserIT {

    static UserPrograms programs;
    static Map<String, Expected> linux;
    static Path image;

    /** The kernel's own lines on the console, not the program's output. */
    private static final Pattern KERNEL_LINE = Pattern.compile(
            "(?m)^\\w+\\[\\d+\\]: (segfault at|general protection fault|trap |unimplemented system call)[^\\n]*\\n");
    private static final Pattern ALLOCATED = Pattern.compile("\nallocated: (\\d+) KiB\n");
    private static final Pattern USER_MEMORY = Pattern.compile("\n  user memory +(\\d+) ");
    private static final Pattern STACKS_PEAK = Pattern.compile("\n  kernel stacks +\\d+ +(\\d+) ");

    /**
     * The page tables of the kernel stacks' area that a peak of {@code peakKiB} of stacks made: slots are
     * taken lowest first (sched.Stacks), so the highest slot ever used is the peak's count less one, and
     * one page table maps 64 slots of 32 KiB; they stay once made.
     */
    private static long stackTablesKiB(long peakKiB) {
        long stacks = peakKiB / 16;
        return (stacks + 63) / 64 * 4;
    }

    @BeforeAll
    static void build() throws Exception {
        programs = UserPrograms.shared();
        linux = programs.expectedOnLinux();
        image = programs.image();
    }

    /** Runs {@code r} at the monitor; returns what the console showed after its echo, the kernel's lines left out, up to the prompt. */
    private static String run(Qemu qemu, Run r) throws Exception {
        int mark = qemu.mark();
        qemu.send(r.command());
        if (r.mode() == Mode.INTERRUPT) {
            String first = linux.get(r.name()).stdout();
            qemu.expectAfter(mark, first, Duration.ofSeconds(60));
            Thread.sleep(300);                          // spinning in user mode now
            qemu.type("\u0003");                        // Ctrl-C
        }
        String out = qemu.expectAfter(mark, "zeptux> ", Duration.ofSeconds(120));
        String echo = r.command() + "\n";
        assertTrue(out.startsWith(echo), r.name() + ": the echo\n" + out);
        out = out.substring(echo.length(), out.length() - "zeptux> ".length());
        return KERNEL_LINE.matcher(out).replaceAll("");
    }

    private static long number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), p + " in\n" + text);
        return Long.parseLong(m.group(1));
    }

    @Test
    void everyProgramEndsAsOnLinuxAndEveryPageReturns() throws Exception {
        try (Qemu qemu = Qemu.boot(image, "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            // The fork bomb first, once: it takes every process slot, and the kernel stacks' area keeps the
            // page tables its most stacks needed (sched.Stacks), so the exact balance is measured after it.
            run(qemu, UserPrograms.RUNS.stream().filter(r -> r.program().equals("forkbomb")).findFirst().orElseThrow());
            qemu.command("dropcaches");                 // the dentry cache's pages are not the programs'
            String before = qemu.command("mem");
            List<String> differ = new ArrayList<>();
            Map<String, String> seen = new LinkedHashMap<>();
            for (Run r : UserPrograms.RUNS) {
                String out = run(qemu, r);
                seen.put(r.name(), out);
                if (r.mode() == Mode.ZEPTUX_ONLY) {
                    String want = r.program().equals("oom") ? "(?s).*oom: malloc failed after \\d+ MiB\n.*oom: all 2 checks passed\n"
                            : "(?s).*forkbomb: limit reached: yes\n.*forkbomb: all 4 checks passed\n";
                    if (!out.matches(want)) {
                        differ.add(r.name() + ": expected it to stop at its limit and pass, got:\n" + out);
                    }
                    continue;
                }
                Expected e = linux.get(r.name());
                String want = e.stdout() + e.outcome().monitorLine();
                if (!out.equals(want)) {
                    differ.add(r.name() + ":\n--- Linux\n" + want + "--- Zeptux\n" + out);
                }
            }
            assertTrue(differ.isEmpty(), differ.size() + " of " + UserPrograms.RUNS.size() + " runs differ from Linux:\n"
                    + String.join("\n", differ) + "\n" + qemu.log());
            String all = qemu.output();
            assertTrue(all.contains("fault[") && all.matches("(?s).*\nfault\\[\\d+\\]: segfault at 0 ip [0-9a-f]{16} sp [0-9a-f]{16} "
                    + "error [0-9a-f]+ in fault\\[[0-9a-f]+\\+[0-9a-f]+\\] \\(SIGSEGV\\)\n.*"), "a Linux-style fault line\n" + all);
            assertTrue(all.contains("errors[") && all.contains("]: unimplemented system call 500\n"), "ENOSYS is logged");
            qemu.command("dropcaches");
            String after = qemu.command("mem");
            assertEquals(0, number(USER_MEMORY, after), "no user page is left\n" + after);
            // A run may have had more kernel stacks at once than the fork bomb before (exits and reaps race
            // with forks): the page tables of the stack area those made stay, as they should.
            long tables = stackTablesKiB(number(STACKS_PEAK, after)) - stackTablesKiB(number(STACKS_PEAK, before));
            assertEquals(number(ALLOCATED, before) + tables, number(ALLOCATED, after),
                    "every page the programs held came back (tables, stacks, pools)\n" + before + after);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    @Test
    void smepAndSmapOnAndTheUserCopiesStillWork() throws Exception {
        try (Qemu qemu = Qemu.boot(image, "128M", "-cpu", "max")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            assertTrue(qemu.output().contains("\nuser mode: SYSCALL/SYSRET, SMEP on, SMAP on,"), qemu.log());
            for (Run r : UserPrograms.RUNS) {
                if (!List.of("hello", "files", "errors", "memory", "tls", "dirents", "procs", "handlers", "fault nx",
                        "fault kernel").contains(r.name())) {
                    continue;
                }
                Expected e = linux.get(r.name());
                assertEquals(e.stdout() + e.outcome().monitorLine(), run(qemu, r), r.name() + " with SMEP and SMAP\n" + qemu.log());
            }
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }
}
