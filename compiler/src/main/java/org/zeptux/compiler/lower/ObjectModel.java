package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.ir.Global;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.dialect.Rules;
import org.zeptux.compiler.load.ClassPath;

/**
 * Objects over the closed world of compiled classes: instance layouts, class numbering for
 * type tests, vtables, interface selectors and itables, and the class-info globals that every
 * object's class word points to.
 *
 * <p>Class info layout (all classes, strings and arrays alike):
 *
 * <pre>
 *   +0  i32 id        preorder number in the class tree rooted at java.lang.Object
 *   +4  i32 last      one past the last id of the subtree: C is a superclass of X iff C.id &lt;= X.id &lt; C.last;
 *                     for an interface: id = -1 - its interface number, last = 0
 *   +8  ptr component an array's element class info (null for primitive arrays and non-arrays)
 *   +16 ptr ifaces    bitmap of the interfaces the class implements (bit n: interface number n), or null
 *   +24 ptr itable    function per interface selector, or null
 *   +32 i64 size      an instance's size in bytes, class word included (classes); an element's size (arrays); else 0
 *   +40 ptr vtable[]  function per virtual slot (null for abstract methods)
 * </pre>
 *
 * Instances: +0 the class word (a pointer to the class info), then the instance fields of the
 * superclasses and the class in declaration order, each naturally aligned (java.lang.Enum
 * contributes {@code name} and {@code ordinal}).
 */
final class ObjectModel {
    static final String OBJECT = "java/lang/Object";
    static final String ENUM = "java/lang/Enum";
    static final String STRING = "java/lang/String";
    static final int ID_OFFSET = 0;
    static final int LAST_OFFSET = 4;
    static final int COMPONENT_OFFSET = 8;
    static final int IFACES_OFFSET = 16;
    static final int ITABLE_OFFSET = 24;
    static final int SIZE_OFFSET = 32;
    static final int VTABLE_OFFSET = 40;
    static final int CLASS_WORD = 8;

    /** A method implementation: the class declaring it and the method. */
    record Impl(ClassNode owner, MethodNode method) {}

    /** An instance field: where it is and how it is stored. */
    record InstanceField(String owner, String name, String desc, int offset, Type storage) {}

    private final ClassPath classPath;
    private final Set<MethodNode> buildTimeOnly;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, Integer> lasts = new HashMap<>();
    private final Map<String, List<String>> children = new TreeMap<>();
    private final List<String> interfaces = new ArrayList<>();
    private final Map<String, Integer> selectors = new LinkedHashMap<>();
    private final Map<String, List<Impl>> vtables = new HashMap<>();
    private final Map<String, Map<String, Integer>> slots = new HashMap<>();
    private final Map<String, List<InstanceField>> layouts = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private final Map<String, Integer> arrayIds = new TreeMap<>();
    private final Set<String> others = new java.util.TreeSet<>();
    /** Interfaces whose class info code refers to (type tests, array store checks). */
    private final Set<String> referencedInterfaces = new java.util.TreeSet<>();
    static final String ADDRESS = "org/zeptux/rt/Address";
    private int nextId;
    private final int stringId;

    /** Class numbers of a module's own classes start here, above every kernel class's. */
    static final int MODULE_IDS = 1 << 30;

    ObjectModel(ClassPath classPath, Set<MethodNode> buildTimeOnly) {
        this(classPath, buildTimeOnly, null);
    }

