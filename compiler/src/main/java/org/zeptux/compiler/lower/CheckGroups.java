package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Neighbouring accesses of one array, checked once: within a basic block, accesses
 * {@code a[x + c1]}, {@code a[x + c2]} ... of the same primitive array (a local, or a static
 * final array) at constant offsets from the same int local {@code x} (or at constant indices),
 * with neither {@code a} nor {@code x} assigned in between. {@link MethodLowering} lowers such a
 * run twice behind one guard, {@code 0 <= x + min(c) && x + max(c) < a.length} (one unsigned
 * 64-bit compare): a fast copy whose accesses have no checks, and the original with every check
 * in Java's order, so whatever the run does between the accesses (stores, calls, other checks)
 * happens exactly as it would, and an out-of-bounds access throws what and where it would.
 *
 * <p>This finds the runs in the bytecode (javac's shapes: {@code aload; iload; [const; iadd|isub];
 * ...} then the access); it changes nothing.
 */
final class CheckGroups {
    private CheckGroups() {}

    /** A run's longest span, in instructions (the run is lowered twice: this bounds the growth). */
    static final int MAX_SPAN = 48;
    /**
     * The fewest distinct offsets worth a guard: LLVM already shares the checks of equal indices,
     * and for two the guard saves one compare but costs a copy of the run (measured: slower).
     */
    static final int MIN_OFFSETS = 3;
    /** How far the indices of a run may spread. */
    static final int MAX_SPREAD = 64;

    /** One access of a run: where its operands start, the access itself, its constant offset. */
    record Member(int start, int access, int offset) {}

    /**
     * A run: the instructions {@code start .. end} (end: the last access), the array's source
     * ({@code ALOAD n} or {@code GETSTATIC} of a static final array) and the index local (-1:
     * constant indices), and its accesses in order.
     */
    record Group(int start, int end, AbstractInsnNode source, int indexLocal, List<Member> members) {
        int min() {
            return members.stream().mapToInt(Member::offset).min().orElseThrow();
        }

        int max() {
            return members.stream().mapToInt(Member::offset).max().orElseThrow();
        }
    }

