package org.zeptux.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A function: signature, attributes and basic blocks (the first is the entry). */
public final class Function {
    /** The parameter attributes the System V ABI needs on narrow integer parameters. */
    public enum Ext { NONE, SIGN, ZERO }

    private final String symbol;
    private final Type returnType;
    private final Ext returnExt;
    private final List<Value.Param> params = new ArrayList<>();
    private final List<Ext> paramExts = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final boolean exported;
    private boolean noBuiltins;
    private boolean noInline;
    private String source;
    private DebugInfo debug;
    private int nextId;

    /** Where a function comes from in the Java source, for DWARF line tables. */
    public record DebugInfo(String directory, String file, String name, int line) {}

    public Function(String symbol, Type returnType, Ext returnExt, boolean exported) {
        this.symbol = symbol;
        this.returnType = returnType;
        this.returnExt = returnExt;
        this.exported = exported;
    }

    public String symbol() {
        return symbol;
    }

    public Type returnType() {
        return returnType;
    }

    public Ext returnExt() {
        return returnExt;
    }

    /** Whether the symbol is visible outside the module (external linkage). */
    public boolean exported() {
        return exported;
    }

    /** Keeps LLVM from turning loops into calls of memcpy/memset (for those very functions). */
    public boolean noBuiltins() {
        return noBuiltins;
    }

    /** Whether the function must keep a frame of its own (it reads its return address). */
    public boolean noInline() {
        return noInline;
    }

    public void setNoInline(boolean noInline) {
        this.noInline = noInline;
    }

    public void setNoBuiltins(boolean noBuiltins) {
        this.noBuiltins = noBuiltins;
    }

    /** The Java method this was compiled from, for comments in the output. */
    public String source() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    /** The source position for debug info, or null when the class has no line numbers. */
    public DebugInfo debug() {
        return debug;
    }

    public void setDebug(DebugInfo debug) {
        this.debug = debug;
    }

    public Value.Param addParam(Type type, Ext ext) {
        Value.Param p = new Value.Param(type, params.size());
        params.add(p);
        paramExts.add(ext);
        return p;
    }

    public List<Value.Param> params() {
        return Collections.unmodifiableList(params);
    }

    public Ext paramExt(int index) {
        return paramExts.get(index);
    }

    public Block newBlock(String label) {
        Block b = new Block(this, label);
        blocks.add(b);
        return b;
    }

    public List<Block> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    int nextId() {
        return nextId++;
    }
}
