package org.zeptux.compiler.lower;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The code a method runs without an exception: what its first instruction reaches by jumps,
 * switches and falling through, never by an exception edge.
 *
 * <p>javac compiles {@code try { A } finally { F }} to A, a copy of F on every normal way out
 * of the try (falling out, {@code return}, {@code break}, {@code continue}), and a handler
 * that catches anything thrown in A, runs a further copy of F and rethrows. In the dialect a
 * throw is a panic that never unwinds, so that handler never runs: it is left out, and only
 * the normal paths, each with its copy of F, are compiled. (Rules refuses handlers that catch
 * a type: {@code catch} is not in the dialect.)
 */
final class NormalPaths {
    private NormalPaths() {}

    /** Forgets the frames of the instructions that only exception handlers reach (they are not compiled). */
    static <V extends org.objectweb.asm.tree.analysis.Value> void prune(MethodNode method, Frame<V>[] frames) {
        if (method.tryCatchBlocks.isEmpty()) {
            return;
        }
        InsnList code = method.instructions;
        boolean[] reached = new boolean[code.size()];
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        work.push(0);
        while (!work.isEmpty()) {
            int i = work.pop();
            if (i >= code.size() || reached[i]) {
                continue;
            }
            reached[i] = true;
            AbstractInsnNode insn = code.get(i);
            int op = insn.getOpcode();
            if (insn instanceof JumpInsnNode j) {
                work.push(code.indexOf(j.label));
                if (op == Opcodes.GOTO) {
                    continue;
                }
            } else if (insn instanceof TableSwitchInsnNode t) {
                push(work, code, t.dflt);
                t.labels.forEach(l -> push(work, code, l));
                continue;
            } else if (insn instanceof LookupSwitchInsnNode l) {
                push(work, code, l.dflt);
                l.labels.forEach(x -> push(work, code, x));
                continue;
            } else if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW) {
                continue;
            }
            work.push(i + 1);
        }
        for (int i = 0; i < frames.length; i++) {
            if (!reached[i]) {
                frames[i] = null;
            }
        }
    }

    private static void push(java.util.ArrayDeque<Integer> work, InsnList code, LabelNode label) {
        work.push(code.indexOf(label));
    }
}
