package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.Unbound;
import org.zeptux.compiler.testdata.programs.Natives;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.Toolchain;

/** native methods call assembly through the System V ABI (narrow results sign-extended by the callee). */
class NativesTests {
    /** The assembly Natives calls (NASM): its native methods' symbols. */
    static final String ASSEMBLY = """
            bits 64
            section .text
            global zeptux_test_add
            zeptux_test_add:
                lea rax, [rdi + rsi]
                ret
            global zeptux_test_low_byte
            zeptux_test_low_byte:              ; byte result: the caller expects it sign-extended
                movsx eax, dil
                ret
            """;

    @TempDir
    Path dir;

    @Test
    void nativeMethodsCallAssemblySymbols() throws Exception {
        Path asm = dir.resolve("natives.asm");
        Files.writeString(asm, ASSEMBLY);
        Path obj = dir.resolve("natives.o");
        Toolchain tools = new Toolchain(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        tools.run(Tool.NASM, List.of("-f", "elf64", "-o", obj.toString(), asm.toString()));
        Path classes = TestClasses.copy(dir.resolve("classes"), Natives.class);
        Path exe = dir.resolve("natives");
        Path ll = dir.resolve("natives.ll");
        new Pipeline(tools).buildHosted(List.of(classes), Natives.class.getName(), exe, ll, List.of(obj));
        String ir = Files.readString(ll);
        assertTrue(ir.contains("declare i64 @\"zeptux_test_add\"(i64, i64)"), ir);
        assertTrue(ir.contains("call signext i8 @\"zeptux_test_low_byte\"(i32 "), ir);
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("42\n-9223372036854775808\n-1\n128\n", out);
    }

    @Test
    void aNativeMethodNeedsASymbol() throws Exception {
        CompileException e = assertThrows(CompileException.class, () -> Pipeline.emitLlvm(
                List.of(TestClasses.copy(dir.resolve("classes"), Unbound.class)), Target.KERNEL, "unbound"));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertTrue(e.errors().get(0).toString().contains(
                "error: native method missing needs @Export(\"symbol\") naming the assembly symbol that implements it"),
                e.errors().toString());
    }
}
