package org.zeptux.compiler.lower;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** print and println: of a String, char, int, long or boolean, or nothing (println()). */
final class ConsoleRule implements DialectPasses.Pass {
    @Override
    public String refusal(Program program, AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKEVIRTUAL || !isPrint((MethodInsnNode) insn)) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        String arg = argument(call);
        return function(arg) != null || arg.isEmpty() ? null : "PrintStream." + call.name + "("
                + Type.getType(arg).getClassName() + ") is not in the dialect; print a String, char, int, long or boolean";
    }

    /** Whether {@code call} is PrintStream's print or println. */
    static boolean isPrint(MethodInsnNode call) {
        return call.owner.equals("java/io/PrintStream") && (call.name.equals("print") || call.name.equals("println"));
    }

    /** The descriptor of what {@code call} prints ("" for println()). */
    static String argument(MethodInsnNode call) {
        return call.desc.substring(1, call.desc.indexOf(')'));
    }

    /** The console function that prints a value of descriptor {@code arg}, or null (nothing to print, or refused). */
    static String function(String arg) {
        return switch (arg) {
            case "Ljava/lang/String;" -> "zeptux_out_string";
            case "C" -> "zeptux_out_char";
            case "I", "J" -> "zeptux_out_long";
            case "Z" -> "zeptux_out_boolean";
            default -> null;
        };
    }
}
