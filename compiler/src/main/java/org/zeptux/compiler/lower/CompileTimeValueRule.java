package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * The values that exist only at compile time, and where they may go. Lowering keeps three kinds
 * of value on its symbolic operand stack that have no run-time object behind them:
 * <ul>
 * <li>an exception being built by {@code new X(...)}: it may only be constructed, once, and
 *     thrown ({@code throw new X(message)}; athrow becomes a call of the throw hook);
 * <li>{@code System.out} and {@code System.err}: only the receiver of print and println;
 * <li>a class literal: only the last argument of {@code Structs.at}, {@code size} and
 *     {@code over}, naming a {@code @Struct} interface.
 * </ul>
 * Stack copies (dup, dup_x1 ...) move them; any other use is refused here, before lowering, with
 * the message lowering's walk would give, as is an athrow, a print or a Structs call whose
 * operand is not such a value, and {@code Structs.over} of a static final array too short for
 * the view. The values are tracked by abstract interpretation over the method (ASM's Analyzer
 * with the interpreter below); where paths that made different such values meet, the merged
 * value is refused at its use (lowering could not know which one it holds).
 */
final class CompileTimeValueRule implements DialectPasses.ValuePass {
    static final String ONLY_THROW_NEW = "only 'throw new X(message)' is in the dialect "
            + "(there are no exception objects at run time)";
    static final String ONLY_SYSTEM_STREAMS = "print and println are in the dialect on System.out and System.err only";
    static final String CLASS_LITERAL = "class literals are only in the dialect as the last argument of Structs.at and Structs.size";
    static final String STRUCTS_CLASS = "Structs.at and Structs.size take a class literal as their last argument";

    /** What a value is, for this rule: a run-time value, or one of the compile-time ones. */
    enum Kind { RUNTIME, EXCEPTION, STREAM, CLASS, STATIC, MIXED }

    /** A value of the analysis: its size in stack words, its kind, and what made it. */
    static final class V implements org.objectweb.asm.tree.analysis.Value {
        final int size;
        final Kind kind;
        /** The exception's class, the class literal's class, or for MIXED the kind it mixes. */
        final String name;
        /** The static field read (STATIC). */
        final FieldInsnNode field;

        V(int size, Kind kind, String name, FieldInsnNode field) {
            this.size = size;
            this.kind = kind;
            this.name = name;
            this.field = field;
        }

        @Override
        public int getSize() {
            return size;
        }

        boolean compileTime() {
            return kind == Kind.EXCEPTION || kind == Kind.STREAM || kind == Kind.CLASS || kind == Kind.MIXED;
        }
    }

    static final V ONE = new V(1, Kind.RUNTIME, null, null);
    static final V TWO = new V(2, Kind.RUNTIME, null, null);
    /** Where different compile-time values meet, by the kind of the first: one object each. */
    static final Map<Kind, V> MIXED = Map.of(
            Kind.EXCEPTION, new V(1, Kind.MIXED, Kind.EXCEPTION.name(), null),
            Kind.STREAM, new V(1, Kind.MIXED, Kind.STREAM.name(), null),
            Kind.CLASS, new V(1, Kind.MIXED, Kind.CLASS.name(), null));

    /**
     * The interpreter: a compile-time value is one object per instruction that made it, so stack
     * copies keep it and merges of the same one are unchanged; everything else is a run-time
     * value of its size. A static final array read (getstatic) keeps its field until it is
     * stored or merged with another, for {@code Structs.over}'s length check.
     */
    static final class Values extends Interpreter<V> {
        private final BasicInterpreter basic = new BasicInterpreter();
        private final Map<AbstractInsnNode, V> made = new IdentityHashMap<>();

        Values() {
            super(Opcodes.ASM9);
        }

        private static V sized(BasicValue b) {
            return b == null ? null : b.getSize() == 2 ? TWO : ONE;
        }

        @Override
        public V newValue(Type type) {
            if (type == Type.VOID_TYPE) {
                return null;
            }
            return type != null && type.getSize() == 2 ? TWO : ONE;
        }

        @Override
        public V newOperation(AbstractInsnNode insn) throws AnalyzerException {
            V v = made.get(insn);
            if (v != null) {
                return v;
            }
            if (insn.getOpcode() == Opcodes.NEW) {
                v = new V(1, Kind.EXCEPTION, ((TypeInsnNode) insn).desc, null);
            } else if (insn instanceof FieldInsnNode f && FieldRule.isConsole(f)) {
                v = new V(1, Kind.STREAM, f.name, null);
            } else if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Type t && t.getSort() == Type.OBJECT) {
                v = new V(1, Kind.CLASS, t.getInternalName(), null);
            } else if (insn instanceof FieldInsnNode f && f.desc.startsWith("[")) {
                v = new V(1, Kind.STATIC, null, f);
            } else {
                return sized(basic.newOperation(insn));
            }
            made.put(insn, v);
            return v;
        }

        @Override
        public V copyOperation(AbstractInsnNode insn, V value) {
            int op = insn.getOpcode();
            boolean stackCopy = op >= Opcodes.DUP && op <= Opcodes.DUP2_X2;
            return stackCopy || value.compileTime() ? value : value.size == 2 ? TWO : ONE;
        }

