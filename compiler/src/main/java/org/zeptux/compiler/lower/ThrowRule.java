package org.zeptux.compiler.lower;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * The constructor of an exception being thrown: X() or X(String message); an AssertionError's
 * detail may also be an int, a long, a boolean or a string literal ({@code assert c : detail}).
 */
final class ThrowRule implements DialectPasses.Pass {
    static final String ONLY_MESSAGES = "only the constructors X() and X(String message) of exceptions are "
            + "in the dialect (the message is all a panic reports)";

    @Override
    public String refusal(Program program, AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESPECIAL || !((MethodInsnNode) insn).name.equals("<init>")) {
            return null;
        }
        MethodInsnNode init = (MethodInsnNode) insn;
        boolean assertion = init.owner.equals("java/lang/AssertionError");
        return switch (init.desc) {
            case "()V", "(Ljava/lang/String;)V" -> null;
            case "(Ljava/lang/Object;)V" -> assertion && stringLiteralBefore(init) ? null
                    : "the detail of an assert must be a string literal or an integer "
                            + "(there is no String.valueOf of objects at run time)";
            case "(I)V", "(J)V", "(Z)V" -> assertion ? null : ONLY_MESSAGES;
            default -> ONLY_MESSAGES;
        };
    }

    /** Whether the instruction before {@code insn} (labels and line numbers aside) pushes a string constant. */
    static boolean stringLiteralBefore(AbstractInsnNode insn) {
        AbstractInsnNode previous = insn.getPrevious();
        while (previous != null && previous.getOpcode() < 0) {
            previous = previous.getPrevious();
        }
        return previous instanceof LdcInsnNode ldc && ldc.cst instanceof String;
    }
}
