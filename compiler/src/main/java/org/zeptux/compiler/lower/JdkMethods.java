package org.zeptux.compiler.lower;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Value;
import org.zeptux.compiler.load.ClassPath;

/**
 * The JDK methods written in the dialect in {@code org.zeptux.rt.jdk} (shipped inside zeptuxc):
 * a call of one becomes a call of its counterpart there — the same name, the receiver first
 * for an instance method, and the caller's location last where the counterpart takes one
 * ({@code String where}: its failures name the caller's line). A compilation gets the support
 * classes its code calls, with those they call, and no others (their static initialisers build
 * tables into the image).
 */
public final class JdkMethods {
    private JdkMethods() {}

    static final String PACKAGE = "org/zeptux/rt/jdk/";

    /** The support classes by the JDK class whose methods they hold. */
    private static final Map<String, List<String>> SUPPORT = Map.of(
            "java/lang/String", List.of("JdkString"),
            "java/lang/Math", List.of("JdkMath"),
            "java/lang/Integer", List.of("JdkNumbers"),
            "java/lang/Long", List.of("JdkNumbers"),
            "java/util/Objects", List.of("JdkObjects"),
            "java/lang/Character", List.of("JdkCharacter", "JdkIsLetter", "JdkIsLetterOrDigit", "JdkIsAlphabetic",
                    "JdkIsUpperCase", "JdkIsLowerCase", "JdkToUpperCase", "JdkToLowerCase"));

    /** Every class of the package, by internal name, read once from zeptuxc's own class path. */
    private static final Map<String, ClassNode> CLASSES = new TreeMap<>();
    private static final Map<String, byte[]> BYTES = new TreeMap<>();

    static {
        for (String name : List.of("Fail", "Tables", "JdkString", "JdkMath", "JdkNumbers", "JdkObjects", "JdkCharacter",
                "JdkIsLetter", "JdkIsLetterOrDigit", "JdkIsAlphabetic", "JdkIsUpperCase", "JdkIsLowerCase", "JdkToUpperCase",
                "JdkToLowerCase")) {
            try (InputStream in = JdkMethods.class.getResourceAsStream("/" + PACKAGE + name + ".class")) {
                if (in == null) {
                    throw new IllegalStateException("the JDK support class " + name + " is missing from zeptuxc");
                }
                byte[] bytes = in.readAllBytes();
                ClassNode cls = new ClassNode();
                new ClassReader(bytes).accept(cls, ClassReader.SKIP_FRAMES);
                CLASSES.put(PACKAGE + name, cls);
                BYTES.put(PACKAGE + name, bytes);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the JDK support class " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** A call's counterpart: its support class and method, and whether it takes the caller's location. */
    record Target(String owner, String name, String desc, boolean where) {}

    /** The counterpart of the JDK method {@code call} calls, or null if there is none. */
    static Target target(MethodInsnNode call) {
        List<String> classes = SUPPORT.get(call.owner);
        if (classes == null || call.name.startsWith("<")) {
            return null;
        }
        String desc = call.desc;
        if (call.getOpcode() != Opcodes.INVOKESTATIC) {
            desc = "(" + Type.getObjectType(call.owner).getDescriptor() + desc.substring(1);
        }
        int close = desc.indexOf(')');
        String withWhere = desc.substring(0, close) + "Ljava/lang/String;" + desc.substring(close);
        // With the location first: Objects.requireNonNull(obj, message) is requireNonNull(obj, message, where),
        // not requireNonNull(obj, where), the counterpart of requireNonNull(obj).
        for (String d : List.of(withWhere, desc)) {
            for (String c : classes) {
                ClassNode cls = CLASSES.get(PACKAGE + c);
                for (MethodNode m : cls.methods) {
                    if (m.name.equals(call.name) && (m.access & Opcodes.ACC_PUBLIC) != 0 && m.desc.equals(d)) {
                        return new Target(cls.name, m.name, m.desc, d == withWhere);
                    }
                }
            }
        }
        return null;
    }

    /**
     * {@code classPath} with the support classes its code calls (and those they call in turn)
     * added; {@code classPath} itself when it calls none.
     */
    public static ClassPath withSupport(ClassPath classPath) throws org.zeptux.compiler.load.LoadException {
        Set<String> needed = new TreeSet<>();
        Deque<ClassNode> work = new ArrayDeque<>(classPath.classes().values());
        while (!work.isEmpty()) {
            ClassNode cls = work.pop();
            for (MethodNode m : cls.methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (!(insn instanceof MethodInsnNode call)) {
                        continue;
                    }
                    Target t = target(call);
                    String owner = t != null ? t.owner() : call.owner.startsWith(PACKAGE) ? call.owner : null;
                    if (owner != null && CLASSES.containsKey(owner) && classPath.get(owner) == null && needed.add(owner)) {
                        work.add(CLASSES.get(owner));
                    }
                }
            }
        }
        if (needed.isEmpty()) {
            return classPath;
        }
        Map<String, byte[]> extra = new TreeMap<>();
        for (String n : needed) {
            extra.put(n, BYTES.get(n).clone());
        }
        return classPath.with(extra);
    }

    /** Whether {@code cls} is a support class: its methods are compiled only where called. */
    static boolean isSupport(ClassNode cls) {
        return cls.name.startsWith(PACKAGE);
    }

    /**
     * Lowers {@code call} if it has a counterpart: checks the receiver of an instance method for
     * null (the JVM's message names the call), then calls the counterpart. Returns false if it has none.
     */
    static boolean lower(MethodInsnNode call, MethodLowering l) {
        Target t = target(call);
        if (t == null) {
            return false;
        }
        ClassNode owner = l.program().classNamed(t.owner());
        MethodNode method = null;
        for (MethodNode m : owner == null ? List.<MethodNode>of() : owner.methods) {
            if (m.name.equals(t.name()) && m.desc.equals(t.desc())) {
                method = m;
            }
        }
        if (method == null) {
            throw new MethodLowering.Unsupported("internal error: " + t.owner() + "." + t.name() + " is not compiled");
        }
        Type[] params = Type.getArgumentTypes(t.desc());
        int given = params.length - (t.where() ? 1 : 0);
        Value[] args = new Value[params.length];
        Function.Ext[] exts = new Function.Ext[params.length];
        for (int i = given - 1; i >= 0; i--) {
            args[i] = l.toStorageValue(l.popValue(), params[i].getDescriptor());
            exts[i] = Program.extension(params[i].getDescriptor());
        }
        if (call.getOpcode() != Opcodes.INVOKESTATIC) {
            args[0] = l.checks.receiverChecked(args[0]);
        }
        if (t.where()) {
            args[given] = l.whereString();
            exts[given] = Function.Ext.NONE;
        }
        String ret = Type.getReturnType(t.desc()).getDescriptor();
        Value result = l.add(new Instr.Call(Program.storageType(ret), Program.extension(ret),
                Program.methodSymbol(owner, method), List.of(args), List.of(exts), false));
        if (!ret.equals("V")) {
            l.pushValue(l.widenValue(result, ret));
        }
        return true;
    }
}
