package org.zeptux.compiler.llvm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Global;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Value;

/**
 * The kernel module cut along its call graph into parts that {@code opt} and {@code llc} compile
 * side by side, one process per CPU, keeping what one module would have let LLVM do:
 *
 * <ul>
 *   <li><b>The cut.</b> A function that is not exported and has one caller goes with its caller (as
 *       whole-module inlining would have folded it into that caller), and the functions that use a
 *       mutable global go together (it stays internal: opt sees every access to it, as GlobalsAA
 *       and GlobalOpt need); these groups are laid out in the depth-first order of the call graph
 *       from the exported functions (call chains stay together), and that order is cut where each
 *       part has its share of the instructions (opt's work goes with them).
 *   <li><b>Copies.</b> A part calling a small function of another part ({@code copyLimit}
 *       instructions or fewer, not exported, not noinline) gets an internal copy of it,
 *       and of the small functions that copy calls, so the inliner still inlines across the cut; a
 *       copy left uninlined is a private duplicate. Functions that use a mutable global, stack
 *       entries and bounded recursions are not copied.
 *   <li><b>Linkage.</b> A symbol stays internal unless another part refers to it without a copy;
 *       constant globals (the image heap, vtables) are defined once and every other part that uses
 *       one gets its initialiser as {@code available_externally} (loads from it still fold, and its
 *       address is still the one object); mutable globals are defined once and declared (with their type) elsewhere.
 * </ul>
 *
 * Everything is ordered by symbol and the module's order, so the same module gives the same parts.
 */
public final class Partition {
    /** One part: what it defines, its internal copies, and its available_externally constants. */
    public record Part(int index, Set<String> functions, Set<String> copies, Set<String> globals,
            Set<String> constantCopies, Set<String> external) {}


    private final Module module;
    private final List<Part> parts;
    /** Symbols another part refers to without a copy of its own: they keep external linkage. */
    private final Set<String> shared;

    private Partition(Module module, List<Part> parts, Set<String> shared) {
        this.module = module;
        this.parts = parts;
        this.shared = shared;
    }

    public Module module() {
        return module;
    }

    public List<Part> parts() {
        return parts;
    }

    /** The IR instructions of the module's {@code functions} (a part's own, or its copies). */
    long instructions(Set<String> functions) {
        long n = 0;
        for (String f : functions) {
            n += size(module.functions().get(f));
        }
        return n;
    }

    /** The index of the part with the most IR instructions (its own and its copies): opt's longest run. */
    public int largest() {
        int best = 0;
        long bestSize = -1;
        for (Part p : parts) {
            long n = instructions(p.functions()) + instructions(p.copies());
            if (n > bestSize) {
                best = p.index();
                bestSize = n;
            }
        }
        return best;
    }

    /** Whether {@code symbol} is referred to from a part other than its own (it is not internal). */
    public boolean shared(String symbol) {
        return shared.contains(symbol);
    }

    /** The number of IR instructions of {@code f}: opt's work on it, roughly. */
    static int size(Function f) {
        int n = 0;
        for (Block b : f.blocks()) {
            n += b.instrs().size();
        }
        return n;
    }

    /** Every symbol {@code f} refers to, in order; {@code calls} gets the directly called ones. */
    static void references(Function f, Set<String> out, Set<String> calls) {
        for (Block b : f.blocks()) {
            for (Instr i : b.instrs()) {
                operands(i, out, calls);
            }
        }
    }

    private static void operands(Instr i, Set<String> out, Set<String> calls) {
        if (i instanceof Instr.Binary x) {
            value(x.left, out);
            value(x.right, out);
        } else if (i instanceof Instr.Compare x) {
            value(x.left, out);
            value(x.right, out);
        } else if (i instanceof Instr.Convert x) {
            value(x.value, out);
        } else if (i instanceof Instr.Select x) {
            value(x.cond, out);
            value(x.ifTrue, out);
            value(x.ifFalse, out);
        } else if (i instanceof Instr.Offset x) {
            value(x.base, out);
            value(x.offset, out);
        } else if (i instanceof Instr.Load x) {
            value(x.address, out);
        } else if (i instanceof Instr.Store x) {
            value(x.value, out);
            value(x.address, out);
        } else if (i instanceof Instr.AtomicLoad x) {
            value(x.address, out);
        } else if (i instanceof Instr.AtomicStore x) {
            value(x.value, out);
            value(x.address, out);
        } else if (i instanceof Instr.AtomicRmw x) {
            value(x.address, out);
            value(x.value, out);
        } else if (i instanceof Instr.CmpXchg x) {
            value(x.address, out);
            value(x.expected, out);
            value(x.replacement, out);
        } else if (i instanceof Instr.Call x) {
            if (x.callee != null) {
                out.add(x.callee);
                calls.add(x.callee);
            } else {
                value(x.target, out);
            }
            for (Value v : x.args) {
                value(v, out);
            }
            out.addAll(x.candidates());
        } else if (i instanceof Instr.Asm x) {
            for (Value v : x.args) {
                value(v, out);
            }
        } else if (i instanceof Instr.Branch x) {
            value(x.cond, out);
        } else if (i instanceof Instr.Switch x) {
            value(x.value, out);
        } else if (i instanceof Instr.Return x) {
            value(x.value, out);
        }
    }

