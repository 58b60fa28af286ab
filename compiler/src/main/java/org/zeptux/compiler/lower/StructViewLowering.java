package org.zeptux.compiler.lower;

import static org.zeptux.compiler.lower.LoweringState.*;

import org.objectweb.asm.tree.MethodInsnNode;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Compare.Pred;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * Struct views: their getters and setters, and the class literal and storage the Structs
 * intrinsics take (a family {@link MethodLowering} is composed of; see {@link LoweringState}).
 */
final class StructViewLowering {
    private final MethodLowering l;

    StructViewLowering(MethodLowering l) {
        this.l = l;
    }

    /**
     * A getter or setter of a struct view: one load or store at the field's offset from the
     * view's address (a pointer field loads the address of another view); an indexed field
     * checks its index as an array access does, an embedded struct is only an address.
     */
    void structAccess(MethodInsnNode call) {
        ObjectModel.StructField field = l.program.model().structField(call.owner, call.name);
        if (field == null) {
            throw new IllegalStateException("unchecked struct view call " + describe(call) + " (ObjectCallRule refuses it)");
        }
        boolean setter = call.desc.endsWith(")V");
        Value v = setter ? l.toStorage(l.pop(), field.desc()) : null;
        Value index = field.count() > 0 ? l.pop() : null;
        Value at = l.checks.offset(l.pop(), field.offset());
        if (index != null) {
            boolean known = index instanceof Value.Constant k && k.value >= 0 && k.value < field.count();
            if (l.program.checks() && !known) {
                l.checks.check(l.add(new Instr.Compare(Pred.UGE, index, i32(field.count()))),
                        "java.lang.ArrayIndexOutOfBoundsException", null);
            }
            Value wide = l.add(new Convert(Convert.Op.SEXT, index, Type.I64));
            at = l.add(new Instr.Offset(at, l.add(new Instr.Binary(Op.MUL, wide, i64(field.stride())))));
        }
        Type t = Program.storageType(field.desc());
        if (field.embeddedSize() > 0) {
            l.push(at);
        } else if (setter) {
            l.add(new Instr.Store(v, at, 1, false));
        } else {
            l.push(l.widen(l.add(new Instr.Load(t, at, 1, false)), field.desc()));
        }
    }

    /** Pops the class literal of a struct view a Structs intrinsic takes (CompileTimeValueRule checked it). */
    String popStructType() {
        if (!(l.popAny() instanceof ClassConstant c) || l.program.model().structSize(c.internalName) < 0) {
            throw new IllegalStateException("unchecked Structs call (CompileTimeValueRule refuses it)");
        }
        return c.internalName;
    }

    /**
     * {@code Structs.over(storage, View.class)}: the address of the array's elements. A static
     * final array's length is known: CompileTimeValueRule refuses storage smaller than the struct.
     */
    void structOver() {
        String type = popStructType();
        Value storage = l.checks.nullChecked(l.pop());
        int known = storage instanceof Value.Symbol s ? l.program.heap().arrayLength(s.name) : -1;
        int size = structSize(type);
        if (known >= 0 && 8L * known < size) {
            throw new IllegalStateException("unchecked " + tooSmall(known, type, size) + " (CompileTimeValueRule refuses it)");
        }
        l.push(l.checks.offset(storage, Layout.ELEMENTS_OFFSET));
    }

    /** The refusal of {@code Structs.over} of {@code known} longs for a view of {@code size} bytes. */
    static String tooSmall(int known, String type, int size) {
        return "Structs.over: " + known + " longs cannot hold a " + type.replace('/', '.') + " (" + size
                + " bytes); make the array at least " + (size + 7) / 8 + " longs";
    }

    int structSize(String internalName) {
        return l.program.model().structSize(internalName);
    }
}
