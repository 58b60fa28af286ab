package org.zeptux.compiler.lower;

import java.util.List;
import org.objectweb.asm.tree.MethodInsnNode;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Compare.Pred;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * The JDK's integer helpers a kernel uses ({@code Integer}, {@code Long}, {@code Math}),
 * lowered to LLVM intrinsics or plain IR with exactly the JDK's results, including its edge
 * cases ({@code Math.abs(MIN_VALUE)}, {@code floorDiv(MIN_VALUE, -1)}, division by zero).
 * docs/dialect.md lists them.
 */
final class JdkIntrinsics {
    private JdkIntrinsics() {}

    static boolean handles(String owner) {
        return owner.equals("java/lang/Integer") || owner.equals("java/lang/Long") || owner.equals("java/lang/Math");
    }

    /** The methods {@link #lower} lowers, as {@code Class.name(desc)} (Class of java.lang). */
    static final java.util.Set<String> KEYS = java.util.Set.of(
            "Integer.bitCount(I)I", "Long.bitCount(J)I", "Integer.numberOfLeadingZeros(I)I",
            "Long.numberOfLeadingZeros(J)I", "Integer.numberOfTrailingZeros(I)I",
            "Long.numberOfTrailingZeros(J)I", "Integer.reverseBytes(I)I", "Long.reverseBytes(J)J",
            "Integer.reverse(I)I", "Long.reverse(J)J", "Integer.rotateLeft(II)I", "Long.rotateLeft(JI)J",
            "Integer.rotateRight(II)I", "Long.rotateRight(JI)J", "Integer.highestOneBit(I)I",
            "Long.highestOneBit(J)J", "Integer.lowestOneBit(I)I", "Long.lowestOneBit(J)J", "Integer.signum(I)I",
            "Long.signum(J)I", "Integer.compare(II)I", "Long.compare(JJ)I", "Integer.compareUnsigned(II)I",
            "Long.compareUnsigned(JJ)I", "Integer.divideUnsigned(II)I", "Long.divideUnsigned(JJ)J",
            "Integer.remainderUnsigned(II)I", "Long.remainderUnsigned(JJ)J", "Integer.toUnsignedLong(I)J",
            "Math.min(II)I", "Math.min(JJ)J", "Math.max(II)I", "Math.max(JJ)J", "Math.abs(I)I", "Math.abs(J)J",
            "Math.floorDiv(II)I", "Math.floorDiv(JJ)J", "Math.floorMod(II)I", "Math.floorMod(JJ)J",
            "Math.floorDiv(JI)J", "Math.floorMod(JI)I");

    /** Whether {@link #lower} lowers {@code call} (StaticCallRule asks, before lowering). */
    static boolean knows(MethodInsnNode call) {
        return handles(call.owner) && KEYS.contains(call.owner.substring("java/lang/".length()) + "." + call.name + call.desc);
    }

