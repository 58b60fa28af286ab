package org.zeptux.compiler.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.cli.Main;
import org.zeptux.compiler.testdata.Refused;
import org.zeptux.compiler.testdata.RefusedObjects;

class RulesTests {
    @TempDir
    Path dir;

    /**
     * Each line of Refused.java marked {@code // error: TEXT} gets a diagnostic containing TEXT,
     * at that line, in javac's format; unmarked lines get none; all come from one run.
     */
    @Test
    void everyRefusedConstructIsReportedAtItsLine() throws Exception {
        String err = checkMarkers(Refused.class);
        assertTrue(err.contains("java.lang.Integer.parseInt(java.lang.String) is not in the dialect "
                + "(only the kernel's own classes and org.zeptux.rt can be called) [in Refused.jdk]\n"),
                "errors in code name the method: " + err);
        assertTrue(err.contains("print the parts one after the other [in Refused.concat]\n"), err);
    }

    @Test
    void objectConstructsOutsideTheDialectAreReportedAtTheirLines() throws Exception {
        checkMarkers(RefusedObjects.class);
    }

    /**
     * Compiles {@code c} (with its nested classes) and checks that each line marked
     * {@code // error: TEXT} gets a diagnostic containing TEXT at that line and no other line
     * gets one; returns what zeptuxc printed.
     */
    private String checkMarkers(Class<?> c) throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), c);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"compile", "-cp", classes.toString(), "--emit", "ll",
                "-o", dir.resolve("out.ll").toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(1, status, err.toString());
        assertTrue(Files.notExists(dir.resolve("out.ll")), "no output is written when there are errors");

        Map<Integer, List<String>> expected = new TreeMap<>();
        List<String> source = Files.readAllLines(TestClasses.source(c));
        for (int i = 0; i < source.size(); i++) {
            String[] parts = source.get(i).split("// error: ");
            for (int k = 1; k < parts.length; k++) {
                expected.computeIfAbsent(i + 1, x -> new ArrayList<>()).add(parts[k].strip());
            }
        }
        Map<Integer, List<String>> actual = new TreeMap<>();
        String prefix = c.getName().replace('.', '/') + ".java:";
        for (String line : err.toString().split("\n")) {
            if (line.startsWith(prefix)) {
                int colon = line.indexOf(':', prefix.length());
                int n = Integer.parseInt(line.substring(prefix.length(), colon));
                assertTrue(line.substring(colon).startsWith(": error: "), line);
                actual.computeIfAbsent(n, x -> new ArrayList<>()).add(line);
            } else {
                assertTrue(line.matches("\\d+ errors?"), "unexpected output line: " + line);
            }
        }
        assertEquals(expected.keySet(), actual.keySet(), "lines with errors\n" + err);
        for (var e : expected.entrySet()) {
            List<String> got = actual.get(e.getKey());
            assertEquals(e.getValue().size(), got.size(), "errors at line " + e.getKey() + ": " + got);
            for (String text : e.getValue()) {
                assertTrue(got.stream().anyMatch(g -> g.contains(text)),
                        "line " + e.getKey() + " should report '" + text + "' but got " + got);
            }
        }
        int total = actual.values().stream().mapToInt(List::size).sum();
        assertTrue(err.toString().strip().endsWith(total + " errors"), err.toString());
        return err.toString();
    }
}
