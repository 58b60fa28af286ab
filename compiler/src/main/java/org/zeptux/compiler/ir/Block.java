package org.zeptux.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A basic block: straight-line instructions ending in exactly one terminator. */
public final class Block {
    private final Function function;
    private final String label;
    private final List<Instr> instrs = new ArrayList<>();

    Block(Function function, String label) {
        this.function = function;
        this.label = label;
    }

    public String label() {
        return label;
    }

    public List<Instr> instrs() {
        return Collections.unmodifiableList(instrs);
    }

    /** Whether the block already ends in a terminator. */
    public boolean isTerminated() {
        return !instrs.isEmpty() && instrs.get(instrs.size() - 1).isTerminator();
    }

    /** Appends an instruction and returns it; numbering it if it yields a value. */
    public <T extends Instr> T add(T instr) {
        if (isTerminated()) {
            throw new IllegalStateException("block " + label + " is already terminated");
        }
        if (instr.type() != Type.VOID) {
            instr.id = function.nextId();
        }
        instrs.add(instr);
        return instr;
    }

    /** Inserts an instruction at the start of the block (used for allocas in the entry). */
    public <T extends Instr> T addFirst(T instr) {
        if (instr.type() != Type.VOID) {
            instr.id = function.nextId();
        }
        instrs.add(0, instr);
        return instr;
    }
}
