package org.zeptux.compiler.llvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * The LLVM text for each test class must match {@code src/test/resources/golden/NAME.ll}
 * byte for byte, be the same on every run, and be accepted by opt and llc.
 * Run with {@code -Dzeptux.bless=true} to rewrite the golden file after a deliberate change,
 * and review the diff in the same commit.
 */
class GoldenTests {
    @TempDir
    Path dir;

    private static Path golden(String name) {
        return Path.of("src/test/resources/golden/" + name + ".ll");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Arith", "Hardware", "Views", "Concurrency"})
    void irMatchesTheGoldenFile(String name) throws Exception {
        Class<?> c = Class.forName("org.zeptux.compiler.testdata." + name);
        Path classes = TestClasses.copy(dir.resolve("classes"), c);
        String actual = Pipeline.emitLlvm(List.of(classes), Target.KERNEL, name);
        assertEquals(actual, Pipeline.emitLlvm(List.of(classes), Target.KERNEL, name), "deterministic");
        if (Boolean.getBoolean("zeptux.bless")) {
            Files.writeString(golden(name), actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden(name), StandardCharsets.UTF_8), actual,
                "IR changed; if on purpose, rerun with -Dzeptux.bless=true and review the diff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Arith", "Hardware", "Views", "Concurrency"})
    void goldenFileCompilesWithOptAndLlc(String name) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path obj = dir.resolve(name + ".o");
        new Pipeline(new Toolchain(new PrintStream(log, true, StandardCharsets.UTF_8), true))
                .compile(Files.readString(golden(name), StandardCharsets.UTF_8), Target.KERNEL, null, obj);
        byte[] elf = Files.readAllBytes(obj);
        assertEquals(0x7f, elf[0]);
        assertEquals('E', elf[1]);
        String commands = log.toString(StandardCharsets.UTF_8);
        assertEquals(true, commands.contains("opt-19 -O2") && commands.contains("--code-model=kernel"), commands);
    }
}
