package org.zeptux.compiler.lower;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.zeptux.compiler.dialect.Diagnostics;
import org.zeptux.compiler.dialect.Rules;
import org.zeptux.compiler.ir.Global;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.load.ClassPath;

/**
 * Build-time initialisation and the image heap.
 *
 * <p>Static initialisers run here, on the JVM, in a class loader over the compiled classes.
 * The values they leave in static fields become the initial contents of the fields' globals;
 * strings and primitive arrays they reach are frozen into the image as globals of their own
 * (see {@link Layout}). An array reached from two fields is one global.
 *
 * <p>A string keeps its identity as on the JVM: every literal with the same chars is one global
 * (the JVM interns them), and a string built at build time that is not the interned one
 * ({@code new String("a")}, {@code sb.toString()}) is a global of its own, shared only by the
 * fields that hold that very object.
 */
final class ImageHeap {
    /** What {@code Class} values in the heap name: made at run time by pools. */
    private final java.util.Set<String> allocatable = new java.util.TreeSet<>();
    private final Module module;
    private final Diagnostics diag;
    private final ClassLoader loader;
    private final Map<String, String> strings = new LinkedHashMap<>();
    private final Map<Object, String> arrays = new IdentityHashMap<>();
    /** The length of every image-heap array, by its symbol. */
    private final Map<String, Integer> arrayLengths = new java.util.HashMap<>();
    /**
     * Per instance field ("owner.name") of a reference type: the length of the array every
     * image-heap object holds in it, or -1 where one holds null, something else, or another length.
     */
    private final Map<String, Integer> fieldArrayLengths = new java.util.HashMap<>();
    /** The array a static final field holds, by the field's symbol (such a field never changes at run time). */
    private final Map<String, String> finalArrays = new java.util.HashMap<>();

    private ObjectModel model;
    private final Map<Object, String> objects = new IdentityHashMap<>();
    private int objectCount;

    void setModel(ObjectModel model) {
        this.model = model;
    }

    /** Classes whose objects run-time code may write (putfield), or null if any object may be written. */
    private java.util.Set<String> writtenClasses;

    /**
     * Objects of classes not in {@code written} go to read-only data (a write would fault);
     * null: run-time code may write any object (it takes object addresses), all stay writable.
     */
    void setWrittenClasses(java.util.Set<String> written) {
        this.writtenClasses = written;
    }

    private final Map<String, String> builtStrings = new IdentityHashMap<>();
    private int nextString;

    ImageHeap(Module module, Diagnostics diag, ClassPath classPath) {
        this.module = module;
        this.diag = diag;
        this.loader = new BuildTimeLoader(classPath);
        internLiterals(classPath);
    }

    /**
     * Interns the string constants of the compiled classes before any static initialiser runs,
     * so a string a field holds is one of them exactly when {@code s.intern() == s}, as for the
     * JVM's own {@code ldc}.
     */
    private static void internLiterals(ClassPath classPath) {
        for (ClassNode cls : classPath.classes().values()) {
            for (FieldNode f : cls.fields) {
                if (f.value instanceof String s) {
                    s.intern();
                }
            }
            for (var m : cls.methods) {
                for (var insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                    if (insn instanceof org.objectweb.asm.tree.LdcInsnNode ldc && ldc.cst instanceof String s) {
                        s.intern();
                    }
                }
            }
        }
    }

    /**
     * Defines the compiled classes from their own class files, child-first, so build-time
     * initialisation always starts from fresh classes even when the compiler's own class path
     * has classes of the same name; everything else (the JDK, org.zeptux.rt) comes from the parent.
     */
    private static final class BuildTimeLoader extends ClassLoader {
        private final ClassPath classPath;

