package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.load.ClassPath;

/**
 * Method and field resolution as the JVM does it (JVMS §5.4.3.2–§5.4.3.4), over the compiled
 * classes: a method is looked up in the named class and its superclasses, then among the
 * maximally specific methods of its superinterfaces; a field in the class, its superinterfaces,
 * then its superclass. So {@code super.m()} finds {@code m} where the superclass inherits it as
 * an interface's default method, and a subclass names an interface's constant.
 */
final class Resolution {
    private Resolution() {}

    /**
     * The method {@code nameDesc} that {@code owner} (a class or an interface) names, or null: the
     * first declaration in {@code owner} and its superclasses, else its one maximally specific
     * non-abstract superinterface method, else any maximally specific one (abstract: the call has
     * no implementation to run).
     */
    static ObjectModel.Impl method(ClassPath classPath, String owner, String nameDesc) {
        for (ClassNode c = classPath.get(owner); c != null; c = c.superName == null ? null : classPath.get(c.superName)) {
            MethodNode m = declared(c, nameDesc);
            if (m != null) {
                return new ObjectModel.Impl(c, m);
            }
        }
        List<ObjectModel.Impl> candidates = maximallySpecific(classPath, owner, nameDesc);
        for (ObjectModel.Impl i : candidates) {
            if ((i.method().access & Opcodes.ACC_ABSTRACT) == 0) {
                return candidates.size() == 1 ? i : null;
            }
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /**
     * The maximally specific superinterface methods of {@code cls} (JVMS §5.4.3.3): the
     * non-private, non-static methods {@code nameDesc} of its superinterfaces that no other
     * such method's interface extends, in a stable order.
     */
    static List<ObjectModel.Impl> maximallySpecific(ClassPath classPath, String cls, String nameDesc) {
        List<ObjectModel.Impl> all = new ArrayList<>();
        for (String i : superinterfaces(classPath, cls)) {
            ClassNode in = classPath.get(i);
            MethodNode m = declared(in, nameDesc);
            if (m != null && (m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) == 0) {
                all.add(new ObjectModel.Impl(in, m));
            }
        }
        List<ObjectModel.Impl> out = new ArrayList<>();
        for (ObjectModel.Impl candidate : all) {
            boolean overridden = false;
            for (ObjectModel.Impl other : all) {
                overridden |= other != candidate
                        && superinterfaces(classPath, other.owner().name).contains(candidate.owner().name);
            }
            if (!overridden) {
                out.add(candidate);
            }
        }
        return out;
    }

    /** The static field {@code name} that {@code owner} names: in it, its superinterfaces, then its superclass. */
    static Program.ResolvedField staticField(ClassPath classPath, String owner, String name, String desc) {
        ClassNode c = classPath.get(owner);
        if (c == null) {
            return null;
        }
        for (FieldNode f : c.fields) {
            if (f.name.equals(name) && f.desc.equals(desc) && (f.access & Opcodes.ACC_STATIC) != 0) {
                return new Program.ResolvedField(c, f);
            }
        }
        for (String i : c.interfaces) {
            Program.ResolvedField r = staticField(classPath, i, name, desc);
            if (r != null) {
                return r;
            }
        }
        return c.superName == null ? null : staticField(classPath, c.superName, name, desc);
    }

    /** Every interface {@code cls} implements or extends, directly or not, in a stable order. */
    private static Set<String> superinterfaces(ClassPath classPath, String cls) {
        Set<String> all = new LinkedHashSet<>();
        for (ClassNode c = classPath.get(cls); c != null; c = c.superName == null ? null : classPath.get(c.superName)) {
            for (String i : c.interfaces) {
                addInterface(classPath, i, all);
            }
        }
        return all;
    }

    private static void addInterface(ClassPath classPath, String i, Set<String> all) {
        ClassNode in = classPath.get(i);
        if (in != null && all.add(i)) {
            for (String sup : in.interfaces) {
                addInterface(classPath, sup, all);
            }
        }
    }

    private static MethodNode declared(ClassNode c, String nameDesc) {
        for (MethodNode m : c.methods) {
            if ((m.name + m.desc).equals(nameDesc)) {
                return m;
            }
        }
        return null;
    }
}
