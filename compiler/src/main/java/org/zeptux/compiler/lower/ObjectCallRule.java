package org.zeptux.compiler.lower;

import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Calls on objects (invokevirtual, invokeinterface, invokespecial other than constructors) outside
 * the intrinsics (print, Address's methods, String's, the JDK methods written in the dialect,
 * java.lang.Enum's): the method must be a compiled class's or interface's, or a struct view's field, never
 * java.lang.Object's identity methods, and a module may not call methods on the kernel's objects.
 */
final class ObjectCallRule implements DialectPasses.Pass {
    /** String's methods lowering builds in (CallLowering.invokeVirtual). */
    static final Set<String> STRING_METHODS = Set.of("hashCode()I", "isEmpty()Z", "equals(Ljava/lang/Object;)Z",
            "length()I", "charAt(I)C");

    /** java.lang.Enum's final methods lowering builds in (CallLowering.enumMethod); toString unless overridden. */
    static final Set<String> ENUM_METHODS = Set.of("ordinal()I", "name()Ljava/lang/String;", "equals(Ljava/lang/Object;)Z",
            "compareTo(Ljava/lang/Enum;)I", "toString()Ljava/lang/String;");

    @Override
    public String refusal(Program program, AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (op != Opcodes.INVOKEVIRTUAL && op != Opcodes.INVOKEINTERFACE && op != Opcodes.INVOKESPECIAL) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        if (op == Opcodes.INVOKESPECIAL && call.name.equals("<init>")) {
            return null;
        }
        if (op == Opcodes.INVOKEVIRTUAL && (ConsoleRule.isPrint(call) || Intrinsics.handles(call.owner)
                || call.owner.equals(ObjectModel.STRING) && STRING_METHODS.contains(call.name + call.desc)
                || JdkMethods.target(call) != null)) {
            return null;
        }
        return refusal(program, call, op == Opcodes.INVOKESPECIAL);
    }

    /** Why the call on an object {@code call} is refused, or null (CallLowering.invokeObject lowers it). */
    static String refusal(Program program, MethodInsnNode call, boolean special) {
        String describe = LoweringState.describe(call);
        if (program.isExternal(call.owner)) {
            return describe + ": calls on the kernel's objects are not in the module API yet; "
                    + "call static methods marked @KernelApi";
        }
        if (!special && enumMethod(program, call)) {
            return null;
        }
        ObjectModel model = program.model();
        if (model.structSize(call.owner) >= 0) {    // a struct view's accessors (StructViewLowering)
            return model.structField(call.owner, call.name) != null ? null
                    : describe + ": struct view fields need a getter with @Offset";
        }
        String nameDesc = call.name + call.desc;
        boolean iface = model.isInterfaceName(call.owner);
        if (call.owner.equals(ObjectModel.OBJECT) && isObjectMethod(nameDesc)) {
            return describe + " is not in the dialect (objects have no identity hash codes, "
                    + "default equality or default strings); declare it in the class and call it on that type";
        }
        if (!iface && !model.isObjectClass(call.owner) || call.owner.equals(ObjectModel.OBJECT)
                || call.owner.equals(ObjectModel.ENUM)) {
            return describe + " is not in the dialect"
                    + (call.owner.startsWith("java/") ? " (only the compiled classes' methods can be called on objects)" : "");
        }
        ObjectModel.Impl declared = special ? null : resolveSpecial(program, call.owner, nameDesc);
        if (declared != null && (declared.method().access & Opcodes.ACC_PRIVATE) != 0) {
            return null;
        }
        if (special) {
            return resolveSpecial(program, call.owner, nameDesc) != null ? null
                    : describe + " is not in the dialect (not found in the compiled classes)";
        }
        for (String c : isObjectMethod(nameDesc) ? model.concreteSubtypes(call.owner) : List.<String>of()) {
            if (model.resolveVirtual(c, nameDesc) == null) {
                return describe + ": " + c.replace('/', '.') + " inherits java.lang.Object's "
                        + call.name + ", which is not in the dialect (no identity hashes or default strings); override it";
            }
        }
        if (!iface && model.implementations(call.owner, nameDesc).size() > 1 && model.slot(call.owner, nameDesc) < 0
                && model.selector(nameDesc) < 0) {
            return describe + " has no vtable slot (is it declared in a compiled class?)";    // CallLowering dispatches through one
        }
        return null;
    }

    /** Whether {@code call} is one of java.lang.Enum's methods lowering builds in, on an enum. */
    static boolean enumMethod(Program program, MethodInsnNode call) {
        String nameDesc = call.name + call.desc;
        if (!isEnum(program, call.owner) || !ENUM_METHODS.contains(nameDesc)) {
            return false;
        }
        return !nameDesc.equals("toString()Ljava/lang/String;")
                || program.model().implementations(call.owner, nameDesc).isEmpty();
    }

    /** Whether {@code owner} is an enum class or java.lang.Enum. */
    static boolean isEnum(Program program, String owner) {
        for (ClassNode c = program.classNamed(owner); c != null; c = program.classNamed(c.superName)) {
            if (ObjectModel.ENUM.equals(c.superName)) {
                return true;
            }
        }
        return owner.equals(ObjectModel.ENUM);
    }

    static boolean isObjectMethod(String nameDesc) {
        return nameDesc.equals("equals(Ljava/lang/Object;)Z") || nameDesc.equals("hashCode()I")
                || nameDesc.equals("toString()Ljava/lang/String;");
    }

    /**
     * invokespecial (private methods, {@code super.m()}, {@code I.super.m()}): the instance method
     * {@code owner} names, resolved as the JVM does (JVMS §5.4.3.3), an inherited default method too.
     */
    static ObjectModel.Impl resolveSpecial(Program program, String owner, String nameDesc) {
        ObjectModel.Impl m = Resolution.method(program.classPath(), owner, nameDesc);
        return m == null || (m.method().access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT)) != 0 ? null : m;
    }
}
