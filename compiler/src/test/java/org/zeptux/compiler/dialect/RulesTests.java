package org.zeptux.compiler.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.cli.Main;
import org.zeptux.compiler.testdata.Refused;
import org.zeptux.compiler.testdata.RefusedObjects;
import org.zeptux.compiler.testdata.RefusedTogether;
import org.zeptux.compiler.testdata.raw.Device;
import org.zeptux.compiler.testdata.safe.RefusedUnsafe;
import org.zeptux.compiler.load.ClassPath;
import org.zeptux.compiler.lower.Options;
import org.zeptux.compiler.lower.Program;

/**
 * Negative tests: every construct the dialect refuses, each reported at its file and line with
 * its message, all in one run. Lines of the test data marked {@code // error: TEXT} must get one
 * diagnostic containing TEXT per marker, unmarked lines none; the whole output must equal
 * {@code src/test/resources/golden/NAME.errors} byte for byte (rewrite it with
 * {@code -Dzeptux.bless=true} after a deliberate change, and review the diff).
 */
class RulesTests {
    @TempDir
    Path dir;

    @Test
    void everyRefusedConstructIsReportedAtItsLine() throws Exception {
        String err = assertReportedAsMarked(Refused.class);
        assertTrue(err.contains("java.lang.Integer.parseUnsignedInt(java.lang.String) is not in the dialect "
                + "(only the kernel's own classes and org.zeptux.rt can be called) [in Refused.jdk]\n"),
                "errors in code name the method: " + err);
        assertTrue(err.contains("print the parts one after the other [in Refused.concat]\n"), err);
    }

