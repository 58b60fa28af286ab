package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.dialect.Diagnostics;
import org.zeptux.compiler.dialect.Rules;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;
import org.zeptux.compiler.load.ClassPath;

/**
 * The table of kernel tests the kernel's KTAP runner reads: four exported functions,
 * {@code zeptux_ktest_count()}, {@code zeptux_ktest_name(i)} (a String),
 * {@code zeptux_ktest_skip(i)} (1 for a JVM-only test) and {@code zeptux_ktest_run(i)}.
 * With {@code --ktest} they list every {@code @KTest} method, sorted by class and name; without
 * it the table is empty, so the runner links in every kernel.
 */
final class KTestTable {
    private KTestTable() {}

    static final String KTEST = "Lorg/zeptux/rt/KTest;";

    private record Test(ClassNode owner, MethodNode method, boolean jvmOnly) {}

    /** Whether compiled code refers to the table (the kernel's KTAP runner does). */
    static boolean wanted(Module module) {
        return module.declarations().containsKey("zeptux_ktest_count");
    }

    /** Adds the table to {@code module}: the tests of {@code classPath} when {@code include}, else none. */
    static void add(Module module, ClassPath classPath, boolean include, Diagnostics diag, ImageHeap heap) {
        List<Test> tests = new ArrayList<>();
        if (include) {
            for (ClassNode cls : classPath.classes().values()) {
                for (MethodNode m : cls.methods) {
                    AnnotationNode a = annotation(m);
                    if (a == null) {
                        continue;
                    }
                    if ((m.access & Opcodes.ACC_STATIC) == 0 || !m.desc.equals("()V")) {
                        diag.error(cls, Rules.firstLine(m, 0), "@KTest method " + m.name
                                + " must be static void with no parameters");
                        continue;
                    }
                    tests.add(new Test(cls, m, "JVM".equals(world(a))));
                }
            }
            tests.sort(Comparator.comparing((Test t) -> t.owner().name).thenComparing(t -> t.method().name));
        }
        Function count = new Function("zeptux_ktest_count", Type.I32, Function.Ext.NONE, true);
        count.newBlock("entry").add(new Instr.Return(Value.constant(Type.I32, tests.size())));
        module.add(count);

        Function name = new Function("zeptux_ktest_name", Type.PTR, Function.Ext.NONE, true);
        Function skip = new Function("zeptux_ktest_skip", Type.I32, Function.Ext.NONE, true);
        Function run = new Function("zeptux_ktest_run", Type.VOID, Function.Ext.NONE, true);
        Value nameIndex = name.addParam(Type.I32, Function.Ext.NONE);
        Value skipIndex = skip.addParam(Type.I32, Function.Ext.NONE);
        Value runIndex = run.addParam(Type.I32, Function.Ext.NONE);
        Block nameEntry = name.newBlock("entry");
        Block skipEntry = skip.newBlock("entry");
        Block runEntry = run.newBlock("entry");
        Block nameNone = name.newBlock("none");
        Block skipNone = skip.newBlock("none");
        Block runNone = run.newBlock("none");
        nameNone.add(new Instr.Return(Value.nullPtr()));
        skipNone.add(new Instr.Return(Value.constant(Type.I32, 1)));
        runNone.add(new Instr.Return(null));
        List<Long> keys = new ArrayList<>();
        List<Block> names = new ArrayList<>();
        List<Block> skips = new ArrayList<>();
        List<Block> runs = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            Test t = tests.get(i);
            keys.add((long) i);
            String simple = t.owner().name.substring(t.owner().name.lastIndexOf('/') + 1);
            Block nb = name.newBlock("t" + i);
            nb.add(new Instr.Return(new Value.Symbol(heap.string(simple + "." + t.method().name))));
            names.add(nb);
            Block sb = skip.newBlock("t" + i);
            sb.add(new Instr.Return(Value.constant(Type.I32, t.jvmOnly() ? 1 : 0)));
            skips.add(sb);
            Block rb = run.newBlock("t" + i);
            if (!t.jvmOnly()) {
                rb.add(new Instr.Call(Type.VOID, Program.methodSymbol(t.owner(), t.method()), List.of(), false));
            }
            rb.add(new Instr.Return(null));
            runs.add(rb);
        }
        nameEntry.add(new Instr.Switch(nameIndex, nameNone, keys, names));
        skipEntry.add(new Instr.Switch(skipIndex, skipNone, keys, skips));
        runEntry.add(new Instr.Switch(runIndex, runNone, keys, runs));
        module.add(name);
        module.add(skip);
        module.add(run);
    }

    private static AnnotationNode annotation(MethodNode m) {
        if (m.visibleAnnotations == null) {
            return null;
        }
        for (AnnotationNode a : m.visibleAnnotations) {
            if (a.desc.equals(KTEST)) {
                return a;
            }
        }
        return null;
    }

    /** The {@code only} element's enum constant name, or null for the default (BOTH). */
    private static String world(AnnotationNode a) {
        if (a.values == null) {
            return null;
        }
        for (int i = 0; i + 1 < a.values.size(); i += 2) {
            if ("only".equals(a.values.get(i)) && a.values.get(i + 1) instanceof String[] e) {
                return e[1];
            }
        }
        return null;
    }
}
