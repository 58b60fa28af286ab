package org.zeptux.compiler.lower;

import java.util.List;
import org.objectweb.asm.tree.MethodInsnNode;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Compare.Pred;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * {@code System.arraycopy}, and {@code Arrays.fill} and {@code Arrays.equals} for primitive
 * arrays: each call becomes a call of a function zeptuxc generates once per module, which
 * makes the JVM's checks in the JVM's order with HotSpot's messages, then copies with
 * {@code llvm.memmove} (overlapping ranges included) where the element types allow, and
 * element by element with the store check where a reference array's elements must each be
 * checked against the destination's component type. LLVM inlines the functions where it pays.
 */
final class ArrayCopy {
    private ArrayCopy() {}

    static final String ARRAYCOPY = "zeptux.arraycopy";

    /** The primitive array types by descriptor, with the element names HotSpot's messages use. */
    static final List<String> PRIMITIVES = List.of("[Z", "[B", "[C", "[S", "[I", "[J");
    private static final List<String> NAMES = List.of("boolean", "byte", "char", "short", "int", "long");

    /** Lowers {@code call} if it is one of these JDK methods; returns false otherwise. */
    static boolean lower(MethodInsnNode call, MethodLowering l) {
        String key = call.owner + "." + call.name + call.desc;
        if (key.equals("java/lang/System.arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V")) {
            Value n = l.popValue();
            Value dp = l.popValue();
            Value dst = l.popValue();
            Value sp = l.popValue();
            Value src = l.popValue();
            defineArraycopy(l.program());
            l.add(new Instr.Call(Type.VOID, Function.Ext.NONE, ARRAYCOPY, List.of(src, sp, dst, dp, n, l.whereString()),
                    List.of(Function.Ext.NONE, Function.Ext.NONE, Function.Ext.NONE, Function.Ext.NONE,
                            Function.Ext.NONE, Function.Ext.NONE), false));
            return true;
        }
        if (!call.owner.equals("java/util/Arrays")) {
            return false;
        }
        if (!arraysMethod(call)) {
            throw new IllegalStateException("unchecked " + describe(call) + " (ArraysRule refuses it)");
        }
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        String array = args[0].getDescriptor();
        if (call.name.equals("fill") && (args.length == 2 || args.length == 4)) {
            Value v = l.popValue();
            Value to = args.length == 4 ? l.popValue() : null;
            Value from = args.length == 4 ? l.popValue() : null;
            Value a = l.popValue();
            String fn = defineFill(l.program(), array, args.length == 4);
            List<Value> values = args.length == 4 ? List.of(a, from, to, v, l.whereString()) : List.of(a, v, l.whereString());
            l.add(new Instr.Call(Type.VOID, Function.Ext.NONE, fn, values,
                    values.stream().map(x -> Function.Ext.NONE).toList(), false));
            return true;
        }
        if (call.name.equals("equals") && args.length == 2) {
            Value b = l.popValue();
            Value a = l.popValue();
            String fn = defineEquals(l.program(), array);
            Value eq = l.add(new Instr.Call(Type.I8, Function.Ext.ZERO, fn, List.of(a, b),
                    List.of(Function.Ext.NONE, Function.Ext.NONE), false));
            l.pushValue(l.add(new Convert(Convert.Op.ZEXT, eq, Type.I32)));
            return true;
        }
        throw new IllegalStateException("unchecked " + describe(call) + " (ArraysRule refuses it)");
    }

    /** Whether {@link #lower} takes {@code call}: System.arraycopy, or any method of java.util.Arrays (ArraysRule checks which). */
    static boolean handles(MethodInsnNode call) {
        return call.owner.equals("java/util/Arrays")
                || (call.owner + "." + call.name + call.desc).equals("java/lang/System.arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V");
    }

    /** Whether {@code call} is a java.util.Arrays method the dialect has: fill or equals of a primitive array. */
    static boolean arraysMethod(MethodInsnNode call) {
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        if (args.length == 0 || args[0].getSort() != org.objectweb.asm.Type.ARRAY || args[0].getDimensions() != 1
                || !PRIMITIVES.contains(args[0].getDescriptor())) {
            return false;
        }
        return call.name.equals("fill") && (args.length == 2 || args.length == 4)
                || call.name.equals("equals") && args.length == 2;
    }

