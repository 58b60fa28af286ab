package org.zeptux.compiler.llvm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LLVM FileCheck's core, in Java: {@code CHECK}, {@code CHECK-NEXT}, {@code CHECK-NOT} and
 * {@code CHECK-LABEL} directives, written after {@code //} in a source file, matched in order
 * against a text. Text is literal except {@code {{regex}}}; a run of spaces matches any run of
 * horizontal whitespace; a pattern matches within one line; {@code [[VAR]]} variables are not
 * supported. As in FileCheck, the labels are found first and cut the input into blocks; the
 * other directives of a label match inside its block. Failures read like javac's:
 * {@code File.java:LINE: error: ...}, with the directive and where the search started.
 */
final class FileCheck {
    private static final Pattern DIRECTIVE =
            Pattern.compile("//\\s*(CHECK(?:-NEXT|-NOT|-LABEL)?):(.*)$");

    enum Kind { CHECK, NEXT, NOT, LABEL }

    /** One directive: its kind, its pattern as written, the compiled regex and its source line. */
    record Directive(Kind kind, String text, Pattern regex, int line) {}

    private final String file;
    private final List<Directive> directives;

    private FileCheck(String file, List<Directive> directives) {
        this.file = file;
        this.directives = directives;
    }

    /** The directives of {@code source}, named {@code file} in messages. */
    static FileCheck parse(String file, String source) {
        List<Directive> ds = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            Kind kind = switch (m.group(1)) {
                case "CHECK-NEXT" -> Kind.NEXT;
                case "CHECK-NOT" -> Kind.NOT;
                case "CHECK-LABEL" -> Kind.LABEL;
                default -> Kind.CHECK;
            };
            String text = m.group(2).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": error: " + m.group(1)
                        + " has an empty pattern");
            }
            if (text.replaceAll("\\{\\{.*?\\}\\}", "").contains("[[")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": error: [[VAR]] variables are not"
                        + " supported (match the value with {{regex}} instead)");
            }
            if (kind == Kind.NEXT && (ds.isEmpty() || ds.get(ds.size() - 1).kind == Kind.NOT)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": error: CHECK-NEXT must follow"
                        + " a CHECK, CHECK-NEXT or CHECK-LABEL");
            }
            ds.add(new Directive(kind, text, compile(file, i + 1, text), i + 1));
        }
        return new FileCheck(file, ds);
    }

    /** Literal text, {{regex}} verbatim, whitespace runs as [ \t]+. */
    private static Pattern compile(String file, int line, String text) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            String literal = open < 0 ? text.substring(i) : text.substring(i, open);
            String[] words = literal.split("[ \t]+", -1);
            for (int w = 0; w < words.length; w++) {
                if (w > 0) {
                    re.append("[ \\t]+");
                }
                if (!words[w].isEmpty()) {
                    re.append(Pattern.quote(words[w]));
                }
            }
            if (open < 0) {
                break;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException(file + ":" + line + ": error: '{{' without '}}' in " + text);
            }
            re.append("(?:").append(text, open + 2, close).append(')');
            i = close + 2;
        }
        return Pattern.compile(re.toString());
    }

    /** A position in the input: a line and a column in it. */
    private record Pos(int line, int col) {}

    /** Matches the directives against {@code input}; throws AssertionError naming the first that fails. */
    void check(String input) {
        if (directives.isEmpty()) {
            throw new AssertionError(file + ": error: no CHECK directives in the file");
        }
        String[] lines = input.split("\n", -1);
        // Labels first: each found after the previous one, on a line of its own.
        List<Integer> labelLines = new ArrayList<>();
        int from = 0;
        for (Directive d : directives) {
            if (d.kind != Kind.LABEL) {
                continue;
            }
            int found = -1;
            for (int l = from; l < lines.length && found < 0; l++) {
                if (d.regex.matcher(lines[l]).find()) {
                    found = l;
                }
            }
            if (found < 0) {
                for (int l = 0; l < from; l++) {
                    if (d.regex.matcher(lines[l]).find()) {
                        throw fail(d, "label found only before the previous label, at IR line " + (l + 1)
                                + " (write the CHECK-LABELs in the IR's order)", lines, from);
                    }
                }
                throw fail(d, "expected label not found in input", lines, from);
            }
            labelLines.add(found);
            from = found + 1;
        }
        // Then every block: the directives after a label, up to the next label's line.
        int label = -1;
        Pos cur = new Pos(0, 0);
        int end = labelLines.isEmpty() ? lines.length : labelLines.get(0);
        List<Directive> nots = new ArrayList<>();
        Pos last = null;  // where the previous positive match was, for CHECK-NEXT
        for (Directive d : directives) {
            switch (d.kind) {
                case LABEL -> {
                    checkNots(nots, lines, cur, new Pos(labelLines.get(label + 1), 0));
                    label++;
                    int l = labelLines.get(label);
                    Matcher m = d.regex.matcher(lines[l]);
                    m.find();
                    cur = new Pos(l, m.end());
                    last = cur;
                    end = label + 1 < labelLines.size() ? labelLines.get(label + 1) : lines.length;
                }
                case NOT -> nots.add(d);
                case CHECK -> {
                    Pos found = null;
                    for (int l = cur.line; l < end && found == null; l++) {
                        Matcher m = d.regex.matcher(lines[l]);
                        if (m.find(l == cur.line ? Math.min(cur.col, lines[l].length()) : 0)) {
                            found = new Pos(l, m.start());
                            checkNots(nots, lines, cur, found);
                            cur = new Pos(l, m.end());
                        }
                    }
                    if (found == null) {
                        throw fail(d, "expected string not found in input", lines, cur.line);
                    }
                    last = cur;
                }
                case NEXT -> {
                    int l = last.line + 1;
                    Matcher m = l < end ? d.regex.matcher(lines[l]) : null;
                    if (m == null || !m.find()) {
                        throw fail(d, "expected string not found on the line after the previous match",
                                lines, l);
                    }
                    checkNots(nots, lines, cur, new Pos(l, m.start()));
                    cur = new Pos(l, m.end());
                    last = cur;
                }
            }
        }
        checkNots(nots, lines, cur, new Pos(end, 0));
    }

    /** Every pending CHECK-NOT must not match between {@code from} and {@code to}; clears them. */
    private void checkNots(List<Directive> nots, String[] lines, Pos from, Pos to) {
        for (Directive d : nots) {
            for (int l = from.line; l <= to.line && l < lines.length; l++) {
                int start = l == from.line ? Math.min(from.col, lines[l].length()) : 0;
                int stop = l == to.line ? Math.min(to.col, lines[l].length()) : lines[l].length();
                if (start > stop) {
                    continue;
                }
                Matcher m = d.regex.matcher(lines[l]).region(start, stop);
                if (m.find()) {
                    throw new AssertionError(file + ":" + d.line + ": error: CHECK-NOT: excluded string found in input\n"
                            + "    // CHECK-NOT: " + d.text + "\n"
                            + "  found at IR line " + (l + 1) + ":\n"
                            + "    " + lines[l].strip() + "\n");
                }
            }
        }
        nots.clear();
    }

    private AssertionError fail(Directive d, String what, String[] lines, int from) {
        String name = switch (d.kind) {
            case CHECK -> "CHECK";
            case NEXT -> "CHECK-NEXT";
            case NOT -> "CHECK-NOT";
            case LABEL -> "CHECK-LABEL";
        };
        StringBuilder s = new StringBuilder(file + ":" + d.line + ": error: " + name + ": " + what + "\n"
                + "    // " + name + ": " + d.text + "\n");
        if (from < lines.length) {
            s.append("  scanning from IR line ").append(from + 1).append(":\n");
            for (int l = from; l < Math.min(lines.length, from + 8); l++) {
                s.append("    ").append(lines[l]).append('\n');
            }
        } else {
            s.append("  at the end of the input\n");
        }
        return new AssertionError(s.toString());
    }
}
