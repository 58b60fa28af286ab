package org.zeptux.compiler.lower;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.dialect.Diagnostics;
import org.zeptux.compiler.dialect.Rules;
import org.zeptux.compiler.dialect.UnsafeRule;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Value;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.load.ClassPath;

/**
 * The closed world being compiled: resolves methods and fields to symbols, owns the image
 * heap, and lowers every class into one {@link Module}.
 */
public final class Program {
    /** Descriptor of the annotation that exports a method under a C symbol. */
    static final String EXPORT = "Lorg/zeptux/rt/Export;";
    /** The function compiled code calls when a Java check fails: (exception, message, where). */
    public static final String THROW_HOOK = "zeptux_throw";
    /** The function compiled code calls when it uses a freed pool object: (object, where). */
    public static final String USE_AFTER_FREE_HOOK = "zeptux_use_after_free";
    /** The class info a freed pool object's class word names (defined by the kernel, exported to modules). */
    static final String FREED_CLASS = "zeptux_freed_class";
    /** C library functions LLVM may call by itself; their own bodies must not be turned into calls. */
    private static final Set<String> BUILTINS = Set.of("memcpy", "memset", "memmove", "memcmp");

    private final ClassPath classPath;
    private final Diagnostics diag;
    private final Module module;
    private final ImageHeap heap;
    private ObjectModel model;
    /** Whether any compiled method is marked @KernelApi (a kernel): then it gets an export table. */
    private boolean kernelApi;
    /** The symbols of the @KernelApi methods. */
    private final Set<String> apiSymbols = new java.util.TreeSet<>();
    /** The classes being compiled, when compiling a module against the kernel; null: all. */
    private Set<String> only;
    /** Whether null and bounds checks are emitted; false only for measuring their cost (--no-checks). */
    private boolean checks = true;
    /** The types whose values may be pool objects (see {@link #mayBeFreed}); made once the image heap is. */
    private Set<String> mayBeFreed;

    private Program(ClassPath classPath, Diagnostics diag, String name) {
        this.classPath = classPath;
        this.diag = diag;
        this.module = new Module(name);
        this.heap = new ImageHeap(module, diag, classPath);
    }

    /**
     * Lowers every class of {@code classPath} into one module. Errors go to {@code diag}; the
     * module is only meaningful when there are none.
     */
    public static Module lower(ClassPath classPath, Diagnostics diag, String moduleName) {
        return lower(classPath, diag, moduleName, Options.DEFAULT);
    }

