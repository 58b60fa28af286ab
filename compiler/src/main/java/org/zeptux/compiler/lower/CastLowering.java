package org.zeptux.compiler.lower;

import static org.zeptux.compiler.lower.LoweringState.*;

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
 * Type tests: instanceof, checkcast and the ArrayStoreException check of a reference array store
 * (a family {@link MethodLowering} is composed of; see {@link LoweringState}).
 */
final class CastLowering {
    private final MethodLowering l;

    CastLowering(MethodLowering l) {
        this.l = l;
    }

    /**
     * Whether the non-null object {@code obj} is an instance of {@code type} (internal name or
     * array descriptor), as an i1: a range test on the class number for classes, a bit of the
     * interface bitmap for interfaces, the identity of the class info for String and arrays.
     */
    Value isInstance(Value obj, String type) {
        ObjectModel model = l.program.model();
        if (type.equals(ObjectModel.OBJECT)) {
            return Value.constant(Type.I1, 1);
        }
        Value cls = l.objects.classOf(obj);
        if (type.startsWith("[L") || type.startsWith("[[")) {
            // Arrays of references are covariant: the generated subtype test walks the element types.
            ObjectSupport.defineSubtype(l.program.module());
            Value ok = l.add(new Instr.Call(Type.I8, Function.Ext.ZERO, ObjectSupport.SUBTYPE,
                    List.of(cls, new Value.Symbol(model.classInfo(type))), List.of(Function.Ext.NONE, Function.Ext.NONE), false));
            return l.add(new Instr.Compare(Pred.NE, ok, Value.constant(Type.I8, 0)));
        }
        if (type.equals(ObjectModel.STRING) || type.startsWith("[")) {
            return l.add(new Instr.Compare(Pred.EQ, cls, new Value.Symbol(model.classInfo(type))));
        }
        if (model.isInterfaceName(type)) {
            int n = model.interfaceNumber(type);
            Value bitmap = l.add(new Instr.Load(Type.PTR, l.checks.offset(cls, ObjectModel.IFACES_OFFSET), 8, false));
            Block has = l.fn.newBlock("ifaces" + l.coldBlocks);
            Block done = l.fn.newBlock("ifaces_done" + l.coldBlocks);
            l.coldBlocks++;
            Value result = l.entry.addFirst(new Instr.Alloca(Type.I8));
            l.add(new Instr.Store(Value.constant(Type.I8, 0), result, 1, false));
            l.add(new Instr.Branch(l.add(new Instr.Compare(Pred.EQ, bitmap, Value.nullPtr())), done, has));
            l.current = has;
            Value bits = l.add(new Instr.Load(Type.I8, l.checks.offset(bitmap, n / 8), 1, false));
            l.add(new Instr.Store(l.add(new Instr.Binary(Op.AND, bits, Value.constant(Type.I8, 1 << (n % 8)))), result, 1, false));
            l.add(new Instr.Jump(done));
            l.current = done;
            return l.add(new Instr.Compare(Pred.NE, l.add(new Instr.Load(Type.I8, result, 1, false)), Value.constant(Type.I8, 0)));
        }
        if (!model.isObjectClass(type)) {
            throw new IllegalStateException("unchecked " + CastRule.message(type) + " (CastRule refuses it)");
        }
        int first = model.id(type);
        int last = model.last(type);
        Value id = l.add(new Instr.Load(Type.I32, l.checks.offset(cls, ObjectModel.ID_OFFSET), 4, false));
        Value rel = l.add(new Instr.Binary(Op.SUB, id, i32(first)));
        return l.add(new Instr.Compare(Pred.ULT, rel, i32(last - first)));
    }

    /** {@code a instanceof T}: false for null, else the type test. */
    void instanceOf(String type) {
        Value obj = l.pop();
        Value result = l.entry.addFirst(new Instr.Alloca(Type.I32));
        l.add(new Instr.Store(i32(0), result, 4, false));
        Block test = l.fn.newBlock("instanceof" + l.coldBlocks);
        Block done = l.fn.newBlock("instanceof_done" + l.coldBlocks);
        l.coldBlocks++;
        l.add(new Instr.Branch(l.add(new Instr.Compare(Pred.EQ, obj, Value.nullPtr())), done, test));
        l.current = test;
        Value is = isInstance(obj, type);
        l.add(new Instr.Store(l.add(new Convert(Convert.Op.ZEXT, is, Type.I32)), result, 4, false));
        l.add(new Instr.Jump(done));
        l.current = done;
        l.push(l.add(new Instr.Load(Type.I32, result, 4, false)));
    }

