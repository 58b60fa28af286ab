package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * The state a method's lowering shares: the method, its function and blocks, the symbolic operand
 * stack and its slots across blocks, value helpers and error reporting.
 *
 * <p>{@link MethodLowering} extends it with the block-walking skeleton and is composed of the
 * construct families, each a small class in its own file holding the lowering it works for:
 * {@link CheckLowering} (null, bounds and divisor checks), {@link ArithmeticLowering},
 * {@link ObjectLowering} (fields and arrays), {@link CastLowering}, {@link StructViewLowering},
 * {@link ConsoleLowering} and {@link CallLowering}. A family reaches the state and the other
 * families through the lowering ({@code l.pop()}, {@code l.checks.nullChecked(v)}).
 */
class LoweringState {
    final Program program;
    final ClassNode cls;
    final MethodNode method;
    final Function fn;
    final Block entry;
    final Map<String, Value> slots = new HashMap<>();
    final Map<LabelNode, Block> blockAt = new HashMap<>();
    /** Compile-time-only stack values (by depth) that predecessors left for a block. */
    final Map<Block, Map<Integer, Value>> entryMarkers = new HashMap<>();
    final List<Value> stack = new ArrayList<>();
    Frame<BasicValue>[] frames;
    /** The instruction being lowered (its NullPointerException message names it). */
    AbstractInsnNode insn;
    NullMessages nullMessages;
    Block current;
    int line;
    int coldBlocks;
    boolean failed;
    /**
     * Whether local 0 is {@code this} throughout: an instance method that never assigns it.
     * Every call null-checks its receiver, so such loads need no null check of their own.
     */
    final boolean fixedThis;
    /** Values known not to be null (loads of a fixed {@code this}, of a fixed array field). */
    final java.util.Set<Value> nonNull = new java.util.HashSet<>();
    /** Arrays whose length is known: loads of a fixed array field ({@link ObjectLowering#getField}). */
    final Map<Value, Integer> knownLengths = new HashMap<>();
    /** Runs of neighbouring accesses checked once ({@link CheckGroups}), by their first instruction. */
    final Map<Integer, CheckGroups.Group> groupAt = new HashMap<>();
    /** The accesses the run being lowered has checked already (its fast copy), else empty. */
    java.util.Set<AbstractInsnNode> checkedByGuard = java.util.Set.of();
    /**
     * In a loop's fast copy ({@link LoopVersions}): an access's index as {@code s * i + t}, exact
     * in 64 bits (the guard proved it in bounds, so the int arithmetic did not wrap); s null: 1, t null: 0.
     */
    record LoopIndex(int iv, Value s, Value t) {}

    java.util.Map<AbstractInsnNode, LoopIndex> loopIndex = java.util.Map.of();

    LoweringState(Program program, ClassNode cls, MethodNode method) {
        this.program = program;
        this.cls = cls;
        this.method = method;
        String export = Program.exportName(method);
        org.objectweb.asm.Type mt = org.objectweb.asm.Type.getMethodType(method.desc);
        String ret = mt.getReturnType().getDescriptor();
        this.fn = new Function(Program.methodSymbol(cls, method), Program.storageType(ret),
                Program.extension(ret), export != null || Program.isKernelApi(method) || Program.isModuleEntry(cls, method));
        fn.setNoBuiltins(export != null && Program.isBuiltin(export));
        fn.setSource(cls.name.replace('/', '.') + "." + method.name + method.desc);
        this.entry = fn.newBlock("entry");
        boolean assigned = false;
        for (AbstractInsnNode insn : method.instructions) {
            assigned |= insn instanceof VarInsnNode v && v.var == 0 && v.getOpcode() == Opcodes.ASTORE;
        }
        this.fixedThis = (method.access & Opcodes.ACC_STATIC) == 0 && !assigned;
    }

    // ---- the operand stack across blocks ----

    Value slot(String key, Type type) {
        return slots.computeIfAbsent(key + "." + type, k -> entry.addFirst(new Instr.Alloca(type)));
    }

    /**
     * Stores the operand stack for the successor blocks {@code targets} to reload. Values that
     * exist only at compile time (System.out, an exception being built) are not stored: the
     * successors get the same value (javac only carries them across the forward branches of
     * one expression, such as {@code println(c ? a : b)}).
     */
    void spillStack(Block... targets) {
        for (int d = 0; d < stack.size(); d++) {
            Value v = stack.get(d);
            if (v instanceof Stream || v instanceof PendingThrowable || v instanceof ClassConstant || v instanceof Refused) {
                for (Block t : targets) {
                    entryMarkers.computeIfAbsent(t, k -> new HashMap<>()).put(d, v);
                }
                continue;
            }
            current.add(new Instr.Store(v, slot("s" + d, v.type()), v.type().size, false));
        }
    }

    void reloadStack(int index) {
        stack.clear();
        Frame<BasicValue> f = frames[index];
        if (f == null) {
            return;
        }
        Map<Integer, Value> markers = entryMarkers.getOrDefault(current, Map.of());
        for (int d = 0; d < f.getStackSize(); d++) {
            Value marker = markers.get(d);
            if (marker != null) {
                stack.add(marker);
                continue;
            }
            Type t = kind(f.getStack(d));
            stack.add(current.add(new Instr.Load(t, slot("s" + d, t), t.size, false)));
        }
    }

    Type kind(BasicValue v) {
        if (v == BasicValue.INT_VALUE) {
            return Type.I32;
        } else if (v == BasicValue.LONG_VALUE) {
            return Type.I64;
        } else if (v == BasicValue.REFERENCE_VALUE) {
            return Type.PTR;
        }
        throw new IllegalStateException("unchecked value of kind " + v + " (Rules refuses floats)");
    }

