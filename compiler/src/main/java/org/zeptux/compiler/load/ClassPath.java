package org.zeptux.compiler.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * The classes a compilation sees: every {@code .class} file under the given directories and
 * jars, parsed into ASM trees and kept sorted by internal name.
 */
public final class ClassPath {
    private final List<Path> roots;
    private final Map<String, ClassNode> classes;
    private final Map<String, byte[]> bytes;

    private ClassPath(List<Path> roots, Map<String, ClassNode> classes, Map<String, byte[]> bytes) {
        this.roots = roots;
        this.classes = classes;
        this.bytes = bytes;
    }

    /**
     * Reads every class under {@code roots}.
     *
     * @throws LoadException naming the file when a root is missing or a class file is malformed
     */
    public static ClassPath read(List<Path> roots) throws LoadException {
        Map<String, ClassNode> classes = new TreeMap<>();
        Map<String, byte[]> bytes = new TreeMap<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                readDirectory(root, classes, bytes);
            } else if (Files.isRegularFile(root) && root.toString().endsWith(".jar")) {
                readJar(root, classes, bytes);
            } else {
                throw new LoadException(root + ": no such directory or jar");
            }
        }
        return new ClassPath(List.copyOf(roots), Collections.unmodifiableMap(classes), bytes);
    }

    private static void readDirectory(Path root, Map<String, ClassNode> into, Map<String, byte[]> bytes) throws LoadException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".class")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new LoadException(root + ": cannot read: " + e.getMessage());
        }
        for (Path f : files) {
            try {
                add(f.toString(), Files.readAllBytes(f), into, bytes);
            } catch (IOException e) {
                throw new LoadException(f + ": cannot read: " + e.getMessage());
            }
        }
    }

    private static void readJar(Path jar, Map<String, ClassNode> into, Map<String, byte[]> bytes) throws LoadException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    entries.add(entry);
                }
            }
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (ZipEntry entry : entries) {
                try (InputStream in = zip.getInputStream(entry)) {
                    add(jar + "!" + entry.getName(), in.readAllBytes(), into, bytes);
                }
            }
        } catch (IOException e) {
            throw new LoadException(jar + ": cannot read jar: " + e.getMessage());
        }
    }

    private static void add(String where, byte[] bytes, Map<String, ClassNode> into, Map<String, byte[]> raw)
            throws LoadException {
        ClassNode node = new ClassNode();
        try {
            new ClassReader(bytes).accept(node, 0);
        } catch (RuntimeException e) {
            throw new LoadException(where + ": malformed class file ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        if (node.name == null) {
            throw new LoadException(where + ": malformed class file (no class name)");
        }
        if (into.putIfAbsent(node.name, node) != null) {
            throw new LoadException(where + ": class " + node.name.replace('/', '.')
                    + " is defined twice on the class path");
        }
        raw.put(node.name, bytes);
    }

    /**
     * Reads {@code roots} plus classes given as bytes (by internal name), e.g. a target's
     * runtime shipped inside zeptuxc.
     */
    public static ClassPath read(List<Path> roots, Map<String, byte[]> extra) throws LoadException {
        return read(roots).with(extra);
    }

    /** These classes plus classes given as bytes (by internal name), shipped inside zeptuxc. */
    public ClassPath with(Map<String, byte[]> extra) throws LoadException {
        Map<String, ClassNode> all = new TreeMap<>(classes);
        Map<String, byte[]> allBytes = new TreeMap<>(bytes);
        for (Map.Entry<String, byte[]> e : extra.entrySet()) {
            add("zeptuxc:" + e.getKey() + ".class", e.getValue(), all, allBytes);
        }
        return new ClassPath(roots, Collections.unmodifiableMap(all), allBytes);
    }

    public List<Path> roots() {
        return roots;
    }

    /** All classes, sorted by internal name. */
    public Map<String, ClassNode> classes() {
        return classes;
    }

    /** The class file bytes of the class with this internal name, or null. */
    public byte[] bytes(String internalName) {
        byte[] b = bytes.get(internalName);
        return b == null ? null : b.clone();
    }

    /** The class with this internal name, or null. */
    public ClassNode get(String internalName) {
        return classes.get(internalName);
    }
}
