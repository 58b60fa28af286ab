package org.zeptux.compiler.lower;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/** instanceof and casts: to the compiled classes and interfaces, String, Object and arrays (and struct views, unchecked). */
final class CastRule implements DialectPasses.Pass {
    @Override
    public String refusal(Program program, AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (op != Opcodes.INSTANCEOF && op != Opcodes.CHECKCAST) {
            return null;
        }
        String type = ((TypeInsnNode) insn).desc;
        if (op == Opcodes.CHECKCAST && program.model().structSize(type) >= 0) {
            return null;                            // a struct view is an unchecked address
        }
        return testable(program.model(), type) ? null : message(type);
    }

    /** Whether lowering can test an object's class against {@code type} (CastLowering.isInstance). */
    static boolean testable(ObjectModel model, String type) {
        return type.equals(ObjectModel.OBJECT) || type.equals(ObjectModel.STRING) || type.startsWith("[")
                || model.isInterfaceName(type) || model.isObjectClass(type);
    }

    static String message(String type) {
        return "instanceof and casts to " + type.replace('/', '.') + " are not in the dialect"
                + " (only the compiled classes, String and arrays of primitives)";
    }
}