    private static void value(Value v, Set<String> out) {
        if (v instanceof Value.Symbol s) {
            out.add(s.name);
        }
    }

    /** The symbols {@code g}'s initialiser refers to. */
    static List<String> references(Global g) {
        List<String> out = new ArrayList<>();
        for (Global.Field f : g.fields()) {
            if (f instanceof Global.Ref r && r.symbol() != null) {
                out.add(r.symbol());
            }
        }
        return out;
    }

    /**
     * Cuts {@code module} into {@code n} parts (at least 1), copying functions of at most
     * {@code copyLimit} instructions into the parts that call them.
     */
    public static Partition cut(Module module, int n, int copyLimit) {
        Map<String, Function> functions = module.functions();
        Map<String, Global> globals = module.globals();
        List<String> names = new ArrayList<>(functions.keySet());          // sorted: the module's order
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            index.put(names.get(k), k);
        }
        int count = names.size();
        int[] size = new int[count];
        List<Set<String>> refs = new ArrayList<>(count);
        List<Set<String>> calls = new ArrayList<>(count);
        Set<String> addressTaken = new TreeSet<>();
        int[] callers = new int[count];
        int[] onlyCaller = new int[count];
        java.util.Arrays.fill(onlyCaller, -1);
        for (int k = 0; k < count; k++) {
            Function f = functions.get(names.get(k));
            size[k] = size(f);
            Set<String> r = new java.util.LinkedHashSet<>();
            Set<String> c = new java.util.LinkedHashSet<>();
            references(f, r, c);
            refs.add(r);
            calls.add(c);
            for (String s : r) {
                if (!c.contains(s)) {
                    addressTaken.add(s);
                }
            }
        }
        for (Global g : globals.values()) {
            addressTaken.addAll(references(g));
        }
        for (int k = 0; k < count; k++) {
            for (String s : refs.get(k)) {
                Integer callee = index.get(s);
                if (callee != null && callee != k) {
                    callers[callee]++;
                    onlyCaller[callee] = k;
                }
            }
        }
        // Groups: a function not exported, whose address is not taken and that has one caller, goes with it;
        // and the users of a mutable global go together (the global stays internal to one part, where opt
        // sees every access to it). Capping the groups' size (the kernel's start-up and its globals make one
        // of more than half the instructions) balanced the parts but measured slower code: not done.
        int[] group = new int[count];
        for (int k = 0; k < count; k++) {
            group[k] = k;
        }
        for (int k = 0; k < count; k++) {
            Function f = functions.get(names.get(k));
            if (!f.exported() && callers[k] == 1 && !addressTaken.contains(names.get(k))) {
                union(group, k, onlyCaller[k]);
            }
        }
        Map<String, Integer> firstUser = new HashMap<>();
        boolean[] usesMutable = new boolean[count];
        for (int k = 0; k < count; k++) {
            for (String s : refs.get(k)) {
                Global g = globals.get(s);
                if (g != null && !g.constant() && !g.exported()) {
                    usesMutable[k] = true;
                    Integer first = firstUser.putIfAbsent(s, k);
                    if (first != null) {
                        union(group, k, first);
                    }
                }
            }
        }
        Map<Integer, List<Integer>> members = new TreeMap<>();
        for (int k = 0; k < count; k++) {
            members.computeIfAbsent(find(group, k), x -> new ArrayList<>()).add(k);
        }
        // Depth-first order over the groups, from the exported functions (then the rest), callees in order.
        List<Integer> order = new ArrayList<>();
        boolean[] placed = new boolean[count];
        List<Integer> roots = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            if (functions.get(names.get(k)).exported()) {
                roots.add(k);
            }
        }
        for (int k = 0; k < count; k++) {
            roots.add(k);
        }
        for (int root : roots) {
            Deque<Integer> stack = new ArrayDeque<>();
            stack.push(find(group, root));
            while (!stack.isEmpty()) {
                int g = stack.pop();
                if (placed[g]) {
                    continue;
                }
                placed[g] = true;
                order.add(g);
                List<Integer> next = new ArrayList<>();
                for (int m : members.get(g)) {
                    for (String s : refs.get(m)) {
                        Integer callee = index.get(s);
                        if (callee != null) {
                            int cg = find(group, callee);
                            if (!placed[cg]) {
                                next.add(cg);
                            }
                        }
                    }
                }
                for (int j = next.size() - 1; j >= 0; j--) {      // the first callee is visited first
                    stack.push(next.get(j));
                }
            }
        }
        long total = 0;
        for (int k = 0; k < count; k++) {
            total += size[k];
        }
        int parts = Math.max(1, n);
        int[] home = new int[count];
        long done = 0;
        int part = 0;
        for (int g : order) {
            long weight = 0;
            for (int m : members.get(g)) {
                weight += size[m];
            }
            if (part < parts - 1 && done > 0 && done + weight / 2 > total * (part + 1) / parts) {
                part++;
            }
            for (int m : members.get(g)) {
                home[m] = part;
            }
            done += weight;
        }
        // Globals: each where the first function that refers to it is (else part 0).
        Map<String, Integer> globalHome = new HashMap<>();
        for (int k = 0; k < count; k++) {
            for (String s : refs.get(k)) {
                if (globals.containsKey(s)) {
                    globalHome.putIfAbsent(s, home[k]);
                }
            }
        }
        // A global no function refers to goes where a global referring to it is (arrays of arrays).
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Global g : globals.values()) {
                Integer h = globalHome.get(g.symbol());
                if (h == null) {
                    continue;
                }
                for (String r : references(g)) {
                    if (globals.containsKey(r) && !globalHome.containsKey(r)) {
                        globalHome.put(r, h);
                        changed = true;
                    }
                }
            }
        }
        // A constant that points at a mutable global (an image-heap object holding an array) is defined
        // where that global is: fewer mutable globals are declared in another part.
        for (Global g : globals.values()) {
            if (!g.constant()) {
                continue;
            }
            for (String r : references(g)) {
                Global target = globals.get(r);
                if (target != null && !target.constant() && !target.exported()) {
                    Integer h = globalHome.get(r);
                    if (h != null) {
                        globalHome.put(g.symbol(), h);
                        break;
                    }
                    globalHome.putIfAbsent(r, globalHome.getOrDefault(g.symbol(), 0));
                }
            }
        }
        List<Part> result = new ArrayList<>();
        Set<String> shared = new TreeSet<>();
        for (int p = 0; p < parts; p++) {
            Set<String> own = new TreeSet<>();
            for (int k = 0; k < count; k++) {
                if (home[k] == p) {
                    own.add(names.get(k));
                }
            }
            Set<String> ownGlobals = new TreeSet<>();
            for (String g : globals.keySet()) {
                if (globalHome.getOrDefault(g, 0) == p) {
                    ownGlobals.add(g);
                }
            }
            // What this part refers to: its functions, the copies they pull in, and constants' initialisers.
            Set<String> copies = new TreeSet<>();
            Set<String> constantCopies = new TreeSet<>();
            Set<String> external = new TreeSet<>();
            Set<String> seen = new java.util.HashSet<>();
            Deque<String> work = new ArrayDeque<>();
            for (String f : own) {
                work.addAll(refs.get(index.get(f)));
            }
            for (String g : ownGlobals) {
                work.addAll(references(globals.get(g)));
            }
            while (!work.isEmpty()) {
                String s = work.poll();
                if (!seen.add(s) || own.contains(s) || ownGlobals.contains(s)) {
                    continue;
                }
                Integer k = index.get(s);
                if (k != null) {
                    Function f = functions.get(s);
                    // Stack entries and bounded recursions are never copied: the proof finds each by its one
                    // definition's metadata (a definition no call in its own part reaches would be deleted).
                    if (size[k] <= copyLimit && !f.noInline() && !f.noBuiltins() && !f.exported()
                            && !usesMutable[k] && !module.stackEntries().containsKey(s)
                            && !module.recursionBounds().containsKey(s)) {
                        copies.add(s);
                        work.addAll(refs.get(k));
                    } else {
                        shared.add(s);
                        external.add(s);
                    }
                } else if (globals.containsKey(s)) {
                    shared.add(s);
                    if (globals.get(s).constant()) {
                        constantCopies.add(s);
                        work.addAll(references(globals.get(s)));
                    } else {
                        external.add(s);
                    }
                }
            }
            result.add(new Part(p, Collections.unmodifiableSet(own), Collections.unmodifiableSet(copies),
                    Collections.unmodifiableSet(ownGlobals), Collections.unmodifiableSet(constantCopies),
                    Collections.unmodifiableSet(external)));
        }
        return new Partition(module, List.copyOf(result), shared);
    }

    private static int find(int[] group, int k) {
        while (group[k] != k) {
            group[k] = group[group[k]];
            k = group[k];
        }
        return k;
    }

    private static void union(int[] group, int a, int b) {
        int ra = find(group, a);
        int rb = find(group, b);
        if (ra != rb) {
            group[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /** Per part: functions, copies, instructions defined and copied (for --timings and tuning). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            long own = instructions(p.functions());
            long copied = instructions(p.copies());
            sb.append("part ").append(p.index()).append(": ").append(p.functions().size()).append(" functions (")
                    .append(own).append(" instructions), ").append(p.copies().size()).append(" copies (")
                    .append(copied).append("), ").append(p.globals().size()).append(" globals, ")
                    .append(p.constantCopies().size()).append(" constants seen\n");
        }
        int functions = 0;
        int mutable = 0;
        for (String s : shared) {
            Global g = module.globals().get(s);
            functions += module.functions().containsKey(s) ? 1 : 0;
            mutable += g != null && !g.constant() ? 1 : 0;
        }
        return sb.append("shared: ").append(functions).append(" functions, ").append(mutable)
                .append(" mutable globals, ").append(shared.size() - functions - mutable).append(" constants\n").toString();
    }
}
