package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Counted loops whose array accesses can be checked once, before the loop (loop versioning).
 * javac's shape of {@code for (int i = i0; i < B; i++) { ... }}:
 *
 * <pre>
 *   head: iload i; B; if_icmpge exit
 *         body (no other store to i)
 *         iinc i 1
 *         goto head
 *   exit:
 * </pre>
 *
 * or with {@code i += c} ({@code c > 0} a constant, or a local the loop does not assign: then the
 * guard also asks {@code c >= 1} and {@code B - 1 + c <= Integer.MAX_VALUE}, so i never wraps), or
 * down: {@code for (; i >= B; i--)} ({@code if_icmplt exit}, {@code iinc i -1}; i in
 * {@code [B, i0]}, the guard asking {@code B > Integer.MIN_VALUE}); where {@code B} reads only
 * locals the loop does not assign, constants and the length of such
 * an array local or of a static final array. Entered only at its head (falling in from the code
 * before it, with an empty operand stack), not covered by an exception handler, and innermost.
 * Between the test and the {@code iinc}, {@code i} is in {@code [i0, B - 1]} on every
 * iteration (it only grows by one, and only after the test passed, so it never wraps). An access
 * {@code a[s * i + t]} there, with {@code a} a local the loop does not assign (or a static final
 * array) and {@code s}, {@code t} built from such locals and constants by {@code +}, {@code -} and
 * {@code *}, is in bounds on every iteration when {@code a != null}, {@code s >= 0},
 * {@code s * i0 + t >= 0} and {@code s * (B - 1) + t < a.length}, computed exactly in 64 bits
 * (the int arithmetic Java does equals the exact value modulo 2^32, and an exact value in
 * {@code [0, length)} is its own int).
 *
 * <p>{@link MethodLowering} lowers such a loop twice behind that guard: a fast copy whose covered
 * accesses have no checks, and the original with every check, taken when the guard fails, so
 * every exception keeps its message, its place and the order of effects. This only finds the
 * loops; it changes nothing.
 */
final class LoopVersions {
    private LoopVersions() {}

    /** The longest loop (in instructions) worth copying: the copy bounds the code's growth. */
    static final int MAX_SPAN = 400;

    /** An int expression the guard evaluates: of invariant locals, constants and the induction variable. */
    sealed interface Expr {
        /** A bound on the magnitude: |value| <= 2^bits. */
        int bits();
    }

    record Const(long value) implements Expr {
        public int bits() {
            return 64 - Long.numberOfLeadingZeros(Math.abs(value));
        }
    }

    /** An int local the loop does not assign. */
    record Local(int var) implements Expr {
        public int bits() {
            return 31;
        }
    }

    /** The length of an array: a local (ALOAD) the loop does not assign, or a static final array (GETSTATIC). */
    record Length(AbstractInsnNode source) implements Expr {
        public int bits() {
            return 31;
        }
    }

    record Iv() implements Expr {
        public int bits() {
            return 31;
        }
    }

    record Binary(int op, Expr left, Expr right) implements Expr {
        public int bits() {
            return op == Opcodes.IMUL ? left.bits() + right.bits() : Math.max(left.bits(), right.bits()) + 1;
        }
    }

    /** A covered access: the array's source (ALOAD or GETSTATIC), the index as {@code s * i + t}. */
    record Access(AbstractInsnNode insn, AbstractInsnNode array, Expr s, Expr t) {}

    /**
     * A loop: its head (the first instruction index of the head block), its back edge (the
     * GOTO), the induction variable, the head's bound, and its covered accesses in order.
     */
    record Loop(int head, int end, int iv, Expr step, Expr bound, List<Access> accesses) {
        /** Whether i goes down (by one, while i >= B). */
        boolean down() {
            return step instanceof Const c && c.value() < 0;
        }
    }