    void push(Value v) {
        stack.add(v);
    }

    /**
     * Pops a value an instruction uses: a run-time value (CompileTimeValueRule refuses the other
     * uses of an exception being built, System.out and a class literal).
     */
    Value pop() {
        Value v = stack.remove(stack.size() - 1);
        if (v instanceof PendingThrowable || v instanceof Stream || v instanceof ClassConstant) {
            throw new IllegalStateException("unchecked use of a compile-time value (CompileTimeValueRule refuses it)");
        }
        return v;
    }

    /** Pops any value, including an exception being built (for dup, its constructor and athrow). */
    Value popAny() {
        return stack.remove(stack.size() - 1);
    }

    static final String NOT_A_STREAM = "System.out and System.err can only be used directly: "
            + "System.out.println(x) (there is no PrintStream object at run time)";

    /** System.out (1) or System.err (2) on the symbolic stack: only print and println can use it. */
    static final class Stream extends Value {
        final int fd;

        Stream(int fd) {
            super(Type.PTR);
            this.fd = fd;
        }
    }

    static final String NOT_THROWN = "an exception can only be thrown where it is created: "
            + "write 'throw new X(message)' (there are no exception objects at run time)";

    /**
     * The exception of a {@code throw new X(message)} while it is being built: it exists only
     * on the symbolic stack, and athrow turns it into a call of the throw hook.
     */
    static final class PendingThrowable extends Value {
        final String className;
        Value message = Value.nullPtr();
        /** The detail of {@code assert c : n} for an integer {@code n}, printed as a number; or null. */
        Value number;
        boolean constructed;

        PendingThrowable(String className) {
            super(Type.PTR);
            this.className = className;
        }
    }

    /** Pops values totalling {@code words} JVM stack words, deepest first. */
    List<Value> popWords(int words) {
        List<Value> taken = new ArrayList<>();
        int n = 0;
        while (n < words) {
            Value v = popAny();
            taken.add(0, v);
            n += v.type() == Type.I64 ? 2 : 1;
        }
        if (n != words) {
            throw new IllegalStateException("malformed stack manipulation (the Analyzer refuses it)");
        }
        return taken;
    }

    /** The class literal of a Structs call (only there is one in the dialect). */
    /**
     * A value a refused instruction would have made (the method is not compiled then): what
     * uses it is not reported again. See MethodLowering's walk after a refusal.
     */
    static final class Refused extends Value {
        Refused(Type type) {
            super(type);
        }
    }

    static final class ClassConstant extends Value {
        final String internalName;

        ClassConstant(String internalName) {
            super(Type.PTR);
            this.internalName = internalName;
        }
    }

    static String describe(MethodInsnNode call) {
        StringBuilder sb = new StringBuilder(call.owner.replace('/', '.')).append('.').append(call.name).append('(');
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(args[i].getClassName());
        }
        return sb.append(')').toString();
    }

    // ---- helpers shared with Intrinsics ----

    void declare(Module.Declaration d) {
        program.module().declare(d);
    }

    Value popValue() {
        return pop();
    }

    Function function() {
        return fn;
    }

    Program program() {
        return program;
    }


    Value toStorageValue(Value v, String desc) {
        return toStorage(v, desc);
    }

    Value widenValue(Value v, String desc) {
        return widen(v, desc);
    }

    /** This method and line as a string constant, for the throw hooks of generated functions. */
    Value whereString() {
        return new Value.Symbol(program.heap().string(where()));
    }

    Value freedClass() {
        return program.freedClass();
    }

    void pushValue(Value v) {
        push(v);
    }

    <T extends Instr> T add(T instr) {
        instr.at(line);
        return current.add(instr);
    }

    static Value i32(long v) {
        return Value.constant(Type.I32, (int) v);
    }

    static Value i64(long v) {
        return Value.constant(Type.I64, v);
    }

    /** A value loaded in its storage type, widened to the JVM's computational type. */
    Value widen(Value v, String desc) {
        return switch (desc.charAt(0)) {
            case 'Z', 'C' -> add(new Convert(Convert.Op.ZEXT, v, Type.I32));
            case 'B', 'S' -> add(new Convert(Convert.Op.SEXT, v, Type.I32));
            default -> v;
        };
    }

    /** A computational value narrowed to its storage type ({@code boolean} keeps bit 0, as putstatic does). */
    Value toStorage(Value v, String desc) {
        return switch (desc.charAt(0)) {
            case 'Z' -> add(new Convert(Convert.Op.TRUNC, add(new Instr.Binary(Op.AND, v, i32(1))), Type.I8));
            case 'B' -> add(new Convert(Convert.Op.TRUNC, v, Type.I8));
            case 'C', 'S' -> add(new Convert(Convert.Op.TRUNC, v, Type.I16));
            default -> v;
        };
    }

    /** This method and line, as a stack trace names them: {@code pkg.Class.method(File.java:LINE)}. */
    String where() {
        return cls.name.replace('/', '.') + "." + method.name + "(" + sourceFile() + ":" + line + ")";
    }

    String sourceFile() {
        return cls.sourceFile != null ? cls.sourceFile : "Unknown Source";
    }

    void error(String message) {
        failed = true;
        program.diag().error(cls, line, message + org.zeptux.compiler.dialect.Rules.where(cls, method));
    }

    /** An instruction or call the dialect does not have; reported at the current line. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }
}
