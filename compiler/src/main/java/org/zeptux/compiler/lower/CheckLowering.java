package org.zeptux.compiler.lower;

import static org.zeptux.compiler.lower.LoweringState.*;

import java.util.List;
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
 * the throw hook (a family {@link MethodLowering} is composed of; see {@link LoweringState}).
 */
final class CheckLowering {
    private final MethodLowering l;

    CheckLowering(MethodLowering l) {
        this.l = l;
    }

    /** Null and bounds checks, then the address of element {@code index}. */
    Value elementAddress(Value array, Value index, Type element) {
        if (l.program.checks() && !l.checkedByGuard.contains(l.insn)) {
            nullChecked(array);
            Value length = lengthOf(array);
            Value outside = l.add(new Instr.Compare(Pred.UGE, index, length));
            check(outside, "java.lang.ArrayIndexOutOfBoundsException", "Index %d out of bounds for length %d", index, length);
        }
        LoopIndex exact = l.loopIndex.get(l.insn);
        if (exact != null) {
            // In a checked loop's fast copy: s * i + t in 64 bits, an affine function of i that
            // LLVM strength-reduces (the int index computed above is then unused).
            Value i = l.add(new Convert(Convert.Op.SEXT, l.add(new Instr.Load(Type.I32, l.slot("l" + exact.iv(), Type.I32),
                    4, false)), Type.I64));
            Value wide = exact.s() == null ? i : l.add(new Instr.Binary(Op.MUL, exact.s(), i));
            if (exact.t() != null) {
                wide = l.add(new Instr.Binary(Op.ADD, wide, exact.t()));
            }
            Value scaled = l.add(new Instr.Binary(Op.MUL, wide, i64(element.size)));
            return l.add(new Instr.Offset(array, l.add(new Instr.Binary(Op.ADD, scaled, i64(Layout.ELEMENTS_OFFSET)))));
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
        Value wide = l.add(new Convert(Convert.Op.SEXT, base, Type.I64));
        Value scaled = l.add(new Instr.Binary(Op.MUL, wide, i64(element.size)));
        Value bytes = l.add(new Instr.Binary(Op.ADD, scaled, i64(Layout.ELEMENTS_OFFSET + extra * element.size)));
        return l.add(new Instr.Offset(array, bytes));
    }

    /**
     * The length of an array or string: no store changes it (objects live in the image heap and
     * never change size), so the load is invariant and LLVM may hoist it out of loops; and it is
     * never negative, which lets LLVM fold {@code i >= 0 && i < length} checks.
     */
    Value lengthOf(Value ref) {
        int known = ref instanceof Value.Symbol s ? l.program.heap().arrayLength(s.name) : l.knownLengths.getOrDefault(ref, -1);
        if (known >= 0) {
            return i32(known);
        }
        return l.add(Instr.Load.length(offset(ref, Layout.LENGTH_OFFSET)));
    }

    Value nullChecked(Value ref) {
        if (!l.program.checks() || ref instanceof Value.Symbol || l.nonNull.contains(ref)) {
            return ref; // a global's address is never null, nor is this
        }
        if (l.nullMessages == null) {
            l.nullMessages = new NullMessages(l.cls, l.method);
        }
        return nullChecked(ref, l.nullMessages.message(l.insn));
    }

    /** The null check of {@code ref} with the NullPointerException's {@code message} (or null). */
    Value nullChecked(Value ref, String message) {
        if (!l.program.checks() || ref instanceof Value.Symbol || l.nonNull.contains(ref)) {
            return ref;
        }
        Value isNull = l.add(new Instr.Compare(Pred.EQ, ref, Value.nullPtr()));
        check(isNull, "java.lang.NullPointerException", message);
        return ref;
    }

    Value offset(Value base, long bytes) {
        return l.add(new Instr.Offset(base, i64(bytes)));
    }

    /** Throws ArithmeticException("/ by zero") where {@code divisor} is zero. */
    void checkDivisor(Value divisor) {
        check(l.add(new Instr.Compare(Pred.EQ, divisor, Value.constant(divisor.type(), 0))),
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
        callThrowHook(exception, message == null ? Value.nullPtr() : new Value.Symbol(l.program.heap().string(message)));
        l.current = ok;
    }

    /** {@link #check} with a message made at run time: {@code format} with the numbers {@code a} and {@code b} (Failures). */
    void check(Value failed, String exception, String format, Value a, Value b) {
        Block ok = coldPath(failed);
        Failures.raise(l.program, l.current, exception, format, null, null, a, b, l.whereString());
        for (Instr i : l.current.instrs()) {
            i.at(l.line);
        }
        l.current = ok;
    }

    /** Branches on {@code failed} to a new cold block, made current; returns the block where it is false. */
    Block coldPath(Value failed) {
        Block cold = l.fn.newBlock("throw" + l.coldBlocks);
        Block ok = l.fn.newBlock("ok" + l.coldBlocks);
        l.coldBlocks++;
        l.add(new Instr.Branch(failed, cold, ok));
        l.current = cold;
        return ok;
    }

    /** Calls the throw hook with the exception's class name, its message and this method and line. */
    void callThrowHook(String exception, Value message) {
        ImageHeap heap = l.program.heap();
        String where = l.where();
        l.program.module().declare(new Module.Declaration(Program.THROW_HOOK, Type.VOID,
                List.of(Type.PTR, Type.PTR, Type.PTR), true));
        l.add(new Instr.Call(Type.VOID, Program.THROW_HOOK,
                List.of(new Value.Symbol(heap.string(exception)), message, new Value.Symbol(heap.string(where))), true));
        l.add(new Instr.Unreachable());
    }
}
