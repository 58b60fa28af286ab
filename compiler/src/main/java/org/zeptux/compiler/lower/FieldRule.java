package org.zeptux.compiler.lower;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;

/**
 * Field accesses: an instance field must belong to a compiled class; a static field must resolve
 * in the compiled classes (System.out and System.err aside), and a module may not reach the kernel's.
 */
final class FieldRule implements DialectPasses.Pass {
    @Override
    public String refusal(Program program, AbstractInsnNode insn) {
        if (!(insn instanceof FieldInsnNode f)) {
            return null;
        }
        return switch (f.getOpcode()) {
            case Opcodes.GETFIELD, Opcodes.PUTFIELD -> instanceField(program, f) != null ? null : notInDialect(program, f);
            case Opcodes.GETSTATIC, Opcodes.PUTSTATIC -> staticRefusal(program, f);
            default -> null;
        };
    }

    /** The instance field {@code f} names, or null when its class is not compiled or has no such field. */
    static ObjectModel.InstanceField instanceField(Program program, FieldInsnNode f) {
        ObjectModel model = program.model();
        return model.isObjectClass(f.owner) ? model.field(f.owner, f.name, f.desc) : null;
    }

    private static String staticRefusal(Program program, FieldInsnNode f) {
        if (f.getOpcode() == Opcodes.GETSTATIC && isConsole(f)) {
            return null;
        }
        Program.ResolvedField r = program.resolveField(f.owner, f.name, f.desc);
        if (r != null && program.isExternal(r.owner().name)) {
            return "field " + f.owner.replace('/', '.') + "." + f.name + " is the kernel's: a module "
                    + "reaches the kernel only through methods marked @KernelApi";
        }
        return r == null ? notInDialect(program, f) : null;
    }

    /** System.out or System.err: a stream print and println are called on. */
    static boolean isConsole(FieldInsnNode f) {
        return f.owner.equals("java/lang/System") && (f.name.equals("out") || f.name.equals("err"));
    }

    private static String notInDialect(Program program, FieldInsnNode f) {
        return "field " + f.owner.replace('/', '.') + "." + f.name + " is not in the dialect"
                + (program.classNamed(f.owner) == null ? " (its class is not being compiled)" : "");
    }
}
