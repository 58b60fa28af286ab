package org.zeptux.compiler.lower;

import org.zeptux.compiler.ir.Global;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.AtomicRmw;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Instr.Ordering;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * The runtime's atomics: {@code org.zeptux.rt.AtomicInt}, {@code AtomicLong} and
 * {@code AtomicFlag} (image-heap objects: a class word, then the value at +8) and
 * {@code org.zeptux.rt.Atomic} (raw addresses), each call one LLVM atomic instruction.
 * docs/dialect.md lists them; {@code golden/Concurrency.ll} shows every one.
 */
final class Atomics {
    /** Where an atomic object keeps its value: after the class word. */
    static final int VALUE_OFFSET = 8;

    private Atomics() {}

    /** The value an atomic object of the image heap starts with, or null if {@code value} is none. */
    static Global.Scalar initialValue(Object value) {
        if (value instanceof org.zeptux.rt.AtomicInt a) {
            return new Global.Scalar(Type.I32, a.get());
        } else if (value instanceof org.zeptux.rt.AtomicLong a) {
            return new Global.Scalar(Type.I64, a.get());
        } else if (value instanceof org.zeptux.rt.AtomicFlag a) {
            return new Global.Scalar(Type.I8, a.get() ? 1 : 0);
        }
        return null;
    }

    /** Lowers a call of the atomics API ({@code key}: class.name+descriptor); false if it is none. */
    static boolean lower(String key, MethodLowering l) {
        int dot = key.indexOf('.');
        String cls = key.substring(0, dot);
        String m = key.substring(dot + 1);
        return switch (cls) {
            case "AtomicInt" -> object(m, Type.I32, l);
            case "AtomicLong" -> object(m, Type.I64, l);
            case "AtomicFlag" -> flag(m, l);
            case "Atomic" -> address(m, l);
            default -> false;
        };
    }