    /**
     * The runs of {@code code}: {@code leader[i]} marks the first instruction of each basic block,
     * {@code frames} the analysed frames (null: unreachable), {@code finalArray} which
     * {@code GETSTATIC}s read a static final array.
     */
    static List<Group> find(InsnList code, boolean[] leader, Frame<BasicValue>[] frames,
            Predicate<FieldInsnNode> finalArray) {
        List<Group> groups = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < code.size(); i++) {
            if (used.contains(i)) {
                continue;
            }
            Member first = member(code, frames, i);
            if (first == null || !source(code.get(i), finalArray)) {
                continue;
            }
            AbstractInsnNode source = code.get(i);
            int local = indexLocal(code, i);
            // Scan on from the first access's operands, every instruction, to the first that ends
            // the block, assigns the index or the array, or is too far; accesses up to there count.
            List<Member> members = new ArrayList<>(List.of(first));
            int stop = code.size();
            int opcodes = 0;
            for (int j = i + 1; j < code.size(); j++) {
                AbstractInsnNode insn = code.get(j);
                if (leader[j] || frames[j] == null) {
                    stop = j;
                    break;
                }
                if (insn.getOpcode() < 0) {
                    continue;
                }
                if (++opcodes > MAX_SPAN || ends(insn) || writes(insn, local) || writes(insn, sourceLocal(source))) {
                    stop = j;
                    break;
                }
                Member m = member(code, frames, j);
                if (m != null && same(insn, source) && indexLocal(code, j) == local) {
                    members.add(m);
                }
            }
            int limit = stop;
            List<Member> within = members.stream().filter(m -> m.access() < limit).toList();
            if (within.size() < 2 || within.get(0) != first) {
                continue;
            }
            int end = within.stream().mapToInt(Member::access).max().orElseThrow();
            int min = within.stream().mapToInt(Member::offset).min().orElseThrow();
            int max = within.stream().mapToInt(Member::offset).max().orElseThrow();
            if (max - min <= MAX_SPREAD && within.stream().map(Member::offset).distinct().count() >= MIN_OFFSETS) {
                groups.add(new Group(first.start(), end, source, local, within));
                for (int k = first.start(); k <= end; k++) {
                    used.add(k);
                }
            }
        }
        return groups;
    }

    /**
     * The access whose operands start at {@code p}: the array's source, the index ({@code iload x},
     * {@code iload x; const; iadd|isub}, or a constant), then a primitive load at once or, for a
     * store, the value and the store that takes these operands; null if {@code p} starts none.
     */
    static Member member(InsnList code, Frame<BasicValue>[] frames, int p) {
        AbstractInsnNode src = code.get(p);
        if (!(src instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD) && src.getOpcode() != Opcodes.GETSTATIC) {
            return null;
        }
        if (frames[p] == null) {
            return null;
        }
        int depth = frames[p].getStackSize();
        int q = next(code, p);
        if (q < 0) {
            return null;
        }
        int offset;
        AbstractInsnNode idx = code.get(q);
        Integer constant = constant(idx);
        if (idx.getOpcode() == Opcodes.ILOAD) {
            int r = next(code, q);
            Integer k = r < 0 ? null : constant(code.get(r));
            int s = r < 0 ? -1 : next(code, r);
            if (k != null && s >= 0 && (code.get(s).getOpcode() == Opcodes.IADD || code.get(s).getOpcode() == Opcodes.ISUB)) {
                offset = code.get(s).getOpcode() == Opcodes.IADD ? k : -k;
                q = s;
            } else {
                offset = 0;
            }
        } else if (constant != null && constant >= 0) {
            offset = constant;
        } else {
            return null;
        }
        if (Math.abs((long) offset) > 1 << 20) {
            return null;
        }
        int after = next(code, q);
        if (after < 0) {
            return null;
        }
        if (isLoad(code.get(after).getOpcode())) {
            return new Member(p, after, offset);
        }
        // A store: the value's instructions keep the array and index on the stack (depth + 2),
        // never moving them (no dup_x or swap), until a store takes the three.
        for (int k = after; k >= 0 && k < code.size(); k = next(code, k)) {
            if (frames[k] == null || frames[k].getStackSize() < depth + 2) {
                return null;
            }
            int op = code.get(k).getOpcode();
            if (frames[k].getStackSize() == depth + 3 && isStore(op)) {
                return new Member(p, k, offset);
            }
            if (ends(code.get(k)) || k - p > MAX_SPAN * 4 || op == Opcodes.SWAP || (op >= Opcodes.DUP_X1
                    && op <= Opcodes.DUP_X2) || op >= Opcodes.DUP2_X1 && op <= Opcodes.DUP2_X2) {
                return null;
            }
        }
        return null;
    }

    /** The next instruction with an opcode after {@code i}, or -1. */
    private static int next(InsnList code, int i) {
        for (int k = i + 1; k < code.size(); k++) {
            if (code.get(k).getOpcode() >= 0) {
                return k;
            }
        }
        return -1;
    }

    private static Integer constant(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
            return op - Opcodes.ICONST_0;
        }
        if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) {
            return ((IntInsnNode) insn).operand;
        }
        return null;
    }

    /** The local the index is read from ({@code iload x} after the source), or -1 for a constant index. */
    private static int indexLocal(InsnList code, int p) {
        int q = next(code, p);
        return code.get(q) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ILOAD ? v.var : -1;
    }

    private static int sourceLocal(AbstractInsnNode source) {
        return source instanceof VarInsnNode v ? v.var : -1;
    }

    /** Whether {@code insn} reads an array that cannot change: a local, or a static final array. */
    private static boolean source(AbstractInsnNode insn, Predicate<FieldInsnNode> finalArray) {
        return insn instanceof VarInsnNode || insn instanceof FieldInsnNode f && finalArray.test(f);
    }

    /** Whether two sources read the same array. */
    private static boolean same(AbstractInsnNode a, AbstractInsnNode b) {
        if (a instanceof VarInsnNode x && b instanceof VarInsnNode y) {
            return x.getOpcode() == y.getOpcode() && x.var == y.var;
        }
        return a instanceof FieldInsnNode f && b instanceof FieldInsnNode g && a.getOpcode() == Opcodes.GETSTATIC
                && b.getOpcode() == Opcodes.GETSTATIC && f.owner.equals(g.owner) && f.name.equals(g.name);
    }

    private static boolean writes(AbstractInsnNode insn, int local) {
        if (local < 0) {
            return false;
        }
        if (insn instanceof IincInsnNode inc) {
            return inc.var == local;
        }
        int op = insn.getOpcode();
        return insn instanceof VarInsnNode v && v.var == local && op >= Opcodes.ISTORE && op <= Opcodes.ASTORE
                || insn instanceof VarInsnNode w && (op == Opcodes.LSTORE || op == Opcodes.DSTORE) && w.var + 1 == local;
    }

    private static boolean ends(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode
                || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW || op == Opcodes.MONITORENTER
                || op == Opcodes.MONITOREXIT;
    }

    static boolean isLoad(int op) {
        return op == Opcodes.IALOAD || op == Opcodes.LALOAD || op == Opcodes.BALOAD || op == Opcodes.CALOAD
                || op == Opcodes.SALOAD;
    }

    static boolean isStore(int op) {
        return op == Opcodes.IASTORE || op == Opcodes.LASTORE || op == Opcodes.BASTORE || op == Opcodes.CASTORE
                || op == Opcodes.SASTORE;
    }
}
