package org.zeptux.compiler.lower;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** java.util.Arrays: fill (whole or a range) and equals of one-dimensional primitive arrays (ArrayCopy). */
final class ArraysRule implements DialectPasses.Pass {
    @Override
    public String refusal(Program program, AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC || !((MethodInsnNode) insn).owner.equals("java/util/Arrays")) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return ArrayCopy.arraysMethod(call) ? null : LoweringState.describe(call) + " is not in the dialect (of "
                + "java.util.Arrays, only fill and equals of primitive arrays are); write the loop";
    }
}
