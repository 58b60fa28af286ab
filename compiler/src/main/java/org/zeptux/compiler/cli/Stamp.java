package org.zeptux.compiler.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.zeptux.compiler.driver.ContentHash;

/**
 * {@code --if-changed}: the up-to-date check. A run with it records, beside its output ({@code -o FILE}), a stamp
 * {@code FILE.stamp} listing the command line, the content hash of zeptuxc itself (its jar), of every input named
 * on the command line (each argument, or each ':'-separated part of one, that is an existing file or directory,
 * directories file by file) and of every output (FILE and the files beside it that share its stem, such as
 * {@code kernel.ll} for {@code kernel.o}). A later run whose stamp would be the same exits at once; any difference,
 * a missing output or a missing stamp runs the command in full. The builds are deterministic, so a content hash is
 * safe where a timestamp would not be.
 */
final class Stamp {
    static final String OPTION = "--if-changed";

    private Stamp() {}

    /** The output file named by {@code -o}/{@code --output} in {@code args}, or null. */
    static Path output(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.size()) {
                return Paths.get(args.get(i + 1));
            }
            if (a.startsWith("--output=")) {
                return Paths.get(a.substring("--output=".length()));
            }
        }
        return null;
    }

    static Path stampFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".stamp");
    }

    /** The stamp's text for a run with {@code args} whose outputs are beside {@code output}; {@code self} is zeptuxc's jar. */
    static String compute(List<String> args, Path output, Path self) throws IOException {
        return inputs(args, output, self) + outputsPart(output);
    }

    /** The part of the stamp for the command line, zeptuxc and the inputs (taken before a run, so that an input
     *  changed while the command runs is never recorded as built). */
    static String inputs(List<String> args, Path output, Path self) throws IOException {
        StringBuilder sb = new StringBuilder("zeptuxc stamp 1\n");
        for (String a : args) {
            sb.append("arg ").append(a).append('\n');
        }
        if (self != null && Files.exists(self)) {
            hashTree("self", self, output, sb);
        }
        Path out = output.toAbsolutePath().normalize();
        for (String a : args) {
            for (String part : a.split(":")) {
                if (part.isEmpty()) {
                    continue;
                }
                Path p;
                try {
                    p = Paths.get(part);
                } catch (RuntimeException e) {
                    continue;
                }
                if (Files.exists(p) && !isOutput(p.toAbsolutePath().normalize(), out)) {
                    hashTree("in", p, output, sb);
                }
            }
        }
        return sb.toString();
    }

    /** The part of the stamp for the outputs. */
    static String outputsPart(Path output) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path o : outputs(output)) {
            sb.append("out ").append(o.getFileName()).append(' ').append(ContentHash.of(o)).append('\n');
        }
        return sb.toString();
    }

    /** Whether {@code p} is one of the outputs of a run writing {@code out}, or its stamp. */
    private static boolean isOutput(Path p, Path out) {
        if (!p.getParent().equals(out.getParent())) {
            return false;
        }
        String name = p.getFileName().toString();
        return name.startsWith(stem(out) + ".");
    }

    private static String stem(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The output and its siblings sharing its stem (kernel.o, kernel.ll; zeptux.img, zeptux.elf), sorted; not the stamp. */
    static List<Path> outputs(Path output) throws IOException {
        Path out = output.toAbsolutePath().normalize();
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(out.getParent())) {
            return result;
        }
        try (Stream<Path> s = Files.list(out.getParent())) {
            s.filter(Files::isRegularFile)
                    .filter(p -> isOutput(p, out) && !p.getFileName().toString().endsWith(".stamp"))
                    .sorted()
                    .forEach(result::add);
        }
        return result;
    }

    private static void hashTree(String kind, Path root, Path output, StringBuilder sb) throws IOException {
        if (Files.isRegularFile(root)) {
            sb.append(kind).append(' ').append(root).append(' ').append(ContentHash.of(root)).append('\n');
            return;
        }
        sb.append(kind).append(' ').append(root).append('\n').append(ContentHash.ofTree(root));
    }

    /** Whether the stamp beside {@code output} is exactly {@code stamp} (and the output exists). */
    static boolean upToDate(Path output, String stamp) {
        Path f = stampFile(output);
        try {
            return Files.exists(output) && Files.isRegularFile(f) && Files.readString(f).equals(stamp);
        } catch (IOException e) {
            return false;
        }
    }

    static void write(Path output, String stamp) {
        try {
            Files.writeString(stampFile(output), stamp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path output) {
        try {
            Files.deleteIfExists(stampFile(output));
        } catch (IOException e) {
            // a stale stamp never matches: it names the old inputs
        }
    }
}
