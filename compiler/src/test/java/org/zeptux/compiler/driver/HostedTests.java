package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.testdata.Semantics;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * Differential testing: each program runs on the JVM and, built by {@code zeptuxc build
 * --target hosted}, as a native process. Standard output must be byte-identical, the exit
 * status the same (0, or 1 for an uncaught exception), and the failure line must name the
 * same exception (and the same message where zeptuxc knows it).
 */
class HostedTests {
    @TempDir
    Path dir;

    /** What a run produced. */
    record Outcome(String stdout, String stderr, int status) {
        String failureLine() {
            return stderr.lines().filter(l -> l.startsWith("Exception in thread")).findFirst().orElse("");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Printing", "Grid", "DivideByZero", "OutOfBounds", "Thrown", "NullString"})
    void nativeRunMatchesTheJvm(String name) throws Exception {
        Class<?> program = Class.forName("org.zeptux.compiler.testdata.programs." + name);
        Outcome jvm = onJvm(program);
        Outcome hosted = natively(program);
        assertEquals(jvm.stdout(), hosted.stdout(), "stdout");
        assertEquals(jvm.status(), hosted.status(), "exit status; stderr:\n" + hosted.stderr());
        if (jvm.status() != 0) {
            String expected = jvm.failureLine();
            String actual = hosted.failureLine();
            // Implicit checks carry no message natively; the JVM's helpful messages are not constants.
            assertTrue(actual.equals(expected) || expected.startsWith(actual + ": "),
                    "failure line\n  JVM:    " + expected + "\n  native: " + actual);
            assertTrue(hosted.stderr().contains("\n\tat org.zeptux.compiler.testdata.programs." + name + "."),
                    "the failure names the Java method and line:\n" + hosted.stderr());
        } else {
            assertEquals(jvm.stderr(), hosted.stderr(), "stderr");
        }
    }

    private static Outcome onJvm(Class<?> program) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = 0;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            try {
                program.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } catch (InvocationTargetException x) {
                Throwable t = x.getCause();
                System.err.println("Exception in thread \"main\" " + t);
                status = 1;
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Outcome(o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8), status);
    }

    private Outcome natively(Class<?> program) throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), program, Semantics.class);
        Path exe = dir.resolve(program.getSimpleName());
        new Pipeline(new Toolchain(System.out, false)).buildHosted(List.of(classes), program.getName(), exe, null);
        Process p = new ProcessBuilder(exe.toString()).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (java.io.IOException ignored) {
                // the process is gone
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(program.getSimpleName() + " did not finish");
        }
        drain.join();
        assertTrue(Files.size(exe) > 0);
        return new Outcome(out, err.toString(StandardCharsets.UTF_8), p.exitValue());
    }
}