    /**
     * Several refusals in one method and one basic block, a rule's and lowering's mixed: all of
     * them in one run, in line order, and nothing for what only uses a refused value.
     */
    @Test
    void everyRefusalInAMethodIsReportedInOneRun() throws Exception {
        String err = assertReportedAsMarked(RefusedTogether.class);
        List<Integer> lines = new ArrayList<>();
        for (String l : err.lines().toList()) {
            if (l.contains(": error: ")) {
                lines.add(Integer.parseInt(l.split(":")[1]));
            }
        }
        List<Integer> sorted = new ArrayList<>(lines);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, lines, "reported in line order: " + err);
    }

    /** Refused until objects land in the dialect: change these expectations with them. */
    @Test
    void objectConstructsOutsideTheDialectAreReportedAtTheirLines() throws Exception {
        assertReportedAsMarked(RefusedObjects.class);
    }

    /**
     * The raw API outside packages marked @Unsafe: each use refused at its line, naming the call,
     * and what safe code may do (hold and pass addresses, compare them, call an unsafe package's
     * methods, Platform.simulated(), @Export) accepted.
     */
    @Test
    void rawApiInASafePackageIsReportedAtEachUse() throws Exception {
        String err = assertReportedAsMarked(RefusedUnsafe.class, Device.class);
        assertTrue(err.contains("org/zeptux/compiler/testdata/safe/RefusedUnsafe.java:27: error: Memory.store8(long, int) "
                + "is raw memory access, allowed only in packages marked @Unsafe (package-info.java); use a safe "
                + "interface of an unsafe package (org.zeptux.compiler.testdata.raw) or mark this package @Unsafe "
                + "[in RefusedUnsafe.memory]\n"), err);
    }

    /** A module is safe unless built with --unsafe; an @Unsafe on its own packages does not count. */
    @Test
    void aModuleMayUseTheRawApiOnlyWhenBuiltUnsafe() throws Exception {
        Path classes = TestClasses.copy(dir.resolve("module"), Device.class);
        ClassPath cp = ClassPath.read(List.of(classes));
        Set<String> module = new java.util.TreeSet<>(cp.classes().keySet());
        Diagnostics safe = new Diagnostics();
        Program.lower(cp, safe, "m", Options.DEFAULT.module(module, false));
        List<String> errors = safe.errors().stream().map(Object::toString).toList();
        assertEquals(List.of(
                "org/zeptux/compiler/testdata/raw/Device.java:14: error: Port.in8(int) is port I/O, allowed in a module "
                        + "only when it is built with 'zeptuxc module --unsafe'; use the kernel's API, or build the "
                        + "module with --unsafe [in Device.status]",
                "org/zeptux/compiler/testdata/raw/Device.java:19: error: Address.of(long) is address forging, allowed in "
                        + "a module only when it is built with 'zeptuxc module --unsafe'; use the kernel's API, or build "
                        + "the module with --unsafe [in Device.buffer]",
                "org/zeptux/compiler/testdata/raw/Device.java:24: error: Address.load8() is raw memory access, allowed in "
                        + "a module only when it is built with 'zeptuxc module --unsafe'; use the kernel's API, or build "
                        + "the module with --unsafe [in Device.first]"), errors);
        Diagnostics unsafe = new Diagnostics();
        Program.lower(cp, unsafe, "m", Options.DEFAULT.module(module, true));
        assertEquals(List.of(), unsafe.errors());
    }

    @Test
    void aMalformedClassFileIsOneLineNamingIt() throws Exception {
        byte[] real = Files.readAllBytes(TestClasses.copy(dir.resolve("ok"), Refused.class)
                .resolve("org/zeptux/compiler/testdata/Refused.class"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.write(classes.resolve("Truncated.class"), java.util.Arrays.copyOf(real, real.length / 2));
        String err = compileFails(classes);
        assertEquals("zeptuxc: error: " + classes.resolve("Truncated.class") + ": malformed class file ("
                + err.substring(err.indexOf('(') + 1), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(!err.contains("\tat "), "no stack trace: " + err);

        Files.delete(classes.resolve("Truncated.class"));
        Files.writeString(classes.resolve("Text.class"), "not a class file");
        err = compileFails(classes);
        assertTrue(err.startsWith("zeptuxc: error: " + classes.resolve("Text.class") + ": malformed class file ("), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void anUnreadableClassFileIsOneLineNamingIt() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.createDirectories(classes.resolve("Directory.class")); // readable by nobody as a file, root included
        String err = compileFails(classes);
        assertEquals("zeptuxc: error: " + classes.resolve("Directory.class") + ": cannot read: Is a directory", err);
    }

    /** Runs {@code zeptuxc compile} on the class path; it must fail and write nothing; returns stderr, stripped. */
    private String compileFails(Path classes) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"compile", "-cp", classes.toString(), "--emit", "ll",
                "-o", dir.resolve("out.ll").toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(1, status, err.toString());
        assertTrue(Files.notExists(dir.resolve("out.ll")), "no output is written when there are errors");
        return err.toString().strip();
    }

    /**
     * Compiles {@code testdata} (and its nested classes, with the classes {@code also}) and checks
     * the diagnostics against its markers and golden file.
     */
    private String assertReportedAsMarked(Class<?> testdata, Class<?>... also) throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), testdata);
        // The source beside the class files, as javac -d . leaves it: zeptuxc reads field declarations' lines there.
        Path beside = classes.resolve(testdata.getName().replace('.', '/') + ".java");
        Files.copy(TestClasses.source(testdata), beside);
        TestClasses.copy(classes, also);
        String err = compileFails(classes) + "\n";

        Map<Integer, List<String>> expected = new TreeMap<>();
        List<String> source = Files.readAllLines(TestClasses.source(testdata));
        for (int i = 0; i < source.size(); i++) {
            String[] parts = source.get(i).split("// error: ");
            for (int k = 1; k < parts.length; k++) {
                expected.computeIfAbsent(i + 1, x -> new ArrayList<>()).add(parts[k].strip());
            }
        }
        Map<Integer, List<String>> actual = new TreeMap<>();
        String prefix = testdata.getName().replace('.', '/') + ".java:";
        for (String line : err.split("\n")) {
            if (line.startsWith(prefix)) {
                int colon = line.indexOf(':', prefix.length());
                int n = Integer.parseInt(line.substring(prefix.length(), colon));
                assertTrue(line.substring(colon).startsWith(": error: "), line);
                actual.computeIfAbsent(n, x -> new ArrayList<>()).add(line);
            } else {
                assertTrue(line.matches("\\d+ errors?"), "unexpected output line: " + line);
            }
        }
        List<String> problems = new ArrayList<>();
        for (int n : new java.util.TreeSet<>(union(expected.keySet(), actual.keySet()))) {
            List<String> want = expected.getOrDefault(n, List.of());
            List<String> got = actual.getOrDefault(n, List.of());
            boolean ok = want.size() == got.size();
            for (String text : want) {
                ok &= got.stream().anyMatch(g -> g.contains(text));
            }
            if (!ok) {
                problems.add("line " + n + ": expected " + want + "\n  got " + got);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n---- all output ----\n" + err);
        int total = actual.values().stream().mapToInt(List::size).sum();
        assertTrue(err.strip().endsWith("\n" + total + " errors"), err);

        Path golden = Path.of("src/test/resources/golden/" + testdata.getSimpleName() + ".errors");
        if (Boolean.getBoolean("zeptux.bless")) {
            Files.writeString(golden, err, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), err,
                "diagnostics changed; if on purpose, rerun with -Dzeptux.bless=true and review the diff");
        System.out.printf("negative tests: %s: %d refusals on %d lines, each at its line%n",
                testdata.getSimpleName(), total, actual.size());
        return err;
    }

    private static java.util.Set<Integer> union(java.util.Set<Integer> a, java.util.Set<Integer> b) {
        java.util.Set<Integer> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
