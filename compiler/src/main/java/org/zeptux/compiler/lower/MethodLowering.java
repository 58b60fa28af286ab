package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Compare.Pred;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * Lowers one method's bytecode to IR.
 *
 * <p>The operand stack is tracked symbolically inside a basic block. Locals, and stack values
 * that live across a block boundary, get one stack slot per (index, type); {@code opt}'s
 * mem2reg turns them into SSA registers. Java's implicit checks become branches to cold
 * blocks that call {@link Program#THROW_HOOK}; nothing is left undefined (division by -1 and
 * shift counts are made exact, narrow values are truncated and extended as the JVM does).
 */
final class MethodLowering {
    private final Program program;
    private final ClassNode cls;
    private final MethodNode method;
    private final Function fn;
    private final Block entry;
    private final Map<String, Value> slots = new HashMap<>();
    private final Map<LabelNode, Block> blockAt = new HashMap<>();
    /** Compile-time-only stack values (by depth) that predecessors left for a block. */
    private final Map<Block, Map<Integer, Value>> entryMarkers = new HashMap<>();
    private final List<Value> stack = new ArrayList<>();
    private Frame<BasicValue>[] frames;
    /** The instruction being lowered (its NullPointerException message names it). */
    private AbstractInsnNode insn;
    private NullMessages nullMessages;
    private Block current;
    private int line;
    private int coldBlocks;
    private boolean failed;
    /**
     * Whether local 0 is {@code this} throughout: an instance method that never assigns it.
     * Every call null-checks its receiver, so such loads need no null check of their own.
     */
    private final boolean fixedThis;
    /** Values known not to be null (loads of a fixed {@code this}, of a fixed array field). */
    private final java.util.Set<Value> nonNull = new java.util.HashSet<>();
    /** Arrays whose length is known: loads of a fixed array field ({@link #getField}). */
    private final Map<Value, Integer> knownLengths = new HashMap<>();
    /** Runs of neighbouring accesses checked once ({@link CheckGroups}), by their first instruction. */
    private final Map<Integer, CheckGroups.Group> groupAt = new HashMap<>();
    /** The accesses the run being lowered has checked already (its fast copy), else empty. */
    private java.util.Set<AbstractInsnNode> checkedByGuard = java.util.Set.of();

    MethodLowering(Program program, ClassNode cls, MethodNode method) {
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

    /** Returns the function, or null after reporting why the method cannot be compiled. */
    Function lower() {
        try {
            frames = new Analyzer<>(new BasicInterpreter()).analyze(cls.name, method);
            NormalPaths.prune(method, frames);      // finally's rethrowing handler never runs
        } catch (AnalyzerException e) {
            error("cannot analyse " + method.name + ": " + e.getMessage());
            return null;
        }
        InsnList code = method.instructions;
        current = entry;
        storeParameters();
        // Leaders: the first instruction, jump targets, and instructions after a transfer.
        boolean[] leader = new boolean[code.size()];
        if (code.size() > 0) {
            leader[0] = true;
        }
        for (int i = 0; i < code.size(); i++) {
            AbstractInsnNode insn = code.get(i);
            if (insn instanceof JumpInsnNode j) {
                leader[code.indexOf(j.label)] = true;
            } else if (insn instanceof TableSwitchInsnNode t) {
                leader[code.indexOf(t.dflt)] = true;
                t.labels.forEach(l -> leader[code.indexOf(l)] = true);
            } else if (insn instanceof LookupSwitchInsnNode l) {
                leader[code.indexOf(l.dflt)] = true;
                l.labels.forEach(x -> leader[code.indexOf(x)] = true);
            }
            if (endsBlock(insn) && i + 1 < code.size()) {
                leader[i + 1] = true;
            }
        }
        Block[] blocks = new Block[code.size()];
        for (int i = 0; i < code.size(); i++) {
            if (leader[i]) {
                blocks[i] = fn.newBlock("b" + i);
            }
        }
        // A label belongs to the block that starts at it or at the next leader after it.
        for (int i = code.size() - 1, nextBlock = -1; i >= 0; i--) {
            if (blocks[i] != null) {
                nextBlock = i;
            }
            if (code.get(i) instanceof LabelNode l && nextBlock >= 0) {
                blockAt.put(l, blocks[nextBlock]);
            }
        }
        if (code.size() == 0) {
            error("method " + method.name + " has no code");
            return null;
        }
        if (program.checks()) {
            for (CheckGroups.Group g : CheckGroups.find(code, leader, frames, this::finalArray)) {
                if (g.indexLocal() >= 0 || g.source() instanceof VarInsnNode) {
                    groupAt.put(g.start(), g);  // (constant indices into a constant array fold already)
                }
            }
        }
        current.add(new Instr.Jump(blocks[0]));
        for (int i = 0; i < code.size(); i++) {
            AbstractInsnNode insn = code.get(i);
            if (insn instanceof LineNumberNode ln) {
                line = ln.line;
            }
            if (blocks[i] != null) {
                if (current != null && !current.isTerminated()) {
                    spillStack(blocks[i]);
                    current.add(new Instr.Jump(blocks[i]));
                }
                current = blocks[i];
                reloadStack(i);
            }
            if (frames[i] == null || insn.getOpcode() < 0) {
                continue; // unreachable code, labels, line numbers, frames
            }
            if (current.isTerminated()) {
                continue;
            }
            CheckGroups.Group group = groupAt.get(i);
            if (group != null) {
                i = lowerGroup(group);
                continue;
            }
            if (org.zeptux.compiler.dialect.Rules.refusal(insn) != null || insn.getOpcode() == Opcodes.MONITOREXIT) {
                // Reported by Rules; the rest of this block cannot be lowered without it.
                failed = true;
                current.add(new Instr.Unreachable());
                continue;
            }
            try {
                this.insn = insn;
                instruction(insn);
            } catch (Unsupported u) {
                error(u.getMessage());
                current.add(new Instr.Unreachable());
            }
        }
        for (Block b : fn.blocks()) {
            if (!b.isTerminated()) {
                b.add(new Instr.Unreachable());
            }
        }
        int first = org.zeptux.compiler.dialect.Rules.firstLine(method, 0);
        if (first > 0 && cls.sourceFile != null) {
            int slash = cls.name.lastIndexOf('/');
            fn.setDebug(new Function.DebugInfo(slash < 0 ? "" : cls.name.substring(0, slash), cls.sourceFile,
                    cls.name.substring(slash + 1).replace('$', '.') + "." + method.name, first));
        }
        return failed ? null : fn;
    }

    /** Whether {@code f} reads a static final array (a constant of the image heap). */
    private boolean finalArray(FieldInsnNode f) {
        if (!f.desc.startsWith("[")) {
            return false;
        }
        Program.ResolvedField r = program.resolveField(f.owner, f.name, f.desc);
        return r != null && !program.isExternal(r.owner().name)
                && program.heap().finalArray(Program.fieldSymbol(r.owner(), r.field())) != null;
    }

    /**
     * Lowers the run {@code g} twice behind one guard ({@link CheckGroups}): if the array is not
     * null and {@code 0 <= x + min && x + max < length} (x: the index local's value, which the run
     * does not change; one unsigned compare of {@code zext(x + min) + (max - min)} in 64 bits), a
     * copy whose accesses of the run have no checks, else the run as it is. The operand stack
     * goes into both copies and comes out of both through the stack slots. Returns the index of
     * the run's last instruction.
     */
    private int lowerGroup(CheckGroups.Group g) {
        InsnList code = method.instructions;
        int start = line;
        Block fast = fn.newBlock("run" + g.start() + ".fast");
        Block slow = fn.newBlock("run" + g.start() + ".checked");
        Block join = fn.newBlock("run" + g.start() + ".join");
        Block guard = fn.newBlock("run" + g.start() + ".guard");
        spillStack(fast, slow);
        // The array and the index, read as the run's first access reads them.
        this.insn = g.source();
        instruction(g.source());
        Value array = pop();
        Value x = i32(0);
        if (g.indexLocal() >= 0) {
            x = add(new Instr.Load(Type.I32, slot("l" + g.indexLocal(), Type.I32), 4, false));
        }
        if (array instanceof Value.Symbol) {
            add(new Instr.Jump(guard));
        } else {
            add(new Instr.Branch(add(new Instr.Compare(Pred.EQ, array, Value.nullPtr())), slow, guard));
        }
        current = guard;
        Value low = add(new Instr.Binary(Op.ADD, x, i32(g.min())));
        Value high = add(new Instr.Binary(Op.ADD, add(new Convert(Convert.Op.ZEXT, low, Type.I64)),
                i64((long) g.max() - g.min())));
        Value length = add(new Convert(Convert.Op.ZEXT, lengthOf(array), Type.I64));
        add(new Instr.Branch(add(new Instr.Compare(Pred.ULT, high, length)), fast, slow));
        java.util.Set<AbstractInsnNode> covered = new java.util.HashSet<>();
        for (CheckGroups.Member m : g.members()) {
            covered.add(code.get(m.access()));
        }
        for (Block copy : new Block[] {fast, slow}) {
            current = copy;
            line = start;
            reloadStack(g.start());
            checkedByGuard = copy == fast ? covered : java.util.Set.of();
            for (int k = g.start(); k <= g.end() && !current.isTerminated(); k++) {
                AbstractInsnNode n = code.get(k);
                if (n instanceof LineNumberNode ln) {
                    line = ln.line;
                }
                if (n.getOpcode() < 0) {
                    continue;
                }
                try {
                    this.insn = n;
                    instruction(n);
                } catch (Unsupported u) {
                    error(u.getMessage());
                    current.add(new Instr.Unreachable());
                }
            }
            checkedByGuard = java.util.Set.of();
            if (!current.isTerminated()) {
                spillStack(join);
                add(new Instr.Jump(join));
            }
        }
        current = join;
        reloadStack(g.end() + 1);
        return g.end();
    }

    private static boolean endsBlock(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode
                || insn instanceof LookupSwitchInsnNode
                || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW;
    }

    private void storeParameters() {
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(method.desc);
        int local = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            Value self = fn.addParam(Type.PTR, Function.Ext.NONE);      // this
            current.add(new Instr.Store(self, slot("l0", Type.PTR), 8, false));
            local = 1;
        }
        for (org.objectweb.asm.Type t : args) {
            String d = t.getDescriptor();
            Value p = fn.addParam(Program.storageType(d), Program.extension(d));
            Value v = widen(p, d);
            current.add(new Instr.Store(v, slot("l" + local, v.type()), v.type().size, false));
            local += t.getSize();
        }
    }

