package org.zeptux.compiler.lower;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Static calls (invokestatic) outside the intrinsics (Address's methods, the JDK's integer helpers,
 * System.arraycopy, java.util.Arrays, the JDK methods written in the dialect): the method must
 * resolve in the compiled classes, an enum's values() and valueOf are refused, and a module calls
 * only the kernel's methods marked @KernelApi.
 */
final class StaticCallRule implements DialectPasses.Pass {
    @Override
    public String refusal(Program program, AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        if (Intrinsics.handles(call.owner) || JdkIntrinsics.knows(call) || ArrayCopy.handles(call)
                || JdkMethods.target(call) != null) {
            return null;
        }
        Program.ResolvedMethod r = program.resolveStatic(call.owner, call.name, call.desc);
        String describe = LoweringState.describe(call);
        if (r != null && (r.owner().access & Opcodes.ACC_ENUM) != 0
                && (call.name.equals("values") || call.name.equals("valueOf"))) {
            return describe + " is not in the dialect ("
                    + (call.name.equals("values") ? "it copies the array of constants at run time); keep one array of them "
                            + "in a static final field (ALL = values(), in a static initialiser)"
                            : "it finds constants by reflection); compare names yourself");
        }
        if (r == null) {
            return describe + " is not in the dialect"
                    + (program.classNamed(call.owner) == null
                            ? " (only the kernel's own classes and org.zeptux.rt can be called)" : "");
        }
        if (program.isExternal(r.owner().name) && !Program.isKernelApi(r.method())) {
            return describe + " is not in the kernel's module API (methods marked @KernelApi); a module can call only those";
        }
        return null;
    }
}
