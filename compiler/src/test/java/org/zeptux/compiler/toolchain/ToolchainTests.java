package org.zeptux.compiler.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainTests {
    @TempDir
    Path empty;

    @Test
    void missingToolIsOneLineNamingThePackage() {
        Toolchain t = new Toolchain(System.out, false, empty.toString());
        ToolException e = assertThrows(ToolException.class, () -> t.run(Tool.LLC, List.of("--version")));
        assertEquals("llc-19 not found on PATH; install it with: apt-get install llvm-19 (or run 'make tools')",
                e.getMessage());
        e = assertThrows(ToolException.class, () -> t.locate(Tool.NASM));
        assertTrue(e.getMessage().startsWith("nasm not found on PATH"), e.getMessage());
    }

    @Test
    void verbosePrintsTheCommandAndFailuresCarryTheToolsOutput() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Toolchain t = new Toolchain(new PrintStream(log, true, StandardCharsets.UTF_8), true);
        ToolException e = assertThrows(ToolException.class,
                () -> t.run(Tool.NASM, List.of("-f", "bin", empty.resolve("missing.asm").toString())));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("nasm -f bin "), log.toString());
        assertTrue(e.getMessage().startsWith("nasm failed (exit "), e.getMessage());
        assertTrue(e.getMessage().contains("missing.asm"), e.getMessage());
    }
}