    private static String describe(MethodInsnNode call) {
        StringBuilder sb = new StringBuilder(call.owner.replace('/', '.')).append('.').append(call.name).append('(');
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(args[i].getClassName());
        }
        return sb.append(')').toString();
    }

    private static int elementSize(String array) {
        return switch (array.charAt(1)) {
            case 'Z', 'B' -> 1;
            case 'C', 'S' -> 2;
            case 'I' -> 4;
            default -> 8;
        };
    }

    private static Type elementType(String array) {
        return switch (elementSize(array)) {
            case 1 -> Type.I8;
            case 2 -> Type.I16;
            case 4 -> Type.I32;
            default -> Type.I64;
        };
    }

    /**
     * {@code void zeptux.arraycopy(ptr src, i32 srcPos, ptr dst, i32 dstPos, i32 length, ptr where)}:
     * HotSpot's {@code JVM_ArrayCopy}. Null arrays, then the array types (both arrays, of the same
     * primitive type or both of references), then positions and length; then the copy: a
     * {@code memmove} of the bytes, unless a reference array's class is not a subtype of the
     * destination's, when each element is checked as aastore checks it and the copy stops at the
     * first that does not fit (the elements before it are copied, as on the JVM).
     */
    static void defineArraycopy(Program program) {
        Module module = program.module();
        if (module.functions().containsKey(ARRAYCOPY)) {
            return;
        }
        ObjectModel model = program.model();
        Function f = new Function(ARRAYCOPY, Type.VOID, Function.Ext.NONE, false);
        f.setSource("java.lang.System.arraycopy, generated by zeptuxc");
        Builder b = new Builder(f);
        Value src = b.param(Type.PTR);
        Value sp = b.param(Type.I32);
        Value dst = b.param(Type.PTR);
        Value dp = b.param(Type.I32);
        Value n = b.param(Type.I32);
        Value where = b.param(Type.PTR);

        Failures.raise(program, b.unless(b.compare(Pred.EQ, src, Value.nullPtr()), "src_null"),
                "java.lang.NullPointerException", Value.nullPtr(), where);
        Failures.raise(program, b.unless(b.compare(Pred.EQ, dst, Value.nullPtr()), "dst_null"),
                "java.lang.NullPointerException", Value.nullPtr(), where);
        Value sc = b.load(Type.PTR, src);
        Value dc = b.load(Type.PTR, dst);
        Value dcomp = b.load(Type.PTR, b.offset(dc, ObjectModel.COMPONENT_OFFSET));
        Value sRef = b.compare(Pred.NE, b.load(Type.PTR, b.offset(sc, ObjectModel.COMPONENT_OFFSET)), Value.nullPtr());
        Value dRef = b.compare(Pred.NE, dcomp, Value.nullPtr());
        Value sPrim = Value.constant(Type.I1, 0);
        Value dPrim = Value.constant(Type.I1, 0);
        Value sName = Failures.string(program, "object array");
        Value dName = sName;
        for (int i = 0; i < PRIMITIVES.size(); i++) {
            Value info = new Value.Symbol(model.classInfo(PRIMITIVES.get(i)));
            Value name = Failures.string(program, NAMES.get(i));
            Value s = b.compare(Pred.EQ, sc, info);
            Value d = b.compare(Pred.EQ, dc, info);
            sPrim = b.binary(Op.OR, sPrim, s);
            dPrim = b.binary(Op.OR, dPrim, d);
            sName = b.select(s, name, sName);
            dName = b.select(d, name, dName);
        }
        String ase = "java.lang.ArrayStoreException";
        Builder notArray = new Builder(b.fn, b.unless(b.binary(Op.XOR, b.binary(Op.OR, sPrim, sRef),
                Value.constant(Type.I1, 1)), "src_not_array"));
        Value sourceName = ClassNames.name(program, notArray, sc);
        Failures.raise(program, notArray.at, ase, "arraycopy: source type %s is not an array", sourceName, null, null,
                null, where);
        Block mismatch = b.unless(b.binary(Op.OR, b.binary(Op.AND, sPrim, dRef), b.binary(Op.AND, sRef, dPrim)),
                "kind_mismatch");
        Failures.raise(program, mismatch, ase, "arraycopy: type mismatch: can not copy %s[] into %s[]", sName, dName,
                null, null, where);
        Builder dstNotArray = new Builder(b.fn, b.unless(b.binary(Op.XOR, b.binary(Op.OR, dPrim, dRef),
                Value.constant(Type.I1, 1)), "dst_not_array"));
        Value destinationName = ClassNames.name(program, dstNotArray, dc);
        Failures.raise(program, dstNotArray.at, ase, "arraycopy: destination type %s is not an array", destinationName,
                null, null, null, where);
        Failures.raise(program, b.unless(b.binary(Op.AND, sPrim, b.compare(Pred.NE, sc, dc)), "type_mismatch"), ase,
                "arraycopy: type mismatch: can not copy %s[] into %s[]", sName, dName, null, null, where);

        String aioobe = "java.lang.ArrayIndexOutOfBoundsException";
        Value sLength = b.add(Instr.Load.length(b.offset(src, Layout.LENGTH_OFFSET)));
        Value dLength = b.add(Instr.Load.length(b.offset(dst, Layout.LENGTH_OFFSET)));
        Failures.raise(program, b.unless(b.compare(Pred.SLT, sp, Builder.i32(0)), "src_negative"), aioobe,
                "arraycopy: source index %d out of bounds for %s[%d]", sName, null, sp, sLength, where);
        Failures.raise(program, b.unless(b.compare(Pred.SLT, dp, Builder.i32(0)), "dst_negative"), aioobe,
                "arraycopy: destination index %d out of bounds for %s[%d]", dName, null, dp, dLength, where);
        Failures.raise(program, b.unless(b.compare(Pred.SLT, n, Builder.i32(0)), "length_negative"), aioobe,
                "arraycopy: length %d is negative", null, null, n, null, where);
        // All three are non-negative now: their sums cannot wrap in 64 bits.
        Value n64 = b.convert(Convert.Op.ZEXT, n, Type.I64);
        Value sEnd = b.binary(Op.ADD, n64, b.convert(Convert.Op.ZEXT, sp, Type.I64));
        Value dEnd = b.binary(Op.ADD, n64, b.convert(Convert.Op.ZEXT, dp, Type.I64));
        Failures.raise(program, b.unless(b.compare(Pred.UGT, sEnd, b.convert(Convert.Op.ZEXT, sLength, Type.I64)),
                "src_end"), aioobe, "arraycopy: last source index %d out of bounds for %s[%d]", sName, null, sEnd,
                sLength, where);
        Failures.raise(program, b.unless(b.compare(Pred.UGT, dEnd, b.convert(Convert.Op.ZEXT, dLength, Type.I64)),
                "dst_end"), aioobe, "arraycopy: last destination index %d out of bounds for %s[%d]", dName, null, dEnd,
                dLength, where);

        // The copy: bytes where every element fits (same primitive type, or a subtype's array), else checked ones.
        Value size = b.load(Type.I64, b.offset(sc, ObjectModel.SIZE_OFFSET));
        ObjectSupport.defineSubtype(module);
        Block whole = b.unless(sPrim, "bytes");
        Value sub = b.add(new Instr.Call(Type.I8, Function.Ext.ZERO, ObjectSupport.SUBTYPE, List.of(sc, dc),
                List.of(Function.Ext.NONE, Function.Ext.NONE), false));
        Block checked = b.fn.newBlock("checked");
        b.branch(b.compare(Pred.NE, sub, Value.constant(Type.I8, 0)), whole, checked);

        b.at = whole;
        Value to = b.offset(dst, b.binary(Op.ADD, b.binary(Op.MUL, b.convert(Convert.Op.ZEXT, dp, Type.I64), size),
                Builder.i64(Layout.ELEMENTS_OFFSET)));
        Value from = b.offset(src, b.binary(Op.ADD, b.binary(Op.MUL, b.convert(Convert.Op.ZEXT, sp, Type.I64), size),
                Builder.i64(Layout.ELEMENTS_OFFSET)));
        String memmove = "llvm.memmove.p0.p0.i64";
        module.declare(new Module.Declaration(memmove, Type.VOID, List.of(Type.PTR, Type.PTR, Type.I64, Type.I1), false));
        b.call(memmove, List.of(to, from, b.binary(Op.MUL, n64, size), Value.constant(Type.I1, 0)));
        b.add(new Instr.Return(null));

        // Element by element: src and dst differ here (an array's class is a subtype of itself).
        b.at = checked;
        Value index = b.local(Type.I64);
        b.store(Builder.i64(0), index);
        Block loop = b.fn.newBlock("loop");
        Block body = b.fn.newBlock("element");
        Block done = b.fn.newBlock("done");
        b.jump(loop);
        b.at = loop;
        Value i = b.load(Type.I64, index);
        b.branch(b.compare(Pred.ULT, i, n64), body, done);
        b.at = body;
        Value from1 = b.offset(src, b.binary(Op.ADD, b.binary(Op.MUL, b.binary(Op.ADD, i,
                b.convert(Convert.Op.ZEXT, sp, Type.I64)), Builder.i64(8)), Builder.i64(Layout.ELEMENTS_OFFSET)));
        Value to1 = b.offset(dst, b.binary(Op.ADD, b.binary(Op.MUL, b.binary(Op.ADD, i,
                b.convert(Convert.Op.ZEXT, dp, Type.I64)), Builder.i64(8)), Builder.i64(Layout.ELEMENTS_OFFSET)));
        Value v = b.load(Type.PTR, from1);
        Block test = b.fn.newBlock("store_check");
        Block store = b.fn.newBlock("store");
        b.branch(b.compare(Pred.EQ, v, Value.nullPtr()), store, test);
        b.at = test;
        Value fits = b.add(new Instr.Call(Type.I8, Function.Ext.ZERO, ObjectSupport.SUBTYPE,
                List.of(b.load(Type.PTR, v), dcomp), List.of(Function.Ext.NONE, Function.Ext.NONE), false));
        Builder unfit = new Builder(b.fn, b.unless(b.compare(Pred.EQ, fits, Value.constant(Type.I8, 0)),
                "element_mismatch"));
        Value sComponent = unfit.load(Type.PTR, unfit.offset(sc, ObjectModel.COMPONENT_OFFSET));
        Value elementName = ClassNames.name(program, unfit, sComponent);
        Value boundName = ClassNames.name(program, unfit, dcomp);
        Failures.raise(program, unfit.at, ase, "arraycopy: element type mismatch: can not cast one of the elements "
                + "of %s[] to the type of the destination array, %s", elementName, boundName, null, null, where);
        b.jump(store);
        b.at = store;
        b.store(v, to1);
        b.store(b.binary(Op.ADD, i, Builder.i64(1)), index);
        b.jump(loop);
        b.at = done;
        b.add(new Instr.Return(null));
        module.add(f);
    }

    /**
     * {@code void zeptux.fill.T(ptr a, [i32 from, i32 to,] T v, ptr where)}: {@code Arrays.fill}
     * as the JDK writes it, with its exceptions: a null array (the JDK reads {@code a.length}),
     * {@code fromIndex > toIndex}, an index outside the array; then a loop LLVM turns into
     * {@code memset} where it can.
     */
    private static String defineFill(Program program, String array, boolean range) {
        Module module = program.module();
        String symbol = "zeptux.fill" + (range ? "_range." : ".") + array.substring(1);
        if (module.functions().containsKey(symbol)) {
            return symbol;
        }
        Type t = elementType(array);
        Function f = new Function(symbol, Type.VOID, Function.Ext.NONE, false);
        f.setSource("java.util.Arrays.fill(" + NAMES.get(PRIMITIVES.indexOf(array)) + "[]"
                + (range ? ", int, int" : "") + ", ...), generated by zeptuxc");
        Builder b = new Builder(f);
        Value a = b.param(Type.PTR);
        Value from = range ? b.param(Type.I32) : Builder.i32(0);
        Value to = range ? b.param(Type.I32) : null;
        Value v = b.param(t.size < 4 ? Type.I32 : t);
        Value where = b.param(Type.PTR);
        Failures.raise(program, b.unless(b.compare(Pred.EQ, a, Value.nullPtr()), "null"), "java.lang.NullPointerException",
                Failures.string(program, "Cannot read the array length because \"a\" is null"), where);
        Value length = b.add(Instr.Load.length(b.offset(a, Layout.LENGTH_OFFSET)));
        if (range) {
            // Arrays.rangeCheck(a.length, fromIndex, toIndex).
            Failures.raise(program, b.unless(b.compare(Pred.SGT, from, to), "reversed"),
                    "java.lang.IllegalArgumentException", "fromIndex(%d) > toIndex(%d)", null, null, from, to, where);
            Failures.raise(program, b.unless(b.compare(Pred.SLT, from, Builder.i32(0)), "from_negative"),
                    "java.lang.ArrayIndexOutOfBoundsException", "Array index out of range: %d", null, null, from, null,
                    where);
            Failures.raise(program, b.unless(b.compare(Pred.SGT, to, length), "to_beyond"),
                    "java.lang.ArrayIndexOutOfBoundsException", "Array index out of range: %d", null, null, to, null,
                    where);
        } else {
            to = length;
        }
        Value value = t.size < 4 ? b.convert(Convert.Op.TRUNC, v, t) : v;
        if (array.equals("[Z")) {
            value = b.binary(Op.AND, value, Value.constant(Type.I8, 1));
        }
        Value index = b.local(Type.I32);
        b.store(from, index);
        Block loop = b.fn.newBlock("loop");
        Block body = b.fn.newBlock("element");
        Block done = b.fn.newBlock("done");
        b.jump(loop);
        b.at = loop;
        Value i = b.load(Type.I32, index);
        b.branch(b.compare(Pred.SLT, i, to), body, done);
        b.at = body;
        Value at = b.offset(a, b.binary(Op.ADD, b.binary(Op.MUL, b.convert(Convert.Op.ZEXT, i, Type.I64),
                Builder.i64(t.size)), Builder.i64(Layout.ELEMENTS_OFFSET)));
        b.store(value, at);
        b.store(b.binary(Op.ADD, i, Builder.i32(1)), index);
        b.jump(loop);
        b.at = done;
        b.add(new Instr.Return(null));
        module.add(f);
        return symbol;
    }

    /**
     * {@code i8 zeptux.equals.T(ptr a, ptr b)}: {@code Arrays.equals} for a primitive array type:
     * true for the same array (null included), false if one is null or the lengths differ, else
     * whether every element is equal ({@code memcmp}'s loop, which LLVM may widen).
     */
    private static String defineEquals(Program program, String array) {
        Module module = program.module();
        String symbol = "zeptux.equals." + array.substring(1);
        if (module.functions().containsKey(symbol)) {
            return symbol;
        }
        Type t = elementType(array);
        Function f = new Function(symbol, Type.I8, Function.Ext.ZERO, false);
        f.setSource("java.util.Arrays.equals(" + NAMES.get(PRIMITIVES.indexOf(array)) + "[], "
                + NAMES.get(PRIMITIVES.indexOf(array)) + "[]), generated by zeptuxc");
        Builder b = new Builder(f);
        Value x = b.param(Type.PTR);
        Value y = b.param(Type.PTR);
        b.unless(b.compare(Pred.EQ, x, y), "same").add(new Instr.Return(Value.constant(Type.I8, 1)));
        Value eitherNull = b.binary(Op.OR, b.compare(Pred.EQ, x, Value.nullPtr()), b.compare(Pred.EQ, y, Value.nullPtr()));
        b.unless(eitherNull, "null").add(new Instr.Return(Value.constant(Type.I8, 0)));
        Value length = b.add(Instr.Load.length(b.offset(x, Layout.LENGTH_OFFSET)));
        Value other = b.add(Instr.Load.length(b.offset(y, Layout.LENGTH_OFFSET)));
        b.unless(b.compare(Pred.NE, length, other), "lengths").add(new Instr.Return(Value.constant(Type.I8, 0)));
        Value index = b.local(Type.I32);
        b.store(Builder.i32(0), index);
        Block loop = b.fn.newBlock("loop");
        Block body = b.fn.newBlock("element");
        Block next = b.fn.newBlock("next");
        Block equal = b.fn.newBlock("equal");
        Block different = b.fn.newBlock("different");
        b.jump(loop);
        b.at = loop;
        Value i = b.load(Type.I32, index);
        b.branch(b.compare(Pred.SLT, i, length), body, equal);
        b.at = body;
        Value bytes = b.binary(Op.ADD, b.binary(Op.MUL, b.convert(Convert.Op.ZEXT, i, Type.I64), Builder.i64(t.size)),
                Builder.i64(Layout.ELEMENTS_OFFSET));
        b.branch(b.compare(Pred.EQ, b.load(t, b.offset(x, bytes)), b.load(t, b.offset(y, bytes))), next, different);
        b.at = next;
        b.store(b.binary(Op.ADD, i, Builder.i32(1)), index);
        b.jump(loop);
        equal.add(new Instr.Return(Value.constant(Type.I8, 1)));
        different.add(new Instr.Return(Value.constant(Type.I8, 0)));
        module.add(f);
        return symbol;
    }
}
