package org.zeptux.compiler.lower;

import static org.zeptux.compiler.lower.LoweringState.*;

import java.util.List;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Compare.Pred;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * Constants, the dup family, arithmetic, division, shifts, narrowing and comparisons, made exact
 * as the JVM defines them (a family {@link MethodLowering} is composed of; see {@link LoweringState}).
 */
final class ArithmeticLowering {
    private final MethodLowering l;

    ArithmeticLowering(MethodLowering l) {
        this.l = l;
    }

    void ldc(Object c) {
        if (c instanceof Integer i) {
            l.push(i32(i));
        } else if (c instanceof Long n) {
            l.push(i64(n));
        } else if (c instanceof String s) {
            l.push(new Value.Symbol(l.program.heap().string(s)));
        } else if (c instanceof org.objectweb.asm.Type t && t.getSort() == org.objectweb.asm.Type.OBJECT) {
            l.push(new ClassConstant(t.getInternalName()));  // for Structs.at/size (Rules allows no other use)
        } else {
            throw new IllegalStateException("unchecked constant " + c + " (ConstantRule refuses it)");
        }
    }

    /** JVM dup family: copies the top {@code words} words below the next {@code under} words. */
    void dup(int words, int under) {
        List<Value> top = l.popWords(words);
        List<Value> below = under == 0 ? List.of() : l.popWords(under);
        l.stack.addAll(top);
        l.stack.addAll(below);
        l.stack.addAll(top);
    }

    void binary(Op op) {
        Value b = l.pop();
        Value a = l.pop();
        l.push(l.add(new Instr.Binary(op, a, b)));
    }

    /**
     * Java division: a zero divisor throws; {@code MIN_VALUE / -1} wraps to MIN_VALUE and its
     * remainder is 0 (in LLVM both would be undefined), so -1 is handled without dividing.
     */
    void divide(boolean remainder) {
        Value b = l.pop();
        Value a = l.pop();
        Type t = a.type();
        l.checks.checkDivisor(b);
        Value minusOne = l.add(new Instr.Compare(Pred.EQ, b, Value.constant(t, -1)));
        Value safe = l.add(new Instr.Select(minusOne, Value.constant(t, 1), b));
        Value q = l.add(new Instr.Binary(remainder ? Op.SREM : Op.SDIV, a, safe));
        Value special = remainder ? Value.constant(t, 0)
                : l.add(new Instr.Binary(Op.SUB, Value.constant(t, 0), a));
        l.push(l.add(new Instr.Select(minusOne, special, q)));
    }

    /** Java shifts use only the low 5 (int) or 6 (long) bits of the count. */
    void shift(Op op) {
        Value count = l.pop();
        Value a = l.pop();
        if (a.type() == Type.I64) {
            count = l.add(new Convert(Convert.Op.ZEXT, count, Type.I64));
        }
        Value masked = l.add(new Instr.Binary(Op.AND, count, Value.constant(a.type(), a.type() == Type.I64 ? 63 : 31)));
        l.push(l.add(new Instr.Binary(op, a, masked)));
    }

    Value narrow(Value v, Type to, boolean signed) {
        Value t = l.add(new Convert(Convert.Op.TRUNC, v, to));
        return l.add(new Convert(signed ? Convert.Op.SEXT : Convert.Op.ZEXT, t, Type.I32));
    }

    /** JVM condition order: eq, ne, lt, ge, gt, le. */
    Value compare(int cond, Value a, Value b) {
        Pred p = switch (cond) {
            case 0 -> Pred.EQ;
            case 1 -> Pred.NE;
            case 2 -> Pred.SLT;
            case 3 -> Pred.SGE;
            case 4 -> Pred.SGT;
            default -> Pred.SLE;
        };
        return l.add(new Instr.Compare(p, a, b));
    }
}
