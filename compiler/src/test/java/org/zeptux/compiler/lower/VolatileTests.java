package org.zeptux.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.Concurrency;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * Java's volatile is kept through the optimiser: a loop that spins on a volatile field still
 * loads it on every iteration after {@code opt -O2}; the same loop on a plain field loads it
 * once, before the loop (the semantics bug volatile used to have).
 */
class VolatileTests {
    @TempDir
    Path dir;

    /** The body of {@code method} in Concurrency's IR after opt -O2. */
    private String optimised(String method) throws Exception {
        String ir = Pipeline.emitLlvm(List.of(TestClasses.copy(dir.resolve("classes"), Concurrency.class)),
                Target.KERNEL, "m");
        Path ll = dir.resolve("m.ll");
        // Nothing calls the methods: made external, opt keeps them.
        Files.writeString(ll, ir.replace("define internal ", "define "), StandardCharsets.UTF_8);
        String out = new Toolchain(new PrintStream(System.err, true, StandardCharsets.UTF_8), false)
                .output(Tool.OPT, List.of("-O2", "-S", ll.toString(), "-o", "-"));
        int start = out.indexOf("@\"org.zeptux.compiler.testdata.Concurrency." + method + "(");
        assertTrue(start >= 0, method + " is in the optimised IR");
        start = out.lastIndexOf("\ndefine ", start);
        return out.substring(start, out.indexOf("\n}\n", start));
    }

    /** The lines of the block that branches back to itself (the loop), or "" if there is none. */
    private static String loop(String body) {
        for (String block : body.split("\n\n")) {
            String label = block.strip().split("[: ]")[0];
            if (block.contains("label %" + label + ",") || block.contains("label %" + label + "\n")
                    || block.endsWith("label %" + label)) {
                return block;
            }
        }
        return "";
    }

    @Test
    void spinOnAVolatileStaticLoadsInTheLoop() throws Exception {
        String body = optimised("spinOnVolatile");
        // (opt may rename the global, e.g. to Concurrency.ready.0)
        assertTrue(loop(body).matches("(?s).*load atomic i8, ptr @\"?org.zeptux.compiler.testdata.Concurrency.ready[.0-9]*\"? seq_cst.*"),
                body);
    }

    @Test
    void spinOnAVolatileFieldLoadsInTheLoop() throws Exception {
        String body = optimised("spinOnVolatileField");
        assertTrue(loop(body).contains("load atomic i32, ptr") && loop(body).contains("seq_cst, align 4"), body);
    }

    @Test
    void spinOnAPlainFieldIsHoisted() throws Exception {
        String body = optimised("spinOnPlain");
        assertFalse(loop(body).contains("load"), "the plain load leaves the loop:\n" + body);
    }

    @Test
    void volatileStoresAreSequentiallyConsistent() throws Exception {
        String body = optimised("publish");
        assertTrue(body.contains("store atomic i32 1, ptr %") && body.contains("seq_cst, align 4"), body);
        assertTrue(body.matches("(?s).*store atomic i8 1, ptr @\"?org.zeptux.compiler.testdata.Concurrency.ready[.0-9]*\"? seq_cst, align 1.*"),
                body);
    }
}