    /** Lowers {@code call}; returns false if the JDK method is not one the dialect has ({@link #KEYS}). */
    static boolean lower(MethodInsnNode call, MethodLowering l) {
        boolean isLong = call.owner.equals("java/lang/Long")
                || (call.owner.equals("java/lang/Math") && call.desc.startsWith("(J"));
        Type t = isLong ? Type.I64 : Type.I32;
        String w = isLong ? "i64" : "i32";
        String key = call.owner.substring("java/lang/".length()) + "." + call.name + call.desc;
        switch (key) {
            case "Integer.bitCount(I)I", "Long.bitCount(J)I" -> toInt(l, unary(l, "llvm.ctpop." + w, t));
            case "Integer.numberOfLeadingZeros(I)I", "Long.numberOfLeadingZeros(J)I" ->
                    toInt(l, countZeros(l, "llvm.ctlz." + w, t));
            case "Integer.numberOfTrailingZeros(I)I", "Long.numberOfTrailingZeros(J)I" ->
                    toInt(l, countZeros(l, "llvm.cttz." + w, t));
            case "Integer.reverseBytes(I)I", "Long.reverseBytes(J)J" -> l.pushValue(unary(l, "llvm.bswap." + w, t));
            case "Integer.reverse(I)I", "Long.reverse(J)J" -> l.pushValue(unary(l, "llvm.bitreverse." + w, t));
            case "Integer.rotateLeft(II)I", "Long.rotateLeft(JI)J" -> rotate(l, "llvm.fshl." + w, t);
            case "Integer.rotateRight(II)I", "Long.rotateRight(JI)J" -> rotate(l, "llvm.fshr." + w, t);
            case "Integer.highestOneBit(I)I", "Long.highestOneBit(J)J" -> {
                // v == 0 ? 0 : MIN_VALUE >>> clz(v)
                Value v = l.popValue();
                Value clz = call(l, "llvm.ctlz." + w, t, List.of(v, Value.constant(Type.I1, 0)));
                Value bit = l.add(new Instr.Binary(Op.LSHR, Value.constant(t, isLong ? Long.MIN_VALUE : Integer.MIN_VALUE), clz));
                Value zero = l.add(new Instr.Compare(Pred.EQ, v, Value.constant(t, 0)));
                l.pushValue(l.add(new Instr.Select(zero, Value.constant(t, 0), bit)));
            }
            case "Integer.lowestOneBit(I)I", "Long.lowestOneBit(J)J" -> {
                Value v = l.popValue();
                Value neg = l.add(new Instr.Binary(Op.SUB, Value.constant(t, 0), v));
                l.pushValue(l.add(new Instr.Binary(Op.AND, v, neg)));
            }
            case "Integer.signum(I)I", "Long.signum(J)I" -> {
                Value v = l.popValue();
                l.pushValue(threeWay(l, v, Value.constant(t, 0), Pred.SLT, Pred.SGT));
            }
            case "Integer.compare(II)I", "Long.compare(JJ)I" -> {
                Value b = l.popValue();
                l.pushValue(threeWay(l, l.popValue(), b, Pred.SLT, Pred.SGT));
            }
            case "Integer.compareUnsigned(II)I", "Long.compareUnsigned(JJ)I" -> {
                Value b = l.popValue();
                l.pushValue(threeWay(l, l.popValue(), b, Pred.ULT, Pred.UGT));
            }
            case "Integer.divideUnsigned(II)I", "Long.divideUnsigned(JJ)J" -> unsignedDivide(l, t, Op.UDIV);
            case "Integer.remainderUnsigned(II)I", "Long.remainderUnsigned(JJ)J" -> unsignedDivide(l, t, Op.UREM);
            case "Integer.toUnsignedLong(I)J" -> l.pushValue(l.add(new Convert(Convert.Op.ZEXT, l.popValue(), Type.I64)));
            case "Math.min(II)I", "Math.min(JJ)J" -> binaryIntrinsic(l, "llvm.smin." + w, t);
            case "Math.max(II)I", "Math.max(JJ)J" -> binaryIntrinsic(l, "llvm.smax." + w, t);
            case "Math.abs(I)I", "Math.abs(J)J" -> {
                Value v = l.popValue();
                // abs(MIN_VALUE) is MIN_VALUE in Java: not poison.
                l.pushValue(call(l, "llvm.abs." + w, t, List.of(v, Value.constant(Type.I1, 0))));
            }
            case "Math.floorDiv(II)I", "Math.floorDiv(JJ)J" -> floor(l, t, false);
            case "Math.floorMod(II)I", "Math.floorMod(JJ)J" -> floor(l, t, true);
            case "Math.floorDiv(JI)J", "Math.floorMod(JI)I" -> {
                // The long-by-int overloads: widen the divisor, compute in 64 bits; a floorMod
                // result lies strictly between 0 and the int divisor, so it fits an int.
                l.pushValue(l.add(new Convert(Convert.Op.SEXT, l.popValue(), Type.I64)));
                floor(l, Type.I64, call.name.equals("floorMod"));
                if (call.name.equals("floorMod")) {
                    l.pushValue(l.add(new Convert(Convert.Op.TRUNC, l.popValue(), Type.I32)));
                }
            }
            default -> {
                return false;                       // not in KEYS
            }
        }
        return true;
    }

