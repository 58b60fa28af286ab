package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.zeptux.compiler.toolchain.Toolchain;

/** Runs a program's main on the JVM and natively (hosted target), and compares what they did. */
public final class Differential {
    private Differential() {}

    /** What a run produced. */
    public record Outcome(String stdout, String stderr, int status) {
        String failureLine() {
            return stderr.lines().filter(l -> l.startsWith("Exception in thread")).findFirst().orElse("");
        }
    }

    /** Runs {@code program.main} in this JVM with stdout and stderr captured (UTF-8). */
    public static Outcome onJvm(Class<?> program) throws ReflectiveOperationException {
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
                System.err.println("Exception in thread \"main\" " + x.getCause());
                status = 1;
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Outcome(o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8), status);
    }

    /** Builds {@code mainClass} from {@code classes} for the hosted target into {@code exe} and runs it. */
    public static Outcome natively(Path classes, String mainClass, Path exe) throws Exception {
        build(classes, mainClass, exe);
        return run(exe, List.of(), null);
    }

    /** Builds {@code mainClass} from {@code classes} for the hosted target into {@code exe}; a refusal fails with zeptuxc's errors. */
    public static void build(Path classes, String mainClass, Path exe) throws Exception {
        try {
            new Pipeline(new Toolchain(System.out, false)).buildHosted(List.of(classes), mainClass, exe, null);
        } catch (CompileException e) {
            throw new AssertionError("zeptuxc refused " + mainClass + ":\n" + e.errors().stream()
                    .map(Object::toString).collect(java.util.stream.Collectors.joining("\n")), e);
        }
    }

    /**
     * Runs the executable {@code exe} with {@code args} in the working directory {@code cwd}
     * (null: this process's), stdin empty; what it wrote to stdout and stderr (UTF-8) and its status.
     */
    public static Outcome run(Path exe, List<String> args, Path cwd) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(exe.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(exe.getFileName() + " did not finish");
        }
        drain.join();
        return new Outcome(out, err.toString(StandardCharsets.UTF_8), p.exitValue());
    }

    /**
     * The JVM's failure line as compiled code prints it: classes loaded by a test's own class
     * loader are described as the application class loader's, as when the program runs with
     * {@code java -cp} (HotSpot's ClassCastException messages name the loader).
     */
    static String asRunByJava(String failure) {
        return failure.replaceAll("loader java\\.net\\.URLClassLoader @[0-9a-f]+", "loader 'app'");
    }

    /**
     * Asserts the runs agree: stdout byte for byte, exit status, and for a failure the same
     * exception (the same message where the native side has one) reported at a Java location.
     */
    public static void assertAgree(Outcome jvm, Outcome hosted, String what) {
        assertEquals(jvm.stdout(), hosted.stdout(), what + ": stdout");
        assertEquals(jvm.status(), hosted.status(), what + ": exit status; stderr:\n" + hosted.stderr());
        if (jvm.status() != 0) {
            String expected = jvm.failureLine();
            String actual = hosted.failureLine();
            assertTrue(actual.equals(asRunByJava(expected)),
                    what + ": failure line\n  JVM:    " + expected + "\n  native: " + actual);
            assertTrue(hosted.stderr().contains("\n\tat "), what + ": the failure names a Java location:\n"
                    + hosted.stderr());
        } else {
            assertEquals(jvm.stderr(), hosted.stderr(), what + ": stderr");
        }
    }
}
