package org.zeptux.compiler.lower;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;
import org.zeptux.compiler.dialect.Rules;

/**
 * The dialect's checks, as passes that run before a method is lowered, in the order of this table:
 *
 * <pre>
 *   class shapes, bytecodes      dialect.Rules         (floats, monitors, lambdas, catch, concatenation ...)
 *   the raw API                  dialect.UnsafeRule    (Memory, Port, Cpu outside @Unsafe packages)
 *   superclasses                 Program               (only Object and Enum of the JDK's)
 *   then, over each method's reachable instructions ({@link #PASSES}, one file each):
 *   constants                    {@link ConstantRule}      (ldc of a float, a double, a method handle ...)
 *   fields                       {@link FieldRule}         (fields of classes not compiled; the kernel's, in a module)
 *   instanceof and casts         {@link CastRule}          (to classes not compiled)
 *   java.util.Arrays             {@link ArraysRule}        (only fill and equals of primitive arrays)
 *   print and println            {@link ConsoleRule}       (of a String, char, int, long or boolean)
 *   exceptions' constructors     {@link ThrowRule}         (X() and X(String message); an assert's detail)
 *   static calls                 {@link StaticCallRule}    (what does not resolve; values() and valueOf; the module API)
 *   calls on objects             {@link ObjectCallRule}    (Object's identity methods; classes not compiled; the kernel's objects)
 *   then, over each method's values ({@link #VALUE_PASSES}):
 *   compile-time values          {@link CompileTimeValueRule} (an exception being built, System.out, a class literal)
 * </pre>
 *
 * These need the closed world (which classes, fields and methods are compiled), so they run in
 * lowering's package, after the class checks and before the method's walk, with the method's
 * frames. Each refusal is reported at its instruction's line with the method named, all of a
 * method's together, except at an instruction that only uses what a refused instruction made (it
 * follows from the first). Lowering takes the instructions refused here as refused: it does not
 * check them again.
 */
final class DialectPasses {
    private DialectPasses() {}

    /** One check of one reachable instruction of a method. */
    interface Pass {
        /** Why {@code insn} is not in the dialect, or null when this pass does not refuse it. */
        String refusal(Program program, AbstractInsnNode insn);
    }

    /** One check of a method's values, over all its instructions at once (an abstract interpretation). */
    interface ValuePass {
        /** The instructions of {@code method} this pass refuses, with why ({@code frames} not null where reachable). */
        Map<AbstractInsnNode, String> refusals(Program program, ClassNode cls, MethodNode method, Frame<BasicValue>[] frames);
    }

    /** The value passes, run after {@link #PASSES}: an instruction the passes before refused is not reported again. */
    static final List<ValuePass> VALUE_PASSES = List.of(new CompileTimeValueRule());

    /** The instruction passes, in order; the first that refuses an instruction reports it. */
    static final List<Pass> PASSES = List.of(
            new ConstantRule(),
            new FieldRule(),
            new CastRule(),
            new ArraysRule(),
            new ConsoleRule(),
            new ThrowRule(),
            new StaticCallRule(),
            new ObjectCallRule());

