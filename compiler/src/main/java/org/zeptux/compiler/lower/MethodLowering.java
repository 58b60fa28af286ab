package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>This class keeps the block-walking skeleton: blocks at labels, the instruction switch,
 * branches and switches, and runs of accesses checked once, over the state it shares
 * ({@link LoweringState}). The constructs are lowered by families it is composed of, one file
 * each: checks, arithmetic, objects and arrays, casts, struct views, the console and calls.
 */
final class MethodLowering extends LoweringState {
    // The construct families, composed: each holds this lowering and calls the others through it.
    final CheckLowering checks = new CheckLowering(this);
    final ArithmeticLowering arith = new ArithmeticLowering(this);
    final ObjectLowering objects = new ObjectLowering(this);
    final CastLowering casts = new CastLowering(this);
    final StructViewLowering views = new StructViewLowering(this);
    final ConsoleLowering console = new ConsoleLowering(this);
    final CallLowering calls = new CallLowering(this);

    MethodLowering(Program program, ClassNode cls, MethodNode method) {
        super(program, cls, method);
    }

    /** The block starting at each leader's index: the method's, or a loop's fast copy while it is lowered. */
    private Block[] blocksAt;
    /** The instructions the dialect passes refused (they reported them), with why. */
    private java.util.Map<AbstractInsnNode, String> checked = java.util.Map.of();
    /** Loops lowered twice behind a guard ({@link LoopVersions}), by the head's index. */
    private java.util.Map<Integer, LoopVersions.Loop> loopAt = java.util.Map.of();