        BuildTimeLoader(ClassPath classPath) {
            super("zeptux-build-time", ImageHeap.class.getClassLoader());
            this.classPath = classPath;
            // Assertions are enabled in compiled code, as with java -ea: the static initialiser javac
            // writes for a class with an assert sets $assertionsDisabled from this.
            setDefaultAssertionStatus(true);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = classPath.bytes(name.replace('.', '/'));
                    c = bytes != null ? defineClass(name, bytes, 0, bytes.length) : getParent().loadClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** The symbol of the global holding string literal {@code s}, creating it on first use. */
    String string(String s) {
        String sym = strings.get(s);
        if (sym == null) {
            sym = defineString(s);
            strings.put(s, sym);
        }
        return sym;
    }

    /** The symbol of the global holding string object {@code s} left in a field at build time. */
    private String fieldString(String s) {
        if (s.intern() == s) {
            return string(s);
        }
        String sym = builtStrings.get(s);
        if (sym == null) {
            sym = defineString(s);
            builtStrings.put(s, sym);
        }
        return sym;
    }

    private String defineString(String s) {
        String sym = "str." + nextString++;
        long[] chars = new long[s.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = s.charAt(i);
        }
        module.add(new Global(sym, List.of(
                new Global.Ref(StringSupport.CLASS),
                new Global.Scalar(Type.I32, s.length()),
                new Global.Scalar(Type.I32, s.hashCode()),
                new Global.Bytes(Type.I16, chars)), true, false, 8, javaLiteral(s)));
        return sym;
    }

    /** Classes whose static initialiser failed at build time, with the report. */
    private final Map<String, String> failedInitialisers = new HashMap<>();
    private final Map<String, Class<?>> initialised = new HashMap<>();

    /**
     * Runs the static initialisers of {@code classes} (those with static fields) before any
     * field is frozen, so the image holds the state after all of them ran: a static
     * initialiser may register an object with another class (a pool in a table of pools).
     */
    void initialise(List<ClassNode> classes) {
        for (ClassNode cls : classes) {
            if (cls.fields.isEmpty()) {
                continue;
            }
            try {
                initialised.put(cls.name, Class.forName(cls.name.replace('/', '.'), true, loader));
            } catch (ExceptionInInitializerError e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                failedInitialisers.put(cls.name, "the static initialiser of " + javaName(cls)
                        + " failed at build time: " + describe(cause));
            } catch (LinkageError | ClassNotFoundException e) {
                failedInitialisers.put(cls.name, "cannot load " + javaName(cls) + " at build time: " + describe(e));
            }
        }
    }

    /** The static field whose value is being frozen (errors about what it holds point at it). */
    private FieldNode field;

    /** The line of the static field being frozen where its source says, else its class's static initialiser. */
    private int fieldLine(ClassNode cls) {
        int line = field == null ? 0 : diag.sources().fieldLine(cls, field);
        return line > 0 ? line : clinitLine(cls);
    }

    /** Emits a global per static field of {@code cls}, with the value {@link #initialise} left there. */
    void emitStaticFields(ClassNode cls) {
        if (cls.fields.isEmpty()) {
            return;
        }
        Class<?> live = initialised.get(cls.name);
        if (live == null) {
            diag.error(cls, clinitLine(cls), failedInitialisers.getOrDefault(cls.name,
                    "internal error: " + javaName(cls) + " was not initialised"));
            return;
        }
        for (FieldNode f : cls.fields) {
            if (!Rules.isStorable(f)) {
                continue; // reported by Rules
            }
            field = f;
            Object value;
            try {
                Field field = live.getDeclaredField(f.name);
                if (!Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                value = field.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                diag.error(cls, fieldLine(cls), "cannot read static field " + f.name + " at build time: "
                        + describe(e));
                continue;
            }
            Global.Field init = fieldValue(cls, f, value);
            if (init instanceof Global.Ref ref && ref.symbol() != null && arrayLengths.containsKey(ref.symbol())
                    && (f.access & org.objectweb.asm.Opcodes.ACC_FINAL) != 0) {
                finalArrays.put(Program.fieldSymbol(cls, f), ref.symbol());
            }
            if (init != null) {
                // A static final field is only assigned by its static initialiser, at build time.
                boolean readOnly = (f.access & org.objectweb.asm.Opcodes.ACC_FINAL) != 0;
                module.add(new Global(Program.fieldSymbol(cls, f), List.of(init), readOnly, false,
                        Math.max(1, Program.storageType(f.desc).size)));
            }
        }
        field = null;
    }

    private Global.Field fieldValue(ClassNode cls, FieldNode f, Object value) {
        Type storage = Program.storageType(f.desc);
        if (storage != Type.PTR) {
            return new Global.Scalar(storage, primitiveBits(value));
        }
        return pointerField(value, cls, "arr." + javaName(cls) + "." + f.name, "static field " + f.name);
    }

    /**
     * What a reference-typed slot (a field, an array element) starts with: an unboxed Address,
     * PhysAddr, Pfn or UserPtr as its number, else a pointer to the global of what it refers to
     * (null for null).
     */
    private Global.Field pointerField(Object value, ClassNode cls, String name, String what) {
        if (value instanceof org.zeptux.rt.Address a) {
            return new Global.IntPtr(a.toLong());
        } else if (value instanceof org.zeptux.rt.PhysAddr p) {
            return new Global.IntPtr(p.toLong());
        } else if (value instanceof org.zeptux.rt.Pfn p) {
            return new Global.IntPtr(p.toLong());
        } else if (value instanceof org.zeptux.rt.UserPtr p) {
            return new Global.IntPtr(p.toLong());
        }
        return new Global.Ref(reference(value, cls, name, what));
    }

    /**
     * The global of {@code value} (a string, an array, or an object of a compiled class), made
     * on first use, with everything it reaches; null for null, or after reporting a value that
     * cannot be in the image. {@code name} names a new array's global; {@code what} the field
     * for errors.
     */
    private String reference(Object value, ClassNode cls, String name, String what) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return fieldString(s);
        }
        String sym = arrays.get(value);
        if (sym == null) {
            sym = objects.get(value);
        }
        if (sym != null) {
            return sym;
        }
        if (value instanceof Class<?> c) {
            return classValue(c, cls, what);
        }
        Global.Scalar atomic = Atomics.initialValue(value);
        if (atomic != null) {
            // An AtomicInt, AtomicLong or AtomicFlag of the runtime: a class word and its value.
            sym = "atomic." + objectCount++;
            objects.put(value, sym);
            String internal = value.getClass().getName().replace('.', '/');
            module.add(new Global(sym, List.of(new Global.Ref(model == null ? null : model.classInfo(internal)), atomic), false, false, 8,
                    "a " + value.getClass().getName()));
            return sym;
        }
        Class<?> type = value.getClass();
        if (type.isArray() && type.getComponentType().isPrimitive()) {
            return array(value, name);
        }
        Class<?> component = type.getComponentType();
        if (component == org.zeptux.rt.PhysAddr.class || component == org.zeptux.rt.Pfn.class
                || component == org.zeptux.rt.UserPtr.class) {
            // An array store check would take the number for an object: keep these as numbers.
            diag.error(cls, clinitLine(cls), what + " is an array of " + component.getSimpleName()
                    + ": arrays of unboxed values other than Address are not in the dialect; "
                    + "keep a long[] of toLong() values and convert with " + component.getSimpleName() + ".of");
            return null;
        }
        if (type.isArray()) {
            return referenceArray((Object[]) value, cls, name, what);
        }
        String internal = type.getName().replace('.', '/');
        if (model != null && model.isObjectClass(internal) && type.getClassLoader() == loader) {
            return object(value, internal, cls, what);
        }
        diag.error(cls, fieldLine(cls), what + " holds a " + type.getName()
                + ": the image heap holds strings, arrays and objects of the compiled classes only");
        return null;
    }

