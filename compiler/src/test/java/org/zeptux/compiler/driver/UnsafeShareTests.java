package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.cli.Main;
import org.zeptux.compiler.testdata.raw.Device;
import org.zeptux.compiler.testdata.safe.RefusedUnsafe;

/** {@code zeptuxc unsafe}: lines of code per package, the unsafe share, and the budget check. */
class UnsafeShareTests {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void linesOfCodeLeaveOutBlankLinesAndComments() {
        String source = String.join("\n",
                "/** A class comment",
                " * over lines. */",
                "package p;",
                "",
                "// a line comment",
                "class A { /* a comment */ int x; // and another",
                "    /* opens",
                "       and closes */ int y;",
                "    String s = \"// not a comment\";",
                "    char c = '\\'';   /* a comment after a character literal */",
                "    String t = \"/* not one either\";",
                "}",
                "   ");
        assertEquals(7, UnsafeShare.linesOfCode(source));
    }

    @Test
    void theTableListsEveryPackageAndTheShare() throws Exception {
        Path classes = classes();
        assertEquals(0, run("unsafe", "-cp", classes.toString(), "--sources", sources().toString()), err.toString());
        int raw = UnsafeShare.linesOfCode(Files.readString(TestClasses.source(Device.class)))
                + UnsafeShare.linesOfCode(Files.readString(TestClasses.source(Device.class).resolveSibling("package-info.java")));
        int safe = UnsafeShare.linesOfCode(Files.readString(TestClasses.source(RefusedUnsafe.class)));
        String percent = new java.math.BigDecimal(raw * 100).divide(new java.math.BigDecimal(raw + safe), 1,
                java.math.RoundingMode.HALF_UP).toPlainString();
        assertEquals(String.format(
                "package                             lines  unsafe%n"
                + "org.zeptux.compiler.testdata.raw   %6d  unsafe%n"
                + "org.zeptux.compiler.testdata.safe  %6d  -%n"
                + "total                              %6d  %d in unsafe packages: %s%%%n",
                raw, safe, raw + safe, raw, percent), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void aShareAboveTheBudgetFailsWithOneLine() throws Exception {
        Path classes = classes();
        Path budget = dir.resolve("budget.txt");
        Files.writeString(budget, "# The most of the code that may be unsafe, in percent.\n\n1.5\n");
        assertEquals(1, run("unsafe", "-cp", classes.toString(), "--sources", sources().toString(),
                "--budget-file", budget.toString()));
        String e = err.toString().strip();
        assertTrue(e.matches("zeptuxc: error: the unsafe share is \\d+\\.\\d% of \\d+ lines, above the budget of 1\\.5% \\("
                + java.util.regex.Pattern.quote(budget.toString()) + "\\); move raw access behind a safe interface "
                + "of an unsafe package, or raise the budget"), e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(out.toString().contains("total"), "the table is printed all the same: " + out);

        err.getBuffer().setLength(0);
        assertEquals(0, run("unsafe", "-cp", classes.toString(), "--sources", sources().toString(), "--budget", "100"),
                err.toString());
        assertEquals(1, run("unsafe", "-cp", classes.toString(), "--sources", sources().toString(), "--budget", "lots"));
        assertEquals("zeptuxc: error: --budget: budget 'lots' is not a percentage from 0 to 100", err.toString().strip());
    }

    @Test
    void compileMeasuresTheShareBesideTheFrontEndAndFailsOverTheBudget() throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), Device.class);
        Path budget = dir.resolve("budget.txt");
        Path ll = dir.resolve("device.ll");
        Files.writeString(budget, "1.5\n");
        String[] compile = {"compile", "-cp", classes.toString(), "--emit", "ll", "-o", ll.toString(),
            "--unsafe-sources", sources().toString(), "--unsafe-budget-file", budget.toString()};
        assertEquals(1, run(compile));
        String e = err.toString().strip();
        assertTrue(e.matches("zeptuxc: error: the unsafe share is \\d+\\.\\d% of \\d+ lines, above the budget of 1\\.5% .*"), e);
        assertTrue(out.toString().contains("total"), "the table is printed: " + out);
        assertFalse(Files.exists(ll), "nothing is written when the share is over its budget");

        Files.writeString(budget, "100\n");
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);
        assertEquals(0, run(compile), err.toString());
        assertTrue(out.toString().contains("org.zeptux.compiler.testdata.raw"), out.toString());
        assertTrue(Files.readString(ll).contains("define"), "the module is compiled as without the share");

        err.getBuffer().setLength(0);
        assertEquals(1, run("compile", "-cp", classes.toString(), "--emit", "ll", "-o", ll.toString(),
                "--unsafe-budget-file", budget.toString()));
        assertEquals("zeptuxc: error: --unsafe-budget-file needs --unsafe-sources", err.toString().strip());
    }

    @Test
    void theBudgetIsComparedExactlyNotRounded() throws Exception {
        UnsafeShare share = UnsafeShare.measure(java.util.List.of(classes()), sources());
        java.math.BigDecimal exact = java.math.BigDecimal.valueOf(share.unsafe() * 100L)
                .divide(java.math.BigDecimal.valueOf(share.total()), 10, java.math.RoundingMode.DOWN);
        assertTrue(share.exceeds(exact), "just below the share is exceeded");
        assertFalse(share.exceeds(exact.add(new java.math.BigDecimal("0.0000000001"))));
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path classes() throws Exception {
        return TestClasses.copy(dir.resolve("classes"), RefusedUnsafe.class, Device.class);
    }

    /** A source root with the two test packages' sources. */
    private Path sources() throws Exception {
        Path root = dir.resolve("src");
        for (Class<?> c : new Class<?>[] {RefusedUnsafe.class, Device.class}) {
            Path from = TestClasses.source(c).getParent();
            Path to = Files.createDirectories(root.resolve(c.getPackageName().replace('.', '/')));
            try (var files = Files.list(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.notExists(to.resolve(f.getFileName().toString()))) {
                        Files.copy(f, to.resolve(f.getFileName().toString()));
                    }
                }
            }
        }
        return root;
    }
}