        @Override
        public V unaryOperation(AbstractInsnNode insn, V value) throws AnalyzerException {
            return sized(basic.unaryOperation(insn, BasicValue.INT_VALUE));
        }

        @Override
        public V binaryOperation(AbstractInsnNode insn, V a, V b) throws AnalyzerException {
            return sized(basic.binaryOperation(insn, BasicValue.INT_VALUE, BasicValue.INT_VALUE));
        }

        @Override
        public V ternaryOperation(AbstractInsnNode insn, V a, V b, V c) {
            return null;
        }

        @Override
        public V naryOperation(AbstractInsnNode insn, List<? extends V> values) throws AnalyzerException {
            return sized(basic.naryOperation(insn, List.of()));
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, V value, V expected) {
        }

        @Override
        public V merge(V a, V b) {
            if (a == b) {
                return a;
            }
            if (a.compileTime()) {
                return a.kind == Kind.MIXED ? a : MIXED.get(a.kind);
            }
            if (b.compileTime()) {
                return b.kind == Kind.MIXED ? MIXED.get(Kind.valueOf(b.name)) : MIXED.get(b.kind);
            }
            return a.size == 2 ? TWO : ONE;
        }
    }

    /** One use of a value by an instruction: the operand's position among its operands (0 the deepest). */
    record Use(AbstractInsnNode insn, int index, List<V> operands) {
        V value() {
            return operands.get(index);
        }

        int count() {
            return operands.size();
        }
    }

    @Override
    public Map<AbstractInsnNode, String> refusals(Program program, ClassNode cls, MethodNode method,
            Frame<BasicValue>[] checked) {
        Map<AbstractInsnNode, String> refused = new LinkedHashMap<>();
        if (!concerned(method)) {
            return refused;                         // most methods: no such value, athrow, print or Structs call
        }
        Frame<V>[] frames;
        try {
            frames = new Analyzer<>(new Values()).analyze(cls.name, method);
        } catch (AnalyzerException e) {
            return refused;                         // lowering reports "cannot analyse"
        }
        Map<V, Integer> constructed = new HashMap<>();
        List<Use> throwsOf = new ArrayList<>();
        for (int i = 0; i < method.instructions.size(); i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            Frame<V> f = frames[i];
            if (f == null || checked[i] == null || insn.getOpcode() < 0) {
                continue;
            }
            List<V> operands = operands(insn, f);
            // Lowering takes an instruction's operands from the top of the stack down: the first
            // refusal it meets is the one reported.
            for (int k = operands.size() - 1; k >= 0; k--) {
                Use use = new Use(insn, k, operands);
                if (insn.getOpcode() == Opcodes.ATHROW) {
                    throwsOf.add(use);
                    break;
                }
                String why = refusal(program, use, constructed);
                if (why != null) {
                    refused.put(insn, why);
                    break;
                }
            }
        }
        for (Use t : throwsOf) {
            if (t.value().kind != Kind.EXCEPTION || constructed.getOrDefault(t.value(), 0) == 0) {
                refused.put(t.insn(), ONLY_THROW_NEW);
            }
        }
        return refused;
    }

    /** Whether {@code method} makes or uses a compile-time value: else there is nothing to check. */
    private static boolean concerned(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            int op = insn.getOpcode();
            if (op == Opcodes.NEW || op == Opcodes.ATHROW || op == Opcodes.GETSTATIC && FieldRule.isConsole((FieldInsnNode) insn)
                    || insn instanceof LdcInsnNode ldc && ldc.cst instanceof Type
                    || insn instanceof MethodInsnNode m && (ConsoleRule.isPrint(m) || m.owner.equals("org/zeptux/rt/Structs"))) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code use} is not in the dialect, or null; counts the constructions of each exception. */
    private static String refusal(Program program, Use use, Map<V, Integer> constructed) {
        AbstractInsnNode insn = use.insn();
        V v = use.value();
        int op = insn.getOpcode();
        if (op >= Opcodes.DUP && op <= Opcodes.DUP2_X2) {
            return null;                            // a stack copy moves any value
        }
        boolean receiver = use.index() == 0;
        boolean last = use.index() == use.count() - 1;
        if (op == Opcodes.INVOKESPECIAL && ((MethodInsnNode) insn).name.equals("<init>") && receiver) {
            if (v.kind != Kind.EXCEPTION || constructed.merge(v, 1, Integer::sum) > 1) {
                return LoweringState.NOT_THROWN;
            }
            return null;
        }
        if (op == Opcodes.INVOKEVIRTUAL && ConsoleRule.isPrint((MethodInsnNode) insn) && receiver) {
            if (v.kind == Kind.STREAM) {
                return null;
            }
            return v.compileTime() ? popped(v) : ONLY_SYSTEM_STREAMS;
        }
        if (op == Opcodes.INVOKESTATIC && last && isStructs((MethodInsnNode) insn)) {
            if (v.kind != Kind.CLASS) {
                return STRUCTS_CLASS;
            }
            if (program.model().structSize(v.name) < 0) {
                return v.name.replace('/', '.') + " is not a @Struct interface";
            }
            return null;
        }
        if (op == Opcodes.INVOKESTATIC && use.index() == 0 && isStructsOver((MethodInsnNode) insn)
                && v.kind == Kind.STATIC) {
            return overStorage(program, v.field, use.operands().get(use.count() - 1).name);
        }
        return popped(v);
    }

    /** Why a value cannot be taken as a run-time one, or null when it is one. */
    private static String popped(V v) {
        return switch (v.kind) {
            case EXCEPTION -> LoweringState.NOT_THROWN + " (" + v.name + ")";
            case STREAM -> LoweringState.NOT_A_STREAM;
            case CLASS -> CLASS_LITERAL;
            case MIXED -> switch (Kind.valueOf(v.name)) {
                case STREAM -> LoweringState.NOT_A_STREAM;
                case CLASS -> CLASS_LITERAL;
                default -> LoweringState.NOT_THROWN;
            };
            default -> null;
        };
    }

    /** Structs.over's storage, a static final array whose length is known: long enough for the view {@code type}? */
    private static String overStorage(Program program, FieldInsnNode f, String type) {
        Program.ResolvedField r = program.resolveField(f.owner, f.name, f.desc);
        String array = r == null ? null : program.heap().finalArray(Program.fieldSymbol(r.owner(), r.field()));
        if (array == null) {
            return null;
        }
        int known = program.heap().arrayLength(array);
        int size = program.model().structSize(type);
        return known >= 0 && 8L * known < size ? StructViewLowering.tooSmall(known, type, size) : null;
    }

    static boolean isStructs(MethodInsnNode call) {
        return call.owner.equals("org/zeptux/rt/Structs") && call.desc.endsWith("Ljava/lang/Class;)Ljava/lang/Object;")
                || call.owner.equals("org/zeptux/rt/Structs") && call.name.equals("size")
                        && call.desc.equals("(Ljava/lang/Class;)I");
    }

    static boolean isStructsOver(MethodInsnNode call) {
        return call.owner.equals("org/zeptux/rt/Structs") && call.name.equals("over");
    }

    /**
     * The values {@code insn} takes from the operand stack of {@code f}, deepest first; for an
     * xstore the value stored, for pop and pop2 what they drop (lowering pops them too).
     */
    static List<V> operands(AbstractInsnNode insn, Frame<V> f) {
        int op = insn.getOpcode();
        int n;
        switch (op) {
            case Opcodes.POP, Opcodes.DUP, Opcodes.DUP_X1, Opcodes.DUP_X2 -> n = 1;
            case Opcodes.POP2, Opcodes.DUP2, Opcodes.DUP2_X1, Opcodes.DUP2_X2 -> n = top(f).size == 2 ? 1 : 2;
            case Opcodes.SWAP -> n = 2;
            case Opcodes.IINC -> n = 0;
            default -> {
                Recorder r = new Recorder();
                Frame<V> copy = new Frame<>(f);
                try {
                    copy.execute(insn, r);
                } catch (AnalyzerException e) {
                    return List.of();
                }
                return r.operands;
            }
        }
        List<V> operands = new ArrayList<>();
        for (int d = f.getStackSize() - n; d < f.getStackSize(); d++) {
            operands.add(f.getStack(d));
        }
        return operands;
    }

    private static V top(Frame<V> f) {
        return f.getStack(f.getStackSize() - 1);
    }

    /** Records the operands Frame.execute hands the interpreter (an xstore's through copyOperation). */
    private static final class Recorder extends Interpreter<V> {
        final List<V> operands = new ArrayList<>();
        private final Values values = new Values();

        Recorder() {
            super(Opcodes.ASM9);
        }

        @Override
        public V newValue(Type type) {
            return values.newValue(type);
        }

        @Override
        public V newOperation(AbstractInsnNode insn) throws AnalyzerException {
            return values.newOperation(insn);
        }

        @Override
        public V copyOperation(AbstractInsnNode insn, V value) {
            int op = insn.getOpcode();
            if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                operands.add(value);
            }
            return value;
        }

        @Override
        public V unaryOperation(AbstractInsnNode insn, V value) throws AnalyzerException {
            operands.add(value);
            return values.unaryOperation(insn, value);
        }

        @Override
        public V binaryOperation(AbstractInsnNode insn, V a, V b) throws AnalyzerException {
            operands.add(a);
            operands.add(b);
            return values.binaryOperation(insn, a, b);
        }

        @Override
        public V ternaryOperation(AbstractInsnNode insn, V a, V b, V c) {
            operands.add(a);
            operands.add(b);
            operands.add(c);
            return null;
        }

        @Override
        public V naryOperation(AbstractInsnNode insn, List<? extends V> list) throws AnalyzerException {
            operands.addAll(list);
            return values.naryOperation(insn, list);
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, V value, V expected) {
        }

        @Override
        public V merge(V a, V b) {
            return values.merge(a, b);
        }
    }
}