    /**
     * The loops of {@code method} worth versioning, by head index: {@code leader} marks block
     * starts, {@code frames} the analysed frames (null: unreachable), {@code finalArray} which
     * GETSTATICs read a static final array.
     */
    static Map<Integer, Loop> find(String owner, MethodNode method, boolean[] leader, Frame<BasicValue>[] frames,
            Predicate<FieldInsnNode> finalArray) {
        InsnList code = method.instructions;
        List<int[]> candidates = new ArrayList<>();
        for (int e = 0; e < code.size(); e++) {
            if (code.get(e).getOpcode() == Opcodes.GOTO && frames[e] != null) {
                int h = code.indexOf(((JumpInsnNode) code.get(e)).label);
                if (h < e && e - h <= MAX_SPAN) {
                    candidates.add(new int[] {h, e});
                }
            }
        }
        Map<Integer, Loop> loops = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return loops;
        }
        Frame<SourceValue>[] sources = null;
        for (int[] c : candidates) {
            int h = c[0];
            int e = c[1];
            // The head's block starts at the label: the first leader at or after it.
            while (h < e && !leader[h]) {
                h++;
            }
            if (!leader[h] || frames[h] == null || frames[h].getStackSize() != 0 || loops.containsKey(h)
                    || !innermostSingleEntry(code, method, h, e)) {
                continue;
            }
            // The update: iinc i c (c > 0 up, -1 down), or i = i + k (javac's i += k) with k invariant.
            int last = previousReal(code, e);
            int update = -1;
            int iv = -1;
            Expr step = null;
            if (last >= 0 && code.get(last) instanceof IincInsnNode inc && inc.incr != 0 && inc.incr >= -1) {
                update = last;
                iv = inc.var;
                step = new Const(inc.incr);
            } else if (last >= 0 && code.get(last) instanceof VarInsnNode store && store.getOpcode() == Opcodes.ISTORE) {
                int add = previousReal(code, last);
                int k = add < 0 ? -1 : previousReal(code, add);
                int load = k < 0 ? -1 : previousReal(code, k);
                if (load >= 0 && code.get(add).getOpcode() == Opcodes.IADD && code.get(load) instanceof VarInsnNode l
                        && l.getOpcode() == Opcodes.ILOAD && l.var == store.var && code.get(k) instanceof VarInsnNode kv
                        && kv.getOpcode() == Opcodes.ILOAD && kv.var != store.var) {
                    update = load;
                    iv = store.var;
                    step = new Local(kv.var);
                }
            }
            if (update < 0) {
                continue;
            }
            BitSet assigned = assigned(code, h, e);
            if (assignedElsewhere(code, h, e, iv, update, last) || (step instanceof Local sl && assigned.get(sl.var()))) {
                continue;
            }
            boolean down = step instanceof Const sc && sc.value() < 0;
            int test = head(code, h, e, down ? Opcodes.IF_ICMPLT : Opcodes.IF_ICMPGE);
            if (test < 0) {
                continue;
            }
            if (sources == null) {
                try {
                    sources = new Analyzer<>(new SourceInterpreter()).analyze(owner, method);
                } catch (AnalyzerException ex) {
                    return loops;
                }
            }
            Frame<SourceValue> tf = sources[test];
            if (tf == null || tf.getStackSize() != 2) {
                continue;
            }
            AbstractInsnNode first = single(tf.getStack(0));
            if (!(first instanceof VarInsnNode v) || v.getOpcode() != Opcodes.ILOAD || v.var != iv) {
                continue;
            }
            Expr bound = expr(code, sources, single(tf.getStack(1)), -1, assigned, finalArray, true);
            if (bound == null || bound.bits() > 62) {
                continue;
            }
            List<Access> accesses = new ArrayList<>();
            boolean trivial = true;
            for (int k = test + 1; k < update; k++) {
                Access a = access(code, sources, k, iv, assigned, finalArray);
                if (a != null) {
                    accesses.add(a);
                    // a[i] in a loop up to a.length: LLVM removes that check by itself.
                    // And constant indices into a static final array up to a constant bound: one
                    // compare of i0 would be all the guard saves (measured: slower, Buddy's scan).
                    trivial &= !down && a.s().equals(new Const(1)) && a.t().equals(new Const(0))
                            && bound instanceof Length len && sameSource(len.source(), a.array())
                            || bound instanceof Const && a.array() instanceof FieldInsnNode
                                    && a.s() instanceof Const && a.t() instanceof Const;
                }
            }
            if (!accesses.isEmpty() && !trivial) {
                loops.put(h, new Loop(h, e, iv, step, bound, accesses));
            }
        }
        return loops;
    }

    private static boolean sameSource(AbstractInsnNode a, AbstractInsnNode b) {
        if (a instanceof VarInsnNode x && b instanceof VarInsnNode y) {
            return x.var == y.var;
        }
        return a instanceof FieldInsnNode x && b instanceof FieldInsnNode y && x.owner.equals(y.owner)
                && x.name.equals(y.name);
    }

    /** No jump or handler enters {@code (h, e]} from outside, none covers it, and no loop is inside. */
    private static boolean innermostSingleEntry(InsnList code, MethodNode method, int h, int e) {
        for (int k = 0; k < code.size(); k++) {
            AbstractInsnNode n = code.get(k);
            List<LabelNode> targets = new ArrayList<>();
            if (n instanceof JumpInsnNode j) {
                targets.add(j.label);
            } else if (n instanceof TableSwitchInsnNode t) {
                targets.add(t.dflt);
                targets.addAll(t.labels);
            } else if (n instanceof LookupSwitchInsnNode l) {
                targets.add(l.dflt);
                targets.addAll(l.labels);
            }
            boolean inside = k >= h && k <= e;
            for (LabelNode l : targets) {
                int t = code.indexOf(l);
                if (!inside && t >= h - 1 && t <= e) {
                    return false;       // enters the loop (or its head) from outside
                }
                if (inside && k != e && t <= k && t >= h - 1) {
                    return false;       // another back edge: a loop inside, or a second latch
                }
            }
        }
        for (TryCatchBlockNode tc : method.tryCatchBlocks) {
            int s = code.indexOf(tc.start);
            int end = code.indexOf(tc.end);
            int handler = code.indexOf(tc.handler);
            if ((s <= e && end > h - 1) || (handler >= h - 1 && handler <= e)) {
                return false;
            }
        }
        return true;
    }

    private static int previousReal(InsnList code, int k) {
        for (int i = k - 1; i >= 0; i--) {
            if (code.get(i).getOpcode() >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The locals stored in {@code [h, e]}. */
    private static BitSet assigned(InsnList code, int h, int e) {
        BitSet s = new BitSet();
        for (int k = h; k <= e; k++) {
            AbstractInsnNode n = code.get(k);
            if (n instanceof IincInsnNode inc) {
                s.set(inc.var);
            } else if (n instanceof VarInsnNode v && v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                s.set(v.var);
                if (v.getOpcode() == Opcodes.LSTORE || v.getOpcode() == Opcodes.DSTORE) {
                    s.set(v.var + 1);
                }
            }
        }
        return s;
    }

    /** Whether {@code iv} is assigned in {@code [h, e]} other than by the update {@code [from, to]}. */
    private static boolean assignedElsewhere(InsnList code, int h, int e, int iv, int from, int to) {
        for (int k = h; k <= e; k++) {
            if (k >= from && k <= to) {
                continue;
            }
            AbstractInsnNode n = code.get(k);
            if (n instanceof IincInsnNode inc && inc.var == iv) {
                return true;
            }
            if (n instanceof VarInsnNode v && v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE
                    && (v.var == iv || ((v.getOpcode() == Opcodes.LSTORE || v.getOpcode() == Opcodes.DSTORE)
                            && v.var + 1 == iv))) {
                return true;
            }
        }
        return false;
    }

    /** The head's test: the first jump of the head block, {@code exit} (IF_ICMPGE, IF_ICMPLT) leaving the loop; else -1. */
    private static int head(InsnList code, int h, int e, int exit) {
        for (int k = h; k < e; k++) {
            AbstractInsnNode n = code.get(k);
            if (n.getOpcode() < 0) {
                continue;
            }
            if (n instanceof JumpInsnNode j) {
                int t = code.indexOf(j.label);
                return j.getOpcode() == exit && (t > e || t < h) ? k : -1;
            }
            int op = n.getOpcode();
            boolean pure = op == Opcodes.ILOAD || op == Opcodes.ALOAD || op == Opcodes.GETSTATIC
                    || op == Opcodes.ARRAYLENGTH || op == Opcodes.IADD || op == Opcodes.ISUB || op == Opcodes.IMUL
                    || (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) || op == Opcodes.BIPUSH
                    || op == Opcodes.SIPUSH || op == Opcodes.LDC;
            if (!pure) {
                return -1;
            }
        }
        return -1;
    }

    private static AbstractInsnNode single(SourceValue v) {
        return v != null && v.insns.size() == 1 ? v.insns.iterator().next() : null;
    }

    /** The access at {@code k} if it is an array load or store of a covered shape, else null. */
    private static Access access(InsnList code, Frame<SourceValue>[] sources, int k, int iv, BitSet assigned,
            Predicate<FieldInsnNode> finalArray) {
        AbstractInsnNode n = code.get(k);
        int op = n.getOpcode();
        int below;      // stack entries above the index
        if (op >= Opcodes.IALOAD && op <= Opcodes.SALOAD && op != Opcodes.AALOAD) {
            below = 0;
        } else if (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE && op != Opcodes.AASTORE) {
            below = 1;
        } else {
            return null;
        }
        Frame<SourceValue> f = sources[k];
        if (f == null || f.getStackSize() < 2 + below) {
            return null;
        }
        int top = f.getStackSize() - 1;
        AbstractInsnNode array = single(f.getStack(top - below - 1));
        if (!arraySource(array, assigned, finalArray)) {
            return null;
        }
        Expr index = expr(code, sources, single(f.getStack(top - below)), iv, assigned, finalArray, false);
        if (index == null) {
            return null;
        }
        Expr[] st = linear(index);
        if (st == null || st[0].bits() > 31 || st[1].bits() > 62 || (st[0] instanceof Const c && c.value() < 0)) {
            return null;
        }
        return new Access(n, array, st[0], st[1]);
    }

    private static boolean arraySource(AbstractInsnNode a, BitSet assigned, Predicate<FieldInsnNode> finalArray) {
        if (a instanceof VarInsnNode v) {
            return v.getOpcode() == Opcodes.ALOAD && !assigned.get(v.var);
        }
        return a instanceof FieldInsnNode f && f.getOpcode() == Opcodes.GETSTATIC && finalArray.test(f);
    }

    /** The expression {@code insn} computes (iv: the induction variable, -1 none; lengths only if allowed). */
    private static Expr expr(InsnList code, Frame<SourceValue>[] sources, AbstractInsnNode insn, int iv,
            BitSet assigned, Predicate<FieldInsnNode> finalArray, boolean lengths) {
        if (insn == null) {
            return null;
        }
        int op = insn.getOpcode();
        if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
            return new Const(op - Opcodes.ICONST_0);
        }
        if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) {
            return new Const(((IntInsnNode) insn).operand);
        }
        if (op == Opcodes.LDC) {
            return ((LdcInsnNode) insn).cst instanceof Integer c ? new Const(c) : null;
        }
        if (op == Opcodes.ILOAD) {
            int var = ((VarInsnNode) insn).var;
            if (var == iv) {
                return new Iv();
            }
            return assigned.get(var) ? null : new Local(var);
        }
        Frame<SourceValue> f = sources[code.indexOf(insn)];
        if (f == null) {
            return null;
        }
        int top = f.getStackSize() - 1;
        if (op == Opcodes.ARRAYLENGTH && lengths) {
            AbstractInsnNode a = single(f.getStack(top));
            return arraySource(a, assigned, finalArray) ? new Length(a) : null;
        }
        if (op == Opcodes.IADD || op == Opcodes.ISUB || op == Opcodes.IMUL) {
            Expr l = expr(code, sources, single(f.getStack(top - 1)), iv, assigned, finalArray, lengths);
            Expr r = l == null ? null : expr(code, sources, single(f.getStack(top)), iv, assigned, finalArray, lengths);
            return r == null ? null : new Binary(op, l, r);
        }
        return null;
    }

    /** {@code e} as {s, t} with e = s * iv + t and s, t free of it; null if not linear. */
    static Expr[] linear(Expr e) {
        if (e instanceof Iv) {
            return new Expr[] {new Const(1), new Const(0)};
        }
        if (!(e instanceof Binary b)) {
            return new Expr[] {new Const(0), e};
        }
        Expr[] l = linear(b.left());
        Expr[] r = linear(b.right());
        if (l == null || r == null) {
            return null;
        }
        if (b.op() == Opcodes.IMUL) {
            if (isZero(l[0])) {
                return new Expr[] {mul(l[1], r[0]), mul(l[1], r[1])};
            }
            if (isZero(r[0])) {
                return new Expr[] {mul(l[0], r[1]), mul(l[1], r[1])};
            }
            return null;
        }
        return new Expr[] {combine(b.op(), l[0], r[0]), combine(b.op(), l[1], r[1])};
    }

    private static boolean isZero(Expr e) {
        return e instanceof Const c && c.value() == 0;
    }

    private static Expr mul(Expr a, Expr b) {
        if (isZero(a) || isZero(b)) {
            return new Const(0);
        }
        if (a instanceof Const c && c.value() == 1) {
            return b;
        }
        if (b instanceof Const c && c.value() == 1) {
            return a;
        }
        if (a instanceof Const x && b instanceof Const y) {
            return new Const(x.value() * y.value());
        }
        return new Binary(Opcodes.IMUL, a, b);
    }

    private static Expr combine(int op, Expr a, Expr b) {
        if (isZero(b)) {
            return a;
        }
        if (isZero(a) && op == Opcodes.IADD) {
            return b;
        }
        if (a instanceof Const x && b instanceof Const y) {
            return new Const(op == Opcodes.IADD ? x.value() + y.value() : x.value() - y.value());
        }
        return new Binary(op, a, b);
    }
}
