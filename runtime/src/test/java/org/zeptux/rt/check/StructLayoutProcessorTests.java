package org.zeptux.rt.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The struct layout check as javac runs it: {@code structs/BadStructs.java} marks each line
 * with the error expected there ({@code // error: TEXT}); every marker must get one error
 * containing its text, unmarked lines none, and the whole list must equal
 * {@code golden/BadStructs.errors} (rewrite with {@code -Dzeptux.bless=true}, review the diff).
 */
class StructLayoutProcessorTests {
    private static final Path SOURCE = Path.of("src/test/resources/structs/BadStructs.java");

    @TempDir
    Path dir;

    @Test
    void everyLayoutMistakeIsAnErrorAtItsLine() throws IOException {
        List<String> errors = compile(true);
        Map<Integer, List<String>> expected = new TreeMap<>();
        List<String> source = Files.readAllLines(SOURCE);
        for (int i = 0; i < source.size(); i++) {
            String[] parts = source.get(i).split("// error: ");
            if (parts.length > 1) {
                expected.computeIfAbsent(i + 1, x -> new ArrayList<>()).add(parts[1].strip());
            }
        }
        Map<Integer, List<String>> actual = new TreeMap<>();
        for (String e : errors) {
            int line = Integer.parseInt(e.substring("BadStructs.java:".length(), e.indexOf(": error: ")));
            actual.computeIfAbsent(line, x -> new ArrayList<>()).add(e);
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
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n---- all errors ----\n" + String.join("\n", errors));

        String all = String.join("\n", errors) + "\n";
        Path golden = Path.of("src/test/resources/golden/BadStructs.errors");
        if (Boolean.getBoolean("zeptux.bless")) {
            Files.writeString(golden, all, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), all,
                "diagnostics changed; if on purpose, rerun with -Dzeptux.bless=true and review the diff");
    }

    /** The processor is registered: plain javac over the runtime's class path runs it unasked. */
    @Test
    void javacFindsTheProcessorOnTheClassPath() throws IOException {
        assertEquals(compile(true), compile(false));
    }

    @Test
    void aGoodViewCompilesWithoutErrors() throws IOException {
        Path good = dir.resolve("Good.java");
        Files.writeString(good, """
                import org.zeptux.rt.*;
                @Struct(size = 24)
                interface Good {
                    @Offset(0) Good next();
                    void next(Good v);
                    @Offset(8) @Count(4) short half(int i);
                    void half(int i, short v);
                    @Offset(16) @Embedded Other other();
                }
                @Struct(size = 8)
                interface Other {
                    @Offset(0) int a();
                    @Offset(4) char b();
                }
                @Struct(size = 10, packed = true)
                interface Pointer {
                    @Offset(0) char limit();
                    @Offset(2) long base();
                }
                """);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        assertTrue(run(good, diagnostics, false), diagnostics.getDiagnostics().toString());
        assertFalse(diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR));
    }

    /** javac's errors for BadStructs.java, as javac prints them (file name, line, message). */
    private List<String> compile(boolean explicitProcessor) throws IOException {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        assertFalse(run(SOURCE, diagnostics, explicitProcessor), "javac must fail");
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add("BadStructs.java:" + d.getLineNumber() + ": error: " + d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    private boolean run(Path source, DiagnosticCollector<JavaFileObject> diagnostics, boolean explicitProcessor)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            // target/classes holds the runtime and its META-INF/services registration.
            List<String> options = List.of("-classpath", Path.of("target/classes").toAbsolutePath().toString(),
                    "-d", dir.resolve("out").toString(), "-proc:only");
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(source));
            if (explicitProcessor) {
                task.setProcessors(List.of(new StructLayoutProcessor()));
            }
            return task.call();
        }
    }

    private static java.util.Set<Integer> union(java.util.Set<Integer> a, java.util.Set<Integer> b) {
        java.util.Set<Integer> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
