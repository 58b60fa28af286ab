package org.zeptux.compiler.lower;

import static org.zeptux.compiler.lower.LoweringState.*;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Compare.Pred;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * Array elements, instance fields (volatile included), the liveness check of an object, its class
 * word, and static fields (a family {@link MethodLowering} is composed of; see {@link LoweringState}).
 */
final class ObjectLowering {
    private final MethodLowering l;

    ObjectLowering(MethodLowering l) {
        this.l = l;
    }

    // ---- arrays and strings ----

    void arrayLoad(Type element, boolean signed) {
        Value index = l.pop();
        Value address = l.checks.elementAddress(l.pop(), index, element);
        Value v = l.add(new Instr.Load(element, address, element.size, false));
        if (element == Type.I64 || element == Type.I32 || element == Type.PTR) {
            l.push(v);
        } else {
            l.push(l.add(new Convert(signed ? Convert.Op.SEXT : Convert.Op.ZEXT, v, Type.I32)));
        }
    }

    void arrayStore(Type element) {
        Value v = l.pop();
        Value index = l.pop();
        Value address = l.checks.elementAddress(l.pop(), index, element);
        if (element != v.type()) {
            v = l.add(new Convert(Convert.Op.TRUNC, v, element));
        }
        l.add(new Instr.Store(v, address, element.size, false));
    }

    // ---- objects ----

    ObjectModel.InstanceField instanceField(FieldInsnNode f) {
        ObjectModel.InstanceField field = FieldRule.instanceField(l.program, f);
        if (field == null) {
            throw new IllegalStateException("unchecked field " + f.owner + "." + f.name + " (FieldRule refuses it)");
        }
        return field;
    }

    void getField(FieldInsnNode f) {
        ObjectModel.InstanceField field = instanceField(f);
        Value obj = liveChecked(l.checks.nullChecked(l.pop()), f.owner);
        Type t = field.storage();
        Value v = l.add(fieldLoad(t, l.checks.offset(obj, field.offset()), isVolatile(field.owner(), f.name)));
        int length = fixedArrayLength(field);
        if (length >= 0) {
            l.nonNull.add(v);
            l.knownLengths.put(v, length);
        }
        l.push(l.widen(v, f.desc));
    }

    /**
     * The length of the array a final field always holds, or -1. A final field is assigned only
     * by constructors, which run at build time; if no object of its class is made at run time
     * (none is a pool's) every object is in the image heap, and if each holds an array of one
     * length there, a load of the field is that array: never null, its length a constant.
     */
    int fixedArrayLength(ObjectModel.InstanceField field) {
        if (!field.desc().startsWith("[") || l.program.mayBeFreed(field.owner())) {
            return -1;
        }
        ClassNode owner = l.program.classNamed(field.owner());
        if (owner == null) {
            return -1;
        }
        for (org.objectweb.asm.tree.FieldNode fn : owner.fields) {
            if (fn.name.equals(field.name()) && (fn.access & Opcodes.ACC_FINAL) != 0) {
                return l.program.heap().fieldArrayLength(field.owner(), field.name());
            }
        }
        return -1;
    }

    void putField(FieldInsnNode f) {
        ObjectModel.InstanceField field = instanceField(f);
        Value v = l.toStorage(l.pop(), f.desc);
        Value obj = liveChecked(l.checks.nullChecked(l.pop()), f.owner);
        l.add(fieldStore(v, l.checks.offset(obj, field.offset()), isVolatile(field.owner(), f.name)));
    }

    /**
     * Whether the field {@code name}, declared in {@code owner} or a superclass, is volatile.
     * Java's volatile is sequentially consistent: its loads and stores are atomic {@code seq_cst}
     * accesses, which LLVM never hoists out of a loop, merges or tears.
     */
    boolean isVolatile(String owner, String name) {
        for (ClassNode c = l.program.classNamed(owner); c != null; c = l.program.classNamed(c.superName)) {
            for (org.objectweb.asm.tree.FieldNode fn : c.fields) {
                if (fn.name.equals(name)) {
                    return (fn.access & Opcodes.ACC_VOLATILE) != 0;
                }
            }
            if (c.superName == null) {
                break;
            }
        }
        return false;
    }

    static Instr fieldLoad(Type t, Value address, boolean isVolatile) {
        return isVolatile ? new Instr.AtomicLoad(t, address, Instr.Ordering.SEQ_CST) : new Instr.Load(t, address, t.size, false);
    }

    static Instr fieldStore(Value v, Value address, boolean isVolatile) {
        return isVolatile ? new Instr.AtomicStore(v, address, Instr.Ordering.SEQ_CST)
                : new Instr.Store(v, address, v.type().size, false);
    }

    /**
     * The use-after-free check: where the static type {@code type} may hold objects made at
     * run time by a pool (docs/dialect.md, "Objects made at run time"), a freed object's class
     * word names {@link Program#FREED_CLASS}; using it calls {@link Program#USE_AFTER_FREE_HOOK}
     * with the object and this method and line. One load and compare, on the first word of
     * the object, the line the access itself reads.
     */
    Value liveChecked(Value obj, String type) {
        if (!l.program.checks() || obj instanceof Value.Symbol || !l.program.mayBeFreed(type)) {
            return obj;
        }
        Value freed = l.add(new Instr.Compare(Pred.EQ, classOf(obj), l.program.freedClass()));
        Block cold = l.fn.newBlock("freed" + l.coldBlocks);
        Block ok = l.fn.newBlock("ok" + l.coldBlocks);
        l.coldBlocks++;
        l.add(new Instr.Branch(freed, cold, ok));
        l.current = cold;
        l.program.module().declare(new Module.Declaration(Program.USE_AFTER_FREE_HOOK, Type.VOID,
                List.of(Type.PTR, Type.PTR), true));
        l.add(new Instr.Call(Type.VOID, Program.USE_AFTER_FREE_HOOK,
                List.of(obj, new Value.Symbol(l.program.heap().string(l.where()))), true));
        l.add(new Instr.Unreachable());
        l.current = ok;
        return obj;
    }

    /** The class info an object's class word points to. */
    Value classOf(Value obj) {
        return l.add(new Instr.Load(Type.PTR, obj, 8, false));
    }

    // ---- statics and calls ----

    void getStatic(FieldInsnNode f) {
        if (FieldRule.isConsole(f)) {
            l.push(new Stream(f.name.equals("out") ? 1 : 2));
            return;
        }
        Value field = staticField(f);
        String array = l.program.heap().finalArray(((Value.Symbol) field).name);
        if (array != null) {
            l.push(new Value.Symbol(array)); // a constant: its length is known and it is not null
            return;
        }
        Type t = Program.storageType(f.desc);
        l.push(l.widen(l.add(fieldLoad(t, field, isVolatile(f.owner, f.name))), f.desc));
    }

    void putStatic(FieldInsnNode f) {
        Value v = l.toStorage(l.pop(), f.desc);
        l.add(fieldStore(v, staticField(f), isVolatile(f.owner, f.name)));
    }

    /** The global of the static field {@code f} refers to. */
    Value staticField(FieldInsnNode f) {
        Program.ResolvedField r = l.program.resolveField(f.owner, f.name, f.desc);
        if (r == null || l.program.isExternal(r.owner().name)) {
            throw new IllegalStateException("unchecked static field " + f.owner + "." + f.name + " (FieldRule refuses it)");
        }
        return new Value.Symbol(Program.fieldSymbol(r.owner(), r.field()));
    }
}
