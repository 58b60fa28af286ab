package org.zeptux.compiler.lower;

import java.util.List;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Compare.Pred;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * Writes a generated function block by block, for the support code zeptuxc adds to a module
 * (array copies and fills): the block being written, and one-line forms of the instructions.
 */
final class Builder {
    final Function fn;
    Block at;

    Builder(Function fn) {
        this.fn = fn;
        this.at = fn.newBlock("entry");
    }

    /** Continues writing {@code fn} at block {@code at}. */
    Builder(Function fn, Block at) {
        this.fn = fn;
        this.at = at;
    }

    Value param(Type type) {
        return fn.addParam(type, Function.Ext.NONE);
    }

    <T extends Instr> T add(T instr) {
        return at.add(instr);
    }

    Value binary(Op op, Value a, Value b) {
        return add(new Instr.Binary(op, a, b));
    }

    Value compare(Pred p, Value a, Value b) {
        return add(new Instr.Compare(p, a, b));
    }

    Value select(Value cond, Value a, Value b) {
        return add(new Instr.Select(cond, a, b));
    }

    Value convert(Convert.Op op, Value v, Type to) {
        return add(new Convert(op, v, to));
    }

    Value load(Type t, Value address) {
        return add(new Instr.Load(t, address, t.size, false));
    }

    void store(Value v, Value address) {
        add(new Instr.Store(v, address, v.type().size, false));
    }

    Value offset(Value base, Value bytes) {
        return add(new Instr.Offset(base, bytes));
    }

    Value offset(Value base, long bytes) {
        return offset(base, Value.constant(Type.I64, bytes));
    }

    /** A stack slot, in the entry block (mem2reg makes it a register). */
    Value local(Type t) {
        return fn.blocks().get(0).addFirst(new Instr.Alloca(t));
    }

    void call(String callee, List<Value> args) {
        add(new Instr.Call(Type.VOID, Function.Ext.NONE, callee, args,
                args.stream().map(a -> Function.Ext.NONE).toList(), false));
    }

    /** Ends the block with a branch: to a new block (returned) where {@code cond} holds, on in a new one where not. */
    Block unless(Value cond, String label) {
        Block yes = fn.newBlock(label);
        Block no = fn.newBlock(label + "_not");
        add(new Instr.Branch(cond, yes, no));
        at = no;
        return yes;
    }

    void jump(Block to) {
        add(new Instr.Jump(to));
    }

    void branch(Value cond, Block yes, Block no) {
        add(new Instr.Branch(cond, yes, no));
    }

    static Value i32(long v) {
        return Value.constant(Type.I32, v);
    }

    static Value i64(long v) {
        return Value.constant(Type.I64, v);
    }
}
