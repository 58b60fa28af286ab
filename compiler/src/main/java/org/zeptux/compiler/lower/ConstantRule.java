package org.zeptux.compiler.lower;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;

/** Constants ({@code ldc}): ints, longs, strings and class literals (for Structs.at and size); nothing else. */
final class ConstantRule implements DialectPasses.Pass {
    @Override
    public String refusal(Program program, AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.LDC) {
            return null;
        }
        Object c = ((LdcInsnNode) insn).cst;
        return allowed(c) ? null : "constant " + c + " is not in the dialect";
    }

    /** Whether lowering has a value for the constant {@code c}. */
    static boolean allowed(Object c) {
        return c instanceof Integer || c instanceof Long || c instanceof String
                || c instanceof Type t && t.getSort() == Type.OBJECT;
    }
}
