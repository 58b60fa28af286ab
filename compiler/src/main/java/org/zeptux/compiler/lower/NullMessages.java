package org.zeptux.compiler.lower;

import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * HotSpot's helpful NullPointerException messages (JEP 358), made at compile time: what failed
 * ({@code Cannot invoke "String.length()"}) and, where one instruction alone produced the null
 * reference, what it was ({@code because "<local1>" is null}, with javac's local variable names
 * where the class file has them, as HotSpot does). The description follows HotSpot's
 * bytecodeUtils.cpp: locals, parameters and {@code this}, static and instance fields, array
 * elements with constant or local indices, and the results of method calls; anything else, or a
 * reference that more than one instruction may have produced, leaves the cause out, as HotSpot does.
 */
final class NullMessages {
    private final ClassNode cls;
    private final MethodNode method;
    private Frame<SourceValue>[] frames;

    /** HotSpot's limit on how deep a description nests ({@code a.b.c[i]}). */
    private static final int MAX_DETAIL = 5;

    NullMessages(ClassNode cls, MethodNode method) {
        this.cls = cls;
        this.method = method;
    }

    /** The message of the NullPointerException {@code insn} throws for a null reference, or null. */
    String message(AbstractInsnNode insn) {
        String action = action(insn);
        if (action == null) {
            return null;
        }
        int operand = operandDepth(insn);
        Frame<SourceValue> f = frame(insn);
        if (f == null || operand < 0 || operand >= f.getStackSize()) {
            return action;
        }
        StringBuilder cause = new StringBuilder();
        if (describe(f.getStack(f.getStackSize() - 1 - operand), cause, 0, false)) {
            return action + " because " + (cause.toString().startsWith("the return value of")
                    ? cause : "\"" + cause + "\"") + " is null";
        }
        return action;
    }

    /** What failed, as HotSpot prints it, or null for instructions that do not dereference. */
    private static String action(AbstractInsnNode insn) {
        return switch (insn.getOpcode()) {
            case Opcodes.IALOAD -> "Cannot load from int array";
            case Opcodes.LALOAD -> "Cannot load from long array";
            case Opcodes.BALOAD -> "Cannot load from byte/boolean array";
            case Opcodes.CALOAD -> "Cannot load from char array";
            case Opcodes.SALOAD -> "Cannot load from short array";
            case Opcodes.AALOAD -> "Cannot load from object array";
            case Opcodes.IASTORE -> "Cannot store to int array";
            case Opcodes.LASTORE -> "Cannot store to long array";
            case Opcodes.BASTORE -> "Cannot store to byte/boolean array";
            case Opcodes.CASTORE -> "Cannot store to char array";
            case Opcodes.SASTORE -> "Cannot store to short array";
            case Opcodes.AASTORE -> "Cannot store to object array";
            case Opcodes.ARRAYLENGTH -> "Cannot read the array length";
            case Opcodes.GETFIELD -> "Cannot read field \"" + ((FieldInsnNode) insn).name + "\"";
            case Opcodes.PUTFIELD -> "Cannot assign field \"" + ((FieldInsnNode) insn).name + "\"";
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKEINTERFACE, Opcodes.INVOKESPECIAL ->
                    "Cannot invoke \"" + methodName((MethodInsnNode) insn) + "\"";
            default -> null;
        };
    }

    /** How many stack values lie above the reference {@code insn} dereferences. */
    private static int operandDepth(AbstractInsnNode insn) {
        return switch (insn.getOpcode()) {
            case Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD, Opcodes.AALOAD -> 1;
            case Opcodes.IASTORE, Opcodes.LASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE,
                    Opcodes.AASTORE -> 2;
            case Opcodes.PUTFIELD -> 1;
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKEINTERFACE, Opcodes.INVOKESPECIAL ->
                    Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
            default -> 0;
        };
    }

    @SuppressWarnings("unchecked")
    private Frame<SourceValue> frame(AbstractInsnNode insn) {
        if (frames == null) {
            try {
                frames = new Analyzer<>(new SourceInterpreter()).analyze(cls.name, method);
            } catch (AnalyzerException e) {
                frames = new Frame[method.instructions.size()];
            }
        }
        return frames[method.instructions.indexOf(insn)];
    }