    /** Returns the function, or null after reporting why the method cannot be compiled. */
    Function lower() {
        try {
            frames = new Analyzer<>(new BasicInterpreter()).analyze(cls.name, method);
            NormalPaths.prune(method, frames);      // finally's rethrowing handler never runs
        } catch (AnalyzerException e) {
            error("cannot analyse " + method.name + ": " + e.getMessage());
            return null;
        }
        checked = DialectPasses.check(program, cls, method, frames);
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
        if (program.checks()) {
            loopAt = LoopVersions.find(cls.name, method, leader, frames, this::finalArray);
        }
        current.add(new Instr.Jump(blocks[0]));
        blocksAt = blocks;
        for (int i = 0; i < code.size(); i++) {
            LoopVersions.Loop loop = loopAt.get(i);
            if (loop != null && current != null && !current.isTerminated() && frames[i] != null) {
                lowerLoopVersion(loop, blocks);     // the fast copy; the checked original follows from i
            }
            i = step(i, true);
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

    /**
     * Lowers the instruction at {@code i} into the current block (starting the block at a
     * leader); {@code groups}: runs of accesses checked once are lowered as such. Returns the
     * index of the last instruction lowered.
     */
    private int step(int i, boolean groups) {
        AbstractInsnNode insn = method.instructions.get(i);
        if (insn instanceof LineNumberNode ln) {
            line = ln.line;
        }
        if (blocksAt[i] != null) {
            if (current != null && !current.isTerminated()) {
                spillStack(blocksAt[i]);
                current.add(new Instr.Jump(blocksAt[i]));
            }
            current = blocksAt[i];
            reloadStack(i);
        }
        if (frames[i] == null || insn.getOpcode() < 0) {
            return i; // unreachable code, labels, line numbers, frames
        }
        if (current.isTerminated()) {
            return i;
        }
        CheckGroups.Group group = groups && !failed ? groupAt.get(i) : null;
        if (group != null) {
            return lowerGroup(group);
        }
        if (org.zeptux.compiler.dialect.Rules.refusal(insn) != null || insn.getOpcode() == Opcodes.MONITOREXIT
                || checked.containsKey(insn)) {
            failed = true;          // reported by Rules or the dialect passes
            recoverAfter(i);
            return i;
        }
        // After a refusal the method is not compiled, but the rest of it is still walked for the
        // other refusals in it: values that come from a refused instruction are Refused, and what
        // uses them is not reported again (it follows from the first error).
        boolean poisoned = false;
        for (Value v : stack) {
            poisoned |= v instanceof Refused;
        }
        if (failed && poisonedLocal(insn)) {
            return i;
        }
        try {
            this.insn = insn;
            instruction(insn);
        } catch (Unsupported u) {
            if (poisoned) {
                failed = true;
            } else {
                error(u.getMessage());
            }
            recoverAfter(i);
        } catch (RuntimeException e) {
            if (!poisoned && !failed) {
                throw e;
            }
            // Lowering a refused value's use, or after a refusal where the walk's recovery left a
            // compile-time value in a spill slot: nothing to report (the passes reported it all).
            recoverAfter(i);
        }
        return i;
    }

    /** Locals that hold a Refused value (after a refusal in this method), by index. */
    private final java.util.Set<Integer> refusedLocals = new java.util.HashSet<>();

    /**
     * After a refusal: a store of a Refused value marks its local, a load of a marked local
     * pushes a Refused value; returns whether {@code insn} was handled so.
     */
    private boolean poisonedLocal(AbstractInsnNode insn) {
        if (!(insn instanceof VarInsnNode v)) {
            return false;
        }
        int op = v.getOpcode();
        if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
            if (!stack.isEmpty() && stack.get(stack.size() - 1) instanceof Refused) {
                stack.remove(stack.size() - 1);
                refusedLocals.add(v.var);
                return true;
            }
            refusedLocals.remove(v.var);
            return false;
        }
        if (op >= Opcodes.ILOAD && op <= Opcodes.ALOAD && refusedLocals.contains(v.var)) {
            Type t = op == Opcodes.ILOAD ? Type.I32 : op == Opcodes.LLOAD ? Type.I64
                    : op == Opcodes.ALOAD ? Type.PTR : op == Opcodes.FLOAD ? Type.I32 : Type.I64;
            stack.add(new Refused(t));
            return true;
        }
        return false;
    }

    /**
     * Continues after the refused instruction at {@code i}: in a block of its own (nothing
     * reaches it; the method is not compiled), with the operand stack the instruction leaves,
     * every value Refused. After a jump, return or throw, the next leader starts the next block.
     */
    private void recoverAfter(int i) {
        if (!current.isTerminated()) {
            current.add(new Instr.Unreachable());
        }
        AbstractInsnNode insn = method.instructions.get(i);
        if (insn instanceof VarInsnNode v && v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
            refusedLocals.add(v.var);           // a refused store: what the local holds is refused
        }
        Frame<BasicValue> after = i + 1 < frames.length ? frames[i + 1] : null;
        stack.clear();
        if (endsBlock(insn) || after == null) {
            return;
        }
        current = fn.newBlock("refused" + i);
        for (int d = 0; d < after.getStackSize(); d++) {
            BasicValue b = after.getStack(d);
            stack.add(new Refused(b == BasicValue.LONG_VALUE || b == BasicValue.DOUBLE_VALUE ? Type.I64
                    : b == BasicValue.INT_VALUE || b == BasicValue.FLOAT_VALUE ? Type.I32 : Type.PTR));
        }
    }

    /**
     * Lowers the loop {@code loop} ({@link LoopVersions}) a first time, behind its guard: if
     * every covered access is in bounds on every iteration, a copy of the loop whose covered
     * accesses have no checks, else the original (lowered next, from the head's block
     * {@code blocks[loop.head()]}, by the caller). Called with the block that falls into the
     * head; leaves the current block terminated.
     */
    private void lowerLoopVersion(LoopVersions.Loop loop, Block[] blocks) {
        InsnList code = method.instructions;
        int h = loop.head();
        int e = loop.end();
        Block slow = blocks[h];
        String name = "loop" + h;
        Block[] fast = new Block[code.size()];
        java.util.IdentityHashMap<Block, Block> copyOf = new java.util.IdentityHashMap<>();
        for (int k = h; k <= e; k++) {
            if (blocks[k] != null) {
                fast[k] = fn.newBlock(name + ".fast.b" + k);
                copyOf.put(blocks[k], fast[k]);
            }
        }
        // The guard: the arrays are not null, then every access's first and last index in bounds.
        spillStack(slow);
        java.util.Map<String, Value> arrays = new java.util.TreeMap<>();
        java.util.List<AbstractInsnNode> arraySources = new ArrayList<>();
        if (loop.bound() != null) {
            lengthsOf(loop.bound(), arraySources);
        }
        for (LoopVersions.Access a : loop.accesses()) {
            arraySources.add(a.array());
        }
        for (AbstractInsnNode src : arraySources) {
            String key = sourceKey(src);
            if (arrays.containsKey(key)) {
                continue;
            }
            Value array;
            if (src instanceof VarInsnNode v) {
                array = add(new Instr.Load(Type.PTR, slot("l" + v.var, Type.PTR), 8, false));
                Block next = fn.newBlock(name + ".guard" + arrays.size());
                add(new Instr.Branch(add(new Instr.Compare(Pred.EQ, array, Value.nullPtr())), slow, next));
                current = next;
            } else {
                this.insn = src;
                instruction(src);
                array = pop();
            }
            arrays.put(key, array);
        }
        // i's range in the body: [i0, B - 1] going up, [B, i0] going down; the loop runs at least once.
        Value i0 = add(new Instr.Load(Type.I32, slot("l" + loop.iv(), Type.I32), 4, false));
        Value bound = guardValue(loop.bound(), arrays, false);
        Value first;
        Value last;
        Value ok;
        if (loop.down()) {
            ok = add(new Instr.Compare(Pred.SGE, i0, bound));
            ok = add(new Instr.Binary(Op.AND, ok, add(new Instr.Compare(Pred.SGT, bound, i32(Integer.MIN_VALUE)))));
            first = add(new Convert(Convert.Op.SEXT, bound, Type.I64));
            last = add(new Convert(Convert.Op.SEXT, i0, Type.I64));
        } else {
            ok = add(new Instr.Compare(Pred.SGT, bound, i0));
            first = add(new Convert(Convert.Op.SEXT, i0, Type.I64));
            last = add(new Instr.Binary(Op.SUB, add(new Convert(Convert.Op.SEXT, bound, Type.I64)), i64(1)));
            if (!(loop.step() instanceof LoopVersions.Const c && c.value() == 1)) {
                // i += step never wraps: step >= 1 and B - 1 + step <= Integer.MAX_VALUE.
                Value step = guardValue(loop.step(), arrays, true);
                if (!(loop.step() instanceof LoopVersions.Const)) {
                    ok = add(new Instr.Binary(Op.AND, ok, add(new Instr.Compare(Pred.SGE, step, i64(1)))));
                }
                Value next = add(new Instr.Binary(Op.ADD, last, step));
                ok = add(new Instr.Binary(Op.AND, ok, add(new Instr.Compare(Pred.SLE, next, i64(Integer.MAX_VALUE)))));
            }
        }
        java.util.Map<String, LoopIndex> seen = new java.util.HashMap<>();
        java.util.Set<AbstractInsnNode> covered = new java.util.HashSet<>();
        java.util.Map<AbstractInsnNode, LoopIndex> exact = new java.util.HashMap<>();
        for (LoopVersions.Access a : loop.accesses()) {
            covered.add(a.insn());
            String key = sourceKey(a.array()) + " " + a.s() + " " + a.t();
            LoopIndex known = seen.get(key);
            if (known != null) {
                exact.put(a.insn(), known);
                continue;
            }
            Value s = guardValue(a.s(), arrays, true);
            Value t = guardValue(a.t(), arrays, true);
            Value length = add(new Convert(Convert.Op.ZEXT, checks.lengthOf(arrays.get(sourceKey(a.array()))), Type.I64));
            boolean unit = a.s() instanceof LoopVersions.Const c && c.value() == 1;
            boolean none = a.t() instanceof LoopVersions.Const c && c.value() == 0;
            LoopIndex index = new LoopIndex(loop.iv(), unit ? null : s, none ? null : t);
            seen.put(key, index);
            exact.put(a.insn(), index);
            Value low = unit ? first : add(new Instr.Binary(Op.MUL, s, first));
            Value high = unit ? last : add(new Instr.Binary(Op.MUL, s, last));
            if (!none) {
                low = add(new Instr.Binary(Op.ADD, low, t));
                high = add(new Instr.Binary(Op.ADD, high, t));
            }
            if (!(a.s() instanceof LoopVersions.Const)) {       // (a constant stride is never negative here)
                ok = add(new Instr.Binary(Op.AND, ok, add(new Instr.Compare(Pred.SGE, s, i64(0)))));
            }
            ok = add(new Instr.Binary(Op.AND, ok, add(new Instr.Compare(Pred.SGE, low, i64(0)))));
            ok = add(new Instr.Binary(Op.AND, ok, add(new Instr.Compare(Pred.SLT, high, length))));
        }
        add(new Instr.Branch(ok, fast[h], slow));
        // The fast copy: jumps inside the loop go to the copy, jumps out of it to the original code.
        java.util.Map<LabelNode, Block> saved = new java.util.HashMap<>();
        for (java.util.Map.Entry<LabelNode, Block> en : blockAt.entrySet()) {
            Block c = copyOf.get(en.getValue());
            if (c != null) {
                saved.put(en.getKey(), en.getValue());
                en.setValue(c);
            }
        }
        int savedLine = line;
        blocksAt = fast;
        checkedByGuard = covered;
        loopIndex = exact;
        for (int k = h; k <= e; k++) {
            k = step(k, false);
        }
        checkedByGuard = java.util.Set.of();
        loopIndex = java.util.Map.of();
        blocksAt = blocks;
        blockAt.putAll(saved);
        line = savedLine;
        if (!current.isTerminated()) {
            current.add(new Instr.Unreachable());
        }
    }

    private static void lengthsOf(LoopVersions.Expr e, java.util.List<AbstractInsnNode> out) {
        if (e instanceof LoopVersions.Length l) {
            out.add(l.source());
        } else if (e instanceof LoopVersions.Binary b) {
            lengthsOf(b.left(), out);
            lengthsOf(b.right(), out);
        }
    }

    private static String sourceKey(AbstractInsnNode src) {
        return src instanceof VarInsnNode v ? "l" + v.var
                : ((FieldInsnNode) src).owner + "." + ((FieldInsnNode) src).name;
    }

    /** {@code e}'s value in the guard: exact, in 64 bits ({@code wide}), or as Java's int arithmetic computes it. */
    private Value guardValue(LoopVersions.Expr e, java.util.Map<String, Value> arrays, boolean wide) {
        if (e instanceof LoopVersions.Const c) {
            return wide ? i64(c.value()) : i32((int) c.value());
        }
        Value v;
        if (e instanceof LoopVersions.Local l) {
            v = add(new Instr.Load(Type.I32, slot("l" + l.var(), Type.I32), 4, false));
            return wide ? add(new Convert(Convert.Op.SEXT, v, Type.I64)) : v;
        }
        if (e instanceof LoopVersions.Length l) {
            v = checks.lengthOf(arrays.get(sourceKey(l.source())));
            return wide ? add(new Convert(Convert.Op.ZEXT, v, Type.I64)) : v;
        }
        LoopVersions.Binary b = (LoopVersions.Binary) e;
        Op op = b.op() == Opcodes.IADD ? Op.ADD : b.op() == Opcodes.ISUB ? Op.SUB : Op.MUL;
        Value l = guardValue(b.left(), arrays, wide);
        Value r = guardValue(b.right(), arrays, wide);
        return add(new Instr.Binary(op, l, r));
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
        Value length = add(new Convert(Convert.Op.ZEXT, checks.lengthOf(array), Type.I64));
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
            case Opcodes.LDC -> arith.ldc(((LdcInsnNode) insn).cst);
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
            case Opcodes.IALOAD -> objects.arrayLoad(Type.I32, false);
            case Opcodes.LALOAD -> objects.arrayLoad(Type.I64, false);
            case Opcodes.BALOAD -> objects.arrayLoad(Type.I8, true);
            case Opcodes.CALOAD -> objects.arrayLoad(Type.I16, false);
            case Opcodes.SALOAD -> objects.arrayLoad(Type.I16, true);
            case Opcodes.IASTORE -> objects.arrayStore(Type.I32);
            case Opcodes.LASTORE -> objects.arrayStore(Type.I64);
            case Opcodes.BASTORE -> objects.arrayStore(Type.I8);
            case Opcodes.CASTORE, Opcodes.SASTORE -> objects.arrayStore(Type.I16);
            case Opcodes.ARRAYLENGTH -> {
                Value a = checks.nullChecked(pop());
                push(checks.lengthOf(a));
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
                    calls.construct(call);
                } else {
                    calls.invokeObject(call, true);
                }
            }
            case Opcodes.INVOKEINTERFACE -> calls.invokeObject((MethodInsnNode) insn, false);
            case Opcodes.GETFIELD -> objects.getField((FieldInsnNode) insn);
            case Opcodes.PUTFIELD -> objects.putField((FieldInsnNode) insn);
            case Opcodes.AALOAD -> objects.arrayLoad(Type.PTR, false);
            case Opcodes.AASTORE -> casts.referenceArrayStore();
            case Opcodes.INSTANCEOF -> casts.instanceOf(((org.objectweb.asm.tree.TypeInsnNode) insn).desc);
            case Opcodes.CHECKCAST -> casts.checkCast(((org.objectweb.asm.tree.TypeInsnNode) insn).desc);
            case Opcodes.ATHROW -> calls.throwPending();
            case Opcodes.DUP -> arith.dup(1, 0);
            case Opcodes.DUP_X1 -> arith.dup(1, 1);
            case Opcodes.DUP_X2 -> arith.dup(1, 2);
            case Opcodes.DUP2 -> arith.dup(2, 0);
            case Opcodes.DUP2_X1 -> arith.dup(2, 1);
            case Opcodes.DUP2_X2 -> arith.dup(2, 2);
            case Opcodes.SWAP -> {
                Value a = pop();
                Value b = pop();
                push(a);
                push(b);
            }
            case Opcodes.IADD, Opcodes.LADD -> arith.binary(Op.ADD);
            case Opcodes.ISUB, Opcodes.LSUB -> arith.binary(Op.SUB);
            case Opcodes.IMUL, Opcodes.LMUL -> arith.binary(Op.MUL);
            case Opcodes.IAND, Opcodes.LAND -> arith.binary(Op.AND);
            case Opcodes.IOR, Opcodes.LOR -> arith.binary(Op.OR);
            case Opcodes.IXOR, Opcodes.LXOR -> arith.binary(Op.XOR);
            case Opcodes.IDIV, Opcodes.LDIV -> arith.divide(false);
            case Opcodes.IREM, Opcodes.LREM -> arith.divide(true);
            case Opcodes.INEG, Opcodes.LNEG -> {
                Value v = pop();
                push(add(new Instr.Binary(Op.SUB, Value.constant(v.type(), 0), v)));
            }
            case Opcodes.ISHL, Opcodes.LSHL -> arith.shift(Op.SHL);
            case Opcodes.ISHR, Opcodes.LSHR -> arith.shift(Op.ASHR);
            case Opcodes.IUSHR, Opcodes.LUSHR -> arith.shift(Op.LSHR);
            case Opcodes.I2L -> push(add(new Convert(Convert.Op.SEXT, pop(), Type.I64)));
            case Opcodes.L2I -> push(add(new Convert(Convert.Op.TRUNC, pop(), Type.I32)));
            case Opcodes.I2B -> push(arith.narrow(pop(), Type.I8, true));
            case Opcodes.I2C -> push(arith.narrow(pop(), Type.I16, false));
            case Opcodes.I2S -> push(arith.narrow(pop(), Type.I16, true));
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
                branch(insn, arith.compare(op - Opcodes.IFEQ, a, i32(0)));
            }
            case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                    Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> {
                Value b = pop();
                Value a = pop();
                int cond = op <= Opcodes.IF_ICMPLE ? op - Opcodes.IF_ICMPEQ : op - Opcodes.IF_ACMPEQ;
                branch(insn, arith.compare(cond, a, b));
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
            case Opcodes.GETSTATIC -> objects.getStatic((FieldInsnNode) insn);
            case Opcodes.PUTSTATIC -> objects.putStatic((FieldInsnNode) insn);
            case Opcodes.INVOKESTATIC -> calls.invokeStatic((MethodInsnNode) insn);
            case Opcodes.INVOKEVIRTUAL -> calls.invokeVirtual((MethodInsnNode) insn);
            default -> throw new IllegalStateException("unchecked bytecode " + org.objectweb.asm.util.Printer.OPCODES[op]
                    .toLowerCase() + " (Rules refuses it)");
        }
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
            throw new IllegalStateException("jump to a label outside the method (the Analyzer refuses it)");
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
        if (blocksAt != null && idx < blocksAt.length && blocksAt[idx] != null) {
            return blocksAt[idx];
        }
        for (Block b : fn.blocks()) {
            if (b.label().equals("b" + idx)) {
                return b;
            }
        }
        throw new IllegalStateException("branch falls off the end of the method (the Analyzer refuses it)");
    }
}
