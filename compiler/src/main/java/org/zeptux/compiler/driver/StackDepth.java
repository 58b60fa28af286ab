package org.zeptux.compiler.driver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack-depth proof: the worst-case stack use of every {@code @StackEntry} method, from the
 * frame sizes llc reports and the call graph of the code llc compiled.
 *
 * <p>Two halves, in two commands:
 *
 * <ol>
 *   <li>{@code zeptuxc compile} ({@link #graph}): after {@code opt -O2}, reads the optimised IR
 *       (every function, its signature, whether its address is taken, its direct calls, and its
 *       indirect calls with the {@code !callees} lowering attached: every implementation the
 *       closed world has; opt keeps them through inlining) and the frame sizes of
 *       {@code llc -stack-size-section} ({@code llvm-readelf --stack-sizes}), and stores them in
 *       the object as the section {@code .zeptux.stack} (text, one record a line).
 *   <li>{@code zeptuxc image} ({@link #prove}): merges the sections of the kernel's objects, and
 *       bounds each entry: {@code bound(f) = 8 + frame(f) + max over callees bound(callee)} (8:
 *       the return address the call pushed). An indirect call without {@code !callees} (an
 *       interface modules may implement) may reach every address-taken function of its
 *       signature. A function no object defines is assembly (a native method): it counts
 *       {@link #NATIVE_BYTES}. An entry with {@code interrupts = true} also holds a trap frame
 *       ({@link #TRAP_FRAME_BYTES}) and the deepest {@code @InterruptContext} entry.
 * </ol>
 *
 * A recursion reachable from an entry is an error naming its cycle; so is a bound above the
 * entry's stack. Notes: modules (linked in or loaded at run time) are outside the proof; an
 * inline assembly block that pushes ({@code Cpu.readFlags}) adds 8 bytes to its function.
 */
public final class StackDepth {
    /** The section of an object that holds its call graph and frame sizes. */
    public static final String SECTION = ".zeptux.stack";
    /**
     * What calling an assembly function costs at most: its return address and up to seven
     * pushes. boot/*.asm's functions called from Java are leaves that push less (zeptux_call
     * jumps to a module's init or exit, which is outside the proof).
     */
    public static final long NATIVE_BYTES = 64;
    /**
     * What taking an interrupt or exception pushes on the interrupted stack: up to 8 bytes of
     * alignment, the CPU's frame (5 quadwords), the error code and the vector, and the 15
     * registers boot/trap.asm saves.
     */
    public static final long TRAP_FRAME_BYTES = 8 + 8 * (5 + 2 + 15);

    private StackDepth() {}

    // ---- the graph of one object ----

    private static final Pattern GLOBAL = Pattern.compile("@(\"(?:[^\"\\\\]|\\\\.)*\"|[-a-zA-Z$._0-9]+)");
    private static final Pattern CALL = Pattern.compile("(?<= )call(?= )");
    private static final Pattern CALLEES = Pattern.compile("!callees !(\\d+)");
    private static final Pattern DBG = Pattern.compile("!dbg !(\\d+)");
    private static final Pattern NODE = Pattern.compile("^!(\\d+) = (.*)$");

    /**
     * The {@link #SECTION} text of an object: {@code optimisedIr} is opt's output, {@code stackSizes}
     * what {@code llvm-readelf --stack-sizes} printed for the object llc made of it.
     */
    public static String graph(String optimisedIr, String stackSizes) {
        return parse(optimisedIr).graph(stackSizes);
    }

    /**
     * The optimised IR read for the graph: its functions (name, signature, where), the calls and
     * stack entries as {@link #SECTION} lines, and which functions have their address taken. Read
     * while llc runs; the frame sizes of llc's object complete it ({@link #graph(String)}).
     */
    record Parsed(List<String[]> defined, Set<String> addressTaken, String callsAndEntries) {
        /** The {@link #SECTION} text, with the frame sizes {@code llvm-readelf --stack-sizes} printed. */
        String graph(String stackSizes) {
            Map<String, Long> frames = frames(stackSizes);
            StringBuilder functions = new StringBuilder();
            for (String[] d : defined) {
                Long frame = frames.get(d[0]);
                functions.append("f\t").append(d[0]).append('\t').append(frame == null ? -1 : frame).append('\t')
                        .append(d[1]).append('\t').append(addressTaken.contains(d[0]) ? 1 : 0).append('\t')
                        .append(d[2]).append('\n');
            }
            return functions + callsAndEntries;
        }
    }

    /** Reads {@code optimisedIr} (opt's output, as llvm-dis writes it) for {@link Parsed#graph}. */
    static Parsed parse(String optimisedIr) {
        Map<Integer, String> nodes = new HashMap<>();
        String[] lines = optimisedIr.split("\n");
        for (String line : lines) {
            Matcher m = NODE.matcher(line);
            if (m.matches()) {
                nodes.put(Integer.parseInt(m.group(1)), m.group(2));
            }
        }
        StringBuilder calls = new StringBuilder();
        Set<String> addressTaken = new LinkedHashSet<>();
        List<String[]> defined = new ArrayList<>();
        String current = null;
        boolean pushes = false;
        for (String line : lines) {
            if (line.startsWith("define ")) {
                int at = line.indexOf('@');
                Matcher g = GLOBAL.matcher(line);
                g.find(at);
                current = name(g.group(1));
                String signature = signature(line, at, g.end());
                Matcher dbg = DBG.matcher(line);
                String where = dbg.find() ? location(Integer.parseInt(dbg.group(1)), nodes) : "-\t" + current;
                defined.add(new String[] {current, signature, where});
                pushes = false;
                continue;
            }
            if (line.startsWith("}")) {
                if (current != null && pushes) {
                    calls.append("x\t").append(current).append('\t').append(8).append('\n');
                }
                current = null;
                continue;
            }
            if (line.startsWith("!") || line.startsWith("declare ") || line.startsWith(";")) {
                continue;
            }
            int calleeAt = -1;
            if (current != null) {
                Matcher c = CALL.matcher(line);
                if (c.find() && !line.contains("!DI")) {
                    int open = callTarget(line, c.end());
                    if (line.startsWith("asm", open) || line.indexOf(" asm ", c.end()) >= 0) {
                        pushes |= line.contains("push");
                    } else if (open > 0 && line.charAt(open) == '@') {
                        Matcher g = GLOBAL.matcher(line);
                        g.find(open);
                        calleeAt = open;
                        String target = intrinsic(name(g.group(1)));
                        if (target != null) {
                            calls.append("c\t").append(current).append('\t').append(target).append('\n');
                        }
                    } else if (open > 0) {
                        Matcher k = CALLEES.matcher(line);
                        if (k.find()) {
                            Matcher g = GLOBAL.matcher(nodes.getOrDefault(Integer.parseInt(k.group(1)), ""));
                            while (g.find()) {
                                calls.append("c\t").append(current).append('\t').append(name(g.group(1))).append('\n');
                            }
                        } else {
                            int paren = line.indexOf('(', open);
                            String ret = tokenBefore(line, open);
                            calls.append("s\t").append(current).append('\t')
                                    .append(ret).append(params(line, paren, false)).append('\n');
                        }
                    }
                }
            }
            // Every other mention of a function takes its address (a vtable, an itable, a table of handlers).
            Matcher g = GLOBAL.matcher(line);
            while (g.find()) {
                if (g.start() != calleeAt && !(line.startsWith("@") && g.start() == 0)) {
                    addressTaken.add(name(g.group(1)));
                }
            }
        }
        StringBuilder entries = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("!zeptux.stack.entries = !{")) {
                Matcher ref = Pattern.compile("!(\\d+)").matcher(line.substring(line.indexOf('{')));
                while (ref.find()) {
                    String node = nodes.getOrDefault(Integer.parseInt(ref.group(1)), "");
                    Matcher e = Pattern.compile("!\\{ptr (@\\S+), i64 (\\d+), i1 (true|false), i1 (true|false)\\}")
                            .matcher(node);
                    if (e.matches()) {
                        Matcher n = GLOBAL.matcher(e.group(1));
                        n.find();
                        entries.append("e\t").append(name(n.group(1))).append('\t').append(e.group(2)).append('\t')
                                .append(e.group(3)).append('\t').append(e.group(4)).append('\n');
                    }
                }
            }
        }
        for (String line : lines) {
            if (line.startsWith("!zeptux.stack.recursion = !{")) {
                Matcher ref = Pattern.compile("!(\\d+)").matcher(line.substring(line.indexOf('{')));
                while (ref.find()) {
                    String node = nodes.getOrDefault(Integer.parseInt(ref.group(1)), "");
                    Matcher e = Pattern.compile("!\\{ptr (@\\S+), i64 (\\d+)\\}").matcher(node);
                    if (e.matches()) {
                        Matcher n = GLOBAL.matcher(e.group(1));
                        n.find();
                        entries.append("r\t").append(name(n.group(1))).append('\t').append(e.group(2)).append('\n');
                    }
                }
            }
        }
        return new Parsed(defined, addressTaken, calls.toString() + entries);
    }

    /** The first {@code @} or {@code %} operand after {@code call}'s attributes and type: the callee. */
    private static int callTarget(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '@' || c == '%') {
                return i;
            }
            if (line.startsWith("asm", i)) {
                return i;
            }
        }
        return -1;
    }

    /** The token before position {@code at} (the return type of a call or definition). */
    private static String tokenBefore(String line, int at) {
        int end = at;
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        int start = line.lastIndexOf(' ', end - 1) + 1;
        return line.substring(start, end);
    }

    /** {@code RET(T1,T2)}: a definition's signature, for matching indirect calls whose targets are unknown. */
    private static String signature(String define, int nameStart, int nameEnd) {
        return tokenBefore(define, nameStart) + params(define, nameEnd, true);
    }

    /** {@code (T1,T2)}: the first token (the type) of each top-level item of the list opening at {@code open}. */
    private static String params(String line, int open, boolean definition) {
        StringBuilder sig = new StringBuilder("(");
        int depth = 0;
        int itemStart = open + 1;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '(' || c == '[' || c == '{' || c == '<') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}' || c == '>') && depth > 0) {
                depth--;
            } else if ((c == ',' && depth == 0) || (c == ')' && depth == 0)) {
                String item = line.substring(itemStart, i).strip();
                if (!item.isEmpty()) {
                    sig.append(sig.length() > 1 ? "," : "").append(item.split(" ")[0]);
                }
                itemStart = i + 1;
                if (c == ')') {
                    break;
                }
            }
        }
        return sig.append(')').toString();
    }

    /** The function an LLVM intrinsic call stands for (llc calls memcpy, memmove, memset), else the name; null for none. */
    private static String intrinsic(String callee) {
        if (!callee.startsWith("llvm.")) {
            return callee;
        }
        for (String f : List.of("memcpy", "memmove", "memset")) {
            if (callee.startsWith("llvm." + f + ".")) {
                return f;
            }
        }
        return null;                    // other intrinsics are instructions
    }

    /** {@code dir/File.java:LINE} and the Java name of a definition, from its DISubprogram. */
    private static String location(int subprogram, Map<Integer, String> nodes) {
        String sp = nodes.getOrDefault(subprogram, "");
        String name = field(sp, "name");
        String line = field(sp, "line");
        String file = field(sp, "file");
        String path = "-";
        if (file != null && file.startsWith("!")) {
            String f = nodes.getOrDefault(Integer.parseInt(file.substring(1)), "");
            String dir = field(f, "directory");
            String fn = field(f, "filename");
            if (fn != null) {
                path = (dir == null || dir.isEmpty() ? "" : dir + "/") + fn + ":" + line;
            }
        }
        return path + "\t" + (name == null ? "-" : name);
    }

    private static String field(String node, String key) {
        Matcher m = Pattern.compile("[ (]" + key + ": (\"(?:[^\"\\\\]|\\\\.)*\"|[^,)]+)").matcher(node);
        if (!m.find()) {
            return null;
        }
        String v = m.group(1);
        return v.startsWith("\"") ? unquote(v) : v;
    }

    /** A global's name as written in LLVM text (quoted with \XX escapes, or bare). */
    private static String name(String written) {
        return written.startsWith("\"") ? unquote(written) : written;
    }

    private static String unquote(String s) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = new byte[s.length()];
        int n = 0;
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 2 < s.length()) {
                bytes[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        out.append(new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        return out.toString();
    }

    /** Frame sizes by symbol, from {@code llvm-readelf --stack-sizes} ("SIZE NAME[, NAME...]" lines). */
    static Map<String, Long> frames(String readelf) {
        Map<String, Long> frames = new HashMap<>();
        for (String line : readelf.split("\n")) {
            String t = line.strip();
            int space = t.indexOf(' ');
            if (space <= 0 || !t.substring(0, space).chars().allMatch(Character::isDigit)) {
                continue;
            }
            long size = Long.parseLong(t.substring(0, space));
            for (String name : t.substring(space).strip().split(", ")) {
                frames.merge(name, size, Math::max);        // internal copies in several parts: the largest
            }
        }
        return frames;
    }

    // ---- the proof, over the objects of an image ----

    /** One entry's result. */
    public record Bound(String name, long bound, long stack, List<String> path) {}

    /** The bounds of every entry, worst first, and the errors (javac's format), if any. */
    public record Proof(List<Bound> bounds, List<String> errors) {
        /** The report: a line per entry, {@code NAME BOUND_BYTES STACK_BYTES}, worst (least headroom) first. */
        public String report() {
            StringBuilder sb = new StringBuilder();
            for (Bound b : bounds) {
                sb.append(b.name()).append(' ').append(b.bound()).append(' ').append(b.stack()).append('\n');
            }
            return sb.toString();
        }
    }

    private record Fn(String symbol, long frame, String signature, boolean addressTaken, String where, String name) {}

    private record Entry(String symbol, long bytes, boolean interrupts, boolean interruptContext) {}

    /** Proves the bounds over the merged {@link #SECTION} texts of the image's objects. */
    public static Proof prove(List<String> sections) {
        Map<String, Fn> fns = new TreeMap<>();
        Map<String, Set<String>> calls = new TreeMap<>();
        Map<String, List<String>> bySignature = new HashMap<>();
        Map<String, Long> extra = new HashMap<>();
        List<String[]> unknown = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> recursion = new HashMap<>();
        for (String section : sections) {
            for (String line : section.split("\n")) {
                String[] r = line.split("\t");
                switch (r[0]) {
                    // A function with internal copies in several parts (Partition) has a record from each:
                    // the proof takes the largest frame, and its address is taken if any copy's is.
                    case "f" -> fns.merge(r[1], new Fn(r[1], Long.parseLong(r[2]), r[3], r[4].equals("1"), r[5],
                            r.length > 6 ? r[6] : r[1]), (a, b) -> new Fn(a.symbol(), Math.max(a.frame(), b.frame()),
                                    a.signature(), a.addressTaken() || b.addressTaken(), a.where(), a.name()));
                    case "c" -> calls.computeIfAbsent(r[1], k -> new LinkedHashSet<>()).add(r[2]);
                    case "s" -> unknown.add(r);
                    case "x" -> extra.merge(r[1], Long.parseLong(r[2]), Long::sum);
                    case "r" -> recursion.put(r[1], Integer.parseInt(r[2]));
                    case "e" -> entries.add(new Entry(r[1], Long.parseLong(r[2]), r[3].equals("true"), r[4].equals("true")));
                    default -> { }
                }
            }
        }
        for (Fn f : fns.values()) {
            if (f.addressTaken()) {
                bySignature.computeIfAbsent(f.signature(), k -> new ArrayList<>()).add(f.symbol());
            }
        }
        for (String[] r : unknown) {
            calls.computeIfAbsent(r[1], k -> new LinkedHashSet<>()).addAll(bySignature.getOrDefault(r[2], List.of()));
        }
        Solver s = new Solver(fns, calls, extra, recursion, Set.of(), new HashMap<>(), new java.util.HashSet<>());
        List<String> errors = new ArrayList<>();
        Map<String, Long> own = new HashMap<>();
        for (Entry e : entries) {
            own.put(e.symbol(), s.bound(e.symbol(), errors));
        }
        long deepestInterrupt = 0;
        String interruptEntry = null;
        for (Entry e : entries) {
            if (e.interruptContext() && own.get(e.symbol()) > deepestInterrupt) {
                deepestInterrupt = own.get(e.symbol());
                interruptEntry = e.symbol();
            }
        }
        List<Bound> bounds = new ArrayList<>();
        for (Entry e : entries) {
            long bound = own.get(e.symbol());
            List<String> path = s.path(e.symbol());
            if (e.interrupts() && interruptEntry != null) {
                bound += TRAP_FRAME_BYTES + deepestInterrupt;
                path = new ArrayList<>(path);
                path.add("(trap frame " + TRAP_FRAME_BYTES + ")");
                path.addAll(s.path(interruptEntry));
            }
            Fn f = fns.get(e.symbol());
            String name = f == null ? e.symbol() : f.name();
            bounds.add(new Bound(name, bound, e.bytes(), path));
            if (bound > e.bytes()) {
                errors.add((f == null ? e.symbol() : f.where()) + ": error: " + name + " may need " + bound
                        + " bytes of stack, more than the " + e.bytes() + " bytes it runs on (@StackEntry); the deepest "
                        + "path: " + String.join(" -> ", path) + " (make the stack larger, or the frames on this path "
                        + "smaller)");
            }
        }
        bounds.sort(Comparator.comparingDouble((Bound b) -> -(double) b.bound() / b.stack()).thenComparing(Bound::name));
        return new Proof(bounds, errors.stream().distinct().toList());
    }

    /**
     * Bounds by depth-first search with memoisation; a back edge is a recursion. A
     * {@code @RecursionBound(n)} method m is bounded by a solver of its own that leaves out the
     * calls into m (and into the methods enclosing it): {@code n - 1} activations as deep as the
     * deepest path back into m, then the last as deep as m's bound there.
     */
    private static final class Solver {
        private final Map<String, Fn> fns;
        private final Map<String, Set<String>> calls;
        private final Map<String, Long> extra;
        private final Map<String, Long> memo = new HashMap<>();
        /**
         * For each function, the deepest stack from it to a call into each cut method (where that
         * method's next activation starts; -1 where no path calls it), in {@link #order}.
         */
        private final Map<String, long[]> reach = new HashMap<>();
        /** The cut methods, in the order of {@link #reach}'s entries. */
        private final List<String> order;
        private final Map<String, String> deepest = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final Set<String> reported;
        /** @RecursionBound depths (0: @StackUnbounded). */
        private final Map<String, Integer> recursion;
        /** The @RecursionBound methods whose activations enclose what this solver bounds: calls into them are left out. */
        private final Set<String> cut;
        /** The solver of each set of cut methods, shared by all. */
        private final Map<Set<String>, Solver> cuts;

        Solver(Map<String, Fn> fns, Map<String, Set<String>> calls, Map<String, Long> extra,
                Map<String, Integer> recursion, Set<String> cut, Map<Set<String>, Solver> cuts, Set<String> reported) {
            this.fns = fns;
            this.calls = calls;
            this.extra = extra;
            this.recursion = recursion;
            this.cut = cut;
            this.cuts = cuts;
            this.reported = reported;
            this.order = new ArrayList<>(cut);
        }

        private long[] none() {
            long[] r = new long[order.size()];
            java.util.Arrays.fill(r, -1);
            return r;
        }

        private long leaf(String symbol, long bound) {
            reach.put(symbol, none());
            return bound;
        }

        long bound(String symbol, List<String> errors) {
            Long known = memo.get(symbol);
            if (known != null) {
                return known;
            }
            Fn f = fns.get(symbol);
            if (f == null) {
                return leaf(symbol, NATIVE_BYTES);      // assembly
            }
            int depth = recursion.getOrDefault(symbol, -1);
            if (depth == 0) {
                long own = 8 + Math.max(f.frame(), 0);  // @StackUnbounded: its own frame, nothing it calls
                memo.put(symbol, own);
                return leaf(symbol, own);
            }
            if (depth > 0 && !cut.contains(symbol)) {
                Set<String> inside = new java.util.TreeSet<>(cut);
                inside.add(symbol);
                Solver inner = cuts.get(inside);
                if (inner == null) {
                    inner = new Solver(fns, calls, extra, recursion, inside, cuts, reported);
                    cuts.put(inside, inner);
                }
                long last = inner.bound(symbol, errors);
                long[] into = inner.reach.getOrDefault(symbol, inner.none());
                long cycle = into[inner.order.indexOf(symbol)];
                long before = cycle < 0 ? 0 : (depth - 1) * cycle;
                memo.put(symbol, before + last);
                long[] mine = none();
                for (int i = 0; i < order.size(); i++) {
                    long r = into[inner.order.indexOf(order.get(i))];
                    mine[i] = r < 0 ? -1 : before + r;  // from any of its activations on into ours
                }
                reach.put(symbol, mine);
                return before + last;
            }
            int onStack = stack.indexOf(symbol);
            if (onStack >= 0) {
                List<String> cycle = new ArrayList<>(stack.subList(onStack, stack.size()));
                cycle.add(symbol);
                String key = new java.util.TreeSet<>(cycle).toString();
                if (reported.add(key)) {
                    List<String> names = cycle.stream().map(this::name).toList();
                    errors.add(f.where() + ": error: recursion: " + String.join(" -> ", names) + " (its stack depth "
                            + "cannot be bounded at compile time; rewrite it as a loop with an explicit bound)");
                }
                return leaf(symbol, 0);
            }
            stack.add(symbol);
            long worst = 0;
            long[] worstInto = none();
            String via = null;
            for (String callee : calls.getOrDefault(symbol, Set.of())) {
                if (cut.contains(callee)) {
                    // Into a @RecursionBound method: its next activation, counted by its depth.
                    int i = order.indexOf(callee);
                    worstInto[i] = Math.max(worstInto[i], 0);
                    continue;
                }
                long b = bound(callee, errors);
                if (b > worst) {
                    worst = b;
                    via = callee;
                }
                long[] r = reach.getOrDefault(callee, none());
                for (int i = 0; i < r.length; i++) {
                    worstInto[i] = Math.max(worstInto[i], r[i]);
                }
            }
            stack.remove(stack.size() - 1);
            long own = 8 + Math.max(f.frame(), 0) + extra.getOrDefault(symbol, 0L);
            long result = own + worst;
            memo.put(symbol, result);
            for (int i = 0; i < worstInto.length; i++) {
                worstInto[i] = worstInto[i] < 0 ? -1 : own + worstInto[i];
            }
            reach.put(symbol, worstInto);
            if (via != null) {
                deepest.put(symbol, via);
            }
            return result;
        }

        /** The deepest path from {@code symbol}, each function with its frame. */
        List<String> path(String symbol) {
            List<String> path = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (String s = symbol; s != null && seen.add(s); s = deepest.get(s)) {
                Fn f = fns.get(s);
                int depth = recursion.getOrDefault(s, -1);
                if (depth > 0 && !cut.contains(s) && memo.containsKey(s)) {
                    path.add(name(s) + " (" + depth + " activations: " + memo.get(s) + ")");
                    break;
                }
                path.add(name(s) + " (" + (f == null ? "assembly, " + NATIVE_BYTES : 8 + Math.max(f.frame(), 0)
                        + extra.getOrDefault(s, 0L)) + ")");
            }
            return path;
        }

        private String name(String symbol) {
            Fn f = fns.get(symbol);
            return f == null ? symbol : f.name();
        }
    }
}
