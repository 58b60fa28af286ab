package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.testdata.diff.Algorithms;
import org.zeptux.compiler.testdata.diff.ArrayCopies;
import org.zeptux.compiler.testdata.diff.Asserts;
import org.zeptux.compiler.testdata.diff.Arrays;
import org.zeptux.compiler.testdata.diff.Branches;
import org.zeptux.compiler.testdata.diff.Calls;
import org.zeptux.compiler.testdata.diff.ClassNamesInFailures;
import org.zeptux.compiler.testdata.diff.Helpers;
import org.zeptux.compiler.testdata.diff.Inheritance;
import org.zeptux.compiler.testdata.diff.IntArith;
import org.zeptux.compiler.testdata.diff.JdkSurface;
import org.zeptux.compiler.testdata.diff.LongArith;
import org.zeptux.compiler.testdata.diff.Loops;
import org.zeptux.compiler.testdata.diff.Narrow;
import org.zeptux.compiler.testdata.diff.NullChecks;
import org.zeptux.compiler.testdata.diff.Printing;
import org.zeptux.compiler.testdata.diff.StaticFields;
import org.zeptux.compiler.testdata.diff.StaticInit;
import org.zeptux.compiler.testdata.diff.Strings;
import org.zeptux.compiler.testdata.diff.Switches;
import org.zeptux.compiler.testdata.diff.Throws;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * The differential suite: hundreds of small cases (the public static void methods of the
 * classes in {@code testdata.diff}, one class per bytecode family) run on the JVM and compiled
 * hosted, compared case by case: stdout byte for byte, and for the cases named {@code fails...}
 * the exit status, the exception line and the Java location of the failure.
 *
 * <p>All cases go into one hosted executable, whose generated {@code Driver.main} runs the case
 * whose number is its argument (each failing case in a process of its own) or, without one,
 * every case that does not fail, each after a header line. On the JVM the non-failing cases run
 * in order in one fresh class loader (as in the one native process: static state carries over),
 * each failing case in a fresh class loader of its own (as in its own process).
 */
class DifferentialSuiteTests {
    /** The families, in the order they run. */
    static final List<Class<?>> FAMILIES = List.of(IntArith.class, LongArith.class, Narrow.class, Branches.class,
            Switches.class, Loops.class, StaticFields.class, StaticInit.class, Arrays.class, Strings.class,
            Helpers.class, Calls.class, Printing.class, Throws.class, Algorithms.class, org.zeptux.compiler.testdata.diff.Objects.class,
            org.zeptux.compiler.testdata.diff.Unboxed.class, Inheritance.class, ArrayCopies.class, NullChecks.class, JdkSurface.class, Asserts.class,
            ClassNamesInFailures.class);

    static final String PACKAGE = "org.zeptux.compiler.testdata.diff";
    static final String DRIVER = PACKAGE.replace('.', '/') + "/Driver";
    static final String SELECTOR = PACKAGE.replace('.', '/') + "/Selector";

    @TempDir
    Path dir;

    /** One case: a family class and a method. */
    record Case(String owner, String method) {
        String name() {
            return owner.substring(owner.lastIndexOf('/') + 1) + "." + method;
        }

        boolean fails() {
            return method.startsWith("fails");
        }

        String header() {
            return "@@ " + name() + "\n";
        }
    }

    @Test
    void everyCaseAgreesWithTheJvm() throws Exception {
        long start = System.nanoTime();
        List<Class<?>> copied = new ArrayList<>(FAMILIES);
        copied.add(Class.forName(PACKAGE + ".Selector"));
        Path classes = TestClasses.copy(dir.resolve("classes"), copied.toArray(new Class<?>[0]));
        // NullChecks as javac -g:source,lines writes it: HotSpot then names locals <localN>, <parameterN>, this.
        for (String c : List.of("NullChecks", "NullChecks$Node")) {
            stripLocalNames(classes.resolve(PACKAGE.replace('.', '/') + "/" + c + ".class"));
        }
        List<Case> cases = new ArrayList<>();
        for (Class<?> family : FAMILIES) {
            cases.addAll(casesOf(family));
        }
        List<Case> passing = cases.stream().filter(c -> !c.fails()).toList();
        List<Case> failing = cases.stream().filter(Case::fails).toList();
        Files.write(classes.resolve(DRIVER + ".class"), driver(passing, failing));

        Path exe = dir.resolve("suite");
        try {
            new Pipeline(new Toolchain(System.out, false)).buildHosted(List.of(classes), DRIVER.replace('/', '.'),
                    exe, null);
        } catch (CompileException e) {
            throw new AssertionError("zeptuxc refused the suite:\n" + e.errors().stream()
                    .map(Object::toString).collect(java.util.stream.Collectors.joining("\n")), e);
        }
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
                + " on the JVM and hosted, %d ms%n", cases.size(), FAMILIES.size(), failing.size(), millis);
        assertTrue(problems.isEmpty(), problems.size() + " of " + cases.size() + " cases disagree:\n"
                + String.join("\n", problems));
        assertTrue(cases.size() >= 300, "the suite has " + cases.size() + " cases, fewer than 300");
    }

    /** Rewrites a class file without its local variable tables (the names javac -g records). */
    static void stripLocalNames(Path classFile) throws IOException {
        ClassNode cls = new ClassNode();
        new ClassReader(Files.readAllBytes(classFile)).accept(cls, 0);
        for (MethodNode m : cls.methods) {
            m.localVariables = null;
        }
        ClassWriter w = new ClassWriter(0);
        cls.accept(w);
        Files.write(classFile, w.toByteArray());
    }

    /** The family's cases in source order: public static void methods without parameters. */
    static List<Case> casesOf(Class<?> family) throws IOException {
        ClassNode cls = new ClassNode();
        try (InputStream in = family.getResourceAsStream(family.getSimpleName() + ".class")) {
            new ClassReader(in).accept(cls, ClassReader.SKIP_CODE);
        }
        List<Case> cases = new ArrayList<>();
        int want = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC;
        for (MethodNode m : cls.methods) {
            if ((m.access & want) == want && m.desc.equals("()V") && !m.name.equals("<clinit>")) {
                cases.add(new Case(cls.name, m.name));
            }
        }
        return cases;
    }

    /**
     * {@code Driver.main}: reads the selector (its argument); -1 (none) runs every passing case
     * after its header line, {@code i} runs failing case {@code i} alone.
     */
    static byte[] driver(List<Case> passing, List<Case> failing) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, DRIVER, null,
                "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "main", "([Ljava/lang/String;)V",
                null, null);
        mv.visitCode();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SELECTOR, "read", "()I", false);
        Label all = new Label();
        Label end = new Label();
        Label[] targets = new Label[failing.size() + 1];
        targets[0] = all;
        for (int i = 1; i < targets.length; i++) {
            targets[i] = new Label();
        }
        mv.visitTableSwitchInsn(-1, failing.size() - 1, end, targets);
        mv.visitLabel(all);
        for (Case c : passing) {
            mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
            mv.visitLdcInsn(c.header());
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/io/PrintStream", "print", "(Ljava/lang/String;)V", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, c.owner(), c.method(), "()V", false);
        }
        mv.visitJumpInsn(Opcodes.GOTO, end);
        for (int i = 0; i < failing.size(); i++) {
            mv.visitLabel(targets[i + 1]);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, failing.get(i).owner(), failing.get(i).method(), "()V", false);
            mv.visitJumpInsn(Opcodes.GOTO, end);
        }
        mv.visitLabel(end);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
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
                    if (s.getClassName().startsWith(PACKAGE + ".")) {
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
