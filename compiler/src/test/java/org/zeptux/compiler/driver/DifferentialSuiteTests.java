package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.driver.DifferentialSuite.Case;

/**
 * The differential suite: hundreds of small cases (the public static void methods of the
 * classes in {@code testdata.diff}, one class per bytecode family) run on the JVM and compiled
 * hosted, compared case by case: stdout byte for byte, and for the cases named {@code fails...}
 * the exit status, the exception line and the Java location of the failure.
 *
 * <p>All cases go into one hosted executable ({@link DifferentialSuite}), whose generated
 * {@code Driver.main} runs the case whose number is its argument (each failing case in a process
 * of its own) or, without one, every case that does not fail, each after a header line. On the
 * JVM the non-failing cases run in order in one fresh class loader (as in the one native process:
 * static state carries over), each failing case in a fresh class loader of its own (as in its
 * own process).
 */
class DifferentialSuiteTests {
    @TempDir
    Path dir;

    @Test
    void everyCaseAgreesWithTheJvm() throws Exception {
        long start = System.nanoTime();
        List<Case> cases = DifferentialSuite.cases();
        List<Case> passing = cases.stream().filter(c -> !c.fails()).toList();
        List<Case> failing = cases.stream().filter(Case::fails).toList();
        Path classes = DifferentialSuite.classes(dir.resolve("classes"), passing, failing);

        Path exe = dir.resolve("suite");
        Differential.build(classes, DifferentialSuite.DRIVER.replace('/', '.'), exe);
        List<String> problems = new ArrayList<>();

        // Every case that does not fail: one JVM class loader, one native process.
        StringBuilder jvmErr = new StringBuilder();
        List<String> expected = new ArrayList<>();
        try (URLClassLoader loader = loader(classes)) {
            for (Case c : passing) {
                Run r = onJvm(loader, c);
                expected.add(r.stdout);
                jvmErr.append(r.stderr);
                if (r.failure != null) {
                    problems.add(c.name() + ": throws on the JVM (" + r.failure + "); only fails... cases may");
                }
            }
        }
        Run all = natively(exe, List.of());
        String out = all.stdout;
        int at = 0;
        for (int i = 0; i < passing.size(); i++) {
            Case c = passing.get(i);
            int h = out.indexOf(c.header(), at);
            if (h != at) {
                problems.add(c.name() + ": the native run " + (h < 0 ? "stopped before it (exit status "
                        + all.status + ", stderr: " + all.stderr.strip() + ")" : "printed more before it: "
                        + out.substring(at, h)));
                break;
            }
            int from = h + c.header().length();
            int next = i + 1 < passing.size() ? out.indexOf(passing.get(i + 1).header(), from) : out.length();
            String got = next < 0 ? out.substring(from) : out.substring(from, next);
            if (!got.equals(expected.get(i))) {
                problems.add(c.name() + ": stdout differs\n  JVM:    " + show(expected.get(i)) + "\n  native: "
                        + show(got));
            }
            at = next < 0 ? out.length() : next;
        }
        if (problems.isEmpty() && (all.status != 0 || !all.stderr.equals(jvmErr.toString()))) {
            problems.add("the run of all non-failing cases: exit status " + all.status + ", stderr differs\n  JVM:    "
                    + show(jvmErr.toString()) + "\n  native: " + show(all.stderr));
        }

        // Each failing case: a fresh class loader, a process of its own.
        for (int i = 0; i < failing.size(); i++) {
            Case c = failing.get(i);
            Run jvm;
            try (URLClassLoader loader = loader(classes)) {
                jvm = onJvm(loader, c);
            }
            Run nat = natively(exe, List.of(Integer.toString(i)));
            String natLine = nat.stderr.lines().filter(l -> l.startsWith("Exception in thread")).findFirst().orElse("");
            String natWhere = nat.stderr.lines().filter(l -> l.startsWith("\tat ")).findFirst().orElse("");
            if (jvm.failure == null) {
                problems.add(c.name() + ": does not fail on the JVM");
            } else if (!jvm.stdout.equals(nat.stdout)) {
                problems.add(c.name() + ": stdout differs\n  JVM:    " + show(jvm.stdout) + "\n  native: "
                        + show(nat.stdout));
            } else if (nat.status != 1) {
                problems.add(c.name() + ": exit status " + nat.status + ", not 1; stderr: " + nat.stderr);
            } else if (!natLine.equals(Differential.asRunByJava(jvm.failure))) {
                problems.add(c.name() + ": failure line\n  JVM:    " + jvm.failure + "\n  native: " + natLine);
            } else if (!natWhere.equals("\tat " + jvm.where)) {
                problems.add(c.name() + ": failure location\n  JVM:    " + jvm.where + "\n  native: " + natWhere);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("differential suite: %d cases in %d families (%d failing, each in its own process)"
                + " on the JVM and hosted, %d ms%n", cases.size(), DifferentialSuite.FAMILIES.size(), failing.size(), millis);
        assertTrue(problems.isEmpty(), problems.size() + " of " + cases.size() + " cases disagree:\n"
                + String.join("\n", problems));
        assertTrue(cases.size() >= 300, "the suite has " + cases.size() + " cases, fewer than 300");
    }

    /** What one run printed; for a failure the exception line and the first frame in the suite's classes. */
    record Run(String stdout, String stderr, int status, String failure, String where) {}

    /** A class loader over the suite's classes with assertions enabled, as in compiled code (java -ea). */
    static URLClassLoader loader(Path classes) throws IOException {
        // The runtime API too: the unboxed types (PhysAddr, ...) are its classes on the JVM.
        URL runtime = org.zeptux.rt.PhysAddr.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), runtime},
                ClassLoader.getPlatformClassLoader());
        loader.setDefaultAssertionStatus(true);
        return loader;
    }

    /** Runs one case on the JVM with stdout and stderr captured (UTF-8), as an uncaught exception would end it. */
    static Run onJvm(ClassLoader loader, Case c) throws ReflectiveOperationException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String failure = null;
        String where = null;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            try {
                loader.loadClass(c.owner().replace('/', '.')).getMethod(c.method()).invoke(null);
            } catch (InvocationTargetException x) {
                Throwable t = x.getCause();
                failure = "Exception in thread \"main\" " + t;
                for (StackTraceElement s : t.getStackTrace()) {
                    if (s.getClassName().startsWith(DifferentialSuite.PACKAGE + ".")) {
                        where = s.getClassName() + "." + s.getMethodName() + "(" + s.getFileName() + ":"
                                + s.getLineNumber() + ")";
                        break;
                    }
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8), failure == null ? 0 : 1,
                failure, where);
    }

    /** Runs the suite's executable with {@code args} (stdin empty). */
    static Run natively(Path exe, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(exe.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
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
            throw new AssertionError("the suite's executable did not finish (arguments: " + args + ")");
        }
        drain.join();
        return new Run(out, err.toString(StandardCharsets.UTF_8), p.exitValue(), null, null);
    }

    private static String show(String s) {
        return s.replace("\n", "\\n");
    }
}