    // ---- the operand stack across blocks ----

    private Value slot(String key, Type type) {
        return slots.computeIfAbsent(key + "." + type, k -> entry.addFirst(new Instr.Alloca(type)));
    }

    /**
     * Stores the operand stack for the successor blocks {@code targets} to reload. Values that
     * exist only at compile time (System.out, an exception being built) are not stored: the
     * successors get the same value (javac only carries them across the forward branches of
     * one expression, such as {@code println(c ? a : b)}).
     */
    private void spillStack(Block... targets) {
        for (int d = 0; d < stack.size(); d++) {
            Value v = stack.get(d);
            if (v instanceof Stream || v instanceof PendingThrowable || v instanceof ClassConstant) {
                for (Block t : targets) {
                    entryMarkers.computeIfAbsent(t, k -> new HashMap<>()).put(d, v);
                }
                continue;
            }
            current.add(new Instr.Store(v, slot("s" + d, v.type()), v.type().size, false));
        }
    }

    private void reloadStack(int index) {
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

    private Type kind(BasicValue v) {
        if (v == BasicValue.INT_VALUE) {
            return Type.I32;
        } else if (v == BasicValue.LONG_VALUE) {
            return Type.I64;
        } else if (v == BasicValue.REFERENCE_VALUE) {
            return Type.PTR;
        }
        throw new Unsupported("values of kind " + v + " are not in the dialect");
    }

    private void push(Value v) {
        stack.add(v);
    }

    /** Pops a value an instruction uses; an exception being built may only be thrown. */
    private Value pop() {
        Value v = stack.remove(stack.size() - 1);
        if (v instanceof PendingThrowable p) {
            throw new Unsupported(NOT_THROWN + " (" + p.className + ")");
        }
        if (v instanceof Stream) {
            throw new Unsupported(NOT_A_STREAM);
        }
        if (v instanceof ClassConstant) {
            throw new Unsupported("class literals are only in the dialect as the last argument of Structs.at and Structs.size");
        }
        return v;
    }

    /** Pops any value, including an exception being built (for dup, its constructor and athrow). */
    private Value popAny() {
        return stack.remove(stack.size() - 1);
    }

    private static final String NOT_A_STREAM = "System.out and System.err can only be used directly: "
            + "System.out.println(x) (there is no PrintStream object at run time)";

    /** System.out (1) or System.err (2) on the symbolic stack: only print and println can use it. */
    private static final class Stream extends Value {
        final int fd;

        Stream(int fd) {
            super(Type.PTR);
            this.fd = fd;
        }
    }

    private static final String NOT_THROWN = "an exception can only be thrown where it is created: "
            + "write 'throw new X(message)' (there are no exception objects at run time)";

    /**
     * The exception of a {@code throw new X(message)} while it is being built: it exists only
     * on the symbolic stack, and athrow turns it into a call of the throw hook.
     */
    private static final class PendingThrowable extends Value {
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
    private List<Value> popWords(int words) {
        List<Value> taken = new ArrayList<>();
        int n = 0;
        while (n < words) {
            Value v = popAny();
            taken.add(0, v);
            n += v.type() == Type.I64 ? 2 : 1;
        }
        if (n != words) {
            throw new Unsupported("malformed stack manipulation (splits a long)");
        }
        return taken;
    }

    // ---- instructions ----

    private void instruction(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        switch (op) {
            case Opcodes.NOP -> { }
            case Opcodes.ACONST_NULL -> push(Value.nullPtr());
            case Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                    Opcodes.ICONST_4, Opcodes.ICONST_5 -> push(i32(op - Opcodes.ICONST_0));
            case Opcodes.LCONST_0, Opcodes.LCONST_1 -> push(i64(op - Opcodes.LCONST_0));
            case Opcodes.BIPUSH, Opcodes.SIPUSH -> push(i32(((IntInsnNode) insn).operand));
            case Opcodes.LDC -> ldc(((LdcInsnNode) insn).cst);
            case Opcodes.ILOAD, Opcodes.LLOAD, Opcodes.ALOAD -> {
                Type t = op == Opcodes.ILOAD ? Type.I32 : op == Opcodes.LLOAD ? Type.I64 : Type.PTR;
                int var = ((VarInsnNode) insn).var;
                Value v = add(new Instr.Load(t, slot("l" + var, t), t.size, false));
                if (op == Opcodes.ALOAD && var == 0 && fixedThis) {
                    nonNull.add(v);
                }
                push(v);
            }
            case Opcodes.ISTORE, Opcodes.LSTORE, Opcodes.ASTORE -> {
                Value v = pop();
                add(new Instr.Store(v, slot("l" + ((VarInsnNode) insn).var, v.type()), v.type().size, false));
            }
            case Opcodes.IINC -> {
                IincInsnNode inc = (IincInsnNode) insn;
                Value s = slot("l" + inc.var, Type.I32);
                Value v = add(new Instr.Load(Type.I32, s, 4, false));
                add(new Instr.Store(add(new Instr.Binary(Op.ADD, v, i32(inc.incr))), s, 4, false));
            }
            case Opcodes.IALOAD -> arrayLoad(Type.I32, false);
            case Opcodes.LALOAD -> arrayLoad(Type.I64, false);
            case Opcodes.BALOAD -> arrayLoad(Type.I8, true);
            case Opcodes.CALOAD -> arrayLoad(Type.I16, false);
            case Opcodes.SALOAD -> arrayLoad(Type.I16, true);
            case Opcodes.IASTORE -> arrayStore(Type.I32);
            case Opcodes.LASTORE -> arrayStore(Type.I64);
            case Opcodes.BASTORE -> arrayStore(Type.I8);
            case Opcodes.CASTORE, Opcodes.SASTORE -> arrayStore(Type.I16);
            case Opcodes.ARRAYLENGTH -> {
                Value a = nullChecked(pop());
                push(lengthOf(a));
            }
            case Opcodes.POP -> pop();
            case Opcodes.POP2 -> {
                if (pop().type() != Type.I64) {
                    pop();
                }
            }
            case Opcodes.NEW -> push(new PendingThrowable(((org.objectweb.asm.tree.TypeInsnNode) insn).desc));
            case Opcodes.INVOKESPECIAL -> {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (call.name.equals("<init>")) {
                    construct(call);
                } else {
                    invokeObject(call, true);
                }
            }
            case Opcodes.INVOKEINTERFACE -> invokeObject((MethodInsnNode) insn, false);
            case Opcodes.GETFIELD -> getField((FieldInsnNode) insn);
            case Opcodes.PUTFIELD -> putField((FieldInsnNode) insn);
            case Opcodes.AALOAD -> arrayLoad(Type.PTR, false);
            case Opcodes.AASTORE -> referenceArrayStore();
            case Opcodes.INSTANCEOF -> instanceOf(((org.objectweb.asm.tree.TypeInsnNode) insn).desc);
            case Opcodes.CHECKCAST -> checkCast(((org.objectweb.asm.tree.TypeInsnNode) insn).desc);
            case Opcodes.ATHROW -> throwPending();
            case Opcodes.DUP -> dup(1, 0);
            case Opcodes.DUP_X1 -> dup(1, 1);
            case Opcodes.DUP_X2 -> dup(1, 2);
            case Opcodes.DUP2 -> dup(2, 0);
            case Opcodes.DUP2_X1 -> dup(2, 1);
            case Opcodes.DUP2_X2 -> dup(2, 2);
            case Opcodes.SWAP -> {
                Value a = pop();
                Value b = pop();
                push(a);
                push(b);
            }
            case Opcodes.IADD, Opcodes.LADD -> binary(Op.ADD);
            case Opcodes.ISUB, Opcodes.LSUB -> binary(Op.SUB);
            case Opcodes.IMUL, Opcodes.LMUL -> binary(Op.MUL);
            case Opcodes.IAND, Opcodes.LAND -> binary(Op.AND);
            case Opcodes.IOR, Opcodes.LOR -> binary(Op.OR);
            case Opcodes.IXOR, Opcodes.LXOR -> binary(Op.XOR);
            case Opcodes.IDIV, Opcodes.LDIV -> divide(false);
            case Opcodes.IREM, Opcodes.LREM -> divide(true);
            case Opcodes.INEG, Opcodes.LNEG -> {
                Value v = pop();
                push(add(new Instr.Binary(Op.SUB, Value.constant(v.type(), 0), v)));
            }
            case Opcodes.ISHL, Opcodes.LSHL -> shift(Op.SHL);
            case Opcodes.ISHR, Opcodes.LSHR -> shift(Op.ASHR);
            case Opcodes.IUSHR, Opcodes.LUSHR -> shift(Op.LSHR);
            case Opcodes.I2L -> push(add(new Convert(Convert.Op.SEXT, pop(), Type.I64)));
            case Opcodes.L2I -> push(add(new Convert(Convert.Op.TRUNC, pop(), Type.I32)));
            case Opcodes.I2B -> push(narrow(pop(), Type.I8, true));
            case Opcodes.I2C -> push(narrow(pop(), Type.I16, false));
            case Opcodes.I2S -> push(narrow(pop(), Type.I16, true));
            case Opcodes.LCMP -> {
                Value b = pop();
                Value a = pop();
                Value lt = add(new Instr.Compare(Pred.SLT, a, b));
                Value gt = add(new Instr.Compare(Pred.SGT, a, b));
                Value gtOrZero = add(new Instr.Select(gt, i32(1), i32(0)));
                push(add(new Instr.Select(lt, i32(-1), gtOrZero)));
            }
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE -> {
                Value a = pop();
                branch(insn, compare(op - Opcodes.IFEQ, a, i32(0)));
            }
            case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                    Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> {
                Value b = pop();
                Value a = pop();
                int cond = op <= Opcodes.IF_ICMPLE ? op - Opcodes.IF_ICMPEQ : op - Opcodes.IF_ACMPEQ;
                branch(insn, compare(cond, a, b));
            }
            case Opcodes.IFNULL, Opcodes.IFNONNULL -> {
                Value a = pop();
                branch(insn, add(new Instr.Compare(op == Opcodes.IFNULL ? Pred.EQ : Pred.NE, a, Value.nullPtr())));
            }
            case Opcodes.GOTO -> {
                Block target = target(((JumpInsnNode) insn).label);
                spillStack(target);
                add(new Instr.Jump(target));
            }
            case Opcodes.TABLESWITCH -> {
                TableSwitchInsnNode t = (TableSwitchInsnNode) insn;
                List<Long> keys = new ArrayList<>();
                List<Block> targets = new ArrayList<>();
                for (int k = 0; k < t.labels.size(); k++) {
                    keys.add((long) (t.min + k));
                    targets.add(target(t.labels.get(k)));
                }
                switchTo(keys, targets, target(t.dflt));
            }
            case Opcodes.LOOKUPSWITCH -> {
                LookupSwitchInsnNode l = (LookupSwitchInsnNode) insn;
                List<Long> keys = new ArrayList<>();
                List<Block> targets = new ArrayList<>();
                for (int k = 0; k < l.keys.size(); k++) {
                    keys.add((long) l.keys.get(k));
                    targets.add(target(l.labels.get(k)));
                }
                switchTo(keys, targets, target(l.dflt));
            }
            case Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.ARETURN -> {
                String d = org.objectweb.asm.Type.getReturnType(method.desc).getDescriptor();
                add(new Instr.Return(toStorage(pop(), d)));
            }
            case Opcodes.RETURN -> add(new Instr.Return(null));
            case Opcodes.GETSTATIC -> getStatic((FieldInsnNode) insn);
            case Opcodes.PUTSTATIC -> putStatic((FieldInsnNode) insn);
            case Opcodes.INVOKESTATIC -> invokeStatic((MethodInsnNode) insn);
            case Opcodes.INVOKEVIRTUAL -> invokeVirtual((MethodInsnNode) insn);
            default -> throw new Unsupported("bytecode " + org.objectweb.asm.util.Printer.OPCODES[op].toLowerCase()
                    + " is not in the dialect yet");
        }
    }

    /** The constructor of an exception being built: records its message. */
    private void construct(MethodInsnNode init) {
        if (!init.name.equals("<init>")) {
            throw new Unsupported("calls on objects are not in the dialect yet (there are no objects at run time)");
        }
        Value message = Value.nullPtr();
        Value number = null;
        boolean assertion = init.owner.equals("java/lang/AssertionError");
        switch (init.desc) {
            case "()V" -> { }
            case "(Ljava/lang/String;)V" -> message = pop();
            // assert c : detail; javac picks the constructor by the detail's type.
            case "(Ljava/lang/Object;)V" -> {
                AbstractInsnNode previous = insn.getPrevious();
                while (previous != null && previous.getOpcode() < 0) {
                    previous = previous.getPrevious();
                }
                if (!assertion || !(previous instanceof LdcInsnNode ldc && ldc.cst instanceof String)) {
                    throw new Unsupported("the detail of an assert must be a string literal or an integer "
                            + "(there is no String.valueOf of objects at run time)");
                }
                message = pop();
            }
            case "(I)V", "(J)V" -> {
                if (!assertion) {
                    throw new Unsupported(ONLY_MESSAGES);
                }
                number = pop();
            }
            case "(Z)V" -> {
                if (!assertion) {
                    throw new Unsupported(ONLY_MESSAGES);
                }
                Value b = add(new Instr.Compare(Pred.NE, pop(), i32(0)));
                message = add(new Instr.Select(b, new Value.Symbol(program.heap().string("true")),
                        new Value.Symbol(program.heap().string("false"))));
            }
            default -> throw new Unsupported(ONLY_MESSAGES);
        }
        if (!(popAny() instanceof PendingThrowable p) || p.constructed) {
            throw new Unsupported(NOT_THROWN);
        }
        p.message = message;
        p.number = number;
        p.constructed = true;
    }

    private static final String ONLY_MESSAGES = "only the constructors X() and X(String message) of exceptions are "
            + "in the dialect (the message is all a panic reports)";

    /** {@code throw new X(message)}: a call of the throw hook, which does not return. */
    private void throwPending() {
        if (!(popAny() instanceof PendingThrowable p) || !p.constructed) {
            throw new Unsupported("only 'throw new X(message)' is in the dialect "
                    + "(there are no exception objects at run time)");
        }
        if (p.number != null) {
            Failures.raise(program, current, p.className.replace('/', '.'), "%d", null, null, p.number, null,
                    whereString());
            current.instrs().forEach(i -> i.at(line));
            return;
        }
        callThrowHook(p.className.replace('/', '.'), p.message);
    }

    private void ldc(Object c) {
        if (c instanceof Integer i) {
            push(i32(i));
        } else if (c instanceof Long l) {
            push(i64(l));
        } else if (c instanceof String s) {
            push(new Value.Symbol(program.heap().string(s)));
        } else if (c instanceof org.objectweb.asm.Type t && t.getSort() == org.objectweb.asm.Type.OBJECT) {
            push(new ClassConstant(t.getInternalName()));  // for Structs.at/size (Rules allows no other use)
        } else {
            throw new Unsupported("constant " + c + " is not in the dialect");
        }
    }

    /** JVM dup family: copies the top {@code words} words below the next {@code under} words. */
    private void dup(int words, int under) {
        List<Value> top = popWords(words);
        List<Value> below = under == 0 ? List.of() : popWords(under);
        stack.addAll(top);
        stack.addAll(below);
        stack.addAll(top);
    }

    private void binary(Op op) {
        Value b = pop();
        Value a = pop();
        push(add(new Instr.Binary(op, a, b)));
    }

    /**
     * Java division: a zero divisor throws; {@code MIN_VALUE / -1} wraps to MIN_VALUE and its
     * remainder is 0 (in LLVM both would be undefined), so -1 is handled without dividing.
     */
    private void divide(boolean remainder) {
        Value b = pop();
        Value a = pop();
        Type t = a.type();
        checkDivisor(b);
        Value minusOne = add(new Instr.Compare(Pred.EQ, b, Value.constant(t, -1)));
        Value safe = add(new Instr.Select(minusOne, Value.constant(t, 1), b));
        Value q = add(new Instr.Binary(remainder ? Op.SREM : Op.SDIV, a, safe));
        Value special = remainder ? Value.constant(t, 0)
                : add(new Instr.Binary(Op.SUB, Value.constant(t, 0), a));
        push(add(new Instr.Select(minusOne, special, q)));
    }

    /** Java shifts use only the low 5 (int) or 6 (long) bits of the count. */
    private void shift(Op op) {
        Value count = pop();
        Value a = pop();
        if (a.type() == Type.I64) {
            count = add(new Convert(Convert.Op.ZEXT, count, Type.I64));
        }
        Value masked = add(new Instr.Binary(Op.AND, count, Value.constant(a.type(), a.type() == Type.I64 ? 63 : 31)));
        push(add(new Instr.Binary(op, a, masked)));
    }

    private Value narrow(Value v, Type to, boolean signed) {
        Value t = add(new Convert(Convert.Op.TRUNC, v, to));
        return add(new Convert(signed ? Convert.Op.SEXT : Convert.Op.ZEXT, t, Type.I32));
    }

    /** JVM condition order: eq, ne, lt, ge, gt, le. */
    private Value compare(int cond, Value a, Value b) {
        Pred p = switch (cond) {
            case 0 -> Pred.EQ;
            case 1 -> Pred.NE;
            case 2 -> Pred.SLT;
            case 3 -> Pred.SGE;
            case 4 -> Pred.SGT;
            default -> Pred.SLE;
        };
        return add(new Instr.Compare(p, a, b));
    }

    private void branch(AbstractInsnNode insn, Value cond) {
        Block taken = target(((JumpInsnNode) insn).label);
        Block next = fallthrough(insn);
        spillStack(taken, next);
        add(new Instr.Branch(cond, taken, next));
    }

    private void switchTo(List<Long> keys, List<Block> targets, Block dflt) {
        Value v = pop();
        List<Block> all = new ArrayList<>(targets);
        all.add(dflt);
        spillStack(all.toArray(new Block[0]));
        add(new Instr.Switch(v, dflt, keys, targets));
    }

    private Block target(LabelNode label) {
        Block b = blockAt.get(label);
        if (b == null) {
            throw new Unsupported("jump to a label outside the method");
        }
        return b;
    }

    private Block fallthrough(AbstractInsnNode insn) {
        for (AbstractInsnNode n = insn.getNext(); n != null; n = n.getNext()) {
            if (n instanceof LabelNode l && blockAt.containsKey(l)) {
                return blockAt.get(l);
            }
            if (n.getOpcode() >= 0) {
                break;
            }
        }
        // The leader after a branch always exists; find the block starting at the next index.
        int idx = method.instructions.indexOf(insn) + 1;
        for (Block b : fn.blocks()) {
            if (b.label().equals("b" + idx)) {
                return b;
            }
        }
        throw new Unsupported("branch falls off the end of the method");
    }

    // ---- arrays and strings ----

    private void arrayLoad(Type element, boolean signed) {
        Value index = pop();
        Value address = elementAddress(pop(), index, element);
        Value v = add(new Instr.Load(element, address, element.size, false));
        if (element == Type.I64 || element == Type.I32 || element == Type.PTR) {
            push(v);
        } else {
            push(add(new Convert(signed ? Convert.Op.SEXT : Convert.Op.ZEXT, v, Type.I32)));
        }
    }

    private void arrayStore(Type element) {
        Value v = pop();
        Value index = pop();
        Value address = elementAddress(pop(), index, element);
        if (element != v.type()) {
            v = add(new Convert(Convert.Op.TRUNC, v, element));
        }
        add(new Instr.Store(v, address, element.size, false));
    }

    /** Null and bounds checks, then the address of element {@code index}. */
    private Value elementAddress(Value array, Value index, Type element) {
        if (program.checks() && !checkedByGuard.contains(insn)) {
            nullChecked(array);
            Value length = lengthOf(array);
            Value outside = add(new Instr.Compare(Pred.UGE, index, length));
            check(outside, "java.lang.ArrayIndexOutOfBoundsException", "Index %d out of bounds for length %d", index, length);
        }
        // a[x + c]: once x + c is in bounds it did not wrap (for c >= -1; below), so the address
        // is a + 16 + size * (x + c) computed in 64 bits: a[x], a[x + 1] ... then share x's
        // extension and LLVM sees they are adjacent (it combines loads, vectorises, widens loops).
        Value base = index;
        long extra = 0;
        if (index instanceof Instr.Binary b && b.right instanceof Value.Constant k
                && (b.op == Op.ADD || b.op == Op.SUB)) {
            long c = b.op == Op.ADD ? k.value : -k.value;
            if (c >= -1 && c <= 1 << 20) {
                base = b.left;
                extra = c;
            }
        }
        Value wide = add(new Convert(Convert.Op.SEXT, base, Type.I64));
        Value scaled = add(new Instr.Binary(Op.MUL, wide, i64(element.size)));
        Value bytes = add(new Instr.Binary(Op.ADD, scaled, i64(Layout.ELEMENTS_OFFSET + extra * element.size)));
        return add(new Instr.Offset(array, bytes));
    }

    /**
     * The length of an array or string: no store changes it (objects live in the image heap and
     * never change size), so the load is invariant and LLVM may hoist it out of loops; and it is
     * never negative, which lets LLVM fold {@code i >= 0 && i < length} checks.
     */
    private Value lengthOf(Value ref) {
        int known = ref instanceof Value.Symbol s ? program.heap().arrayLength(s.name) : knownLengths.getOrDefault(ref, -1);
        if (known >= 0) {
            return i32(known);
        }
        return add(Instr.Load.length(offset(ref, Layout.LENGTH_OFFSET)));
    }

    private Value nullChecked(Value ref) {
        if (!program.checks() || ref instanceof Value.Symbol || nonNull.contains(ref)) {
            return ref; // a global's address is never null, nor is this
        }
        if (nullMessages == null) {
            nullMessages = new NullMessages(cls, method);
        }
        return nullChecked(ref, nullMessages.message(insn));
    }

    /** The null check of {@code ref} with the NullPointerException's {@code message} (or null). */
    private Value nullChecked(Value ref, String message) {
        if (!program.checks() || ref instanceof Value.Symbol || nonNull.contains(ref)) {
            return ref;
        }
        Value isNull = add(new Instr.Compare(Pred.EQ, ref, Value.nullPtr()));
        check(isNull, "java.lang.NullPointerException", message);
        return ref;
    }

    private Value offset(Value base, long bytes) {
        return add(new Instr.Offset(base, i64(bytes)));
    }

    /**
     * {@code System.out/err.print(x)} and {@code println(x)} become calls of the target's
     * console functions: zeptux_out_string/char/long/boolean(fd, x) and zeptux_out_newline(fd).
     */
    private boolean print(MethodInsnNode call) {
        if (!call.owner.equals("java/io/PrintStream") || !(call.name.equals("print") || call.name.equals("println"))) {
            return false;
        }
        String arg = call.desc.substring(1, call.desc.indexOf(')'));
        String function;
        Value value = null;
        switch (arg) {
            case "" -> function = null;
            case "Ljava/lang/String;" -> function = "zeptux_out_string";
            case "C" -> function = "zeptux_out_char";
            case "I", "J" -> function = "zeptux_out_long";
            case "Z" -> function = "zeptux_out_boolean";
            default -> throw new Unsupported("PrintStream." + call.name + "(" + org.objectweb.asm.Type.getType(arg)
                    .getClassName() + ") is not in the dialect; print a String, char, int, long or boolean");
        }
        if (function != null) {
            value = pop();
            if (arg.equals("I")) {
                value = add(new Convert(Convert.Op.SEXT, value, Type.I64));
            } else if (arg.equals("C")) {
                value = add(new Convert(Convert.Op.TRUNC, value, Type.I16));
            } else if (arg.equals("Z")) {
                value = add(new Convert(Convert.Op.TRUNC, value, Type.I8));
            }
        }
        if (!(popAny() instanceof Stream stream)) {
            throw new Unsupported("print and println are in the dialect on System.out and System.err only");
        }
        Value fd = i32(stream.fd);
        if (value != null) {
            console(function, fd, value);
        }
        if (call.name.equals("println")) {
            console("zeptux_out_newline", fd, null);
        }
        return true;
    }

    private void console(String function, Value fd, Value value) {
        List<Value> args = value == null ? List.of(fd) : List.of(fd, value);
        List<Function.Ext> exts = value == null || value.type().size >= 4 ? List.of(Function.Ext.NONE, Function.Ext.NONE)
                : List.of(Function.Ext.NONE, Function.Ext.ZERO); // char and boolean are zero-extended
        program.module().declare(new Module.Declaration(function, Type.VOID,
                args.stream().map(Value::type).toList(), false));
        add(new Instr.Call(Type.VOID, Function.Ext.NONE, function, args, exts.subList(0, args.size()), false));
    }

    private void invokeVirtual(MethodInsnNode call) {
        if (print(call)) {
            return;
        }
        if (Intrinsics.handles(call.owner)) {
            Intrinsics.lower(call, this);           // Address's methods
            return;
        }
        if (call.owner.equals("java/lang/String")) {
            switch (call.name + call.desc) {
                case "hashCode()I" -> {
                    // Every string is in the image heap, its hash computed at build time.
                    Value s = nullChecked(pop());
                    push(add(Instr.Load.invariant(Type.I32, offset(s, Layout.HASH_OFFSET), 4)));
                    return;
                }
                case "isEmpty()Z" -> {
                    Value s = nullChecked(pop());
                    Value length = lengthOf(s);
                    push(add(new Convert(Convert.Op.ZEXT, add(new Instr.Compare(Pred.EQ, length, i32(0))), Type.I32)));
                    return;
                }
                case "equals(Ljava/lang/Object;)Z" -> {
                    Value other = pop();
                    Value s = nullChecked(pop());
                    StringSupport.defineEquals(program.module());
                    Value eq = add(new Instr.Call(Type.I8, Function.Ext.ZERO, StringSupport.EQUALS, List.of(s, other),
                            List.of(Function.Ext.NONE, Function.Ext.NONE), false));
                    push(add(new Convert(Convert.Op.ZEXT, eq, Type.I32)));
                    return;
                }
                case "length()I" -> {
                    Value s = nullChecked(pop());
                    push(lengthOf(s));
                    return;
                }
                case "charAt(I)C" -> {
                    Value index = pop();
                    Value s = nullChecked(pop());
                    if (program.checks()) {
                        Value length = lengthOf(s);
                        Block ok = coldPath(add(new Instr.Compare(Pred.UGE, index, length)));
                        StringSupport.defineIndexFailure(program);
                        add(new Instr.Call(Type.VOID, Function.Ext.NONE, StringSupport.INDEX_FAILURE,
                                List.of(s, index, whereString()), List.of(Function.Ext.NONE, Function.Ext.NONE,
                                        Function.Ext.NONE), false));
                        add(new Instr.Unreachable());
                        current = ok;
                    }
                    Value wide = add(new Convert(Convert.Op.SEXT, index, Type.I64));
                    Value bytes = add(new Instr.Binary(Op.ADD, add(new Instr.Binary(Op.MUL, wide, i64(2))),
                            i64(Layout.ELEMENTS_OFFSET)));
                    Value c = add(new Instr.Load(Type.I16, add(new Instr.Offset(s, bytes)), 2, false));
                    push(add(new Convert(Convert.Op.ZEXT, c, Type.I32)));
                    return;
                }
                default -> { }
            }
        }
        if (JdkMethods.lower(call, this)) {
            return;                                 // the JDK's String methods written in the dialect
        }
        invokeObject(call, false);
    }

    // ---- objects ----

    private ObjectModel.InstanceField instanceField(FieldInsnNode f) {
        ObjectModel model = program.model();
        ObjectModel.InstanceField field = model.isObjectClass(f.owner) ? model.field(f.owner, f.name, f.desc) : null;
        if (field == null) {
            throw new Unsupported("field " + f.owner.replace('/', '.') + "." + f.name + " is not in the dialect"
                    + (program.classNamed(f.owner) == null ? " (its class is not being compiled)" : ""));
        }
        return field;
    }

    private void getField(FieldInsnNode f) {
        ObjectModel.InstanceField field = instanceField(f);
        Value obj = liveChecked(nullChecked(pop()), f.owner);
        Type t = field.storage();
        Value v = add(fieldLoad(t, offset(obj, field.offset()), isVolatile(field.owner(), f.name)));
        int length = fixedArrayLength(field);
        if (length >= 0) {
            nonNull.add(v);
            knownLengths.put(v, length);
        }
        push(widen(v, f.desc));
    }

    /**
     * The length of the array a final field always holds, or -1. A final field is assigned only
     * by constructors, which run at build time; if no object of its class is made at run time
     * (none is a pool's) every object is in the image heap, and if each holds an array of one
     * length there, a load of the field is that array: never null, its length a constant.
     */
    private int fixedArrayLength(ObjectModel.InstanceField field) {
        if (!field.desc().startsWith("[") || program.mayBeFreed(field.owner())) {
            return -1;
        }
        ClassNode owner = program.classNamed(field.owner());
        if (owner == null) {
            return -1;
        }
        for (org.objectweb.asm.tree.FieldNode fn : owner.fields) {
            if (fn.name.equals(field.name()) && (fn.access & Opcodes.ACC_FINAL) != 0) {
                return program.heap().fieldArrayLength(field.owner(), field.name());
            }
        }
        return -1;
    }

    private void putField(FieldInsnNode f) {
        ObjectModel.InstanceField field = instanceField(f);
        Value v = toStorage(pop(), f.desc);
        Value obj = liveChecked(nullChecked(pop()), f.owner);
        add(fieldStore(v, offset(obj, field.offset()), isVolatile(field.owner(), f.name)));
    }

    /**
     * Whether the field {@code name}, declared in {@code owner} or a superclass, is volatile.
     * Java's volatile is sequentially consistent: its loads and stores are atomic {@code seq_cst}
     * accesses, which LLVM never hoists out of a loop, merges or tears.
     */
    private boolean isVolatile(String owner, String name) {
        for (ClassNode c = program.classNamed(owner); c != null; c = program.classNamed(c.superName)) {
            for (org.objectweb.asm.tree.FieldNode fn : c.fields) {
                if (fn.name.equals(name)) {
                    return (fn.access & Opcodes.ACC_VOLATILE) != 0;
                }
            }
            if (c.superName == null) {
                break;
            }
        }
        return false;
    }

    private static Instr fieldLoad(Type t, Value address, boolean isVolatile) {
        return isVolatile ? new Instr.AtomicLoad(t, address, Instr.Ordering.SEQ_CST) : new Instr.Load(t, address, t.size, false);
    }

    private static Instr fieldStore(Value v, Value address, boolean isVolatile) {
        return isVolatile ? new Instr.AtomicStore(v, address, Instr.Ordering.SEQ_CST)
                : new Instr.Store(v, address, v.type().size, false);
    }

    /**
     * The use-after-free check: where the static type {@code type} may hold objects made at
     * run time by a pool (docs/dialect.md, "Objects made at run time"), a freed object's class
     * word names {@link Program#FREED_CLASS}; using it calls {@link Program#USE_AFTER_FREE_HOOK}
     * with the object and this method and line. One load and compare, on the first word of
     * the object, the line the access itself reads.
     */
    private Value liveChecked(Value obj, String type) {
        if (!program.checks() || obj instanceof Value.Symbol || !program.mayBeFreed(type)) {
            return obj;
        }
        Value freed = add(new Instr.Compare(Pred.EQ, classOf(obj), program.freedClass()));
        Block cold = fn.newBlock("freed" + coldBlocks);
        Block ok = fn.newBlock("ok" + coldBlocks);
        coldBlocks++;
        add(new Instr.Branch(freed, cold, ok));
        current = cold;
        program.module().declare(new Module.Declaration(Program.USE_AFTER_FREE_HOOK, Type.VOID,
                List.of(Type.PTR, Type.PTR), true));
        add(new Instr.Call(Type.VOID, Program.USE_AFTER_FREE_HOOK,
                List.of(obj, new Value.Symbol(program.heap().string(where()))), true));
        add(new Instr.Unreachable());
        current = ok;
        return obj;
    }

    /** The class info an object's class word points to. */
    private Value classOf(Value obj) {
        return add(new Instr.Load(Type.PTR, obj, 8, false));
    }

    /**
     * Whether the non-null object {@code obj} is an instance of {@code type} (internal name or
     * array descriptor), as an i1: a range test on the class number for classes, a bit of the
     * interface bitmap for interfaces, the identity of the class info for String and arrays.
     */
    private Value isInstance(Value obj, String type) {
        ObjectModel model = program.model();
        if (type.equals(ObjectModel.OBJECT)) {
            return Value.constant(Type.I1, 1);
        }
        Value cls = classOf(obj);
        if (type.startsWith("[L") || type.startsWith("[[")) {
            // Arrays of references are covariant: the generated subtype test walks the element types.
            ObjectSupport.defineSubtype(program.module());
            Value ok = add(new Instr.Call(Type.I8, Function.Ext.ZERO, ObjectSupport.SUBTYPE,
                    List.of(cls, new Value.Symbol(model.classInfo(type))), List.of(Function.Ext.NONE, Function.Ext.NONE), false));
            return add(new Instr.Compare(Pred.NE, ok, Value.constant(Type.I8, 0)));
        }
        if (type.equals(ObjectModel.STRING) || type.startsWith("[")) {
            return add(new Instr.Compare(Pred.EQ, cls, new Value.Symbol(model.classInfo(type))));
        }
        if (model.isInterfaceName(type)) {
            int n = model.interfaceNumber(type);
            Value bitmap = add(new Instr.Load(Type.PTR, offset(cls, ObjectModel.IFACES_OFFSET), 8, false));
            Block has = fn.newBlock("ifaces" + coldBlocks);
            Block done = fn.newBlock("ifaces_done" + coldBlocks);
            coldBlocks++;
            Value result = entry.addFirst(new Instr.Alloca(Type.I8));
            add(new Instr.Store(Value.constant(Type.I8, 0), result, 1, false));
            add(new Instr.Branch(add(new Instr.Compare(Pred.EQ, bitmap, Value.nullPtr())), done, has));
            current = has;
            Value bits = add(new Instr.Load(Type.I8, offset(bitmap, n / 8), 1, false));
            add(new Instr.Store(add(new Instr.Binary(Op.AND, bits, Value.constant(Type.I8, 1 << (n % 8)))), result, 1, false));
            add(new Instr.Jump(done));
            current = done;
            return add(new Instr.Compare(Pred.NE, add(new Instr.Load(Type.I8, result, 1, false)), Value.constant(Type.I8, 0)));
        }
        if (!model.isObjectClass(type)) {
            throw new Unsupported("instanceof and casts to " + type.replace('/', '.') + " are not in the dialect"
                    + " (only the compiled classes, String and arrays of primitives)");
        }
        int first = model.id(type);
        int last = model.last(type);
        Value id = add(new Instr.Load(Type.I32, offset(cls, ObjectModel.ID_OFFSET), 4, false));
        Value rel = add(new Instr.Binary(Op.SUB, id, i32(first)));
        return add(new Instr.Compare(Pred.ULT, rel, i32(last - first)));
    }

    /** {@code a instanceof T}: false for null, else the type test. */
    private void instanceOf(String type) {
        Value obj = pop();
        Value result = entry.addFirst(new Instr.Alloca(Type.I32));
        add(new Instr.Store(i32(0), result, 4, false));
        Block test = fn.newBlock("instanceof" + coldBlocks);
        Block done = fn.newBlock("instanceof_done" + coldBlocks);
        coldBlocks++;
        add(new Instr.Branch(add(new Instr.Compare(Pred.EQ, obj, Value.nullPtr())), done, test));
        current = test;
        Value is = isInstance(obj, type);
        add(new Instr.Store(add(new Convert(Convert.Op.ZEXT, is, Type.I32)), result, 4, false));
        add(new Instr.Jump(done));
        current = done;
        push(add(new Instr.Load(Type.I32, result, 4, false)));
    }

    /**
     * A getter or setter of a struct view: one load or store at the field's offset from the
     * view's address (a pointer field loads the address of another view); an indexed field
     * checks its index as an array access does, an embedded struct is only an address.
     */
    private void structAccess(MethodInsnNode call) {
        ObjectModel.StructField field = program.model().structField(call.owner, call.name);
        if (field == null) {
            throw new Unsupported(describe(call) + ": struct view fields need a getter with @Offset");
        }
        boolean setter = call.desc.endsWith(")V");
        Value v = setter ? toStorage(pop(), field.desc()) : null;
        Value index = field.count() > 0 ? pop() : null;
        Value at = offset(pop(), field.offset());
        if (index != null) {
            boolean known = index instanceof Value.Constant k && k.value >= 0 && k.value < field.count();
            if (program.checks() && !known) {
                check(add(new Instr.Compare(Pred.UGE, index, i32(field.count()))),
                        "java.lang.ArrayIndexOutOfBoundsException", null);
            }
            Value wide = add(new Convert(Convert.Op.SEXT, index, Type.I64));
            at = add(new Instr.Offset(at, add(new Instr.Binary(Op.MUL, wide, i64(field.stride())))));
        }
        Type t = Program.storageType(field.desc());
        if (field.embeddedSize() > 0) {
            push(at);
        } else if (setter) {
            add(new Instr.Store(v, at, 1, false));
        } else {
            push(widen(add(new Instr.Load(t, at, 1, false)), field.desc()));
        }
    }

    /** The class literal of a Structs call (only there is one in the dialect). */
    static final class ClassConstant extends Value {
        final String internalName;

        ClassConstant(String internalName) {
            super(Type.PTR);
            this.internalName = internalName;
        }
    }

    /** Pops the class literal a Structs intrinsic takes, checking it names a struct view. */
    String popStructType() {
        if (!(popAny() instanceof ClassConstant c)) {
            throw new Unsupported("Structs.at and Structs.size take a class literal as their last argument");
        }
        if (program.model().structSize(c.internalName) < 0) {
            throw new Unsupported(c.internalName.replace('/', '.') + " is not a @Struct interface");
        }
        return c.internalName;
    }

    /**
     * {@code Structs.over(storage, View.class)}: the address of the array's elements. A static
     * final array's length is known, so storage smaller than the struct is refused here.
     */
    void structOver() {
        String type = popStructType();
        Value storage = nullChecked(pop());
        int known = storage instanceof Value.Symbol s ? program.heap().arrayLength(s.name) : -1;
        int size = structSize(type);
        if (known >= 0 && 8L * known < size) {
            throw new Unsupported("Structs.over: " + known + " longs cannot hold a " + type.replace('/', '.')
                    + " (" + size + " bytes); make the array at least " + (size + 7) / 8 + " longs");
        }
        push(offset(storage, Layout.ELEMENTS_OFFSET));
    }

    int structSize(String internalName) {
        return program.model().structSize(internalName);
    }

    /** {@code (T) a}: null passes; an object of another type throws ClassCastException. */
    private void checkCast(String type) {
        if (program.model().structSize(type) >= 0) {
            return;                                 // a struct view is an unchecked address
        }
        Value obj = pop();
        if (!type.equals(ObjectModel.OBJECT)) {
            Block test = fn.newBlock("cast" + coldBlocks);
            Block done = fn.newBlock("cast_done" + coldBlocks);
            coldBlocks++;
            add(new Instr.Branch(add(new Instr.Compare(Pred.EQ, obj, Value.nullPtr())), done, test));
            current = test;
            Value is = isInstance(obj, type);
            Block ok = coldPath(add(new Instr.Compare(Pred.EQ, is, Value.constant(Type.I1, 0))));
            ClassNames.defineCastFailed(program);   // HotSpot's message names both classes
            add(new Instr.Call(Type.VOID, Function.Ext.NONE, ClassNames.CAST_FAILED, List.of(obj,
                    new Value.Symbol(program.heap().string(ClassNames.javaName(type))), i64(ClassNames.isApp(type) ? 1 : 0),
                    whereString()), List.of(Function.Ext.NONE, Function.Ext.NONE, Function.Ext.NONE, Function.Ext.NONE),
                    false));
            add(new Instr.Unreachable());
            current = ok;
            add(new Instr.Jump(done));
            current = done;
        }
        push(obj);
    }

    /**
     * aastore: null and bounds checks, then (for a non-null value) the store check Java makes
     * because arrays are covariant: the value must be an instance of the array's component
     * class, else ArrayStoreException. The check calls a generated helper with the two class infos.
     */
    private void referenceArrayStore() {
        Value v = pop();
        Value index = pop();
        Value array = pop();
        Value address = elementAddress(array, index, Type.PTR);
        Block test = fn.newBlock("store_check" + coldBlocks);
        Block done = fn.newBlock("store" + coldBlocks);
        coldBlocks++;
        // No check for null, for Object[] (anything goes) and Address[] (addresses are not objects).
        Value component = add(new Instr.Load(Type.PTR, offset(classOf(array), ObjectModel.COMPONENT_OFFSET), 8, false));
        Value anything = add(new Instr.Compare(Pred.EQ, component,
                new Value.Symbol(program.model().classInfo(ObjectModel.OBJECT))));
        Value addresses = add(new Instr.Compare(Pred.EQ, component,
                new Value.Symbol(program.model().classInfo(ObjectModel.ADDRESS))));
        Value isNull = add(new Instr.Compare(Pred.EQ, v, Value.nullPtr()));
        Value skip = add(new Instr.Binary(Op.OR, add(new Instr.Binary(Op.OR, anything, addresses)), isNull));
        add(new Instr.Branch(skip, done, test));
        current = test;
        ObjectSupport.defineSubtype(program.module());
        Value ok = add(new Instr.Call(Type.I8, Function.Ext.ZERO, ObjectSupport.SUBTYPE,
                List.of(classOf(v), component), List.of(Function.Ext.NONE, Function.Ext.NONE), false));
        Block fits = coldPath(add(new Instr.Compare(Pred.EQ, ok, Value.constant(Type.I8, 0))));
        ClassNames.defineStoreFailed(program);      // HotSpot's message is the value's class name
        add(new Instr.Call(Type.VOID, Function.Ext.NONE, ClassNames.STORE_FAILED, List.of(v, whereString()),
                List.of(Function.Ext.NONE, Function.Ext.NONE), false));
        add(new Instr.Unreachable());
        current = fits;
        add(new Instr.Jump(done));
        current = done;
        add(new Instr.Store(v, address, 8, false));
    }

    /** Whether {@code owner} is an enum class or java.lang.Enum. */
    private boolean isEnum(String owner) {
        for (ClassNode c = program.classNamed(owner); c != null; c = program.classNamed(c.superName)) {
            if (ObjectModel.ENUM.equals(c.superName)) {
                return true;
            }
        }
        return owner.equals(ObjectModel.ENUM);
    }

    /** java.lang.Enum's final methods: fields and comparisons. Returns false for anything else. */
    private boolean enumMethod(MethodInsnNode call) {
        if (!isEnum(call.owner)) {
            return false;
        }
        switch (call.name + call.desc) {
            case "ordinal()I" -> {
                Value e = nullChecked(pop());
                push(add(new Instr.Load(Type.I32, offset(e, 16), 4, false)));
            }
            case "name()Ljava/lang/String;" -> {
                Value e = nullChecked(pop());
                push(add(new Instr.Load(Type.PTR, offset(e, 8), 8, false)));
            }
            case "equals(Ljava/lang/Object;)Z" -> {
                Value other = pop();
                Value e = nullChecked(pop());
                push(add(new Convert(Convert.Op.ZEXT, add(new Instr.Compare(Pred.EQ, e, other)), Type.I32)));
            }
            case "compareTo(Ljava/lang/Enum;)I" -> {
                // Enum.compareTo's own code fails on a null argument: other.getClass().
                Value other = nullChecked(pop(), "Cannot invoke \"Object.getClass()\" because \"other\" is null");
                Value e = nullChecked(pop());
                Value a = add(new Instr.Load(Type.I32, offset(e, 16), 4, false));
                Value b = add(new Instr.Load(Type.I32, offset(other, 16), 4, false));
                push(add(new Instr.Binary(Op.SUB, a, b)));
            }
            case "toString()Ljava/lang/String;" -> {
                if (!program.model().implementations(call.owner, "toString()Ljava/lang/String;").isEmpty()) {
                    return false;                       // overridden: a virtual call
                }
                Value e = nullChecked(pop());
                push(add(new Instr.Load(Type.PTR, offset(e, 8), 8, false)));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A call on an object: invokevirtual, invokeinterface, or invokespecial of a private or
     * superclass method. Direct when only one method can run (devirtualised over the closed
     * world of compiled classes), else through the receiver's vtable or itable.
     */
    private void invokeObject(MethodInsnNode call, boolean special) {
        if (program.isExternal(call.owner)) {
            throw new Unsupported(describe(call) + ": calls on the kernel's objects are not in the module API yet; "
                    + "call static methods marked @KernelApi");
        }
        if (!special && enumMethod(call)) {
            return;
        }
        if (program.model().structSize(call.owner) >= 0) {
            structAccess(call);
            return;
        }
        ObjectModel model = program.model();
        String nameDesc = call.name + call.desc;
        boolean iface = model.isInterfaceName(call.owner);
        if (call.owner.equals(ObjectModel.OBJECT) && isObjectMethod(nameDesc)) {
            throw new Unsupported(describe(call) + " is not in the dialect (objects have no identity hash codes, "
                    + "default equality or default strings); declare it in the class and call it on that type");
        }
        if (!iface && !model.isObjectClass(call.owner) || call.owner.equals(ObjectModel.OBJECT)
                || call.owner.equals(ObjectModel.ENUM)) {
            throw new Unsupported(describe(call) + " is not in the dialect"
                    + (call.owner.startsWith("java/") ? " (only the compiled classes' methods can be called on objects)" : ""));
        }
        ObjectModel.Impl direct = null;
        List<ObjectModel.Impl> targets = List.of();
        // An interface of the module API: modules may implement it, so the kernel's classes are not all there is.
        boolean open = iface && model.isOpen(call.owner);
        ObjectModel.Impl declared = special ? null : resolveSpecial(call.owner, nameDesc);
        if (declared != null && (declared.method().access & Opcodes.ACC_PRIVATE) != 0) {
            direct = declared;      // a private method: javac (nestmates, Java 11+) calls it with invokevirtual
        } else if (special) {
            direct = resolveSpecial(call.owner, nameDesc);
            if (direct == null) {
                throw new Unsupported(describe(call) + " is not in the dialect (not found in the compiled classes)");
            }
        } else {
            targets = model.implementations(call.owner, nameDesc);
            for (String c : isObjectMethod(nameDesc) ? model.concreteSubtypes(call.owner) : List.<String>of()) {
                if (model.resolveVirtual(c, nameDesc) == null) {
                    throw new Unsupported(describe(call) + ": " + c.replace('/', '.') + " inherits java.lang.Object's "
                            + call.name + ", which is not in the dialect (no identity hashes or default strings); override it");
                }
            }
            if (targets.size() == 1 && !open) {
                direct = targets.get(0);
            }
        }
        org.objectweb.asm.Type[] argTypes = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        Value[] args = new Value[argTypes.length + 1];
        Function.Ext[] exts = new Function.Ext[argTypes.length + 1];
        for (int i = argTypes.length - 1; i >= 0; i--) {
            args[i + 1] = toStorage(pop(), argTypes[i].getDescriptor());
            exts[i + 1] = Program.extension(argTypes[i].getDescriptor());
        }
        args[0] = liveChecked(nullChecked(pop()), call.owner);
        exts[0] = Function.Ext.NONE;
        String ret = org.objectweb.asm.Type.getReturnType(call.desc).getDescriptor();
        Value result;
        if (direct != null) {
            result = add(new Instr.Call(Program.storageType(ret), Program.extension(ret),
                    Program.methodSymbol(direct.owner(), direct.method()), List.of(args), List.of(exts), false));
        } else if (targets.isEmpty() && !open) {
            callThrowHook("java.lang.AbstractMethodError", Value.nullPtr());   // no class implements it
            return;
        } else {
            Value cls = classOf(args[0]);
            Value fnPtr;
            int slot = iface ? -1 : model.slot(call.owner, nameDesc);
            if (iface || (slot < 0 && model.selector(nameDesc) >= 0)) {
                // Through the itable: an interface call, or a default method called on a class type.
                Value itable = add(new Instr.Load(Type.PTR, offset(cls, ObjectModel.ITABLE_OFFSET), 8, false));
                fnPtr = add(new Instr.Load(Type.PTR, offset(itable, 8L * model.selector(nameDesc)), 8, false));
            } else {
                if (slot < 0) {
                    throw new Unsupported(describe(call) + " has no vtable slot (is it declared in a compiled class?)");
                }
                fnPtr = add(new Instr.Load(Type.PTR, offset(cls, ObjectModel.VTABLE_OFFSET + 8L * slot), 8, false));
            }
            // Every method the call may reach (none known for an interface modules may implement):
            // the stack-depth and sleep checks follow it.
            result = add(new Instr.Call(Program.storageType(ret), Program.extension(ret), fnPtr, List.of(args),
                    List.of(exts)).withCandidates(open ? List.of() : targets.stream()
                            .map(t -> Program.methodSymbol(t.owner(), t.method())).toList()));
        }
        if (!ret.equals("V")) {
            push(widen(result, ret));
        }
    }

    private static boolean isObjectMethod(String nameDesc) {
        return nameDesc.equals("equals(Ljava/lang/Object;)Z") || nameDesc.equals("hashCode()I")
                || nameDesc.equals("toString()Ljava/lang/String;");
    }

    /**
     * invokespecial (private methods, {@code super.m()}, {@code I.super.m()}): the instance method
     * {@code owner} names, resolved as the JVM does (JVMS §5.4.3.3), an inherited default method too.
     */
    private ObjectModel.Impl resolveSpecial(String owner, String nameDesc) {
        ObjectModel.Impl m = Resolution.method(program.classPath(), owner, nameDesc);
        return m == null || (m.method().access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT)) != 0 ? null : m;
    }

    // ---- statics and calls ----

    private void getStatic(FieldInsnNode f) {
        if (f.owner.equals("java/lang/System") && (f.name.equals("out") || f.name.equals("err"))) {
            push(new Stream(f.name.equals("out") ? 1 : 2));
            return;
        }
        Value field = staticField(f);
        String array = program.heap().finalArray(((Value.Symbol) field).name);
        if (array != null) {
            push(new Value.Symbol(array)); // a constant: its length is known and it is not null
            return;
        }
        Type t = Program.storageType(f.desc);
        push(widen(add(fieldLoad(t, field, isVolatile(f.owner, f.name))), f.desc));
    }

    private void putStatic(FieldInsnNode f) {
        Value v = toStorage(pop(), f.desc);
        add(fieldStore(v, staticField(f), isVolatile(f.owner, f.name)));
    }

    /** The global of the static field {@code f} refers to. */
    private Value staticField(FieldInsnNode f) {
        Program.ResolvedField r = program.resolveField(f.owner, f.name, f.desc);
        if (r != null && program.isExternal(r.owner().name)) {
            throw new Unsupported("field " + f.owner.replace('/', '.') + "." + f.name + " is the kernel's: a module "
                    + "reaches the kernel only through methods marked @KernelApi");
        }
        if (r == null) {
            throw new Unsupported("field " + f.owner.replace('/', '.') + "." + f.name + " is not in the dialect"
                    + (program.classNamed(f.owner) == null ? " (its class is not being compiled)" : ""));
        }
        return new Value.Symbol(Program.fieldSymbol(r.owner(), r.field()));
    }

    private void invokeStatic(MethodInsnNode call) {
        if (Intrinsics.handles(call.owner)) {
            Intrinsics.lower(call, this);
            return;
        }
        if (JdkIntrinsics.handles(call.owner) && JdkIntrinsics.lower(call, this)) {
            return;
        }
        if (ArrayCopy.lower(call, this) || JdkMethods.lower(call, this)) {
            return;
        }
        Program.ResolvedMethod r = program.resolveStatic(call.owner, call.name, call.desc);
        if (r != null && (r.owner().access & Opcodes.ACC_ENUM) != 0
                && (call.name.equals("values") || call.name.equals("valueOf"))) {
            throw new Unsupported(describe(call) + " is not in the dialect ("
                    + (call.name.equals("values") ? "it copies the array of constants at run time); keep one array of them "
                            + "in a static final field (ALL = values(), in a static initialiser)"
                            : "it finds constants by reflection); compare names yourself"));
        }
        if (r == null) {
            throw new Unsupported(describe(call) + " is not in the dialect"
                    + (program.classNamed(call.owner) == null
                            ? " (only the kernel's own classes and org.zeptux.rt can be called)" : ""));
        }
        org.objectweb.asm.Type[] argTypes = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        Value[] args = new Value[argTypes.length];
        Function.Ext[] exts = new Function.Ext[argTypes.length];
        for (int i = argTypes.length - 1; i >= 0; i--) {
            args[i] = toStorage(pop(), argTypes[i].getDescriptor());
            exts[i] = Program.extension(argTypes[i].getDescriptor());
        }
        String ret = org.objectweb.asm.Type.getReturnType(call.desc).getDescriptor();
        String symbol = Program.methodSymbol(r.owner(), r.method());
        boolean kernel = program.isExternal(r.owner().name);
        if (kernel && !Program.isKernelApi(r.method())) {
            throw new Unsupported(describe(call) + " is not in the kernel's module API (methods marked @KernelApi); "
                    + "a module can call only those");
        }
        if ((r.method().access & Opcodes.ACC_NATIVE) != 0 || kernel) {
            // Bound to an assembly symbol: declared here, defined by an object linked in.
            List<Type> params = new ArrayList<>();
            for (Value a : args) {
                params.add(a.type());
            }
            program.module().declare(new Module.Declaration(symbol, Program.storageType(ret), params, false));
        }
        Value result = add(new Instr.Call(Program.storageType(ret), Program.extension(ret),
                symbol, List.of(args), List.of(exts), false));
        if (!ret.equals("V")) {
            push(widen(result, ret));
        }
    }

    private static String describe(MethodInsnNode call) {
        StringBuilder sb = new StringBuilder(call.owner.replace('/', '.')).append('.').append(call.name).append('(');
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(args[i].getClassName());
        }
        return sb.append(')').toString();
    }

    // ---- helpers shared with Intrinsics ----

    /** Throws ArithmeticException("/ by zero") where {@code divisor} is zero. */
    void checkDivisor(Value divisor) {
        check(add(new Instr.Compare(Pred.EQ, divisor, Value.constant(divisor.type(), 0))),
                "java.lang.ArithmeticException", "/ by zero");
    }

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

    /** The null check of the receiver of the call being lowered, with the JVM's message. */
    Value receiverChecked(Value receiver) {
        return nullChecked(receiver);
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
    private Value widen(Value v, String desc) {
        return switch (desc.charAt(0)) {
            case 'Z', 'C' -> add(new Convert(Convert.Op.ZEXT, v, Type.I32));
            case 'B', 'S' -> add(new Convert(Convert.Op.SEXT, v, Type.I32));
            default -> v;
        };
    }

    /** A computational value narrowed to its storage type ({@code boolean} keeps bit 0, as putstatic does). */
    private Value toStorage(Value v, String desc) {
        return switch (desc.charAt(0)) {
            case 'Z' -> add(new Convert(Convert.Op.TRUNC, add(new Instr.Binary(Op.AND, v, i32(1))), Type.I8));
            case 'B' -> add(new Convert(Convert.Op.TRUNC, v, Type.I8));
            case 'C', 'S' -> add(new Convert(Convert.Op.TRUNC, v, Type.I16));
            default -> v;
        };
    }

    /**
     * Where {@code failed} is true, calls the throw hook with {@code exception}, the constant
     * {@code message} (or null) and this method and line; execution continues where it is false.
     */
    private void check(Value failed, String exception, String message) {
        Block ok = coldPath(failed);
        callThrowHook(exception, message == null ? Value.nullPtr() : new Value.Symbol(program.heap().string(message)));
        current = ok;
    }

    /** {@link #check} with a message made at run time: {@code format} with the numbers {@code a} and {@code b} (Failures). */
    private void check(Value failed, String exception, String format, Value a, Value b) {
        Block ok = coldPath(failed);
        Failures.raise(program, current, exception, format, null, null, a, b, whereString());
        for (Instr i : current.instrs()) {
            i.at(line);
        }
        current = ok;
    }

    /** Branches on {@code failed} to a new cold block, made current; returns the block where it is false. */
    private Block coldPath(Value failed) {
        Block cold = fn.newBlock("throw" + coldBlocks);
        Block ok = fn.newBlock("ok" + coldBlocks);
        coldBlocks++;
        add(new Instr.Branch(failed, cold, ok));
        current = cold;
        return ok;
    }

    /** Calls the throw hook with the exception's class name, its message and this method and line. */
    private void callThrowHook(String exception, Value message) {
        ImageHeap heap = program.heap();
        String where = where();
        program.module().declare(new Module.Declaration(Program.THROW_HOOK, Type.VOID,
                List.of(Type.PTR, Type.PTR, Type.PTR), true));
        add(new Instr.Call(Type.VOID, Program.THROW_HOOK,
                List.of(new Value.Symbol(heap.string(exception)), message, new Value.Symbol(heap.string(where))), true));
        add(new Instr.Unreachable());
    }

    /** This method and line, as a stack trace names them: {@code pkg.Class.method(File.java:LINE)}. */
    private String where() {
        return cls.name.replace('/', '.') + "." + method.name + "(" + sourceFile() + ":" + line + ")";
    }

    private String sourceFile() {
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
