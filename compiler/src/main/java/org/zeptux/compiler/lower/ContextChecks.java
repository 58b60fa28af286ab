package org.zeptux.compiler.lower;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.dialect.Diagnostics;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Module;

/**
 * What the runtime's context annotations ask of the whole program, checked over the call graph
 * of the lowered module (every call before {@code opt}; a virtual or interface call reaches
 * each implementation the closed world has):
 *
 * <ul>
 *   <li>{@code @StackEntry(bytes, interrupts)}: recorded in the module as a stack entry, whose
 *       depth {@code zeptuxc image} bounds after code generation (driver/StackDepth), with
 *       {@code @RecursionBound(n)} and {@code @StackUnbounded(why)} as that proof's exceptions;
 *   <li>{@code @InterruptContext} roots may not reach a {@code @MaySleep} method by any path:
 *       each one that does is an error at the root's first call on the path, naming the path
 *       ({@code Interrupts.trap -> Uart.handle -> Mutex.lock}).
 * </ul>
 */
final class ContextChecks {
    static final String STACK_ENTRY = "Lorg/zeptux/rt/StackEntry;";
    static final String MAY_SLEEP = "Lorg/zeptux/rt/MaySleep;";
    static final String INTERRUPT_CONTEXT = "Lorg/zeptux/rt/InterruptContext;";
    static final String RECURSION_BOUND = "Lorg/zeptux/rt/RecursionBound;";
    static final String STACK_UNBOUNDED = "Lorg/zeptux/rt/StackUnbounded;";

    private ContextChecks() {}

    /** A compiled method, for naming it in a diagnostic. */
    private record Method(ClassNode cls, MethodNode method) {
        String shortName() {
            return cls.name.substring(cls.name.lastIndexOf('/') + 1).replace('$', '.') + "." + method.name;
        }
    }

    static void run(Module module, List<ClassNode> classes, Diagnostics diag) {
        Map<String, Method> methods = new HashMap<>();
        Set<String> sleepers = new TreeSet<>();
        Set<String> roots = new TreeSet<>();
        for (ClassNode cls : classes) {
            for (MethodNode m : cls.methods) {
                String symbol = Program.methodSymbol(cls, m);
                methods.put(symbol, new Method(cls, m));
                if (has(m, MAY_SLEEP)) {
                    sleepers.add(symbol);
                }
                if (has(m, INTERRUPT_CONTEXT)) {
                    roots.add(symbol);
                }
                Object depth = ObjectModel.annotationValue(m.invisibleAnnotations, RECURSION_BOUND, "value");
                if (depth instanceof Integer d && d > 0) {
                    module.addRecursionBound(symbol, d);
                } else if (has(m, STACK_UNBOUNDED)) {
                    module.addRecursionBound(symbol, 0);
                }
                Object bytes = ObjectModel.annotationValue(m.invisibleAnnotations, STACK_ENTRY, "bytes");
                if (bytes instanceof Long b && module.functions().containsKey(symbol)) {
                    Object interrupts = ObjectModel.annotationValue(m.invisibleAnnotations, STACK_ENTRY, "interrupts");
                    module.addStackEntry(new Module.StackEntry(symbol, b, Boolean.TRUE.equals(interrupts),
                            has(m, INTERRUPT_CONTEXT)));
                }
            }
        }
        if (sleepers.isEmpty() || roots.isEmpty()) {
            return;
        }
        Map<String, Map<String, Integer>> calls = callGraph(module);
        for (String root : roots) {
            reportSleepers(root, calls, sleepers, methods, diag);
        }
    }

    /** For each function, the functions it calls, each with the line of its first call. */
    static Map<String, Map<String, Integer>> callGraph(Module module) {
        Map<String, Map<String, Integer>> calls = new TreeMap<>();
        for (Function f : module.functions().values()) {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (Block b : f.blocks()) {
                for (Instr i : b.instrs()) {
                    if (i instanceof Instr.Call c) {
                        List<String> targets = c.callee != null ? List.of(c.callee) : c.candidates();
                        for (String t : targets) {
                            out.putIfAbsent(t, c.line());
                        }
                    }
                }
            }
            calls.put(f.symbol(), out);
        }
        return calls;
    }

    /** Every sleeping method {@code root} reaches, each by a shortest path, as an error at the path's first call. */
    private static void reportSleepers(String root, Map<String, Map<String, Integer>> calls, Set<String> sleepers,
            Map<String, Method> methods, Diagnostics diag) {
        Map<String, String> parent = new HashMap<>();
        ArrayDeque<String> work = new ArrayDeque<>();
        parent.put(root, null);
        work.add(root);
        List<String> found = new ArrayList<>();
        while (!work.isEmpty()) {
            String f = work.poll();
            if (sleepers.contains(f)) {
                found.add(f);
                continue;                               // one path to each sleeper is enough
            }
            for (String callee : calls.getOrDefault(f, Map.of()).keySet()) {
                if (!parent.containsKey(callee)) {
                    parent.put(callee, f);
                    work.add(callee);
                }
            }
        }
        Method r = methods.get(root);
        for (String sleeper : found) {
            List<String> path = new ArrayList<>();
            for (String s = sleeper; s != null; s = parent.get(s)) {
                path.add(0, s);
            }
            StringBuilder names = new StringBuilder();
            for (String s : path) {
                names.append(names.length() == 0 ? "" : " -> ").append(name(s, methods));
            }
            int line = path.size() > 1 ? calls.get(root).getOrDefault(path.get(1), 0) : 0;
            if (line <= 0) {
                line = org.zeptux.compiler.dialect.Rules.firstLine(r.method(), 0);
            }
            diag.error(r.cls(), line, name(sleeper, methods) + " may sleep, and interrupt context reaches it: " + names
                    + " (an interrupt handler has no thread to put to sleep; use a spinlock, or hand the work to a "
                    + "thread)" + org.zeptux.compiler.dialect.Rules.where(r.cls(), r.method()));
        }
    }

    private static String name(String symbol, Map<String, Method> methods) {
        Method m = methods.get(symbol);
        return m != null ? m.shortName() : symbol;
    }

    private static boolean has(MethodNode m, String desc) {
        if (m.invisibleAnnotations == null) {
            return false;
        }
        for (AnnotationNode a : m.invisibleAnnotations) {
            if (a.desc.equals(desc)) {
                return true;
            }
        }
        return false;
    }
}
