package org.zeptux.compiler.ir;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One compilation unit: functions, globals and the external functions they call. Members are
 * kept sorted by symbol so the printed module is the same for the same input.
 */
public final class Module {
    /** An external function's signature. */
    public record Declaration(String symbol, Type returnType, List<Type> params, boolean noReturn) {}

    /**
     * A function that starts on a stack of its own ({@code @StackEntry}): the stack's size, whether
     * interrupts are taken on it, and whether the function runs in interrupt context itself.
     */
    public record StackEntry(String symbol, long bytes, boolean interrupts, boolean interruptContext) {}

    private final Map<String, StackEntry> stackEntries = new TreeMap<>();

    /** Records a stack entry (zeptuxc image bounds its stack depth). */
    public void addStackEntry(StackEntry e) {
        stackEntries.put(e.symbol(), e);
    }

    private final Map<String, Integer> recursionBounds = new TreeMap<>();

    /**
     * Records that at most {@code depth} activations of {@code symbol} are on a stack at once
     * ({@code @RecursionBound}), or, for 0, that its stack use is unbounded on purpose ({@code @StackUnbounded}).
     */
    public void addRecursionBound(String symbol, int depth) {
        recursionBounds.put(symbol, depth);
    }

    /** The recursion bounds, by symbol (0: unbounded on purpose). */
    public Map<String, Integer> recursionBounds() {
        return Collections.unmodifiableMap(recursionBounds);
    }

    /** The stack entries, by symbol. */
    public Map<String, StackEntry> stackEntries() {
        return Collections.unmodifiableMap(stackEntries);
    }

    private final String name;
    private final Map<String, Function> functions = new TreeMap<>();
    private final Map<String, Global> globals = new TreeMap<>();
    private final Map<String, Declaration> declarations = new TreeMap<>();
    private final java.util.List<String> assembly = new java.util.ArrayList<>();
    private final java.util.Set<String> externalGlobals = new java.util.TreeSet<>();

    public Module(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void add(Function f) {
        if (functions.putIfAbsent(f.symbol(), f) != null) {
            throw new IllegalArgumentException("duplicate function " + f.symbol());
        }
    }

    public void add(Global g) {
        if (globals.putIfAbsent(g.symbol(), g) != null) {
            throw new IllegalArgumentException("duplicate global " + g.symbol());
        }
    }

    public void declare(Declaration d) {
        declarations.putIfAbsent(d.symbol(), d);
    }

    /** Declares a global defined elsewhere (another object): only its address is used. */
    public void declareGlobal(String symbol) {
        externalGlobals.add(symbol);
    }

    /** Globals declared and not defined here. */
    public java.util.Set<String> externalGlobals() {
        java.util.Set<String> external = new java.util.TreeSet<>(externalGlobals);
        external.removeAll(globals.keySet());
        return Collections.unmodifiableSet(external);
    }

    /** Adds a line of module-level assembly (e.g. a process entry stub). */
    public void addAssembly(String line) {
        assembly.add(line);
    }

    public java.util.List<String> assembly() {
        return Collections.unmodifiableList(assembly);
    }

    public Map<String, Function> functions() {
        return Collections.unmodifiableMap(functions);
    }

    public Map<String, Global> globals() {
        return Collections.unmodifiableMap(globals);
    }

    /** External functions: those declared and not defined in this module. */
    public Map<String, Declaration> declarations() {
        Map<String, Declaration> external = new TreeMap<>(declarations);
        external.keySet().removeAll(functions.keySet());
        return external;
    }
}
