package org.zeptux.compiler.dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.objectweb.asm.tree.ClassNode;

/**
 * Collects errors instead of stopping at the first, and prints them like javac:
 * {@code org/zeptux/kernel/Kmain.java:12: error: message}.
 */
public final class Diagnostics {
    /** One error at a source position. */
    public record Diagnostic(String file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + (line > 0 ? line : 1) + ": error: " + message;
        }
    }

    private final List<Diagnostic> errors = new ArrayList<>();
    private Sources sources = Sources.NONE;

    /** Where the compiled classes' source files are, for positions class files do not record. */
    public void setSources(Sources sources) {
        this.sources = sources;
    }

    public Sources sources() {
        return sources;
    }

    /** Reports an error in {@code cls} at {@code line} (0 when unknown). */
    public void error(ClassNode cls, int line, String message) {
        errors.add(new Diagnostic(sourcePath(cls), line, message));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<Diagnostic> errors() {
        return Collections.unmodifiableList(errors);
    }

    /**
     * The source path of a class as javac would print it relative to its source root:
     * the package directories and the SourceFile attribute.
     */
    public static String sourcePath(ClassNode cls) {
        int slash = cls.name.lastIndexOf('/');
        String dir = slash < 0 ? "" : cls.name.substring(0, slash + 1);
        String file = cls.sourceFile != null ? cls.sourceFile : outerSimpleName(cls.name.substring(slash + 1)) + ".java";
        return dir + file;
    }

    private static String outerSimpleName(String simple) {
        int dollar = simple.indexOf('$');
        return dollar < 0 ? simple : simple.substring(0, dollar);
    }
}
