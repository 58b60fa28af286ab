package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostedSuite} on a few of its programs (the whole suite is written by {@code mvn verify
 * -Dzeptux.hostedOnZeptux}): the layout, the manifest, and outputs that are each run's stdout and
 * stderr in the order written, with the exit status it had on this host.
 */
class HostedSuiteTests {
    @TempDir
    Path dir;

    @Test
    void writesExecutablesTheirOutputsAndTheManifest() throws Exception {
        Path suite = dir.resolve("suite");
        List<String> runs = HostedSuite.write(suite, 1, Set.of("printing", "badrange", "linuxcalls")::contains);
        assertEquals(List.of(
                "printing 0 expected/printing.out /bin/printing",
                "badrange 1 expected/badrange.out /bin/badrange",
                "linuxcalls 3 expected/linuxcalls.out /bin/linuxcalls data",
                "fuzz1 0 expected/fuzz1.out /bin/fuzz1"), runs.stream().sorted(this::byKind).toList());
        List<String> manifest = Files.readAllLines(suite.resolve(HostedSuite.MANIFEST));
        assertEquals(runs, manifest.stream().filter(l -> !l.startsWith("#")).toList());
        for (String exe : List.of("printing", "badrange", "linuxcalls", "fuzz1")) {
            assertTrue(Files.isExecutable(suite.resolve("root/bin/" + exe)), exe);
        }
        assertTrue(Files.isSymbolicLink(suite.resolve("root/data/link")), "LinuxCalls' fixture is in the root");
        assertEquals(LinuxCallsTests.EXPECTED, Files.readString(suite.resolve("expected/linuxcalls.out")));
        String badRange = Files.readString(suite.resolve("expected/badrange.out"), StandardCharsets.UTF_8);
        assertTrue(badRange.startsWith("before\nok\nException in thread \"main\" java.lang.ArrayIndexOutOfBoundsException"),
                "stdout, then stderr, as written: " + badRange);
        String printing = Files.readString(suite.resolve("expected/printing.out"), StandardCharsets.UTF_8);
        Differential.Outcome jvm = Differential.onJvm(org.zeptux.compiler.testdata.programs.Printing.class);
        assertEquals(jvm.stdout() + jvm.stderr(), printing,
                "Printing's stdout, then its stderr: the runtime writes its stderr buffer out at exit, after stdout's");
    }

    @Test
    void refusesToOverwriteADirectoryItDidNotWrite() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> HostedSuite.write(other, 0, name -> false));
        assertEquals(other + " is not empty and holds no manifest.txt: not overwriting it", e.getMessage());
        assertTrue(Files.exists(other.resolve("notes.txt")));
    }

    @Test
    void aRunCutShortLeavesNothingTheNextRunRefuses() throws Exception {
        Path suite = dir.resolve("suite");
        Path partial = Files.createDirectories(dir.resolve("suite.partial/root/bin"));
        Files.writeString(partial.resolve("half-written"), "x");
        List<String> lines = HostedSuite.write(suite, 1, name -> false);
        assertEquals(1, lines.size(), "one fuzz program: " + lines);
        assertTrue(Files.exists(suite.resolve(HostedSuite.MANIFEST)));
        assertTrue(Files.exists(suite.resolve("root/bin/fuzz1")));
        assertFalse(Files.exists(dir.resolve("suite.partial")), "the sibling it was made in is renamed into place");
        assertFalse(Files.exists(suite.resolve("root/bin/half-written")));
    }

    /** The order write lists them: testdata's programs by class name, then the fuzz programs. */
    private int byKind(String a, String b) {
        List<String> order = List.of("printing", "badrange", "linuxcalls", "fuzz1");
        return Integer.compare(order.indexOf(a.split(" ")[0]), order.indexOf(b.split(" ")[0]));
    }
}