    /**
     * Runs {@link #PASSES} and {@link #VALUE_PASSES} over {@code method}'s reachable instructions ({@code frames} not null),
     * reports what they refuse, and returns every refused instruction with its message.
     */
    static Map<AbstractInsnNode, String> check(Program program, ClassNode cls, MethodNode method,
            Frame<BasicValue>[] frames) {
        Map<AbstractInsnNode, String> refused = new LinkedHashMap<>();
        Map<AbstractInsnNode, Integer> lines = new LinkedHashMap<>();
        int line = 0;
        for (int i = 0; i < method.instructions.size(); i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            if (insn instanceof LineNumberNode ln) {
                line = ln.line;
            }
            if (frames[i] == null || insn.getOpcode() < 0 || Rules.refusal(insn) != null
                    || insn.getOpcode() == Opcodes.MONITOREXIT) {
                continue;                           // unreachable, or refused by Rules already
            }
            lines.put(insn, line);
            for (Pass p : PASSES) {
                String why = p.refusal(program, insn);
                if (why != null) {
                    refused.put(insn, why);
                    break;
                }
            }
        }
        for (ValuePass p : VALUE_PASSES) {
            for (var e : p.refusals(program, cls, method, frames).entrySet()) {
                if (lines.containsKey(e.getKey())) {    // reachable, and not refused by Rules
                    refused.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        if (refused.isEmpty()) {
            return refused;
        }
        Map<AbstractInsnNode, String> ordered = new LinkedHashMap<>();
        for (int i = 0; i < method.instructions.size(); i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            if (refused.containsKey(insn)) {
                ordered.put(insn, refused.get(insn));
            }
        }
        refused = ordered;
        Map<AbstractInsnNode, Boolean> following = followers(cls, method, refused);
        for (var e : refused.entrySet()) {
            if (!following.getOrDefault(e.getKey(), false)) {
                program.diag().error(cls, lines.get(e.getKey()), e.getValue() + Rules.where(cls, method));
            }
        }
        return refused;
    }

    /**
     * Of the refused instructions, those that run with a value on the operand stack (or load a
     * local) that a refused instruction made, this pass's or Rules': their refusal follows from
     * the first, as lowering's walk sees it (it does not report what runs on a refused value).
     * A refused instruction's value stays refused through locals and stack copies.
     */
    private static Map<AbstractInsnNode, Boolean> followers(ClassNode cls, MethodNode method,
            Map<AbstractInsnNode, String> refused) {
        Frame<SourceValue>[] sources;
        try {
            sources = new Analyzer<>(new SourceInterpreter()).analyze(cls.name, method);
        } catch (AnalyzerException e) {
            return Map.of();
        }
        int n = method.instructions.size();
        boolean[] tainted = new boolean[n];         // the instruction makes a refused value
        for (int i = 0; i < n; i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            tainted[i] = refused.containsKey(insn) || sources[i] != null && Rules.refusal(insn) != null;
        }
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int i = 0; i < n; i++) {
                AbstractInsnNode insn = method.instructions.get(i);
                Frame<SourceValue> f = sources[i];
                if (tainted[i] || f == null || insn.getOpcode() < 0) {
                    continue;
                }
                boolean t = t(insn, f, method, tainted);
                if (t) {
                    tainted[i] = true;
                    changed = true;
                }
            }
        }
        Map<AbstractInsnNode, Boolean> following = new LinkedHashMap<>();
        for (AbstractInsnNode insn : refused.keySet()) {
            Frame<SourceValue> f = sources[method.instructions.indexOf(insn)];
            following.put(insn, f != null && stackTainted(f, method, tainted));
        }
        return following;
    }

    /** Whether a load reads a local a refused value was stored in, a store stores one, or a dup or swap moves one. */
    private static boolean t(AbstractInsnNode insn, Frame<SourceValue> f, MethodNode method, boolean[] tainted) {
        int op = insn.getOpcode();
        if (insn instanceof VarInsnNode v && op >= Opcodes.ILOAD && op <= Opcodes.ALOAD) {
            return anyTainted(f.getLocal(v.var), method, tainted);
        }
        if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
            return f.getStackSize() > 0 && anyTainted(f.getStack(f.getStackSize() - 1), method, tainted);
        }
        return op >= Opcodes.DUP && op <= Opcodes.SWAP && stackTainted(f, method, tainted);
    }

    /** Whether a value on {@code f}'s operand stack is refused. */
    private static boolean stackTainted(Frame<SourceValue> f, MethodNode method, boolean[] tainted) {
        for (int d = 0; d < f.getStackSize(); d++) {
            if (anyTainted(f.getStack(d), method, tainted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyTainted(SourceValue v, MethodNode method, boolean[] tainted) {
        for (AbstractInsnNode s : v.insns) {
            if (tainted[method.instructions.indexOf(s)]) {
                return true;
            }
        }
        return false;
    }
}
