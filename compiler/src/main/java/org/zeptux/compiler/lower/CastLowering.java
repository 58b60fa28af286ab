package org.zeptux.compiler.lower;

import java.util.List;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
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
 * (a layer of {@link MethodLowering}; see {@link LoweringState}).
 */
abstract class CastLowering extends ObjectLowering {
    CastLowering(Program program, ClassNode cls, MethodNode method) {
        super(program, cls, method);
    }

    /**
     * Whether the non-null object {@code obj} is an instance of {@code type} (internal name or
     * array descriptor), as an i1: a range test on the class number for classes, a bit of the
     * interface bitmap for interfaces, the identity of the class info for String and arrays.
     */
    Value isInstance(Value obj, String type) {
        ObjectModel model = program.model();
        if (type.equals(ObjectModel.OBJECT)) {
            return Value.constant(Type.I1, 1);
        }
        Value cls = classOf(obj);
        if (type.startsWith("[L") || type.startsWith("[[")) {
            // Arrays of references are covariant: the generated subtype test walks the element types.
            ObjectSupport.defineSubtype(program.module());
            Value ok = add(new Instr.Call(Type.I8, Function.Ext.ZERO, ObjectSupport.SUBTYPE,
                    List.of(cls, new Value.Symbol(model.classInfo(type))), List.of(Function.Ext.NONE, Function.Ext.NONE), false));
            return add(new Instr.Compare(Pred.NE, ok, Value.constant(Type.I8, 0)));
        }
        if (type.equals(ObjectModel.STRING) || type.startsWith("[")) {
            return add(new Instr.Compare(Pred.EQ, cls, new Value.Symbol(model.classInfo(type))));
        }
        if (model.isInterfaceName(type)) {
            int n = model.interfaceNumber(type);
            Value bitmap = add(new Instr.Load(Type.PTR, offset(cls, ObjectModel.IFACES_OFFSET), 8, false));
            Block has = fn.newBlock("ifaces" + coldBlocks);
            Block done = fn.newBlock("ifaces_done" + coldBlocks);
            coldBlocks++;
            Value result = entry.addFirst(new Instr.Alloca(Type.I8));
            add(new Instr.Store(Value.constant(Type.I8, 0), result, 1, false));
            add(new Instr.Branch(add(new Instr.Compare(Pred.EQ, bitmap, Value.nullPtr())), done, has));
            current = has;
            Value bits = add(new Instr.Load(Type.I8, offset(bitmap, n / 8), 1, false));
            add(new Instr.Store(add(new Instr.Binary(Op.AND, bits, Value.constant(Type.I8, 1 << (n % 8)))), result, 1, false));
            add(new Instr.Jump(done));
            current = done;
            return add(new Instr.Compare(Pred.NE, add(new Instr.Load(Type.I8, result, 1, false)), Value.constant(Type.I8, 0)));
        }
        if (!model.isObjectClass(type)) {
            throw new Unsupported(CastRule.message(type));  // an array store's element type (instanceof and casts: CastRule)
        }
        int first = model.id(type);
        int last = model.last(type);
        Value id = add(new Instr.Load(Type.I32, offset(cls, ObjectModel.ID_OFFSET), 4, false));
        Value rel = add(new Instr.Binary(Op.SUB, id, i32(first)));
        return add(new Instr.Compare(Pred.ULT, rel, i32(last - first)));
    }

    /** {@code a instanceof T}: false for null, else the type test. */
    void instanceOf(String type) {
        Value obj = pop();
        Value result = entry.addFirst(new Instr.Alloca(Type.I32));
        add(new Instr.Store(i32(0), result, 4, false));
        Block test = fn.newBlock("instanceof" + coldBlocks);
        Block done = fn.newBlock("instanceof_done" + coldBlocks);
        coldBlocks++;
        add(new Instr.Branch(add(new Instr.Compare(Pred.EQ, obj, Value.nullPtr())), done, test));
        current = test;
        Value is = isInstance(obj, type);
        add(new Instr.Store(add(new Convert(Convert.Op.ZEXT, is, Type.I32)), result, 4, false));
        add(new Instr.Jump(done));
        current = done;
        push(add(new Instr.Load(Type.I32, result, 4, false)));
    }

