package org.zeptux.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTests {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsTheSubcommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("compile"), out.toString());
        assertTrue(out.toString().contains("image"), out.toString());
    }

    @Test
    void versionComesFromTheBuild() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().matches("zeptuxc \\d+\\.\\d+\\.\\d+\\s*"), out.toString());
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("missing subcommand"), err.toString());
    }

    @Test
    void missingClassPathIsOneLine() {
        assertEquals(1, run("compile", "-cp", dir.resolve("nope").toString(), "-o", dir.resolve("x.o").toString()));
        assertEquals("zeptuxc: error: " + dir.resolve("nope") + ": no such directory or jar", err.toString().strip());
    }

    @Test
    void malformedClassFileIsOneLine() throws Exception {
        Files.write(dir.resolve("Bad.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2, 3});
        assertEquals(1, run("compile", "-cp", dir.toString(), "-o", dir.resolve("x.o").toString()));
        String e = err.toString().strip();
        assertTrue(e.startsWith("zeptuxc: error: " + dir.resolve("Bad.class") + ": malformed class file"), e);
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void timingsNameEachStage() throws Exception {
        Path good = org.zeptux.compiler.TestClasses.copy(dir.resolve("good"), org.zeptux.compiler.testdata.Arith.class);
        assertEquals(0, run("--timings", "compile", "-cp", good.toString(), "-o", dir.resolve("a.o").toString()),
                err.toString());
        String e = err.toString();
        for (String stage : new String[] {"jvm start", "load (ASM)", "dialect checks", "lowering", "emit LLVM text",
                "opt -O2", "llc -O2", "stack graph", "total after jvm start"}) {
            assertTrue(e.matches("(?s).*zeptuxc: time: " + java.util.regex.Pattern.quote(stage) + " .* \\d+ ms\\n.*"),
                    stage + " missing:\n" + e);
        }
        assertTrue(Files.size(dir.resolve("a.o")) > 0);
        err.getBuffer().setLength(0);
        assertEquals(0, run("compile", "-cp", good.toString(), "-o", dir.resolve("b.o").toString()), err.toString());
        assertEquals("", err.toString(), "no timings unless asked for");
    }

    @Test
    void badEmitKindIsAUsageError() {
        assertEquals(2, run("compile", "-cp", dir.toString(), "--emit", "exe", "-o", "x"));
        assertTrue(err.toString().contains("exe"), err.toString());
    }

    @Test
    void checkReportsViolationsAndWritesNothing() throws Exception {
        Path bad = org.zeptux.compiler.TestClasses.copy(dir.resolve("bad"), org.zeptux.compiler.testdata.Refused.class);
        assertEquals(1, run("check", "-cp", bad.toString()));
        assertTrue(err.toString().contains("Refused.java:"), err.toString());
        assertTrue(err.toString().strip().matches("(?s).*\\n\\d+ errors"), err.toString());
        Path good = org.zeptux.compiler.TestClasses.copy(dir.resolve("good"), org.zeptux.compiler.testdata.Arith.class);
        err.getBuffer().setLength(0);
        assertEquals(0, run("check", "-cp", good.toString()), err.toString());
        assertEquals("", err.toString());
        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".ll") || p.toString().endsWith(".o")));
        }
    }

    @Test
    void imageWithMissingBootDirectoryIsOneLine() {
        assertEquals(1, run("image", "--boot", dir.resolve("boot").toString(), "--linker-script",
                dir.resolve("linker.ld").toString(), "-o", dir.resolve("z.img").toString(), "k.o"));
        assertEquals("zeptuxc: error: " + dir.resolve("boot/mbr.asm") + ": no such file", err.toString().strip());
    }
}
