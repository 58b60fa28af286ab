package org.zeptux.compiler.driver;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.zeptux.compiler.dialect.UnsafeRule;
import org.zeptux.compiler.load.ClassPath;
import org.zeptux.compiler.load.LoadException;

/**
 * The unsafe share of a code base: the lines of code in packages marked {@code @Unsafe} over
 * all its lines of code, per package and in total ({@code zeptuxc unsafe}, docs/dialect.md).
 *
 * <p>A line of code is a source line with something on it besides white space and comments
 * (javac's {@code //} and {@code /* ... *&#47;}, string and character literals understood).
 * Source lines, not class-file line tables: a declaration, a field or an interface method is
 * code a reviewer reads, and a line table leaves out exactly those. Which packages are unsafe
 * comes from the compiled classes (their {@code package-info}), as the compiler enforces it.
 */
public final class UnsafeShare {
    /** One package: its name ({@code org.zeptux.kernel.mm}), its lines of code, and whether it is unsafe. */
    public record Row(String name, int lines, boolean unsafe) {}

    private final List<Row> rows;

    private UnsafeShare(List<Row> rows) {
        this.rows = rows;
    }

    /**
     * Counts the sources under {@code sources} (a source root: a package per directory) and
     * reads which packages are unsafe from the classes on {@code classPath}.
     */
    public static UnsafeShare measure(List<Path> classPath, Path sources) throws LoadException, IOException {
        Set<String> unsafe = UnsafeRule.unsafePackages(ClassPath.read(classPath));
        if (!Files.isDirectory(sources)) {
            throw new IOException(sources + ": no such directory");
        }
        Map<String, Integer> lines = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path f : files) {
            Path dir = sources.relativize(f).getParent();
            String pkg = dir == null ? "" : dir.toString().replace(java.io.File.separatorChar, '/');
            lines.merge(pkg, linesOfCode(Files.readString(f, StandardCharsets.UTF_8)), Integer::sum);
        }
        List<Row> rows = new ArrayList<>();
        lines.forEach((pkg, n) -> rows.add(new Row(pkg.isEmpty() ? "(unnamed)" : pkg.replace('/', '.'), n,
                unsafe.contains(pkg))));
        return new UnsafeShare(List.copyOf(rows));
    }

    public List<Row> rows() {
        return rows;
    }

    /** Lines of code in all packages. */
    public int total() {
        return rows.stream().mapToInt(Row::lines).sum();
    }

    /** Lines of code in unsafe packages. */
    public int unsafe() {
        return rows.stream().filter(Row::unsafe).mapToInt(Row::lines).sum();
    }

    /** The unsafe share in percent, rounded half up to one decimal ("21.7"); 0 with no code at all. */
    public BigDecimal percent() {
        if (total() == 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(unsafe() * 100L).divide(BigDecimal.valueOf(total()), 1, RoundingMode.HALF_UP);
    }

    /** Whether the share is above {@code budget} percent (exactly, not the rounded figure). */
    public boolean exceeds(BigDecimal budget) {
        return BigDecimal.valueOf(unsafe() * 100L).compareTo(budget.multiply(BigDecimal.valueOf(total()))) > 0;
    }

    /** The table: a line per package (name, lines of code, "unsafe" or "-"), then the totals. */
    public String table() {
        int width = "package".length();
        for (Row r : rows) {
            width = Math.max(width, r.name().length());
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(java.util.Locale.ROOT, "%-" + width + "s  %6s  %s%n", "package", "lines", "unsafe"));
        for (Row r : rows) {
            s.append(String.format(java.util.Locale.ROOT, "%-" + width + "s  %6d  %s%n", r.name(), r.lines(), r.unsafe() ? "unsafe" : "-"));
        }
        s.append(String.format(java.util.Locale.ROOT, "%-" + width + "s  %6d  %d in unsafe packages: %s%%%n", "total", total(), unsafe(),
                percent().toPlainString()));
        return s.toString();
    }

    /**
     * Reads a budget file: the first line that is not blank or a {@code #} comment is the
     * budget in percent (a number such as {@code 15} or {@code 12.5}).
     */
    public static BigDecimal readBudget(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            return parseBudget(text, file.toString());
        }
        throw new IOException(file + ": no budget in it (a percentage on a line of its own)");
    }

    /** A budget in percent, from {@code text}; {@code where} names its source in errors. */
    public static BigDecimal parseBudget(String text, String where) throws IOException {
        try {
            BigDecimal b = new BigDecimal(text);
            if (b.signum() >= 0 && b.compareTo(BigDecimal.valueOf(100)) <= 0) {
                return b;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException(where + ": budget '" + text + "' is not a percentage from 0 to 100");
    }

    /** The lines of code in one source file: lines with something besides white space and comments. */
    public static int linesOfCode(String source) {
        int count = 0;
        boolean inComment = false;
        for (String line : source.split("\n", -1)) {
            boolean code = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inComment) {
                    if (c == '*' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                        inComment = false;
                        i++;
                    }
                } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                    break;
                } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '*') {
                    inComment = true;
                    i++;
                } else if (c == '"' || c == '\'') {
                    code = true;
                    for (i++; i < line.length() && line.charAt(i) != c; i++) {
                        if (line.charAt(i) == '\\') {
                            i++;
                        }
                    }
                } else if (!Character.isWhitespace(c)) {
                    code = true;
                }
            }
            if (code) {
                count++;
            }
        }
        return count;
    }
}