    /**
     * The model over {@code classPath}; for a module ({@code only}: its classes) the kernel's
     * classes, interfaces and selectors are numbered exactly as in the kernel's own build, and
     * the module's after them (its classes from {@link #MODULE_IDS}), so the kernel can call
     * the module's objects through the kernel's interfaces.
     */
    ObjectModel(ClassPath classPath, Set<MethodNode> buildTimeOnly, Set<String> only) {
        this.classPath = classPath;
        this.buildTimeOnly = buildTimeOnly;
        List<String> moduleInterfaces = new ArrayList<>();
        Map<String, List<String>> moduleChildren = new TreeMap<>();
        for (ClassNode c : classPath.classes().values()) {
            if (isInterface(c) && annotationValue(c.visibleAnnotations, STRUCT, "size") != null) {
                continue;                               // a struct view: no objects, no dispatch
            }
            if (Rules.isPackageInfo(c)) {
                continue;                               // a package's annotations: no objects either
            }
            if (only != null && only.contains(c.name)) {
                if (isInterface(c)) {
                    moduleInterfaces.add(c.name);
                } else if (c.superName != null) {
                    moduleChildren.computeIfAbsent(c.superName, k -> new ArrayList<>()).add(c.name);
                }
                continue;
            }
            if (isInterface(c)) {
                interfaces.add(c.name);
            } else if (c.superName != null) {
                children.computeIfAbsent(c.superName, k -> new ArrayList<>()).add(c.name);
            }
        }
        if (children.containsKey(ENUM)) {
            children.computeIfAbsent(OBJECT, k -> new ArrayList<>()).add(ENUM);
        }
        number(OBJECT);
        lasts.put(OBJECT, Integer.MAX_VALUE);       // strings and arrays are Objects too
        stringId = nextId++;
        if (only != null) {
            nextId = MODULE_IDS;
            children.clear();
            children.putAll(moduleChildren);
            for (var e : moduleChildren.entrySet()) {
                if (!only.contains(e.getKey())) {       // a module class whose superclass is not the module's
                    for (String root : e.getValue()) {
                        number(root);
                    }
                }
            }
            interfaces.addAll(moduleInterfaces);
        }
        for (String i : interfaces) {
            for (MethodNode m : classPath.get(i).methods) {
                if ((m.access & Opcodes.ACC_STATIC) == 0 && !m.name.startsWith("<")) {
                    selectors.putIfAbsent(m.name + m.desc, selectors.size());
                }
            }
        }
    }

    private void number(String name) {
        ids.put(name, nextId++);
        for (String child : children.getOrDefault(name, List.of())) {
            number(child);
        }
        lasts.put(name, nextId);
    }

    static final String STRUCT = "Lorg/zeptux/rt/Struct;";
    static final String OFFSET = "Lorg/zeptux/rt/Offset;";
    static final String COUNT = "Lorg/zeptux/rt/Count;";
    static final String EMBEDDED = "Lorg/zeptux/rt/Embedded;";

    /**
     * A field of a struct view: its offset, its getter's result descriptor, its element count
     * (0: not indexed) and, for an embedded struct, that struct's size (else 0).
     */
    record StructField(int offset, String desc, int count, int embeddedSize) {
        /** The bytes from one element of an indexed field to the next. */
        int stride() {
            return embeddedSize > 0 ? embeddedSize : Program.storageType(desc).size;
        }
    }

    /** The {@code key} value of the annotation {@code desc} in {@code annotations}, or null. */
    static Object annotationValue(List<org.objectweb.asm.tree.AnnotationNode> annotations, String desc, String key) {
        if (annotations == null) {
            return null;
        }
        for (var a : annotations) {
            if (a.desc.equals(desc) && a.values != null) {
                for (int i = 0; i + 1 < a.values.size(); i += 2) {
                    if (key.equals(a.values.get(i))) {
                        return a.values.get(i + 1);
                    }
                }
            }
        }
        return null;
    }

    /** The size of struct view {@code name}, or -1 if it is not a {@code @Struct} interface. */
    int structSize(String name) {
        ClassNode c = classPath.get(name);
        Object size = c == null || !isInterface(c) ? null : annotationValue(c.visibleAnnotations, STRUCT, "size");
        return size == null ? -1 : (Integer) size;
    }

