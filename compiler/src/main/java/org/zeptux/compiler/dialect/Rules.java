package org.zeptux.compiler.dialect;

import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The dialect's rules for class shapes and bytecodes. Each violation is reported with why it
 * is refused and what to write instead; every violation in the input is reported.
 *
 * <p>Calls are checked where they are resolved (in lowering), because whether a call is in
 * the dialect depends on the closed world of classes being compiled.
 */
public final class Rules {
    private Rules() {}

    /** Whether the class is a package's documentation holder ({@code package-info}): nothing to compile. */
    public static boolean isPackageInfo(ClassNode cls) {
        return cls.name.equals("package-info") || cls.name.endsWith("/package-info");
    }

    /** Whether a method is compiled to native code (static initialisers run at build time). */
    public static boolean isCompiled(MethodNode m) {
        return !m.name.equals("<clinit>") && !m.name.equals("<init>");
    }

    /**
     * Checks a class's fields, the shape of its methods and their bytecodes (except methods
     * that only run at build time). Returns whether the class's shape allows lowering its
     * methods at all.
     */
    public static boolean checkClass(ClassNode cls, Diagnostics diag, Set<MethodNode> buildTimeOnly) {
        int classLine = firstLine(cls);
        for (FieldNode f : cls.fields) {
            Type t = Type.getType(f.desc);
            if (t.getSort() == Type.FLOAT || t.getSort() == Type.DOUBLE) {
                // Class files do not say where a field is declared: its source does, else point at its first use.
                int declared = diag.sources().fieldLine(cls, f);
                int line = declared > 0 ? declared : firstUse(cls, f, classLine);
                diag.error(cls, line, "field " + f.name + " is a " + t.getClassName()
                        + ": float and double are not in the dialect (the kernel keeps no FPU state); "
                        + "use integer or fixed-point arithmetic");
            }
        }
        for (MethodNode m : cls.methods) {
            if (!isCompiled(m) || buildTimeOnly.contains(m)) {
                continue;
            }
            int line = firstLine(m, classLine);
            String what = "method " + m.name;
            if ((m.access & Opcodes.ACC_NATIVE) != 0 && !hasExportName(m)) {
                diag.error(cls, line, "native " + what + " needs @Export(\"symbol\") naming the assembly symbol "
                        + "that implements it");
            }
            if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                diag.error(cls, line, "synchronized " + what
                        + " is not in the dialect (there are no monitors); use the kernel's locks");
            }
            Type mt = Type.getMethodType(m.desc);
            for (Type t : mt.getArgumentTypes()) {
                checkValueType(cls, line, t, "a parameter of " + m.name, diag);
            }
            checkValueType(cls, line, mt.getReturnType(), "the result of " + m.name, diag);
            checkCode(cls, m, diag);
        }
        return true;
    }

    /**
     * Whether a method's shape lets it be lowered: with a body (not native or abstract), and no
     * float or double in its signature. Violations were reported by {@link #checkClass}.
     */
    public static boolean isLowerable(MethodNode m) {
        if ((m.access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0) {
            return false;
        }
        Type mt = Type.getMethodType(m.desc);
        for (Type t : mt.getArgumentTypes()) {
            if (t.getSort() == Type.FLOAT || t.getSort() == Type.DOUBLE) {
                return false;
            }
        }
        int r = mt.getReturnType().getSort();
        return r != Type.FLOAT && r != Type.DOUBLE;
    }

    /** Whether the method carries {@code @Export} (for a native method: the symbol it binds to). */
    private static boolean hasExportName(MethodNode m) {
        if (m.invisibleAnnotations == null) {
            return false;
        }
        for (var a : m.invisibleAnnotations) {
            if (a.desc.equals("Lorg/zeptux/rt/Export;")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a static field can live in the image (it is not a float or double). */
    public static boolean isStorable(FieldNode f) {
        int sort = Type.getType(f.desc).getSort();
        return sort != Type.FLOAT && sort != Type.DOUBLE && (f.access & Opcodes.ACC_STATIC) != 0;
    }

    /** Whether an instance field can be laid out (it is not a float or double). */
    public static boolean isLayable(FieldNode f) {
        int sort = Type.getType(f.desc).getSort();
        return sort != Type.FLOAT && sort != Type.DOUBLE;
    }

    private static int firstUse(ClassNode cls, FieldNode f, int fallback) {
        for (MethodNode m : cls.methods) {
            int line = 0;
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode ln) {
                    line = ln.line;
                } else if (insn instanceof org.objectweb.asm.tree.FieldInsnNode fi && fi.owner.equals(cls.name)
                        && fi.name.equals(f.name) && line > 0) {
                    return line;
                }
            }
        }
        return fallback;
    }

    private static void checkValueType(ClassNode cls, int line, Type t, String what, Diagnostics diag) {
        if (t.getSort() == Type.FLOAT || t.getSort() == Type.DOUBLE) {
            diag.error(cls, line, what + " is a " + t.getClassName()
                    + ": float and double are not in the dialect (the kernel keeps no FPU state); "
                    + "use integer or fixed-point arithmetic");
        }
    }

    private static void checkCode(ClassNode cls, MethodNode m, Diagnostics diag) {
        boolean monitors = false;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            monitors |= insn.getOpcode() == Opcodes.MONITORENTER;
        }
        for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
            if (tcb.type == null) {
                // finally: javac's handler that runs the finally block and rethrows (or releases a
                // monitor: synchronized is reported once, below). A throw is a panic, so the handler
                // never runs; lowering compiles the normal paths only (NormalPaths).
                continue;
            }
            diag.error(cls, lineAt(tcb.handler), "try/catch is not in the dialect (exceptions are kernel panics "
                    + "and cannot be caught); check the condition before the operation instead "
                    + "(try/finally without catch is in the dialect)" + where(cls, m));
        }
        int line = 0;
        Set<String> reported = new java.util.HashSet<>(); // one error per line and reason, as javac does
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                line = ln.line;
                continue;
            }
            if (insn.getOpcode() == Opcodes.ATHROW && monitors && isMonitorRethrow(insn)) {
                continue; // the rethrow in javac's monitor-releasing handler
            }
            String why = refusal(insn);
            if (why != null && reported.add(line + ":" + why)) {
                diag.error(cls, line, why + where(cls, m));
            }
        }
    }

    /** The method a diagnostic is in, as a suffix: {@code " [in Kmain.main]"}. */
    public static String where(ClassNode cls, MethodNode m) {
        String simple = cls.name.substring(cls.name.lastIndexOf('/') + 1);
        return " [in " + simple + "." + m.name + "]";
    }

    /** Whether {@code internalName} is a JDK exception or error class (java.lang.Throwable and below). */
    public static boolean isJdkThrowable(String internalName) {
        if (!internalName.startsWith("java/")) {
            return false;
        }
        try {
            Class<?> c = Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return Throwable.class.isAssignableFrom(c);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isMonitorRethrow(AbstractInsnNode athrow) {
        AbstractInsnNode load = previousReal(athrow);
        AbstractInsnNode exit = load == null ? null : previousReal(load);
        return load != null && load.getOpcode() == Opcodes.ALOAD && exit != null
                && exit.getOpcode() == Opcodes.MONITOREXIT;
    }

    private static AbstractInsnNode previousReal(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            p = p.getPrevious();
        }
        return p;
    }

    /** Why an instruction is refused, or null if the dialect has it. */
    public static String refusal(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (op < 0) {
            return null;
        }
        if (isFloatingPoint(op) || movesFloatingPoint(insn)) {
            return "float and double are not in the dialect (the kernel keeps no FPU state); "
                    + "use integer or fixed-point arithmetic";
        }
        String boxing = boxing(insn);
        if (boxing != null) {
            return boxing;
        }
        if (insn instanceof org.objectweb.asm.tree.MethodInsnNode m && m.name.equals("clone")
                && m.desc.equals("()Ljava/lang/Object;") && (m.owner.startsWith("[") || m.owner.startsWith("java/"))) {
            return "clone() is not in the dialect (it allocates the copy at run time); copy into an array made by a "
                    + "static initialiser with System.arraycopy";
        }
        switch (op) {
            case Opcodes.NEW:
                if (isJdkThrowable(((TypeInsnNode) insn).desc)) {
                    return null; // `throw new X(...)`: lowering checks it is thrown where it is made
                }
                return "'new " + Type.getObjectType(((TypeInsnNode) insn).desc).getClassName()
                        + "' at run time is not in the dialect (there is no garbage collector); "
                        + "create objects in a static initialiser, which runs at build time";
            case Opcodes.NEWARRAY:
            case Opcodes.ANEWARRAY:
            case Opcodes.MULTIANEWARRAY:
                return "creating an array at run time is not in the dialect (there is no garbage collector); "
                        + "declare a static final array field and create it in a static initialiser, "
                        + "which runs at build time";
            case Opcodes.INVOKEDYNAMIC:
                return invokedynamic((InvokeDynamicInsnNode) insn);
            case Opcodes.MONITOREXIT:
                return null; // reported at its MONITORENTER
            case Opcodes.MONITORENTER:
                return "synchronized is not in the dialect (there are no monitors); use the kernel's locks";
            case Opcodes.JSR:
            case Opcodes.RET:
                return "jsr/ret are not supported (compile with javac --release 17)";
            case Opcodes.LDC: {
                Object c = ((LdcInsnNode) insn).cst;
                if (c instanceof Type t && t.getSort() == Type.OBJECT && isStructsCall(insn.getNext())) {
                    return null;                // Structs.at(address, View.class), Structs.size(View.class)
                }
                if (c instanceof Type || c instanceof Handle
                        || c instanceof org.objectweb.asm.ConstantDynamic) {
                    return "class literals and dynamic constants are not in the dialect (there is no reflection); "
                            + "a struct view's class literal goes last in Structs.at(address, View.class)";
                }
                return null;
            }
            default:
                return null;
        }
    }

    /** Whether the next instruction (after labels and line numbers) is a call of org.zeptux.rt.Structs. */
    private static boolean isStructsCall(AbstractInsnNode insn) {
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn instanceof org.objectweb.asm.tree.MethodInsnNode call && insn.getOpcode() == Opcodes.INVOKESTATIC
                && call.owner.equals("org/zeptux/rt/Structs");
    }

    private static String invokedynamic(InvokeDynamicInsnNode indy) {
        String bsm = indy.bsm.getOwner();
        if (bsm.equals("java/lang/invoke/StringConcatFactory")) {
            return "string concatenation is not in the dialect (it allocates at run time); "
                    + "print the parts one after the other";
        }
        if (bsm.equals("java/lang/invoke/LambdaMetafactory")) {
            return "lambdas and method references are not in the dialect (they allocate at run time); "
                    + "call a static method directly";
        }
        return "invokedynamic (" + indy.name + ") is not in the dialect";
    }

    private static final Set<String> BOXES = Set.of("java/lang/Boolean", "java/lang/Byte", "java/lang/Short",
            "java/lang/Character", "java/lang/Integer", "java/lang/Long");

    /** Why a call that boxes or unboxes a primitive (javac's autoboxing) is refused, or null for other calls. */
    private static String boxing(AbstractInsnNode insn) {
        if (!(insn instanceof org.objectweb.asm.tree.MethodInsnNode m) || !BOXES.contains(m.owner)) {
            return null;
        }
        String name = m.owner.replace('/', '.') + "." + m.name;
        Type t = Type.getMethodType(m.desc);
        if (m.getOpcode() == Opcodes.INVOKESTATIC && m.name.equals("valueOf") && t.getArgumentTypes().length == 1
                && t.getArgumentTypes()[0].getSort() <= Type.DOUBLE) {
            return "boxing (" + name + ") is not in the dialect (a boxed value is an object allocated at run time); "
                    + "use the primitive " + t.getArgumentTypes()[0].getClassName();
        }
        if (m.getOpcode() == Opcodes.INVOKEVIRTUAL && m.name.endsWith("Value") && t.getArgumentTypes().length == 0) {
            return "unboxing (" + name + ") is not in the dialect (there are no boxed objects at run time); "
                    + "use " + t.getReturnType().getClassName() + " instead of " + m.owner.substring(10);
        }
        return null;
    }

    /** Whether a field access or call moves a float or double (a field's type, a parameter or a result). */
    private static boolean movesFloatingPoint(AbstractInsnNode insn) {
        String desc;
        if (insn instanceof org.objectweb.asm.tree.FieldInsnNode f) {
            desc = f.desc;
        } else if (insn instanceof org.objectweb.asm.tree.MethodInsnNode m) {
            desc = m.desc.substring(1).replace(")", "");
        } else {
            return false;
        }
        for (int i = 0; i < desc.length(); i++) {
            char c = desc.charAt(i);
            if (c == 'L') {
                i = desc.indexOf(';', i);
            } else if (c == 'F' || c == 'D') {
                return true;
            }
        }
        return false;
    }

    private static boolean isFloatingPoint(int op) {
        switch (op) {
            case Opcodes.FCONST_0: case Opcodes.FCONST_1: case Opcodes.FCONST_2:
            case Opcodes.DCONST_0: case Opcodes.DCONST_1:
            case Opcodes.FLOAD: case Opcodes.DLOAD: case Opcodes.FSTORE: case Opcodes.DSTORE:
            case Opcodes.FALOAD: case Opcodes.DALOAD: case Opcodes.FASTORE: case Opcodes.DASTORE:
            case Opcodes.FADD: case Opcodes.DADD: case Opcodes.FSUB: case Opcodes.DSUB:
            case Opcodes.FMUL: case Opcodes.DMUL: case Opcodes.FDIV: case Opcodes.DDIV:
            case Opcodes.FREM: case Opcodes.DREM: case Opcodes.FNEG: case Opcodes.DNEG:
            case Opcodes.I2F: case Opcodes.I2D: case Opcodes.L2F: case Opcodes.L2D:
            case Opcodes.F2I: case Opcodes.F2L: case Opcodes.F2D:
            case Opcodes.D2I: case Opcodes.D2L: case Opcodes.D2F:
            case Opcodes.FCMPL: case Opcodes.FCMPG: case Opcodes.DCMPL: case Opcodes.DCMPG:
            case Opcodes.FRETURN: case Opcodes.DRETURN:
                return true;
            default:
                return false;
        }
    }

    /** The first source line of a method, or {@code fallback} when it has none. */
    public static int firstLine(MethodNode m, int fallback) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return fallback;
    }

    /** The first source line of any method in the class (where javac would point at it), or 0. */
    public static int firstLine(ClassNode cls) {
        int best = 0;
        for (MethodNode m : cls.methods) {
            int l = firstLine(m, 0);
            if (l > 0 && (best == 0 || l < best)) {
                best = l;
            }
        }
        return best;
    }

    /** The line of the code at or after {@code insn}. */
    private static int lineAt(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getNext()) {
            if (i instanceof LineNumberNode ln) {
                return ln.line;
            }
            if (i.getOpcode() >= 0) {
                break;
            }
        }
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return 0;
    }
}