    /** AtomicInt's and AtomicLong's methods (each name has one descriptor), on a value of type {@code t}. */
    private static boolean object(String m, Type t, MethodLowering l) {
        String name = m.substring(0, m.indexOf('('));
        Value one = Value.constant(t, 1);
        switch (name) {
            case "get", "getAcquire" -> {
                Value at = field(l, l.popValue());
                l.pushValue(l.add(new Instr.AtomicLoad(t, at, name.equals("get") ? Ordering.SEQ_CST : Ordering.ACQUIRE)));
            }
            case "set", "setRelease" -> {
                Value v = l.popValue();
                Value at = field(l, l.popValue());
                l.add(new Instr.AtomicStore(v, at, name.equals("set") ? Ordering.SEQ_CST : Ordering.RELEASE));
            }
            case "compareAndSet", "compareAndExchange" -> {
                Value replacement = l.popValue();
                Value expected = l.popValue();
                Value at = field(l, l.popValue());
                Value old = l.add(new Instr.CmpXchg(at, expected, replacement, Ordering.SEQ_CST));
                l.pushValue(name.equals("compareAndSet") ? succeeded(l, old, expected) : old);
            }
            case "getAndSet" -> rmw(l, AtomicRmw.Op.XCHG, null, false);
            case "getAndAdd" -> rmw(l, AtomicRmw.Op.ADD, null, false);
            case "addAndGet" -> rmw(l, AtomicRmw.Op.ADD, null, true);
            case "getAndIncrement" -> rmw(l, AtomicRmw.Op.ADD, one, false);
            case "incrementAndGet" -> rmw(l, AtomicRmw.Op.ADD, one, true);
            case "getAndDecrement" -> rmw(l, AtomicRmw.Op.SUB, one, false);
            case "decrementAndGet" -> rmw(l, AtomicRmw.Op.SUB, one, true);
            case "getAndBitwiseOr" -> rmw(l, AtomicRmw.Op.OR, null, false);
            case "getAndBitwiseAnd" -> rmw(l, AtomicRmw.Op.AND, null, false);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * An atomicrmw on the object's value; the operand is {@code constant} or popped. The result
     * is the old value, or (for {@code newValue}) the old value combined with the operand.
     */
    private static void rmw(MethodLowering l, AtomicRmw.Op op, Value constant, boolean newValue) {
        Value v = constant != null ? constant : l.popValue();
        Value at = field(l, l.popValue());
        Value old = l.add(new AtomicRmw(op, at, v, Ordering.SEQ_CST));
        if (!newValue) {
            l.pushValue(old);
            return;
        }
        l.pushValue(l.add(new Instr.Binary(op == AtomicRmw.Op.SUB ? Instr.Binary.Op.SUB : Instr.Binary.Op.ADD, old, v)));
    }

    /** AtomicFlag: a byte holding 0 or 1; booleans are i32 on the operand stack. */
    private static boolean flag(String m, MethodLowering l) {
        switch (m) {
            case "get()Z", "getAcquire()Z" -> {
                Value at = field(l, l.popValue());
                Value b = l.add(new Instr.AtomicLoad(Type.I8, at, m.startsWith("get(") ? Ordering.SEQ_CST : Ordering.ACQUIRE));
                l.pushValue(l.add(new Convert(Convert.Op.ZEXT, b, Type.I32)));
            }
            case "set(Z)V", "setRelease(Z)V", "clear()V" -> {
                Value v = m.startsWith("clear") ? Value.constant(Type.I8, 0) : toByte(l, l.popValue());
                Value at = field(l, l.popValue());
                l.add(new Instr.AtomicStore(v, at, m.startsWith("set(") ? Ordering.SEQ_CST : Ordering.RELEASE));
            }
            case "testAndSet()Z", "getAndSet(Z)Z" -> {
                Value v = m.startsWith("testAndSet") ? Value.constant(Type.I8, 1) : toByte(l, l.popValue());
                Value at = field(l, l.popValue());
                Value old = l.add(new AtomicRmw(AtomicRmw.Op.XCHG, at, v, Ordering.SEQ_CST));
                l.pushValue(l.add(new Convert(Convert.Op.ZEXT, old, Type.I32)));
            }
            case "compareAndSet(ZZ)Z" -> {
                Value replacement = toByte(l, l.popValue());
                Value expected = toByte(l, l.popValue());
                Value at = field(l, l.popValue());
                Value old = l.add(new Instr.CmpXchg(at, expected, replacement, Ordering.SEQ_CST));
                l.pushValue(succeeded(l, old, expected));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Atomic's static methods on an Address. */
    private static boolean address(String m, MethodLowering l) {
        final String a = "(Lorg/zeptux/rt/Address;";
        switch (m) {
            case "load32Acquire" + a + ")I", "load64Acquire" + a + ")J" -> {
                Type t = m.startsWith("load32") ? Type.I32 : Type.I64;
                l.pushValue(l.add(new Instr.AtomicLoad(t, l.popValue(), Ordering.ACQUIRE)));
            }
            case "store32Release" + a + "I)V", "store64Release" + a + "J)V" -> {
                Value v = l.popValue();
                l.add(new Instr.AtomicStore(v, l.popValue(), Ordering.RELEASE));
            }
            case "compareAndExchange32" + a + "II)I", "compareAndExchange64" + a + "JJ)J" -> {
                Value replacement = l.popValue();
                Value expected = l.popValue();
                l.pushValue(l.add(new Instr.CmpXchg(l.popValue(), expected, replacement, Ordering.SEQ_CST)));
            }
            case "exchange32" + a + "I)I", "exchange64" + a + "J)J", "fetchAdd32" + a + "I)I", "fetchAdd64" + a + "J)J" -> {
                Value v = l.popValue();
                AtomicRmw.Op op = m.startsWith("exchange") ? AtomicRmw.Op.XCHG : AtomicRmw.Op.ADD;
                l.pushValue(l.add(new AtomicRmw(op, l.popValue(), v, Ordering.SEQ_CST)));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The address of an atomic object's value, after the null check of the object. */
    private static Value field(MethodLowering l, Value object) {
        return l.add(new Instr.Offset(l.checks.receiverChecked(object), Value.constant(Type.I64, VALUE_OFFSET)));
    }

    private static Value succeeded(MethodLowering l, Value old, Value expected) {
        return l.add(new Convert(Convert.Op.ZEXT, l.add(new Instr.Compare(Instr.Compare.Pred.EQ, old, expected)), Type.I32));
    }

    /** A Java boolean (an int, 0 or 1) as the flag's byte. */
    private static Value toByte(MethodLowering l, Value v) {
        return l.add(new Convert(Convert.Op.TRUNC, v, Type.I8));
    }
}