    /** As above, as {@code options} say (tests, checks, the classes of a module). */
    public static Module lower(ClassPath classPath, Diagnostics diag, String moduleName, Options options) {
        boolean checks = options.checks();
        boolean ktests = options.ktests();
        Set<String> only = options.only();
        boolean unsafeModule = options.unsafeModule();
        long t = org.zeptux.compiler.driver.Timings.begin();
        Program p = new Program(classPath, diag, moduleName);
        UnsafeRule unsafe = UnsafeRule.of(classPath, only, unsafeModule);
        p.checks = checks;
        p.only = only;
        Set<MethodNode> buildTimeOnly = p.buildTimeOnly();
        p.model = new ObjectModel(classPath, buildTimeOnly, only);
        p.heap.setModel(p.model);
        p.heap.setWrittenClasses(p.writtenClasses(buildTimeOnly));
        // Static fields first, so every method sees which arrays static final fields hold.
        List<ClassNode> checked = new ArrayList<>();
        for (ClassNode cls : classPath.classes().values()) {
            if (Rules.isPackageInfo(cls) || (only != null && !only.contains(cls.name))) {
                continue;
            }
            if (!Rules.checkClass(cls, diag, buildTimeOnly)) {
                continue;
            }
            unsafe.check(cls, buildTimeOnly, diag);
            String foreign = p.model.foreignSuperclass(cls);
            if (foreign != null) {
                diag.error(cls, Rules.firstLine(cls), "class " + cls.name.replace('/', '.') + " extends "
                        + foreign.replace('/', '.') + ": of the JDK's classes only Object and Enum can be "
                        + "superclasses (the others are not compiled)");
                continue;
            }
            checked.add(cls);
        }
        t = org.zeptux.compiler.driver.Timings.end("dialect checks", t);
        p.heap.initialise(checked);
        for (ClassNode cls : checked) {
            p.heap.emitStaticFields(cls);
        }
        t = org.zeptux.compiler.driver.Timings.end("build-time init, heap", t);
        p.mayBeFreed = p.model.withSupertypes(p.heap.allocatable());
        for (ClassNode cls : checked) {
            for (MethodNode m : cls.methods) {
                if (Rules.isCompiled(m) && Rules.isLowerable(m) && !buildTimeOnly.contains(m)) {
                    if (isKernelApi(m)) {
                        p.kernelApi = true;
                        p.apiSymbols.add(methodSymbol(cls, m));
                    }
                    Function f = new MethodLowering(p, cls, m).lower();
                    if (f != null) {
                        p.module.add(f);
                    }
                }
            }
        }
        t = org.zeptux.compiler.driver.Timings.end("lowering", t);
        ContextChecks.run(p.module, checked, diag);     // @StackEntry, @MaySleep, @InterruptContext
        p.model.emit(p.module, only);
        ClassNames.emitTable(p);
        if (only == null) {
            p.model.emitFreedClass(p.module, FREED_CLASS);
        }
        if (only == null && p.kernelApi) {
            p.exportTable();
        }
        if (KTestTable.wanted(p.module) || ktests) {
            KTestTable.add(p.module, classPath, ktests, diag, p.heap);
        }
        org.zeptux.compiler.driver.Timings.end("context checks, tables", t);
        return p.module;
    }

