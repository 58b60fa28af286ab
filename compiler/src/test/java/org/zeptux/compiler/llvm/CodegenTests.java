package org.zeptux.compiler.llvm;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * Codegen tests per construct, as LLVM's FileCheck tests and Go's test/codegen: every class in
 * {@code testdata/codegen} carries {@code // CHECK:} lines (see {@link FileCheck}) matched against
 * the IR zeptuxc emits for it (kernel target). {@code // RUN: opt} at the top of a file matches
 * the IR after {@code opt -O2} instead, with every function made external first so that opt keeps
 * the ones nothing calls. {@code -Dzeptux.codegen=Name} runs only {@code Name.java}; the IR
 * matched is kept in {@code target/codegen/Name.ll}.
 */
class CodegenTests {
    private static final String PACKAGE = "org.zeptux.compiler.testdata.codegen";
    private static final Path SOURCES = Path.of("src/test/java", PACKAGE.replace('.', '/'));

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyFile() throws Exception {
        String only = System.getProperty("zeptux.codegen", "");
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java"))
                    .filter(p -> only.isEmpty() || p.getFileName().toString().equals(only + ".java"))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new AssertionError("no codegen test named " + only + " in " + SOURCES);
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> run(f)));
    }

    private void run(Path file) throws Exception {
        String name = file.getFileName().toString().replace(".java", "");
        String source = Files.readString(file, StandardCharsets.UTF_8);
        String shown = "src/test/java/" + PACKAGE.replace('.', '/') + "/" + name + ".java";
        FileCheck check = FileCheck.parse(shown, source);
        Path classes = TestClasses.copy(dir.resolve(name), Class.forName(PACKAGE + "." + name));
        String ir = Pipeline.emitLlvm(List.of(classes), Target.KERNEL, name);
        if (source.lines().anyMatch(l -> l.strip().equals("// RUN: opt"))) {
            Path ll = dir.resolve(name + ".ll");
            Files.writeString(ll, ir.replace("define internal ", "define "), StandardCharsets.UTF_8);
            ir = new Toolchain(new PrintStream(System.err, true, StandardCharsets.UTF_8), false)
                    .output(Tool.OPT, List.of("-O2", "-S", ll.toString(), "-o", "-"));
        }
        // Kept for whoever writes or debugs the CHECK lines.
        Path kept = Path.of("target/codegen", name + ".ll");
        Files.createDirectories(kept.getParent());
        Files.writeString(kept, ir, StandardCharsets.UTF_8);
        try {
            check.check(ir);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "  (the whole IR: compiler/" + kept + ")", null);
        }
    }
}
