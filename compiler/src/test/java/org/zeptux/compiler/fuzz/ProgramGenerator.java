package org.zeptux.compiler.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a random, terminating program in the dialect from a seed (the same seed always
 * gives the same source). It exercises arithmetic over all integer widths, narrowing and
 * widening, shifts, division (including by zero and -1), comparisons and ternaries, if/else,
 * bounded loops, switches, static fields, primitive arrays (sometimes indexed out of bounds),
 * calls between methods (only to lower-numbered ones, so every program terminates), the JDK
 * helpers and printing. main prints every method's result and a digest of the static state.
 */
public final class ProgramGenerator {
    private static final String[] TYPES = {"int", "long", "byte", "short", "char", "boolean"};
    private static final String[] INT_OPS = {"+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", ">>>"};
    private static final String[] CMP_OPS = {"<", "<=", ">", ">=", "==", "!="};

    private final SplittableRandom random;
    private final StringBuilder out = new StringBuilder();
    private final String className;
    private final int methods;
    private int indent;
    /** Locals in scope in the method being generated: name and type. */
    private final List<String[]> locals = new ArrayList<>();
    private int currentMethod;
    private int nextLocal;

    private ProgramGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        this.className = "Gen" + Long.toUnsignedString(seed);
        this.methods = 2 + random.nextInt(5);
    }

    /** The program for {@code seed}: the class name and its source. */
    public record Program(String className, String source) {}

    public static Program generate(long seed) {
        ProgramGenerator g = new ProgramGenerator(seed);
        g.program();
        return new Program(g.className, g.out.toString());
    }

    private void program() {
        line("public class " + className + " {");
        indent++;
        for (String t : TYPES) {
            line("static " + t + " g" + t + " = " + literal(t) + ";");
        }
        line("static final int[] AI = {" + literals("int", 8) + "};");
        line("static final long[] AL = {" + literals("long", 4) + "};");
        line("static final byte[] AB = {" + literals("byte", 16) + "};");
        line("static final char[] AC = {" + literals("char", 2) + "};");
        for (int m = 0; m < methods; m++) {
            method(m);
        }
        line("public static void main(String[] args) {");
        indent++;
        for (int m = 0; m < methods; m++) {
            line("System.out.println(m" + m + "(" + literal("int") + ", " + literal("long") + "));");
        }
        for (String t : TYPES) {
            line("System.out.println(g" + t + ");");
        }
        line("long digest = 0;");
        line("for (int i = 0; i < AI.length; i++) { digest = digest * 31 + AI[i]; }");
        line("for (int i = 0; i < AL.length; i++) { digest = digest * 31 + AL[i]; }");
        line("for (int i = 0; i < AB.length; i++) { digest = digest * 31 + AB[i]; }");
        line("for (int i = 0; i < AC.length; i++) { digest = digest * 31 + AC[i]; }");
        line("System.out.println(digest);");
        indent--;
        line("}");
        indent--;
        line("}");
    }

    private void method(int m) {
        currentMethod = m;
        locals.clear();
        nextLocal = 0;
        line("static long m" + m + "(int p, long q) {");
        indent++;
        locals.add(new String[] {"p", "int"});
        locals.add(new String[] {"q", "long"});
        int n = 2 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            declare();
        }
        block(3 + random.nextInt(6), 0);
        line("return " + expr("long", 0) + ";");
        indent--;
        line("}");
    }

    private void declare() {
        String t = pick(TYPES);
        String name = "v" + nextLocal++;
        line(t + " " + name + " = " + expr(t, 0) + ";");
        locals.add(new String[] {name, t});
    }

    private void block(int statements, int depth) {
        for (int i = 0; i < statements; i++) {
            statement(depth);
        }
    }

    private void statement(int depth) {
        int kind = random.nextInt(depth >= 2 ? 5 : 9);
        switch (kind) {
            case 0, 1 -> {
                String[] v = assignable();
                line(v[0] + " = " + expr(v[1], 0) + ";");
            }
            case 2 -> {
                String[] v = assignable();
                if (!v[1].equals("boolean")) {
                    line(v[0] + " " + pick(new String[] {"+=", "-=", "^=", "|=", "<<=", ">>>="}) + " "
                            + expr("int", 1) + ";");
                } else {
                    line(v[0] + " = !" + v[0] + ";");
                }
            }
            case 3 -> {
                String t = pick(TYPES);
                line("g" + t + " = " + expr(t, 0) + ";");
            }
            case 4 -> arrayStore();
            case 5 -> {
                line("if (" + condition(0) + ") {");
                nested(depth);
                if (random.nextBoolean()) {
                    line("} else {");
                    nested(depth);
                }
                line("}");
            }
            case 6 -> {
                String i = "i" + depth + "_" + nextLocal++;
                line("for (int " + i + " = 0; " + i + " < " + (1 + random.nextInt(6)) + "; " + i + "++) {");
                locals.add(new String[] {i, "int", "loop counter"});   // read, never assigned: loops end
                nested(depth);
                locals.remove(locals.size() - 1);
                line("}");
            }
            case 7 -> {
                line("switch (" + expr("int", 1) + " & 7) {");
                for (int c = 0; c < 3; c++) {
                    line("case " + (c * 2 + random.nextInt(2)) + ":");
                    indent++;
                    statement(depth + 1);
                    if (random.nextInt(3) > 0) {
                        line("break;");
                    }
                    indent--;
                }
                line("default:");
                indent++;
                statement(depth + 1);
                indent--;
                line("}");
            }
            default -> line("System.out.println(" + expr(pick(new String[] {"int", "long", "char", "boolean"}), 1)
                    + ");");
        }
    }

    /** A local the program may assign (not a loop counter). */
    private String[] assignable() {
        List<String[]> candidates = new ArrayList<>();
        for (String[] v : locals) {
            if (v.length == 2) {
                candidates.add(v);
            }
        }
        return pick(candidates);
    }

    private void nested(int depth) {
        indent++;
        int before = locals.size();
        block(1 + random.nextInt(3), depth + 1);
        while (locals.size() > before) {
            locals.remove(locals.size() - 1);
        }
        indent--;
    }

    private void arrayStore() {
        switch (random.nextInt(4)) {
            case 0 -> line("AI[" + index(8) + "] = " + expr("int", 1) + ";");
            case 1 -> line("AL[" + index(4) + "] = " + expr("long", 1) + ";");
            case 2 -> line("AB[" + index(16) + "] = " + expr("byte", 1) + ";");
            default -> line("AC[" + index(2) + "] = " + expr("char", 1) + ";");
        }
    }

    /** An index into an array of {@code length} elements: nearly always in range, now and then not. */
    private String index(int length) {
        if (random.nextInt(40) == 0) {
            return "(" + expr("int", 2) + ")";
        }
        return "(" + expr("int", 2) + ") & " + (length - 1);
    }

    private String condition(int depth) {
        if (depth > 2 || random.nextInt(3) == 0) {
            String t = random.nextBoolean() ? "int" : "long";
            return "(" + expr(t, depth + 1) + ") " + pick(CMP_OPS) + " (" + expr(t, depth + 1) + ")";
        }
        return switch (random.nextInt(4)) {
            case 0 -> "(" + condition(depth + 1) + ") && (" + condition(depth + 1) + ")";
            case 1 -> "(" + condition(depth + 1) + ") || (" + condition(depth + 1) + ")";
            case 2 -> "!(" + condition(depth + 1) + ")";
            default -> variable("boolean");
        };
    }

    /** An expression of type {@code t}, as Java source. */
    private String expr(String t, int depth) {
        if (t.equals("boolean")) {
            return condition(depth);
        }
        if (depth > 3 || random.nextInt(4) == 0) {
            return leaf(t);
        }
        String wide = t.equals("long") ? "long" : "int";
        String e = switch (random.nextInt(12)) {
            case 0, 1, 2, 3 -> {
                String op = pick(INT_OPS);
                String right = expr(wide, depth + 1);
                if ((op.equals("/") || op.equals("%")) && random.nextInt(8) > 0) {
                    right = "((" + right + ") | 1)";       // mostly non-zero; sometimes zero or -1
                }
                yield "(" + expr(wide, depth + 1) + ") " + op + " (" + right + ")";
            }
            case 4 -> (random.nextBoolean() ? "-" : "~") + "(" + expr(wide, depth + 1) + ")";
            case 5 -> "(" + condition(depth + 1) + ") ? (" + expr(wide, depth + 1) + ") : (" + expr(wide, depth + 1) + ")";
            case 6 -> "(" + wide + ") (" + expr(random.nextBoolean() ? "long" : "char", depth + 1) + ")";
            case 7 -> arrayRead(depth);
            case 8 -> currentMethod > 0 ? "(" + wide + ") m" + random.nextInt(currentMethod) + "(" + expr("int", depth + 2)
                    + ", " + expr("long", depth + 2) + ")" : leaf(wide);
            case 9 -> jdk(wide, depth);
            case 10 -> "(" + wide + ") (" + pick(new String[] {"byte", "short", "char"}) + ") (" + expr("int", depth + 1) + ")";
            default -> leaf(wide);
        };
        return t.equals(wide) ? e : "(" + t + ") (" + e + ")";
    }

    private String arrayRead(int depth) {
        return switch (random.nextInt(4)) {
            case 0 -> "AI[" + index(8) + "]";
            case 1 -> "(int) AL[" + index(4) + "]";
            case 2 -> "AB[" + index(16) + "]";
            default -> "AC[" + index(2) + "]";
        };
    }

    private String jdk(String t, int depth) {
        String x = expr(t, depth + 1);
        String y = expr(t, depth + 1);
        String box = t.equals("long") ? "Long" : "Integer";
        return switch (random.nextInt(10)) {
            case 0 -> "(" + t + ") " + box + ".bitCount(" + x + ")";
            case 1 -> "(" + t + ") " + box + ".numberOfLeadingZeros(" + x + ")";
            case 2 -> box + ".rotateLeft(" + x + ", (int) (" + y + "))";
            case 3 -> box + ".reverseBytes(" + x + ")";
            case 4 -> "Math.min(" + x + ", " + y + ")";
            case 5 -> "Math.max(" + x + ", " + y + ")";
            case 6 -> "Math.abs(" + x + ")";
            case 7 -> "Math.floorMod(" + x + ", (" + y + ") | 1)";
            case 8 -> box + ".divideUnsigned(" + x + ", (" + y + ") | 1)";
            default -> "(" + t + ") " + box + ".compareUnsigned(" + x + ", " + y + ")";
        };
    }

    private String leaf(String t) {
        return switch (random.nextInt(3)) {
            case 0 -> literal(t);
            case 1 -> "g" + t;
            default -> variable(t);
        };
    }

    private String variable(String t) {
        List<String> matching = new ArrayList<>();
        for (String[] v : locals) {
            if (v[1].equals(t)) {
                matching.add(v[0]);
            }
        }
        if (matching.isEmpty()) {
            return t.equals("boolean") ? "g" + t : literal(t);
        }
        return matching.get(random.nextInt(matching.size()));
    }

    private String literal(String t) {
        long[] edges = {0, 1, -1, 2, 7, 31, 32, 63, 64, 127, 128, 255, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE};
        long v = random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
        return switch (t) {
            case "boolean" -> Boolean.toString((v & 1) != 0);
            case "byte" -> "(byte) " + (byte) v;
            case "short" -> "(short) " + (short) v;
            case "char" -> "(char) " + (int) (char) v;
            case "int" -> (int) v == Integer.MIN_VALUE ? "Integer.MIN_VALUE" : Integer.toString((int) v);
            default -> v == Long.MIN_VALUE ? "Long.MIN_VALUE" : v + "L";
        };
    }

    private String literals(String t, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(literal(t));
        }
        return sb.toString();
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private void line(String s) {
        out.append("    ".repeat(indent)).append(s).append('\n');
    }
}
