package org.zeptux.compiler.lower;

import java.util.List;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Compare.Pred;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * Java's implicit checks: null checks, array bounds and lengths, and the cold blocks that call
 * the throw hook (a layer of {@link MethodLowering}; see {@link LoweringState}).
 */
abstract class CheckLowering extends LoweringState {
    CheckLowering(Program program, ClassNode cls, MethodNode method) {
        super(program, cls, method);
    }

    /** Null and bounds checks, then the address of element {@code index}. */
    Value elementAddress(Value array, Value index, Type element) {
        if (program.checks() && !checkedByGuard.contains(insn)) {
            nullChecked(array);
            Value length = lengthOf(array);
            Value outside = add(new Instr.Compare(Pred.UGE, index, length));
            check(outside, "java.lang.ArrayIndexOutOfBoundsException", "Index %d out of bounds for length %d", index, length);
        }
        LoopIndex exact = loopIndex.get(insn);
        if (exact != null) {
            // In a checked loop's fast copy: s * i + t in 64 bits, an affine function of i that
            // LLVM strength-reduces (the int index computed above is then unused).
            Value i = add(new Convert(Convert.Op.SEXT, add(new Instr.Load(Type.I32, slot("l" + exact.iv(), Type.I32),
                    4, false)), Type.I64));
            Value wide = exact.s() == null ? i : add(new Instr.Binary(Op.MUL, exact.s(), i));
            if (exact.t() != null) {
                wide = add(new Instr.Binary(Op.ADD, wide, exact.t()));
            }
            Value scaled = add(new Instr.Binary(Op.MUL, wide, i64(element.size)));
            return add(new Instr.Offset(array, add(new Instr.Binary(Op.ADD, scaled, i64(Layout.ELEMENTS_OFFSET)))));
        }
        // a[x + c]: once x + c is in bounds it did not wrap (for c >= -1; below), so the address
        // is a + 16 + size * (x + c) computed in 64 bits: a[x], a[x + 1] ... then share x's
        // extension and LLVM sees they are adjacent (it combines loads, vectorises, widens loops).
        Value base = index;
        long extra = 0;
        if (index instanceof Instr.Binary b && b.right instanceof Value.Constant k
                && (b.op == Op.ADD || b.op == Op.SUB)) {
            long c = b.op == Op.ADD ? k.value : -k.value;
            if (c >= -1 && c <= 1 << 20) {
                base = b.left;
                extra = c;
            }
        }
        Value wide = add(new Convert(Convert.Op.SEXT, base, Type.I64));
        Value scaled = add(new Instr.Binary(Op.MUL, wide, i64(element.size)));
        Value bytes = add(new Instr.Binary(Op.ADD, scaled, i64(Layout.ELEMENTS_OFFSET + extra * element.size)));
        return add(new Instr.Offset(array, bytes));
    }

    /**
     * The length of an array or string: no store changes it (objects live in the image heap and
     * never change size), so the load is invariant and LLVM may hoist it out of loops; and it is
     * never negative, which lets LLVM fold {@code i >= 0 && i < length} checks.
     */
    Value lengthOf(Value ref) {
        int known = ref instanceof Value.Symbol s ? program.heap().arrayLength(s.name) : knownLengths.getOrDefault(ref, -1);
        if (known >= 0) {
            return i32(known);
        }
        return add(Instr.Load.length(offset(ref, Layout.LENGTH_OFFSET)));
    }

    Value nullChecked(Value ref) {
        if (!program.checks() || ref instanceof Value.Symbol || nonNull.contains(ref)) {
            return ref; // a global's address is never null, nor is this
        }
        if (nullMessages == null) {
            nullMessages = new NullMessages(cls, method);
        }
        return nullChecked(ref, nullMessages.message(insn));
    }

    /** The null check of {@code ref} with the NullPointerException's {@code message} (or null). */
    Value nullChecked(Value ref, String message) {
        if (!program.checks() || ref instanceof Value.Symbol || nonNull.contains(ref)) {
            return ref;
        }
        Value isNull = add(new Instr.Compare(Pred.EQ, ref, Value.nullPtr()));
        check(isNull, "java.lang.NullPointerException", message);
        return ref;
    }

    Value offset(Value base, long bytes) {
        return add(new Instr.Offset(base, i64(bytes)));
    }

    /** Throws ArithmeticException("/ by zero") where {@code divisor} is zero. */
    void checkDivisor(Value divisor) {
        check(add(new Instr.Compare(Pred.EQ, divisor, Value.constant(divisor.type(), 0))),
                "java.lang.ArithmeticException", "/ by zero");
    }

    /** The null check of the receiver of the call being lowered, with the JVM's message. */
    Value receiverChecked(Value receiver) {
        return nullChecked(receiver);
    }

    /**
     * Where {@code failed} is true, calls the throw hook with {@code exception}, the constant
     * {@code message} (or null) and this method and line; execution continues where it is false.
     */
    void check(Value failed, String exception, String message) {
        Block ok = coldPath(failed);
        callThrowHook(exception, message == null ? Value.nullPtr() : new Value.Symbol(program.heap().string(message)));
        current = ok;
    }

    /** {@link #check} with a message made at run time: {@code format} with the numbers {@code a} and {@code b} (Failures). */
    void check(Value failed, String exception, String format, Value a, Value b) {
        Block ok = coldPath(failed);
        Failures.raise(program, current, exception, format, null, null, a, b, whereString());
        for (Instr i : current.instrs()) {
            i.at(line);
        }
        current = ok;
    }

    /** Branches on {@code failed} to a new cold block, made current; returns the block where it is false. */
    Block coldPath(Value failed) {
        Block cold = fn.newBlock("throw" + coldBlocks);
        Block ok = fn.newBlock("ok" + coldBlocks);
        coldBlocks++;
        add(new Instr.Branch(failed, cold, ok));
        current = cold;
        return ok;
    }

    /** Calls the throw hook with the exception's class name, its message and this method and line. */
    void callThrowHook(String exception, Value message) {
        ImageHeap heap = program.heap();
        String where = where();
        program.module().declare(new Module.Declaration(Program.THROW_HOOK, Type.VOID,
                List.of(Type.PTR, Type.PTR, Type.PTR), true));
        add(new Instr.Call(Type.VOID, Program.THROW_HOOK,
                List.of(new Value.Symbol(heap.string(exception)), message, new Value.Symbol(heap.string(where))), true));
        add(new Instr.Unreachable());
    }
}