    /**
     * Methods that only static initialisers call (directly or through each other): they run
     * at build time on the JVM and are neither checked nor compiled, so they may use all of Java.
     * Every other method is compiled: those nothing calls (entry points, exports, API) and
     * everything they reach.
     */
    private Set<MethodNode> buildTimeOnly() {
        Map<MethodNode, List<MethodNode>> callees = new IdentityHashMap<>();
        Set<MethodNode> called = Collections.newSetFromMap(new IdentityHashMap<>());
        List<MethodNode> all = new ArrayList<>();
        Map<String, List<MethodNode>> byNameDesc = new java.util.HashMap<>();
        for (ClassNode cls : classPath.classes().values()) {
            for (MethodNode m : cls.methods) {
                if ((m.access & Opcodes.ACC_STATIC) == 0 && !m.name.startsWith("<")) {
                    byNameDesc.computeIfAbsent(m.name + m.desc, k -> new ArrayList<>()).add(m);
                }
            }
        }
        Set<MethodNode> enumHelpers = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<MethodNode> support = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ClassNode cls : classPath.classes().values()) {
            for (MethodNode m : cls.methods) {
                all.add(m);
                if (isEnumHelper(cls, m)) {
                    enumHelpers.add(m);
                }
                if (JdkMethods.isSupport(cls)) {
                    support.add(m);                     // compiled only where called
                }
                List<MethodNode> out = new ArrayList<>();
                for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                    JdkMethods.Target jdk = insn instanceof MethodInsnNode c ? JdkMethods.target(c) : null;
                    ResolvedMethod counterpart = jdk == null ? null : resolveStatic(jdk.owner(), jdk.name(), jdk.desc());
                    if (counterpart != null) {
                        out.add(counterpart.method());
                        called.add(counterpart.method());
                    }
                    if (insn instanceof MethodInsnNode call && insn.getOpcode() == Opcodes.INVOKESTATIC) {
                        ResolvedMethod r = resolveStatic(call.owner, call.name, call.desc);
                        if (r != null && r.method() != m) {
                            out.add(r.method());
                            called.add(r.method());
                        }
                    } else if (insn instanceof MethodInsnNode call && !call.name.equals("<init>")) {
                        // A call on an object may run any compiled method of that name and descriptor.
                        for (MethodNode target : byNameDesc.getOrDefault(call.name + call.desc, List.of())) {
                            if (target != m) {
                                out.add(target);
                                called.add(target);
                            }
                        }
                    }
                }
                callees.put(m, out);
            }
        }
        Set<MethodNode> runTime = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<MethodNode> work = new ArrayDeque<>();
        for (MethodNode m : all) {
            if (Rules.isCompiled(m) && (!called.contains(m) || exportName(m) != null) && !enumHelpers.contains(m)
                    && !isBuildTime(m) && !support.contains(m)) {
                work.add(m);
            }
        }
        Map<MethodNode, MethodNode> caller = new IdentityHashMap<>();
        while (!work.isEmpty()) {
            MethodNode m = work.pop();
            if (!enumHelpers.contains(m) && runTime.add(m)) {
                for (MethodNode callee : callees.get(m)) {
                    caller.putIfAbsent(callee, m);
                    work.add(callee);
                }
            }
        }
        for (ClassNode cls : classPath.classes().values()) {
            for (MethodNode m : cls.methods) {
                MethodNode from = caller.get(m);
                if (isBuildTime(m) && runTime.contains(m) && (only == null || only.contains(cls.name))) {
                    diag.error(cls, Rules.firstLine(m, 0), cls.name.replace('/', '.') + "." + m.name + " is @BuildTime "
                            + "(it runs only in static initialisers) but run-time code calls it"
                            + (from == null ? "" : " (from " + from.name + ")") + "; call it from a static initialiser");
                }
            }
        }
        Set<MethodNode> buildTime = Collections.newSetFromMap(new IdentityHashMap<>());
        for (MethodNode m : all) {
            if (Rules.isCompiled(m) && !runTime.contains(m)) {
                buildTime.add(m);
            }
        }
        return buildTime;
    }

    /**
     * The classes whose objects run-time code may write: each putfield's class and its
     * subclasses. Null if run-time code takes the address of an object (Memory.addressOf of
     * anything but an array or string field), which could be written through.
     */
    private Set<String> writtenClasses(Set<MethodNode> buildTimeOnly) {
        Set<String> owners = new java.util.HashSet<>();
        for (ClassNode cls : classPath.classes().values()) {
            for (MethodNode m : cls.methods) {
                if (!Rules.isCompiled(m) || buildTimeOnly.contains(m)) {
                    continue;
                }
                for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                    if (insn.getOpcode() == Opcodes.PUTFIELD) {
                        owners.add(((org.objectweb.asm.tree.FieldInsnNode) insn).owner);
                    } else if (insn instanceof MethodInsnNode call && call.owner.equals("org/zeptux/rt/Memory")
                            && call.name.equals("addressOf")) {
                        AbstractInsnNode arg = call.getPrevious();
                        while (arg != null && arg.getOpcode() < 0) {
                            arg = arg.getPrevious();
                        }
                        if (!(arg instanceof org.objectweb.asm.tree.FieldInsnNode f && arg.getOpcode() == Opcodes.GETSTATIC
                                && (f.desc.startsWith("[") || f.desc.equals("Ljava/lang/String;")))) {
                            return null;
                        }
                    }
                }
            }
        }
        Set<String> written = new java.util.HashSet<>();
        for (ClassNode c : classPath.classes().values()) {
            for (ClassNode a = c; a != null; a = a.superName == null ? null : classPath.get(a.superName)) {
                if (owners.contains(a.name)) {
                    written.add(c.name);
                    break;
                }
            }
        }
        return written;
    }

    /**
     * An enum's generated values() and valueOf(String): only ever run at build time (values()
     * copies an array, valueOf looks constants up by reflection: neither is in the dialect, and
     * a run-time call of either is reported where it is made).
     */
    private static boolean isEnumHelper(ClassNode owner, MethodNode m) {
        return (owner.access & Opcodes.ACC_ENUM) != 0
                && ((m.name.equals("values") && m.desc.startsWith("()[L"))
                        || (m.name.equals("valueOf") && m.desc.startsWith("(Ljava/lang/String;)")));
    }

    Module module() {
        return module;
    }

    /** Whether implicit null and bounds checks are emitted. */
    boolean checks() {
        return checks;
    }

    Diagnostics diag() {
        return diag;
    }

    /**
     * Whether a value of static type {@code type} may be an object made at run time by a pool,
     * and so may have been freed: the type is a class some image-heap {@code Class} value names
     * (the pools' element classes), or one of its superclasses or interfaces.
     */
    boolean mayBeFreed(String type) {
        return mayBeFreed.contains(type);
    }

    /** The freed class info, as a value (declared when compiling a module: the kernel defines it). */
    Value freedClass() {
        if (only != null) {
            module.declareGlobal(FREED_CLASS);
        }
        return new Value.Symbol(FREED_CLASS);
    }

    ImageHeap heap() {
        return heap;
    }

    ObjectModel model() {
        return model;
    }

    /**
     * The kernel's export table, for loading modules at run time: the @KernelApi methods, the
     * functions compiled code calls by itself (the throw hook, the console functions, memcpy
     * and its kin) and the exported class infos (String, the primitive arrays, the API's
     * interfaces) — nothing else of the kernel — by name, sorted:
     * {@code zeptux_export_table = { u64 count, count × { ptr name (NUL-terminated), ptr address } }}.
     */
    private void exportTable() {
        java.util.TreeMap<String, String> exports = new java.util.TreeMap<>();
        for (var f : module.functions().values()) {
            String sym = f.symbol();
            if (f.exported() && (apiSymbols.contains(sym) || sym.equals(THROW_HOOK) || sym.equals(Failures.FORMAT_HOOK) || sym.startsWith("zeptux_out_")
                    || isBuiltin(sym))) {
                exports.put(sym, sym);
            }
        }
        for (var g : module.globals().values()) {
            if (g.exported()) {
                exports.put(g.symbol(), g.symbol());
            }
        }
        List<org.zeptux.compiler.ir.Global.Field> fields = new ArrayList<>();
        fields.add(new org.zeptux.compiler.ir.Global.Scalar(org.zeptux.compiler.ir.Type.I64, exports.size()));
        int n = 0;
        for (String symbol : exports.keySet()) {
            byte[] name = symbol.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long[] bytes = new long[name.length + 1];
            for (int i = 0; i < name.length; i++) {
                bytes[i] = name[i];
            }
            String nameSym = "export.name." + n++;
            module.add(new org.zeptux.compiler.ir.Global(nameSym, List.of(
                    new org.zeptux.compiler.ir.Global.Bytes(org.zeptux.compiler.ir.Type.I8, bytes)), true, false, 1));
            fields.add(new org.zeptux.compiler.ir.Global.Ref(nameSym));
            fields.add(new org.zeptux.compiler.ir.Global.Ref(symbol));
        }
        module.add(new org.zeptux.compiler.ir.Global("zeptux_export_table", fields, true, true, 8,
                "the kernel's exports, for modules loaded at run time"));
    }

    /** Whether {@code owner} is a kernel class a module is compiled against (not compiled here). */
    boolean isExternal(String owner) {
        return only != null && !only.contains(owner) && classPath.get(owner) != null;
    }

    /** Whether the method is marked {@code @BuildTime}: it runs only in static initialisers. */
    static boolean isBuildTime(MethodNode m) {
        if (m.invisibleAnnotations != null) {
            for (AnnotationNode a : m.invisibleAnnotations) {
                if (a.desc.equals("Lorg/zeptux/rt/BuildTime;")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the method is in the API kernel modules may call ({@code @KernelApi}). */
    static boolean isKernelApi(MethodNode m) {
        if (m.invisibleAnnotations != null) {
            for (AnnotationNode a : m.invisibleAnnotations) {
                if (a.desc.equals("Lorg/zeptux/rt/KernelApi;")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The symbol of module {@code module}'s {@code init} or {@code exit}: zmod_NAME_init. */
    public static String moduleEntrySymbol(String module, String entry) {
        return "zmod_" + module.replace('-', '_') + "_" + entry;
    }

    /** Whether the method is a module's init() or exit(), on its @Module class (an external symbol). */
    public static boolean isModuleEntry(ClassNode cls, MethodNode m) {
        return ObjectModel.annotationValue(cls.invisibleAnnotations, "Lorg/zeptux/rt/Module;", "name") != null
                && (m.access & Opcodes.ACC_STATIC) != 0
                && ((m.name.equals("init") && m.desc.equals("()I")) || (m.name.equals("exit") && m.desc.equals("()V")));
    }

    ClassNode classNamed(String internalName) {
        return classPath.get(internalName);
    }

    ClassPath classPath() {
        return classPath;
    }

    /** A method found by resolution, with the class that declares it. */
    record ResolvedMethod(ClassNode owner, MethodNode method) {}

    /** A static field found by resolution, with the class that declares it. */
    record ResolvedField(ClassNode owner, FieldNode field) {}

    /** Finds a static method as the JVM resolves it (JVMS §5.4.3.3); null if there is none or it is not static. */
    ResolvedMethod resolveStatic(String owner, String name, String desc) {
        ObjectModel.Impl m = Resolution.method(classPath, owner, name + desc);
        return m == null || (m.method().access & Opcodes.ACC_STATIC) == 0 ? null : new ResolvedMethod(m.owner(), m.method());
    }

    /** Finds a static field as the JVM resolves it (JVMS §5.4.3.2): in {@code owner}, its superinterfaces, its superclasses. */
    ResolvedField resolveField(String owner, String name, String desc) {
        return Resolution.staticField(classPath, owner, name, desc);
    }

    /** The symbol of a method: its exported C name, else {@code pkg.Class.name(desc)}. */
    public static String methodSymbol(ClassNode owner, MethodNode m) {
        if (isModuleEntry(owner, m)) {
            return moduleEntrySymbol((String) ObjectModel.annotationValue(owner.invisibleAnnotations,
                    "Lorg/zeptux/rt/Module;", "name"), m.name);
        }
        String export = exportName(m);
        return export != null ? export : owner.name.replace('/', '.') + "." + m.name + m.desc;
    }

    /** The symbol of a static field's global. */
    static String fieldSymbol(ClassNode owner, FieldNode f) {
        return owner.name.replace('/', '.') + "." + f.name;
    }

    /** The name given by {@code @Export}, or null. */
    static String exportName(MethodNode m) {
        List<AnnotationNode> all = m.invisibleAnnotations;
        if (all == null) {
            return null;
        }
        for (AnnotationNode a : all) {
            if (a.desc.equals(EXPORT) && a.values != null) {
                for (int i = 0; i + 1 < a.values.size(); i += 2) {
                    if ("value".equals(a.values.get(i))) {
                        return (String) a.values.get(i + 1);
                    }
                }
            }
        }
        return null;
    }

    static boolean isBuiltin(String symbol) {
        return BUILTINS.contains(symbol);
    }

    /** How a value of descriptor {@code desc} is stored in memory and passed to functions. */
    static Type storageType(String desc) {
        return switch (desc.charAt(0)) {
            case 'Z', 'B' -> Type.I8;
            case 'C', 'S' -> Type.I16;
            case 'I' -> Type.I32;
            case 'J' -> Type.I64;
            case 'V' -> Type.VOID;
            case 'L', '[' -> Type.PTR;
            default -> throw new IllegalArgumentException("no storage type for " + desc);
        };
    }

    /** The extension the ABI asks for when a narrow value of {@code desc} is passed. */
    static Function.Ext extension(String desc) {
        return switch (desc.charAt(0)) {
            case 'Z', 'C' -> Function.Ext.ZERO;
            case 'B', 'S' -> Function.Ext.SIGN;
            default -> Function.Ext.NONE;
        };
    }
}
