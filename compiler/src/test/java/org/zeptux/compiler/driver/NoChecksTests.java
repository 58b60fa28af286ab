package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.cli.Main;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.lower.Options;
import org.zeptux.compiler.testdata.programs.Checked;

/**
 * {@code --no-checks}, the switch that measures what Java's implicit checks cost: it removes
 * the null and bounds checks (and nothing else), and correct programs still compute the same.
 */
class NoChecksTests {
    @TempDir
    Path dir;

    @Test
    void removesNullAndBoundsChecksOnly() throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), Checked.class);
        String on = Pipeline.emitLlvm(List.of(classes), Target.KERNEL, "m", Options.DEFAULT);
        String off = Pipeline.emitLlvm(List.of(classes), Target.KERNEL, "m", Options.DEFAULT.withChecks(false));
        for (String kind : List.of("NullPointerException", "ArrayIndexOutOfBoundsException",
                "StringIndexOutOfBoundsException")) {
            assertTrue(on.contains(kind), kind + " is checked by default");
            assertFalse(off.contains(kind), kind + " is not checked with --no-checks");
        }
        assertTrue(off.contains("ArithmeticException"), "division by zero is still checked (else it is undefined)");
    }

    @Test
    void buildNoChecksRunsCorrectProgramsAsTheJvmDoes() throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), Checked.class);
        Path exe = dir.resolve("checked");
        Path ll = dir.resolve("checked.ll");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"build", "--target", "hosted", "--no-checks", "-cp", classes.toString(),
                "--main", Checked.class.getName(), "--emit-ll", ll.toString(), "-o", exe.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        assertFalse(Files.readString(ll).contains("ArrayIndexOutOfBoundsException"));
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String native_ = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        assertEquals(Differential.onJvm(Checked.class).stdout(), native_);
    }
}