    /** The field of struct view {@code name} that getter or setter {@code method} accesses, or null. */
    StructField structField(String name, String method) {
        ClassNode c = classPath.get(name);
        for (MethodNode m : c.methods) {
            if (m.name.equals(method) && !m.desc.endsWith(")V")) {
                Object offset = annotationValue(m.visibleAnnotations, OFFSET, "value");
                if (offset == null) {
                    return null;
                }
                Object count = annotationValue(m.visibleAnnotations, COUNT, "value");
                String desc = m.desc.substring(m.desc.indexOf(')') + 1);
                boolean embedded = m.visibleAnnotations.stream().anyMatch(a -> a.desc.equals(EMBEDDED));
                int inner = embedded && desc.startsWith("L") ? structSize(desc.substring(1, desc.length() - 1)) : 0;
                return new StructField((Integer) offset, desc, count == null ? 0 : (Integer) count, Math.max(inner, 0));
            }
        }
        return null;
    }

    /**
     * Whether {@code name} is an interface of the kernel's module API ({@code @KernelApi} on the
     * interface): modules may implement it, so calls through it are never devirtualised and its
     * class info is exported.
     */
    boolean isOpen(String name) {
        ClassNode c = classPath.get(name);
        if (c == null || !isInterface(c) || c.invisibleAnnotations == null) {
            return false;
        }
        for (var a : c.invisibleAnnotations) {
            if (a.desc.equals("Lorg/zeptux/rt/KernelApi;")) {
                return true;
            }
        }
        return false;
    }

    static boolean isInterface(ClassNode c) {
        return (c.access & Opcodes.ACC_INTERFACE) != 0;
    }

    /** Whether {@code name} is a class objects can have: compiled (not an interface), Object or Enum. */
    boolean isObjectClass(String name) {
        return ids.containsKey(name) && !name.equals(STRING);
    }

    /** The superclass of a compiled class that is from the JDK and not Object or Enum, or null. */
    String foreignSuperclass(ClassNode c) {
        if (isInterface(c) || c.superName == null) {
            return null;
        }
        if (c.superName.equals(OBJECT) || c.superName.equals(ENUM) || classPath.get(c.superName) != null) {
            return null;
        }
        return c.superName;
    }

    boolean isInterfaceName(String name) {
        ClassNode c = classPath.get(name);
        return c != null && isInterface(c);
    }

    int interfaceNumber(String name) {
        return interfaces.indexOf(name);
    }

    /** The symbol of the class info of class, interface, String or array type {@code name} (internal name or array descriptor). */
    String classInfo(String name) {
        if (!name.startsWith("[") && !ids.containsKey(name) && !name.equals(STRING) && !interfaces.contains(name)) {
            others.add(name);                       // e.g. Address, as an array's element type
        }
        if (interfaces.contains(name)) {
            referencedInterfaces.add(name);
        }
        if (name.startsWith("[")) {
            arrayIds.computeIfAbsent(name, k -> nextId++);
            String component = name.substring(1);
            if (component.startsWith("L")) {
                classInfo(component.substring(1, component.length() - 1));
            } else if (component.startsWith("[")) {
                classInfo(component);
            }
        }
        return "class." + name.replace('/', '.');
    }

    int id(String name) {
        if (name.equals(STRING)) {
            return stringId;
        }
        if (name.startsWith("[")) {
            classInfo(name);
            return arrayIds.get(name);
        }
        Integer id = ids.get(name);
        return id == null ? -1 - interfaceNumber(name) : id;
    }

    int last(String name) {
        if (name.equals(STRING) || name.startsWith("[")) {
            return id(name) + 1;
        }
        Integer last = lasts.get(name);
        return last == null ? 0 : last;
    }

    // ---- instance layouts ----

    /** The instance fields of {@code name}, inherited ones first. */
    List<InstanceField> fields(String name) {
        List<InstanceField> done = layouts.get(name);
        if (done != null) {
            return done;
        }
        List<InstanceField> fields = new ArrayList<>();
        int offset = CLASS_WORD;
        if (name.equals(ENUM)) {
            fields.add(new InstanceField(ENUM, "name", "Ljava/lang/String;", 8, Type.PTR));
            fields.add(new InstanceField(ENUM, "ordinal", "I", 16, Type.I32));
            offset = 20;
        } else if (!name.equals(OBJECT)) {
            ClassNode c = classPath.get(name);
            if (c != null && c.superName != null) {
                fields.addAll(fields(c.superName));
                offset = size(c.superName);
            }
            if (c != null) {
                for (FieldNode f : c.fields) {
                    if ((f.access & Opcodes.ACC_STATIC) != 0 || !org.zeptux.compiler.dialect.Rules.isLayable(f)) {
                        continue;
                    }
                    Type t = Program.storageType(f.desc);
                    offset = (offset + t.size - 1) / t.size * t.size;
                    fields.add(new InstanceField(name, f.name, f.desc, offset, t));
                    offset += t.size;
                }
            }
        }
        layouts.put(name, List.copyOf(fields));
        sizes.put(name, offset);
        return layouts.get(name);
    }

