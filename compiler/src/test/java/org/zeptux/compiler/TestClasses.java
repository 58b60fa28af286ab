package org.zeptux.compiler;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Puts the class files of chosen test classes (with their nested classes) in a directory of their own. */
public final class TestClasses {
    private TestClasses() {}

    /**
     * Copies {@code classes} into {@code dir}, keeping package directories, with their packages'
     * {@code package-info} (which says whether a package is unsafe); returns {@code dir}.
     */
    public static Path copy(Path dir, Class<?>... classes) throws IOException {
        for (Class<?> c : classes) {
            Path file;
            try {
                file = Path.of(c.getResource(c.getSimpleName() + ".class").toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            Path target = dir.resolve(c.getPackageName().replace('.', '/'));
            Files.createDirectories(target);
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                for (Path p : (Iterable<Path>) siblings::iterator) {
                    String name = p.getFileName().toString();
                    if (name.equals(c.getSimpleName() + ".class") || name.startsWith(c.getSimpleName() + "$")
                            || (name.equals("package-info.class") && Files.notExists(target.resolve(name)))) {
                        Files.copy(p, target.resolve(name));
                    }
                }
            }
        }
        return dir;
    }

    /** The source file of a test class, for tests that read markers in it. */
    public static Path source(Class<?> c) {
        return Path.of("src/test/java", c.getName().replace('.', '/') + ".java");
    }
}
