package org.zeptux.rt.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import org.zeptux.rt.Count;
import org.zeptux.rt.Embedded;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Struct;

/**
 * The build-time layout check of struct views, run by javac itself (this processor is
 * registered in the runtime's {@code META-INF/services}, so compiling against the runtime runs
 * it). Every field of a {@link Struct} must be inside the struct's size and naturally aligned
 * (an embedded struct: to its widest field; a {@code packed} struct waives only this), no two
 * fields may overlap, each getter has an
 * {@link Offset} and a type a view can hold, and each setter matches its getter. Each violation
 * is a javac error at the getter's (or setter's) line, all of them in one run.
 *
 * <p>zeptuxc relies on this: it emits each access at the offset the view declares.
 */
@SupportedAnnotationTypes("org.zeptux.rt.Struct")
public final class StructLayoutProcessor extends AbstractProcessor {
    /** One field of a view: its getter, where it starts and how many bytes it takes. */
    private record Field(ExecutableElement getter, long start, long bytes) {
        long end() {
            return start + bytes;
        }

        String describe() {
            return getter.getSimpleName() + " (bytes " + start + ".." + (end() - 1) + ")";
        }
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element e : round.getElementsAnnotatedWith(Struct.class)) {
            if (e.getKind() != ElementKind.INTERFACE) {
                error(e, "@Struct is only for interfaces (a view has no fields of its own, only getters "
                        + "and setters over memory); declare " + e.getSimpleName() + " as an interface");
            } else {
                check((TypeElement) e);
            }
        }
        return false;
    }

    private void check(TypeElement view) {
        int size = view.getAnnotation(Struct.class).size();
        boolean packed = view.getAnnotation(Struct.class).packed();
        if (size <= 0) {
            error(view, "struct " + view.getSimpleName() + " has size " + size
                    + " (a struct takes at least one byte); give @Struct(size = N) its size in bytes");
            return;
        }
        Map<String, ExecutableElement> getters = new LinkedHashMap<>();
        List<Field> fields = new ArrayList<>();
        for (ExecutableElement m : ElementFilter.methodsIn(view.getEnclosedElements())) {
            if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.DEFAULT)
                    || m.getReturnType().getKind() == TypeKind.VOID) {
                continue;
            }
            getters.put(m.getSimpleName().toString(), m);
            Field f = field(view, size, packed, m);
            if (f == null) {
                continue;
            }
            for (Field other : fields) {
                if (f.start() < other.end() && other.start() < f.end()) {
                    error(m, "field " + f.describe() + " overlaps field " + other.describe() + " of struct "
                            + view.getSimpleName() + " (each byte of a view belongs to one field); move one of them");
                }
            }
            fields.add(f);
        }
        for (ExecutableElement m : ElementFilter.methodsIn(view.getEnclosedElements())) {
            if (!m.getModifiers().contains(Modifier.STATIC) && !m.getModifiers().contains(Modifier.DEFAULT)
                    && m.getReturnType().getKind() == TypeKind.VOID) {
                checkSetter(m, getters.get(m.getSimpleName().toString()));
            }
        }
    }

    /** The field getter {@code m} declares, or null after reporting why it is not one. */
    private Field field(TypeElement view, int size, boolean packed, ExecutableElement m) {
        Offset offset = m.getAnnotation(Offset.class);
        Count count = m.getAnnotation(Count.class);
        boolean embedded = m.getAnnotation(Embedded.class) != null;
        String name = m.getSimpleName().toString();
        boolean ok = true;
        if (offset == null) {
            error(m, "getter " + name + " of struct " + view.getSimpleName() + " has no @Offset "
                    + "(a view's getters are its fields); write @Offset(n) with its byte offset");
            ok = false;
        }
        int parameters = m.getParameters().size();
        if (count == null && parameters != 0) {
            error(m, "getter " + name + " takes parameters but has no @Count (only indexed fields take one, "
                    + "the index); write @Count(n) for an array of n elements, or drop the parameters");
            ok = false;
        } else if (count != null && (parameters != 1 || m.getParameters().get(0).asType().getKind() != TypeKind.INT)) {
            error(m, "indexed getter " + name + " must take the index as its one int parameter; write "
                    + simpleName(m.getReturnType()) + " " + name + "(int i)");
            ok = false;
        } else if (count != null && count.value() <= 0) {
            error(m, "indexed field " + name + " has @Count(" + count.value() + ") (an array field has at "
                    + "least one element); give the number of elements");
            ok = false;
        }
        TypeMirror type = m.getReturnType();
        TypeElement inner = structOf(type);
        if (embedded && inner == null) {
            error(m, "@Embedded field " + name + " is a " + simpleName(type) + ", not a struct view (only a view can be "
                    + "embedded); drop @Embedded or make its type a @Struct interface");
            ok = false;
        }
        long width = embedded && inner != null ? inner.getAnnotation(Struct.class).size() : width(type);
        if (width < 0) {
            error(m, "field " + name + " is a " + simpleName(type) + ", which a struct view cannot hold; use long, int, short, "
                    + "char, byte, boolean, Address, PhysAddr, Pfn, UserPtr or a @Struct view (a pointer)");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        long align = embedded ? alignment(inner, new HashSet<>()) : width;
        long start = offset.value();
        long bytes = width * (count == null ? 1 : count.value());
        Field f = new Field(m, start, bytes);
        if (start < 0 || f.end() > size) {
            error(m, "field " + f.describe() + " is outside struct " + view.getSimpleName() + " (bytes 0.."
                    + (size - 1) + "); fix its @Offset" + (count != null ? " or @Count" : "")
                    + ", or the struct's size");
            return null;
        }
        if (!packed && start % align != 0) {
            String what = embedded ? "an embedded " + inner.getSimpleName() : inner != null ? "a pointer"
                    : type.getKind() == TypeKind.INT ? "an int" : "a " + simpleName(type);
            error(m, "field " + name + " at offset " + start + " is not naturally aligned (" + what
                    + " needs an offset that is a multiple of " + align + "); move it, or split it into "
                    + "narrower fields");
            return null;
        }
        return f;
    }

    /** Setter {@code m} must write a field: a getter of the same name and type, the index first if indexed. */
    private void checkSetter(ExecutableElement m, ExecutableElement getter) {
        String name = m.getSimpleName().toString();
        if (getter == null) {
            error(m, "setter " + name + " has no getter of the same name (the getter declares the field); "
                    + "declare the getter with its @Offset");
            return;
        }
        if (getter.getAnnotation(Embedded.class) != null) {
            error(m, "setter " + name + " writes an @Embedded struct (it is memory in place, not a value); "
                    + "write the inner view's fields through the getter");
            return;
        }
        boolean indexed = getter.getAnnotation(Count.class) != null;
        var parameters = m.getParameters();
        boolean ok = parameters.size() == (indexed ? 2 : 1)
                && (!indexed || parameters.get(0).asType().getKind() == TypeKind.INT)
                && processingEnv.getTypeUtils().isSameType(parameters.get(parameters.size() - 1).asType(),
                        getter.getReturnType());
        if (!ok) {
            error(m, "setter " + name + " does not match its getter; write void " + name + "("
                    + (indexed ? "int i, " : "") + simpleName(getter.getReturnType()) + " v)");
        }
    }

    /** The bytes a field of {@code type} takes, or -1 if a view cannot hold it. */
    private long width(TypeMirror type) {
        switch (type.getKind()) {
            case LONG:
                return 8;
            case INT:
                return 4;
            case SHORT: case CHAR:
                return 2;
            case BYTE: case BOOLEAN:
                return 1;
            case DECLARED:
                String n = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
                boolean unboxed = n.equals("org.zeptux.rt.Address") || n.equals("org.zeptux.rt.PhysAddr")
                        || n.equals("org.zeptux.rt.Pfn") || n.equals("org.zeptux.rt.UserPtr");
                return unboxed || structOf(type) != null ? 8 : -1;
            default:
                return -1;
        }
    }

    /** The alignment of an embedded struct: its widest field's (1 for none). */
    private long alignment(TypeElement struct, Set<TypeElement> seen) {
        long align = 1;
        if (!seen.add(struct)) {
            return align;                           // embedded in itself: reported by its size check
        }
        for (ExecutableElement m : ElementFilter.methodsIn(struct.getEnclosedElements())) {
            if (m.getReturnType().getKind() == TypeKind.VOID || m.getModifiers().contains(Modifier.STATIC)) {
                continue;
            }
            TypeElement inner = structOf(m.getReturnType());
            long a = m.getAnnotation(Embedded.class) != null && inner != null ? alignment(inner, seen)
                    : Math.max(1, width(m.getReturnType()));
            align = Math.max(align, a);
        }
        return align;
    }

    private static String simpleName(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED ? ((DeclaredType) type).asElement().getSimpleName().toString()
                : type.toString();
    }

    /** The struct view {@code type} names, or null. */
    private static TypeElement structOf(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return null;
        }
        TypeElement e = (TypeElement) ((DeclaredType) type).asElement();
        return e.getKind() == ElementKind.INTERFACE && e.getAnnotation(Struct.class) != null ? e : null;
    }

    private void error(Element at, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, at);
    }
}