    /** {@code (T) a}: null passes; an object of another type throws ClassCastException. */
    void checkCast(String type) {
        if (program.model().structSize(type) >= 0) {
            return;                                 // a struct view is an unchecked address
        }
        Value obj = pop();
        if (!type.equals(ObjectModel.OBJECT)) {
            Block test = fn.newBlock("cast" + coldBlocks);
            Block done = fn.newBlock("cast_done" + coldBlocks);
            coldBlocks++;
            add(new Instr.Branch(add(new Instr.Compare(Pred.EQ, obj, Value.nullPtr())), done, test));
            current = test;
            Value is = isInstance(obj, type);
            Block ok = coldPath(add(new Instr.Compare(Pred.EQ, is, Value.constant(Type.I1, 0))));
            ClassNames.defineCastFailed(program);   // HotSpot's message names both classes
            add(new Instr.Call(Type.VOID, Function.Ext.NONE, ClassNames.CAST_FAILED, List.of(obj,
                    new Value.Symbol(program.heap().string(ClassNames.javaName(type))), i64(ClassNames.isApp(type) ? 1 : 0),
                    whereString()), List.of(Function.Ext.NONE, Function.Ext.NONE, Function.Ext.NONE, Function.Ext.NONE),
                    false));
            add(new Instr.Unreachable());
            current = ok;
            add(new Instr.Jump(done));
            current = done;
        }
        push(obj);
    }

    /**
     * aastore: null and bounds checks, then (for a non-null value) the store check Java makes
     * because arrays are covariant: the value must be an instance of the array's component
     * class, else ArrayStoreException. The check calls a generated helper with the two class infos.
     */
    void referenceArrayStore() {
        Value v = pop();
        Value index = pop();
        Value array = pop();
        Value address = elementAddress(array, index, Type.PTR);
        Block test = fn.newBlock("store_check" + coldBlocks);
        Block done = fn.newBlock("store" + coldBlocks);
        coldBlocks++;
        // No check for null, for Object[] (anything goes) and Address[] (addresses are not objects).
        Value component = add(new Instr.Load(Type.PTR, offset(classOf(array), ObjectModel.COMPONENT_OFFSET), 8, false));
        Value anything = add(new Instr.Compare(Pred.EQ, component,
                new Value.Symbol(program.model().classInfo(ObjectModel.OBJECT))));
        Value addresses = add(new Instr.Compare(Pred.EQ, component,
                new Value.Symbol(program.model().classInfo(ObjectModel.ADDRESS))));
        Value isNull = add(new Instr.Compare(Pred.EQ, v, Value.nullPtr()));
        Value skip = add(new Instr.Binary(Op.OR, add(new Instr.Binary(Op.OR, anything, addresses)), isNull));
        add(new Instr.Branch(skip, done, test));
        current = test;
        ObjectSupport.defineSubtype(program.module());
        Value ok = add(new Instr.Call(Type.I8, Function.Ext.ZERO, ObjectSupport.SUBTYPE,
                List.of(classOf(v), component), List.of(Function.Ext.NONE, Function.Ext.NONE), false));
        Block fits = coldPath(add(new Instr.Compare(Pred.EQ, ok, Value.constant(Type.I8, 0))));
        ClassNames.defineStoreFailed(program);      // HotSpot's message is the value's class name
        add(new Instr.Call(Type.VOID, Function.Ext.NONE, ClassNames.STORE_FAILED, List.of(v, whereString()),
                List.of(Function.Ext.NONE, Function.Ext.NONE), false));
        add(new Instr.Unreachable());
        current = fits;
        add(new Instr.Jump(done));
        current = done;
        add(new Instr.Store(v, address, 8, false));
    }
}