    /** The end of the last field of {@code name} (before padding). */
    int size(String name) {
        fields(name);
        return sizes.get(name);
    }

    /** The instance field {@code name:desc} as seen from class {@code owner} (resolved up the superclasses), or null. */
    InstanceField field(String owner, String name, String desc) {
        InstanceField found = null;
        for (InstanceField f : fields(owner)) {
            if (f.name().equals(name) && f.desc().equals(desc)) {
                found = f;                          // the last one: a subclass's field hides the superclass's
            }
        }
        return found;
    }

    // ---- methods ----

    /** The vtable of class {@code name}: the implementation in each slot (null: abstract or build time only). */
    List<Impl> vtable(String name) {
        List<Impl> done = vtables.get(name);
        if (done != null) {
            return done;
        }
        List<Impl> table = new ArrayList<>();
        Map<String, Integer> slotOf = new HashMap<>();
        ClassNode c = classPath.get(name);
        if (c != null && c.superName != null && classPath.get(c.superName) != null) {
            table.addAll(vtable(c.superName));
            slotOf.putAll(slots.get(c.superName));
        }
        if (c != null) {
            for (MethodNode m : c.methods) {
                if (!isVirtual(m)) {
                    continue;
                }
                String key = m.name + m.desc;
                Impl impl = (m.access & Opcodes.ACC_ABSTRACT) != 0 || buildTimeOnly.contains(m) ? null : new Impl(c, m);
                Integer slot = slotOf.get(key);
                if (slot == null) {
                    slotOf.put(key, table.size());
                    table.add(impl);
                } else {
                    table.set(slot, impl);
                }
            }
        }
        vtables.put(name, table);
        slots.put(name, slotOf);
        return table;
    }

    /** The vtable slot of {@code nameDesc} in class {@code name}, or -1. */
    int slot(String name, String nameDesc) {
        vtable(name);
        Integer s = slots.get(name).get(nameDesc);
        return s == null ? -1 : s;
    }