    private static Value unary(MethodLowering l, String intrinsic, Type t) {
        return call(l, intrinsic, t, List.of(l.popValue()));
    }

    /** ctlz/cttz with zero defined (the JDK returns the width for 0). */
    private static Value countZeros(MethodLowering l, String intrinsic, Type t) {
        return call(l, intrinsic, t, List.of(l.popValue(), Value.constant(Type.I1, 0)));
    }

    private static void toInt(MethodLowering l, Value v) {
        l.pushValue(v.type() == Type.I64 ? l.add(new Convert(Convert.Op.TRUNC, v, Type.I32)) : v);
    }

    /** Java rotates by the distance modulo the width, as funnel shifts do. */
    private static void rotate(MethodLowering l, String intrinsic, Type t) {
        Value distance = l.popValue();
        Value v = l.popValue();
        if (t == Type.I64) {
            distance = l.add(new Convert(Convert.Op.SEXT, distance, Type.I64));
        }
        l.pushValue(call(l, intrinsic, t, List.of(v, v, distance)));
    }

    private static void binaryIntrinsic(MethodLowering l, String intrinsic, Type t) {
        Value b = l.popValue();
        Value a = l.popValue();
        l.pushValue(call(l, intrinsic, t, List.of(a, b)));
    }

    /** -1, 0 or 1 as {@code a} is below, equal to or above {@code b} by the given predicates. */
    private static Value threeWay(MethodLowering l, Value a, Value b, Pred below, Pred above) {
        Value lt = l.add(new Instr.Compare(below, a, b));
        Value gt = l.add(new Instr.Compare(above, a, b));
        Value one = l.add(new Instr.Select(gt, MethodLowering.i32(1), MethodLowering.i32(0)));
        return l.add(new Instr.Select(lt, MethodLowering.i32(-1), one));
    }

    private static void unsignedDivide(MethodLowering l, Type t, Op op) {
        Value b = l.popValue();
        Value a = l.popValue();
        l.checks.checkDivisor(b);
        l.pushValue(l.add(new Instr.Binary(op, a, b)));
    }

    /**
     * floorDiv and floorMod: the truncating quotient, moved one down when the signs differ and
     * there is a remainder. A zero divisor throws; a divisor of -1 never reaches sdiv.
     */
    private static void floor(MethodLowering l, Type t, boolean mod) {
        Value b = l.popValue();
        Value a = l.popValue();
        l.checks.checkDivisor(b);
        Value minusOne = l.add(new Instr.Compare(Pred.EQ, b, Value.constant(t, -1)));
        Value safe = l.add(new Instr.Select(minusOne, Value.constant(t, 1), b));
        Value q = l.add(new Instr.Binary(Op.SDIV, a, safe));
        Value r = l.add(new Instr.Binary(Op.SREM, a, safe));
        Value signsDiffer = l.add(new Instr.Compare(Pred.SLT, l.add(new Instr.Binary(Op.XOR, a, b)), Value.constant(t, 0)));
        Value inexact = l.add(new Instr.Compare(Pred.NE, r, Value.constant(t, 0)));
        Value adjust = l.add(new Instr.Select(signsDiffer, inexact, Value.constant(Type.I1, 0)));
        Value result;
        if (mod) {
            Value moved = l.add(new Instr.Binary(Op.ADD, r, b));
            result = l.add(new Instr.Select(adjust, moved, r));
            result = l.add(new Instr.Select(minusOne, Value.constant(t, 0), result));
        } else {
            Value moved = l.add(new Instr.Binary(Op.SUB, q, Value.constant(t, 1)));
            result = l.add(new Instr.Select(adjust, moved, q));
            Value negated = l.add(new Instr.Binary(Op.SUB, Value.constant(t, 0), a));
            result = l.add(new Instr.Select(minusOne, negated, result));
        }
        l.pushValue(result);
    }

    private static Value call(MethodLowering l, String intrinsic, Type result, List<Value> args) {
        l.declare(new Module.Declaration(intrinsic, result, args.stream().map(Value::type).toList(), false));
        return l.add(new Instr.Call(result, intrinsic, args, false));
    }
}
