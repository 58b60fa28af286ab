package org.zeptux.compiler.dialect;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.load.ClassPath;

/**
 * The rule that keeps the raw API inside unsafe packages (docs/dialect.md, "Safe and unsafe
 * code"). A package is unsafe when its {@code package-info} carries {@code @org.zeptux.rt.Unsafe};
 * only there may code call {@code Memory}, {@code Port}, {@code Cpu}, {@code Syscall},
 * {@code Structs}, struct views, {@code RawObjects}, {@code Atomic} (on addresses) and the methods of {@code Address} that
 * forge, move or dereference an address, or declare {@code native} methods. Everywhere else each such use is
 * an error naming the call and how to get the capability.
 *
 * <p>A kernel module is held to the safe rules as a whole unless it is built with
 * {@code zeptuxc module --unsafe}; its own {@code @Unsafe} annotations do not count.
 */
public final class UnsafeRule {
    /** Descriptor of the annotation that marks a package unsafe. */
    public static final String UNSAFE = "Lorg/zeptux/rt/Unsafe;";
    private static final String RT = "org/zeptux/rt/";
    /** Address methods safe code may call: reading an address as a number and comparing addresses. */
    private static final Set<String> SAFE_ADDRESS_METHODS = Set.of("toLong", "eq", "lt", "le", "gt", "ge");

    private final ClassPath classPath;
    private final Set<String> unsafePackages;
    /** The classes of a module being built, or null when the whole class path is compiled. */
    private final Set<String> module;
    private final boolean unsafeModule;

    private UnsafeRule(ClassPath classPath, Set<String> module, boolean unsafeModule) {
        this.classPath = classPath;
        this.unsafePackages = unsafePackages(classPath);
        this.module = module;
        this.unsafeModule = unsafeModule;
    }

    /**
     * The rule for compiling {@code classPath}; with {@code module} (internal class names) a
     * module's classes are compiled, unsafe as a whole exactly when {@code unsafeModule}.
     */
    public static UnsafeRule of(ClassPath classPath, Set<String> module, boolean unsafeModule) {
        return new UnsafeRule(classPath, module, unsafeModule);
    }

    /** The packages (internal names, {@code org/zeptux/kernel/hw}) whose package-info is marked {@code @Unsafe}, sorted. */
    public static Set<String> unsafePackages(ClassPath classPath) {
        Set<String> packages = new TreeSet<>();
        for (ClassNode c : classPath.classes().values()) {
            if (Rules.isPackageInfo(c) && has(c.invisibleAnnotations, UNSAFE)) {
                packages.add(packageOf(c.name));
            }
        }
        return packages;
    }

    /** The package of an internal class name ({@code ""} for the unnamed package). */
    public static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    /**
     * Whether code of class {@code internalName} may use the raw API. The runtime's own packages
     * ({@code org.zeptux.rt.*}: the hosted runtime, the JDK methods zeptuxc compiles where they
     * are called, in a module build too) are the trusted base shipped inside zeptuxc.
     */
    public boolean mayUseRawApi(String internalName) {
        if (internalName.startsWith(RT)) {
            return true;
        }
        if (module != null && module.contains(internalName)) {
            return unsafeModule;
        }
        return unsafePackages.contains(packageOf(internalName));
    }

    /**
     * Reports every use of the raw API in {@code cls} when its package is safe: native method
     * declarations at the class, raw calls at their lines (methods that only run at build time
     * are not compiled and not checked).
     */
    public void check(ClassNode cls, Set<MethodNode> buildTimeOnly, Diagnostics diag) {
        if (mayUseRawApi(cls.name)) {
            return;
        }
        int classLine = Rules.firstLine(cls);
        for (MethodNode m : cls.methods) {
            if (!Rules.isCompiled(m) || buildTimeOnly.contains(m)) {
                continue;
            }
            if ((m.access & Opcodes.ACC_NATIVE) != 0) {
                diag.error(cls, classLine, "native method " + m.name + " is bound to assembly, " + allowedOnly()
                        + "; " + instead("declare it in an unsafe package and call it there"));
            }
            int line = 0;
            Set<String> reported = new HashSet<>(); // one error per line and call, as javac does
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode ln) {
                    line = ln.line;
                } else if (insn instanceof MethodInsnNode call) {
                    String what = rawUse(call);
                    String name = callName(call);
                    if (what != null && reported.add(line + ":" + name)) {
                        diag.error(cls, line, name + " is " + what + ", " + allowedOnly() + "; "
                                + instead("use a safe interface of an unsafe package" + unsafePackageList())
                                + Rules.where(cls, m));
                    }
                }
            }
        }
    }

    /** What a call of the raw API does ("raw memory access", ...), or null for a call safe code may make. */
    public String rawUse(MethodInsnNode call) {
        String owner = call.owner;
        if (owner.startsWith(RT) && owner.indexOf('/', RT.length()) < 0) {
            switch (owner.substring(RT.length())) {
                case "Memory":
                    return call.name.equals("addressOf") ? "taking an object's address" : "raw memory access";
                case "Port":
                    return "port I/O";
                case "Cpu":
                    return "a raw CPU instruction";
                case "Syscall":
                    return "a raw system call";
                case "Structs":
                    return "struct view access";
                case "RawObjects":
                    return "placing objects in raw memory";
                case "Atomic":
                    return "atomic access to raw memory";     // AtomicInt, AtomicLong, AtomicFlag are safe
                case "Address":
                    if (SAFE_ADDRESS_METHODS.contains(call.name)) {
                        return null;
                    }
                    if (call.name.equals("of") || call.name.equals("zero")) {
                        return "address forging";
                    }
                    if (call.name.startsWith("load") || call.name.startsWith("store") || call.name.startsWith("mmio")) {
                        return "raw memory access";
                    }
                    return "address arithmetic";
                default:
                    return null;
            }
        }
        ClassNode c = classPath.get(owner);
        if (c != null && (c.access & Opcodes.ACC_INTERFACE) != 0 && has(c.visibleAnnotations, "Lorg/zeptux/rt/Struct;")) {
            return "struct view access";
        }
        return null;
    }

    private String allowedOnly() {
        return module != null ? "allowed in a module only when it is built with 'zeptuxc module --unsafe'"
                : "allowed only in packages marked @Unsafe (package-info.java)";
    }

    private String instead(String safeWay) {
        return module != null ? "use the kernel's API, or build the module with --unsafe"
                : safeWay + " or mark this package @Unsafe";
    }

    /** The unsafe packages there are to use, as " (a, b)", or "" when there are none (the runtime's own not counted). */
    private String unsafePackageList() {
        List<String> names = unsafePackages.stream().filter(p -> !p.startsWith(RT)).map(p -> p.replace('/', '.')).toList();
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }

    /** A call as a diagnostic names it: {@code Memory.load64(long)}, {@code Buddy.PageFrame.order()}. */
    static String callName(MethodInsnNode call) {
        StringBuilder s = new StringBuilder(simpleName(call.owner)).append('.').append(call.name).append('(');
        Type[] args = Type.getArgumentTypes(call.desc);
        for (int i = 0; i < args.length; i++) {
            s.append(i > 0 ? ", " : "").append(simpleName(args[i].getClassName().replace('.', '/')));
        }
        return s.append(')').toString();
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1).replace('$', '.');
    }

    private static boolean has(List<AnnotationNode> annotations, String desc) {
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                if (a.desc.equals(desc)) {
                    return true;
                }
            }
        }
        return false;
    }
}