    /** {@code (T) a}: null passes; an object of another type throws ClassCastException. */
    void checkCast(String type) {
        if (l.program.model().structSize(type) >= 0) {
            return;                                 // a struct view is an unchecked address
        }
        Value obj = l.pop();
        if (!type.equals(ObjectModel.OBJECT)) {
            Block test = l.fn.newBlock("cast" + l.coldBlocks);
            Block done = l.fn.newBlock("cast_done" + l.coldBlocks);
            l.coldBlocks++;
            l.add(new Instr.Branch(l.add(new Instr.Compare(Pred.EQ, obj, Value.nullPtr())), done, test));
            l.current = test;
            Value is = isInstance(obj, type);
            Block ok = l.checks.coldPath(l.add(new Instr.Compare(Pred.EQ, is, Value.constant(Type.I1, 0))));
            ClassNames.defineCastFailed(l.program);   // HotSpot's message names both classes
            l.add(new Instr.Call(Type.VOID, Function.Ext.NONE, ClassNames.CAST_FAILED, List.of(obj,
                    new Value.Symbol(l.program.heap().string(ClassNames.javaName(type))), i64(ClassNames.isApp(type) ? 1 : 0),
                    l.whereString()), List.of(Function.Ext.NONE, Function.Ext.NONE, Function.Ext.NONE, Function.Ext.NONE),
                    false));
            l.add(new Instr.Unreachable());
            l.current = ok;
            l.add(new Instr.Jump(done));
            l.current = done;
        }
        l.push(obj);
    }

    /**
     * aastore: null and bounds checks, then (for a non-null value) the store check Java makes
     * because arrays are covariant: the value must be an instance of the array's component
     * class, else ArrayStoreException. The check calls a generated helper with the two class infos.
     */
    void referenceArrayStore() {
        Value v = l.pop();
        Value index = l.pop();
        Value array = l.pop();
        Value address = l.checks.elementAddress(array, index, Type.PTR);
        Block test = l.fn.newBlock("store_check" + l.coldBlocks);
        Block done = l.fn.newBlock("store" + l.coldBlocks);
        l.coldBlocks++;
        // No check for null, for Object[] (anything goes) and Address[] (addresses are not objects).
        Value component = l.add(new Instr.Load(Type.PTR, l.checks.offset(l.objects.classOf(array), ObjectModel.COMPONENT_OFFSET), 8, false));
        Value anything = l.add(new Instr.Compare(Pred.EQ, component,
                new Value.Symbol(l.program.model().classInfo(ObjectModel.OBJECT))));
        Value addresses = l.add(new Instr.Compare(Pred.EQ, component,
                new Value.Symbol(l.program.model().classInfo(ObjectModel.ADDRESS))));
        Value isNull = l.add(new Instr.Compare(Pred.EQ, v, Value.nullPtr()));
        Value skip = l.add(new Instr.Binary(Op.OR, l.add(new Instr.Binary(Op.OR, anything, addresses)), isNull));
        l.add(new Instr.Branch(skip, done, test));
        l.current = test;
        ObjectSupport.defineSubtype(l.program.module());
        Value ok = l.add(new Instr.Call(Type.I8, Function.Ext.ZERO, ObjectSupport.SUBTYPE,
                List.of(l.objects.classOf(v), component), List.of(Function.Ext.NONE, Function.Ext.NONE), false));
        Block fits = l.checks.coldPath(l.add(new Instr.Compare(Pred.EQ, ok, Value.constant(Type.I8, 0))));
        ClassNames.defineStoreFailed(l.program);      // HotSpot's message is the value's class name
        l.add(new Instr.Call(Type.VOID, Function.Ext.NONE, ClassNames.STORE_FAILED, List.of(v, l.whereString()),
                List.of(Function.Ext.NONE, Function.Ext.NONE), false));
        l.add(new Instr.Unreachable());
        l.current = fits;
        l.add(new Instr.Jump(done));
        l.current = done;
        l.add(new Instr.Store(v, address, 8, false));
    }
}