    static boolean isVirtual(MethodNode m) {
        return (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0 && !m.name.startsWith("<");
    }

    /** The selector of interface method {@code nameDesc}, or -1. */
    int selector(String nameDesc) {
        Integer s = selectors.get(nameDesc);
        return s == null ? -1 : s;
    }

    /**
     * The method a receiver of class {@code cls} runs for {@code nameDesc}: its own or inherited
     * one, else a default method of its interfaces; null if none (or abstract).
     */
    Impl resolveVirtual(String cls, String nameDesc) {
        int slot = slot(cls, nameDesc);
        if (slot >= 0) {
            return vtable(cls).get(slot);
        }
        return defaultMethod(cls, nameDesc);
    }

    /** The default method {@code cls} inherits: its one maximally specific superinterface method (JVMS §5.4.6). */
    private Impl defaultMethod(String cls, String nameDesc) {
        List<Impl> candidates = Resolution.maximallySpecific(classPath, cls, nameDesc);
        Impl found = null;
        for (Impl i : candidates) {
            if ((i.method().access & Opcodes.ACC_ABSTRACT) == 0 && !buildTimeOnly.contains(i.method())) {
                found = i;
            }
        }
        return candidates.size() == 1 ? found : null;
    }

    /** Every interface {@code cls} implements, directly or through its superclasses and superinterfaces, in a stable order. */
    Set<String> allInterfaces(String cls) {
        Set<String> all = new LinkedHashSet<>();
        for (ClassNode c = classPath.get(cls); c != null; c = c.superName == null ? null : classPath.get(c.superName)) {
            for (String i : c.interfaces) {
                addInterface(i, all);
            }
        }
        return all;
    }

    private void addInterface(String i, Set<String> all) {
        ClassNode in = classPath.get(i);
        if (in == null || !all.add(i)) {
            return;
        }
        for (String sup : in.interfaces) {
            addInterface(sup, all);
        }
    }

    /** The compiled concrete classes that are {@code type} or below it (for an interface: implement it). */
    List<String> concreteSubtypes(String type) {
        List<String> out = new ArrayList<>();
        boolean iface = isInterfaceName(type);
        for (ClassNode c : classPath.classes().values()) {
            if (isInterface(c) || (c.access & Opcodes.ACC_ABSTRACT) != 0 || !ids.containsKey(c.name)) {
                continue;
            }
            boolean sub = iface ? allInterfaces(c.name).contains(type)
                    : ids.containsKey(type) && ids.get(type) <= ids.get(c.name) && ids.get(c.name) < lasts.get(type);
            if (sub) {
                out.add(c.name);
            }
        }
        return out;
    }

    /** The distinct implementations receivers of static type {@code type} can run for {@code nameDesc}. */
    List<Impl> implementations(String type, String nameDesc) {
        List<Impl> out = new ArrayList<>();
        for (String c : concreteSubtypes(type)) {
            Impl impl = resolveVirtual(c, nameDesc);
            if (impl != null && !out.contains(impl)) {
                out.add(impl);
            }
        }
        return out;
    }

    /** {@code classes} with their superclasses (up to, not including, Object and Enum) and interfaces. */
    Set<String> withSupertypes(Set<String> classes) {
        Set<String> all = new java.util.TreeSet<>();
        for (String c : classes) {
            if (c.startsWith("[")) {
                continue;                           // arrays: a freed array's length is 0 (the bounds check)
            }
            all.addAll(allInterfaces(c));
            for (ClassNode n = classPath.get(c); n != null && !n.name.equals(OBJECT) && !n.name.equals(ENUM);
                    n = n.superName == null ? null : classPath.get(n.superName)) {
                all.add(n.name);
            }
        }
        return all;
    }

    /**
     * The class info a freed pool object's class word is set to: no class's number range and
     * no interface holds it (every type test fails), and it has no methods. Exported, so
     * modules' code can compare against it.
     */
    void emitFreedClass(Module module, String symbol) {
        module.add(new Global(symbol, List.of(
                new Global.Scalar(Type.I32, Integer.MAX_VALUE), new Global.Scalar(Type.I32, Integer.MAX_VALUE),
                new Global.Ref(null), new Global.Ref(null), new Global.Ref(null), new Global.Scalar(Type.I64, 0)),
                true, true, 8, "class info of freed pool objects"));
    }

    // ---- class-info globals ----

    /** The class info's size word: an instance's size for classes, an element's for arrays, else 0. */
    private long sizeField(String name, ClassNode c) {
        if (name.startsWith("[")) {
            return switch (name.charAt(1)) {
                case 'Z', 'B' -> 1;
                case 'C', 'S' -> 2;
                case 'I' -> 4;
                default -> 8;                       // long and references
            };
        }
        return c != null && !isInterface(c) && isObjectClass(name) ? size(name) : 0;
    }

    /** The primitive array types: their class infos are in every kernel, exported for modules. */
    static final List<String> PRIMITIVE_ARRAYS = List.of("[Z", "[B", "[C", "[S", "[I", "[J");

    /**
     * Emits the class info of every compiled class and interface, String, and the array types
     * used. For a module ({@code only}: its classes), only its own; String's and the primitive
     * arrays' are the kernel's (external).
     */
    void emit(Module module, Set<String> only) {
        if (only != null) {
            for (String a : new ArrayList<>(arrayIds.keySet())) {
                classInfo(a);
            }
            for (String name : new ArrayList<>(new TreeMap<>(arrayIds).keySet())) {
                String element = name.replaceFirst("^\\[+L?", "").replace(";", "");
                if (!only.contains(element)) {
                    module.declareGlobal(classInfo(name));
                }
            }
            module.declareGlobal(classInfo(STRING));
            for (String name : referencedInterfaces) {
                if (!only.contains(name)) {
                    module.declareGlobal(classInfo(name));      // the kernel's (exported when open)
                }
            }
            for (String name : new TreeMap<>(ids).keySet()) {
                if (only.contains(name)) {
                    emitClass(module, name);
                }
            }
            for (String name : interfaces) {
                if (only.contains(name)) {
                    emitClass(module, name);
                }
            }
            for (String name : new TreeMap<>(arrayIds).keySet()) {
                if (only.contains(name.replaceFirst("^\\[+L?", "").replace(";", ""))) {
                    emitClass(module, name);
                }
            }
            return;
        }
        for (String a : PRIMITIVE_ARRAYS) {
            classInfo(a);
        }
        List<String> names = new ArrayList<>(new TreeMap<>(ids).keySet());
        names.add(STRING);
        names.addAll(interfaces);
        // Array classes may name further array classes while being emitted (their components).
        for (String a : new ArrayList<>(arrayIds.keySet())) {
            classInfo(a);
        }
        names.addAll(arrayIds.keySet());
        names.addAll(others);
        for (String name : names) {
            emitClass(module, name);
        }
    }

    private void emitClass(Module module, String name) {
        String symbol = classInfo(name);
        if (module.globals().containsKey(symbol)) {
            return;
        }
        List<Global.Field> fields = new ArrayList<>();
        fields.add(new Global.Scalar(Type.I32, id(name)));
        fields.add(new Global.Scalar(Type.I32, last(name)));
        String component = null;
        if (name.startsWith("[L")) {
            component = classInfo(name.substring(2, name.length() - 1));
        } else if (name.startsWith("[[")) {
            component = classInfo(name.substring(1));
        }
        fields.add(new Global.Ref(component));
        ClassNode c = classPath.get(name);
        String ifaces = null;
        String itable = null;
        if (c != null && !isInterface(c)) {
            Set<String> implemented = allInterfaces(name);
            if (!implemented.isEmpty()) {
                long[] bits = new long[(interfaces.size() + 7) / 8];
                for (String i : implemented) {
                    int n = interfaceNumber(i);
                    bits[n / 8] |= 1L << (n % 8);
                }
                ifaces = "ifaces." + name.replace('/', '.');
                module.add(new Global(ifaces, List.of(new Global.Bytes(Type.I8, bits)), true, false, 1));
                List<Global.Field> entries = new ArrayList<>();
                for (String sel : selectors.keySet()) {
                    Impl impl = (c.access & Opcodes.ACC_ABSTRACT) != 0 ? null : resolveVirtual(name, sel);
                    entries.add(new Global.Ref(impl == null ? null : Program.methodSymbol(impl.owner(), impl.method())));
                }
                if (!entries.isEmpty()) {
                    itable = "itable." + name.replace('/', '.');
                    module.add(new Global(itable, entries, true, false, 8));
                }
            }
        }
        fields.add(new Global.Ref(ifaces));
        fields.add(new Global.Ref(itable));
        fields.add(new Global.Scalar(Type.I64, sizeField(name, c)));
        if (c != null && !isInterface(c)) {
            boolean isAbstract = (c.access & Opcodes.ACC_ABSTRACT) != 0;
            for (Impl impl : vtable(name)) {
                fields.add(new Global.Ref(impl == null || isAbstract ? null
                        : Program.methodSymbol(impl.owner(), impl.method())));
            }
        }
        // String's and the primitive arrays' class infos are exported: modules' strings and arrays point at them.
        boolean shared = name.equals(STRING) || PRIMITIVE_ARRAYS.contains(name) || isOpen(name);
        module.add(new Global(symbol, fields, true, shared, 8, "class info of " + name.replace('/', '.')));
    }
}
