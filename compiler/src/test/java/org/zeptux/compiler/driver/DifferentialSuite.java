package org.zeptux.compiler.driver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.zeptux.compiler.testdata.diff.Arrays;
import org.zeptux.compiler.testdata.diff.Asserts;
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

/**
 * The differential suite as one hosted executable: its cases (the public static void methods of
 * the classes in {@code testdata.diff}), the generated {@code Driver} that runs them, and the
 * class directory zeptuxc builds it from. {@link DifferentialSuiteTests} compares it with the
 * JVM; {@link HostedSuite} prepares it to run inside Zeptux.
 *
 * <p>{@code Driver.main} runs the case whose number is its argument (a failing case, each in a
 * process of its own) or, without one, every case that does not fail, each after a header line.
 */
public final class DifferentialSuite {
    private DifferentialSuite() {}

    /** The families, in the order they run. */
    public static final List<Class<?>> FAMILIES = List.of(IntArith.class, LongArith.class, Narrow.class, Branches.class,
            Switches.class, Loops.class, StaticFields.class, StaticInit.class, Arrays.class, Strings.class,
            Helpers.class, Calls.class, Printing.class, Throws.class, Algorithms.class, org.zeptux.compiler.testdata.diff.Objects.class,
            org.zeptux.compiler.testdata.diff.Unboxed.class, Inheritance.class, ArrayCopies.class, NullChecks.class, JdkSurface.class, Asserts.class,
            ClassNamesInFailures.class);

    public static final String PACKAGE = "org.zeptux.compiler.testdata.diff";
    public static final String DRIVER = PACKAGE.replace('.', '/') + "/Driver";
    static final String SELECTOR = PACKAGE.replace('.', '/') + "/Selector";

    /** One case: a family class and a method. */
    public record Case(String owner, String method) {
        public String name() {
            return owner.substring(owner.lastIndexOf('/') + 1) + "." + method;
        }

        public boolean fails() {
            return method.startsWith("fails");
        }

        String header() {
            return "@@ " + name() + "\n";
        }
    }

    /** Every case, family by family, each in source order. */
    public static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (Class<?> family : FAMILIES) {
            cases.addAll(casesOf(family));
        }
        return cases;
    }

    /**
     * The suite's classes in {@code dir}: the families, the selector and the driver for the
     * {@code passing} and {@code failing} cases; returns {@code dir}.
     */
    public static Path classes(Path dir, List<Case> passing, List<Case> failing) throws Exception {
        List<Class<?>> copied = new ArrayList<>(FAMILIES);
        copied.add(Class.forName(PACKAGE + ".Selector"));
        Path classes = TestClasses.copy(dir, copied.toArray(new Class<?>[0]));
        // NullChecks as javac -g:source,lines writes it: HotSpot then names locals <localN>, <parameterN>, this.
        for (String c : List.of("NullChecks", "NullChecks$Node")) {
            stripLocalNames(classes.resolve(PACKAGE.replace('.', '/') + "/" + c + ".class"));
        }
        Files.write(classes.resolve(DRIVER + ".class"), driver(passing, failing));
        return classes;
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
}