    /**
     * A {@code Class} value (a pool's element type): a pointer to the class info of a compiled
     * class or a primitive array type. The class is then {@linkplain #allocatable() allocatable}:
     * objects of it may be made, and freed, at run time.
     */
    private String classValue(Class<?> c, ClassNode cls, String what) {
        String internal = c.getName().replace('.', '/');
        boolean primitiveArray = c.isArray() && c.getComponentType().isPrimitive();
        if (model == null || !(primitiveArray || model.isObjectClass(internal) && c.getClassLoader() == loader
                && !c.isEnum() && (c.getModifiers() & java.lang.reflect.Modifier.ABSTRACT) == 0)) {
            diag.error(cls, fieldLine(cls), what + " holds the class " + c.getName() + ": a Class in the image "
                    + "heap names what pools make at run time, a concrete compiled class or a primitive array type");
            return null;
        }
        allocatable.add(internal);
        return model.classInfo(internal);
    }

    /** The classes and primitive array types that image-heap {@code Class} values name (internal names). */
    java.util.Set<String> allocatable() {
        return allocatable;
    }

    private String referenceArray(Object[] values, ClassNode cls, String name, String what) {
        String sym = name;
        arrays.put(values, sym);
        arrayLengths.put(sym, values.length);
        String arrayType = values.getClass().getName().replace('.', '/');
        List<Global.Field> fields = new ArrayList<>();
        fields.add(new Global.Ref(model.classInfo(arrayType)));
        fields.add(new Global.Scalar(Type.I32, values.length));
        fields.add(new Global.Scalar(Type.I32, 0));
        for (int i = 0; i < values.length; i++) {
            fields.add(pointerField(values[i], cls, name + "." + i, what + "[" + i + "]"));
        }
        module.add(new Global(sym, fields, false, false, 8));
        return sym;
    }