    /**
     * Appends what {@code value} is to {@code out}; false if no one instruction produced it or
     * HotSpot would not describe it. {@code inner}: part of a larger expression.
     */
    private boolean describe(SourceValue value, StringBuilder out, int depth, boolean inner) {
        if (depth > MAX_DETAIL || value.insns.size() != 1) {
            return false;
        }
        AbstractInsnNode source = value.insns.iterator().next();
        Frame<SourceValue> f = frame(source);
        int op = source.getOpcode();
        switch (op) {
            case Opcodes.ACONST_NULL -> out.append("null");
            case Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                    Opcodes.ICONST_4, Opcodes.ICONST_5 -> out.append(op - Opcodes.ICONST_0);
            case Opcodes.BIPUSH, Opcodes.SIPUSH -> out.append(((IntInsnNode) source).operand);
            case Opcodes.ILOAD, Opcodes.ALOAD, Opcodes.LLOAD -> local(source, ((VarInsnNode) source).var, out);
            case Opcodes.GETSTATIC -> {
                FieldInsnNode fi = (FieldInsnNode) source;
                out.append(className(fi.owner)).append('.').append(fi.name);
            }
            case Opcodes.GETFIELD -> {
                FieldInsnNode fi = (FieldInsnNode) source;
                if (f != null && describe(f.getStack(f.getStackSize() - 1), out, depth + 1, true)) {
                    out.append('.');
                }
                out.append(fi.name);
            }
            case Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD, Opcodes.AALOAD -> {
                if (f == null || !describe(f.getStack(f.getStackSize() - 2), out, depth + 1, true)) {
                    return false;
                }
                out.append('[');
                if (!describe(f.getStack(f.getStackSize() - 1), out, depth + 1, true)) {
                    out.append("...");
                }
                out.append(']');
            }
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESTATIC, Opcodes.INVOKEINTERFACE, Opcodes.INVOKESPECIAL -> {
                if (inner) {
                    return false;
                }
                out.append("the return value of \"").append(methodName((MethodInsnNode) source)).append('"');
            }
            case Opcodes.CHECKCAST -> {
                return f != null && describe(f.getStack(f.getStackSize() - 1), out, depth, inner);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A local variable as HotSpot names it: javac's name, else {@code this}, {@code <parameterN>} or {@code <localN>}. */
    private void local(AbstractInsnNode at, int slot, StringBuilder out) {
        int index = method.instructions.indexOf(at);
        if (method.localVariables != null) {
            for (LocalVariableNode v : method.localVariables) {
                int start = method.instructions.indexOf(v.start);
                int end = method.instructions.indexOf(v.end);
                if (v.index == slot && index >= start && index < end) {
                    out.append(v.name);
                    return;
                }
            }
        }
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        boolean parameter = !written(slot);
        if (!isStatic && slot == 0 && parameter) {
            out.append("this");
            return;
        }
        int current = isStatic ? 0 : 1;
        int n = 1;
        for (Type t : Type.getArgumentTypes(method.desc)) {
            if (slot >= current && slot < current + t.getSize()) {
                out.append(parameter ? "<parameter" + n + ">" : "<local" + slot + ">");
                return;
            }
            current += t.getSize();
            n++;
        }
        out.append("<local").append(slot).append('>');
    }

    /** Whether the method stores to local {@code slot} anywhere (then it is no longer only a parameter). */
    private boolean written(int slot) {
        InsnList code = method.instructions;
        for (AbstractInsnNode i : code) {
            if (i instanceof VarInsnNode v && v.var == slot && v.getOpcode() >= Opcodes.ISTORE
                    && v.getOpcode() <= Opcodes.ASTORE) {
                return true;
            }
            if (i instanceof IincInsnNode inc && inc.var == slot) {
                return true;
            }
        }
        return false;
    }

    /** {@code Class.name(ParamType, ...)}, as HotSpot prints a method. */
    private static String methodName(MethodInsnNode call) {
        StringBuilder sb = new StringBuilder(className(call.owner)).append('.').append(call.name).append('(');
        Type[] args = Type.getArgumentTypes(call.desc);
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(typeName(args[i]));
        }
        return sb.append(')').toString();
    }

    private static final Set<String> SHORT = Set.of("java.lang.Object", "java.lang.String");

    /** A class's external name; HotSpot writes java.lang.Object and java.lang.String without their package. */
    private static String className(String internal) {
        return typeName(Type.getObjectType(internal));
    }

    private static String typeName(Type t) {
        String name = t.getClassName();
        String element = name.replace("[]", "");
        return SHORT.contains(element) ? element.substring("java.lang.".length()) + name.substring(element.length())
                : name;
    }
}
