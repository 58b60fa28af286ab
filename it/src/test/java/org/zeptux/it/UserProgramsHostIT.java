package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.it.UserPrograms.Expected;
import org.zeptux.it.UserPrograms.Mode;
import org.zeptux.it.UserPrograms.Outcome;
import org.zeptux.it.UserPrograms.Run;

/**
 * The C test programs on this Linux host, no QEMU: each run does what it is written to do (every
 * check passes, the fault kinds end with their signal, loop dies of SIGINT, oom finds its limit),
 * twice with byte-identical output, and the programs compile to the same bytes every time. This
 * proves the programs and their expectations right on Linux before Zeptux is compared with them.
 */
class UserProgramsHostIT {
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\w+): all (\\d+) checks passed\n\\z");

    @TestFactory
    List<DynamicTest> everyRunDoesWhatItIsWrittenToDo() throws Exception {
        UserPrograms programs = UserPrograms.shared();
        List<DynamicTest> tests = new ArrayList<>();
        for (Run r : UserPrograms.RUNS) {
            tests.add(DynamicTest.dynamicTest(r.name(), () -> {
                Expected first = programs.runOnLinux(r);
                String out = first.stdout();
                String what = r.name() + " printed:\n" + out;
                assertEquals(r.intent(), first.outcome(), what);
                assertFalse(out.contains("\nFAIL ") || out.startsWith("FAIL "), what);
                switch (r.name().startsWith("pipes ") ? r.name() : r.program()) {
                    case "pipes sigpipe" -> assertEquals("ok   a pipe without a reader\npipes: writing; SIGPIPE ends the program\n", out);
                    case "pipes read" -> assertEquals("pipes: reading an empty pipe until killed\n", out);
                    case "pipes poll" -> assertEquals("pipes: polling an empty pipe until killed\n", out);
                    case "fault" -> assertEquals("fault: " + r.args().get(0) + "\n", out);
                    case "loop" -> assertEquals("loop: spinning until killed\n", out);
                    default -> {
                        Matcher m = SUMMARY.matcher(out);
                        String source = r.program().equals(UserPrograms.STATIC_PIE) ? "auxv" : r.program();
                        assertTrue(m.find() && m.group(1).equals(source), what);
                        // Every check is one "ok" line.
                        assertEquals(Integer.parseInt(m.group(2)), out.lines().filter(l -> l.startsWith("ok   ")).count(), what);
                    }
                }
                if (r.mode() == Mode.PIPE || r.mode() == Mode.TERMINAL) {
                    assertEquals(first, programs.runOnLinux(r), r.name() + ": a second run differs");
                }
            }));
        }
        return tests;
    }

    @Test
    void everyProgramHasARunAndCompilesToTheSameBytesAgain(@TempDir Path dir) throws Exception {
        UserPrograms programs = UserPrograms.shared();
        Set<String> run = UserPrograms.RUNS.stream().map(Run::program).collect(Collectors.toCollection(TreeSet::new));
        Set<String> want = new TreeSet<>(UserPrograms.programs());
        want.add(UserPrograms.STATIC_PIE);
        assertEquals(want, run, "a C file in it/src/test/c without a run, or the reverse");
        for (String p : UserPrograms.programs()) {
            Path again = dir.resolve(p);
            UserPrograms.compile(p, again);
            assertArrayEquals(Files.readAllBytes(programs.binary(p)), Files.readAllBytes(again), p + " is not reproducible");
        }
        Path pie = dir.resolve(UserPrograms.STATIC_PIE);
        UserPrograms.compileStaticPie("auxv", pie);
        assertArrayEquals(Files.readAllBytes(programs.binary(UserPrograms.STATIC_PIE)), Files.readAllBytes(pie),
                "the static PIE is not reproducible");
        byte[] elf = Files.readAllBytes(pie);
        assertEquals(3, elf[16], "the static PIE is ET_DYN");
    }

    @Test
    void theExpectationsTheZeptuxSideCompares() throws Exception {
        UserPrograms programs = UserPrograms.shared();
        Expected auxv = programs.runOnLinux(run("auxv"));
        assertTrue(auxv.stdout().startsWith("argc 4\nargv[0] ends in auxv\nargv[2] \"two words\"\nargv[3] \"x\"\n"),
                auxv.stdout());
        assertTrue(auxv.stdout().contains("\nenvp[0] \"HOME=/\"\nenvp[1] \"TERM=linux\"\nenvc 2\n"), auxv.stdout());
        Expected dirents = programs.runOnLinux(run("dirents"));
        assertTrue(dirents.stdout().contains("dir: . d\ndir: .. d\ndir: " + UserPrograms.LONG_NAME
                + " f\ndir: one f\ndir: sub d\ndir: three f\ndir: two f\n"), dirents.stdout());
        assertTrue(dirents.stdout().contains("data: link l\n"), dirents.stdout());
        // The terminal run sees a terminal; the same program on pipes does not.
        assertTrue(programs.runOnLinux(run("tty")).stdout().startsWith("fd 0: TCGETS ok, a terminal\n"
                + "fd 1: TCGETS ok, a terminal\nfd 2: TCGETS ok, a terminal\nfd 1: TIOCGWINSZ ok\n"
                + "isatty(0) 1, isatty(1) 1\n"));
        Expected onPipes = programs.runOnLinux(new Run("tty", List.of(), Outcome.exit(0), Mode.PIPE));
        assertTrue(onPipes.stdout().startsWith("fd 0: TCGETS ENOTTY\nfd 1: TCGETS ENOTTY\n"), onPipes.stdout());
        Matcher oom = Pattern.compile("^oom: malloc failed after (\\d+) MiB\n").matcher(programs.runOnLinux(run("oom")).stdout());
        assertTrue(oom.find(), "oom's first line");
        int mib = Integer.parseInt(oom.group(1));
        assertTrue(mib > 128 && mib < UserPrograms.OOM_HOST_LIMIT_KIB >> 10, "oom under ulimit -v 256 MiB got " + mib + " MiB");

        assertEquals("run /bin/auxv /data \"two words\" x", run("auxv").command());
        assertEquals("fault null", UserPrograms.RUNS.stream().filter(r -> r.program().equals("fault")).findFirst()
                .orElseThrow().name());
        assertEquals("killed by signal 11 (SIGSEGV)\n", Outcome.killed(11).monitorLine());
        assertEquals("exit status 3\n", Outcome.exit(3).monitorLine());
        assertEquals("", Outcome.exit(0).monitorLine());
        assertEquals(UserPrograms.RUNS.size() - 2, programs.expectedOnLinux().size(), "all runs but oom and forkbomb");
    }

    @Test
    void aProgramWhoseChecksFailSaysSoAndExitsWithStatus1(@TempDir Path empty) throws Exception {
        // files run against an empty data directory: its checks cannot pass.
        Files.createDirectories(empty.resolve("bin"));
        Files.createDirectories(empty.resolve("data"));
        Files.copy(UserPrograms.shared().binary("files"), empty.resolve("bin/files"), StandardCopyOption.COPY_ATTRIBUTES);
        UserPrograms elsewhere = UserPrograms.existing(empty);
        Expected e = elsewhere.runOnLinux(run("files"));
        assertEquals(Outcome.exit(1), e.outcome(), e.stdout());
        assertTrue(e.stdout().contains("\nFAIL ") && e.stdout().matches("(?s).*\nfiles: \\d+ of \\d+ checks FAILED\n"),
                e.stdout());
    }

    private static Run run(String program) {
        return UserPrograms.RUNS.stream().filter(r -> r.program().equals(program)).findFirst().orElseThrow();
    }
}