    /** An object of a compiled class: its class word, then its instance fields as the model lays them out. */
    private String object(Object value, String internal, ClassNode cls, String what) {
        String sym;
        if (value instanceof Enum<?> e) {
            sym = "enum." + internal.replace('/', '.') + "." + e.name();
        } else {
            sym = "obj." + internal.substring(internal.lastIndexOf('/') + 1) + "." + objectCount++;
        }
        objects.put(value, sym);
        List<Global.Field> fields = new ArrayList<>();
        fields.add(new Global.Ref(model.classInfo(internal)));
        for (ObjectModel.InstanceField f : model.fields(internal)) {
            Object v;
            try {
                if (f.owner().equals(ObjectModel.ENUM)) {
                    Enum<?> e = (Enum<?>) value;
                    v = f.name().equals("name") ? e.name() : Integer.valueOf(e.ordinal());
                } else {
                    Field field = Class.forName(f.owner().replace('/', '.'), false, loader).getDeclaredField(f.name());
                    field.setAccessible(true);
                    v = field.get(value);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                diag.error(cls, fieldLine(cls), "cannot read field " + f.name() + " of a " + internal.replace('/', '.')
                        + " at build time: " + describe(e));
                continue;
            }
            if (f.storage() == Type.PTR) {
                int length = v != null && v.getClass().isArray() ? java.lang.reflect.Array.getLength(v) : -1;
                fieldArrayLengths.merge(f.owner() + "." + f.name(), length, (a, b) -> a.equals(b) ? a : -1);
                fields.add(pointerField(v, cls, sym + "." + f.name(), what + "." + f.name()));
            } else {
                fields.add(new Global.Scalar(f.storage(), primitiveBits(v)));
            }
        }
        boolean readOnly = writtenClasses != null && !writtenClasses.contains(internal);
        module.add(new Global(sym, fields, readOnly, false, 8, "a " + internal.replace('/', '.')
                + (readOnly ? " (read-only: no run-time code writes its fields)" : "")));
        return sym;
    }

    private String array(Object value, String name) {
        String sym;
        Type element;
        long[] values;
        if (value instanceof byte[] a) {
            element = Type.I8;
            values = new long[a.length];
            for (int i = 0; i < a.length; i++) values[i] = a[i];
        } else if (value instanceof boolean[] a) {
            element = Type.I8;
            values = new long[a.length];
            for (int i = 0; i < a.length; i++) values[i] = a[i] ? 1 : 0;
        } else if (value instanceof short[] a) {
            element = Type.I16;
            values = new long[a.length];
            for (int i = 0; i < a.length; i++) values[i] = a[i];
        } else if (value instanceof char[] a) {
            element = Type.I16;
            values = new long[a.length];
            for (int i = 0; i < a.length; i++) values[i] = a[i];
        } else if (value instanceof int[] a) {
            element = Type.I32;
            values = new long[a.length];
            for (int i = 0; i < a.length; i++) values[i] = a[i];
        } else if (value instanceof long[] a) {
            element = Type.I64;
            values = a.clone();
        } else {
            return null;
        }
        sym = name;
        arrays.put(value, sym);
        arrayLengths.put(sym, values.length);
        module.add(new Global(sym, List.of(
                new Global.Ref(model == null ? null : model.classInfo(value.getClass().getName())),
                new Global.Scalar(Type.I32, values.length),
                new Global.Scalar(Type.I32, 0),
                new Global.Bytes(element, values)), false, false, 8));
        return sym;
    }

    /**
     * The array global a static final field holds, or null (another kind of value, or a class
     * whose static fields are not emitted). putstatic of a final field is only legal in the
     * class's static initialiser, which runs at build time, so the field is a constant.
     */
    String finalArray(String fieldSymbol) {
        return finalArrays.get(fieldSymbol);
    }

    /** The length of the image-heap array {@code symbol}, or -1 when it is no array of the heap. */
    /**
     * The length of the array every image-heap object holds in instance field {@code name} of
     * {@code owner} (the declaring class), or -1 (some hold null or differ, or there are none).
     */
    int fieldArrayLength(String owner, String name) {
        return fieldArrayLengths.getOrDefault(owner + "." + name, -1);
    }

    int arrayLength(String symbol) {
        return arrayLengths.getOrDefault(symbol, -1);
    }

    /** {@code s} as a Java string literal, non-ASCII and control characters escaped. */
    private static String javaLiteral(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static long primitiveBits(Object value) {
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (value instanceof Character c) {
            return c;
        } else if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("not a primitive: " + value);
    }

    private static int clinitLine(ClassNode cls) {
        for (var m : cls.methods) {
            if (m.name.equals("<clinit>")) {
                return Rules.firstLine(m, 0);
            }
        }
        return Rules.firstLine(cls);
    }

    private static String javaName(ClassNode cls) {
        return cls.name.replace('/', '.');
    }

    private static String describe(Throwable t) {
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
