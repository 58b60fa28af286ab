package org.zeptux.compiler.dialect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;

/**
 * The source files javac compiled, where zeptuxc can find them, for what class files do not
 * record: the line a field is declared at. A class's source is looked for under each class
 * path root itself and, for Maven's output directories, the source root beside it
 * ({@code target/classes} → {@code src/main/java}, {@code target/test-classes} →
 * {@code src/test/java}, {@code target/ktest-classes} → {@code src/ktest/java}). Where no
 * source is found, callers fall back to what the class file says (a field's first use).
 */
public final class Sources {
    /** No sources: every lookup answers 0. */
    public static final Sources NONE = new Sources(List.of());

    private static final Map<String, String> MAVEN = Map.of("classes", "src/main/java", "test-classes", "src/test/java",
            "ktest-classes", "src/ktest/java");

    private final List<Path> roots;
    private final Map<String, List<String>> lines = new HashMap<>();

    private Sources(List<Path> roots) {
        this.roots = roots;
    }

    /** The source roots for a class path: each root, and the Maven source root beside an output directory. */
    public static Sources near(List<Path> classPath) {
        List<Path> roots = new ArrayList<>();
        for (Path root : classPath) {
            roots.add(root);
            Path abs = root.toAbsolutePath().normalize();
            Path parent = abs.getParent();
            String source = abs.getFileName() == null ? null : MAVEN.get(abs.getFileName().toString());
            if (source != null && parent != null && parent.getFileName() != null
                    && parent.getFileName().toString().equals("target") && parent.getParent() != null) {
                roots.add(parent.getParent().resolve(source));
            }
        }
        return new Sources(roots);
    }

    /**
     * The line field {@code f} of {@code cls} is declared at in its source, or 0 if the source is
     * not found or does not plainly declare it: the first line declaring a variable of the field's
     * type and name with a field's modifier, else the first such line at all.
     */
    public int fieldLine(ClassNode cls, FieldNode f) {
        List<String> source = source(cls);
        if (source.isEmpty()) {
            return 0;
        }
        Type t = Type.getType(f.desc);
        String element = (t.getSort() == Type.ARRAY ? t.getElementType() : t).getClassName();
        element = element.substring(element.lastIndexOf('.') + 1).replace('$', '.');
        element = element.substring(element.lastIndexOf('.') + 1);
        Pattern declaration = Pattern.compile("^\\s*((?:\\w+\\s+)*)" + Pattern.quote(element)
                + "\\b[\\s\\[\\]<>?,\\w]*?\\b" + Pattern.quote(f.name) + "\\s*(=|;|,|\\[)");
        int plain = 0;
        for (int i = 0; i < source.size(); i++) {
            Matcher m = declaration.matcher(source.get(i));
            if (m.find()) {
                if (m.group(1).matches(".*\\b(static|public|protected|private|volatile|transient)\\b.*")) {
                    return i + 1;
                }
                if (plain == 0) {
                    plain = i + 1;
                }
            }
        }
        return plain;
    }

    private List<String> source(ClassNode cls) {
        String path = Diagnostics.sourcePath(cls);
        return lines.computeIfAbsent(path, p -> {
            for (Path root : roots) {
                Path file = root.resolve(p);
                if (Files.isRegularFile(file)) {
                    try {
                        return Files.readAllLines(file, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return List.of();
                    }
                }
            }
            return List.of();
        });
    }
}
