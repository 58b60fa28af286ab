package org.zeptux.compiler.lower;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
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
 * Array elements, instance fields (volatile included), the liveness check of an object, its class
 * word, and static fields (a layer of {@link MethodLowering}; see {@link LoweringState}).
 */
abstract class ObjectLowering extends ArithmeticLowering {
    ObjectLowering(Program program, ClassNode cls, MethodNode method) {
        super(program, cls, method);
    }

    // ---- arrays and strings ----

    void arrayLoad(Type element, boolean signed) {
        Value index = pop();
        Value address = elementAddress(pop(), index, element);
        Value v = add(new Instr.Load(element, address, element.size, false));
        if (element == Type.I64 || element == Type.I32 || element == Type.PTR) {
            push(v);
        } else {
            push(add(new Convert(signed ? Convert.Op.SEXT : Convert.Op.ZEXT, v, Type.I32)));
        }
    }

    void arrayStore(Type element) {
        Value v = pop();
        Value index = pop();
        Value address = elementAddress(pop(), index, element);
        if (element != v.type()) {
            v = add(new Convert(Convert.Op.TRUNC, v, element));
        }
        add(new Instr.Store(v, address, element.size, false));
    }

    // ---- objects ----

    ObjectModel.InstanceField instanceField(FieldInsnNode f) {
        ObjectModel.InstanceField field = FieldRule.instanceField(program, f);
        if (field == null) {
            throw new IllegalStateException("unchecked field " + f.owner + "." + f.name + " (FieldRule refuses it)");
        }
        return field;
    }

    void getField(FieldInsnNode f) {
        ObjectModel.InstanceField field = instanceField(f);
        Value obj = liveChecked(nullChecked(pop()), f.owner);
        Type t = field.storage();
        Value v = add(fieldLoad(t, offset(obj, field.offset()), isVolatile(field.owner(), f.name)));
        int length = fixedArrayLength(field);
        if (length >= 0) {
            nonNull.add(v);
            knownLengths.put(v, length);
        }
        push(widen(v, f.desc));
    }

    /**
     * The length of the array a final field always holds, or -1. A final field is assigned only
     * by constructors, which run at build time; if no object of its class is made at run time
     * (none is a pool's) every object is in the image heap, and if each holds an array of one
     * length there, a load of the field is that array: never null, its length a constant.
     */
    int fixedArrayLength(ObjectModel.InstanceField field) {
        if (!field.desc().startsWith("[") || program.mayBeFreed(field.owner())) {
            return -1;
        }
        ClassNode owner = program.classNamed(field.owner());
        if (owner == null) {
            return -1;
        }
        for (org.objectweb.asm.tree.FieldNode fn : owner.fields) {
            if (fn.name.equals(field.name()) && (fn.access & Opcodes.ACC_FINAL) != 0) {
                return program.heap().fieldArrayLength(field.owner(), field.name());
            }
        }
        return -1;
    }

    void putField(FieldInsnNode f) {
        ObjectModel.InstanceField field = instanceField(f);
        Value v = toStorage(pop(), f.desc);
        Value obj = liveChecked(nullChecked(pop()), f.owner);
        add(fieldStore(v, offset(obj, field.offset()), isVolatile(field.owner(), f.name)));
    }

    /**
     * Whether the field {@code name}, declared in {@code owner} or a superclass, is volatile.
     * Java's volatile is sequentially consistent: its loads and stores are atomic {@code seq_cst}
     * accesses, which LLVM never hoists out of a loop, merges or tears.
     */
    boolean isVolatile(String owner, String name) {
        for (ClassNode c = program.classNamed(owner); c != null; c = program.classNamed(c.superName)) {
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
        if (!program.checks() || obj instanceof Value.Symbol || !program.mayBeFreed(type)) {
            return obj;
        }
        Value freed = add(new Instr.Compare(Pred.EQ, classOf(obj), program.freedClass()));
        Block cold = fn.newBlock("freed" + coldBlocks);
        Block ok = fn.newBlock("ok" + coldBlocks);
        coldBlocks++;
        add(new Instr.Branch(freed, cold, ok));
        current = cold;
        program.module().declare(new Module.Declaration(Program.USE_AFTER_FREE_HOOK, Type.VOID,
                List.of(Type.PTR, Type.PTR), true));
        add(new Instr.Call(Type.VOID, Program.USE_AFTER_FREE_HOOK,
                List.of(obj, new Value.Symbol(program.heap().string(where()))), true));
        add(new Instr.Unreachable());
        current = ok;
        return obj;
    }

    /** The class info an object's class word points to. */
    Value classOf(Value obj) {
        return add(new Instr.Load(Type.PTR, obj, 8, false));
    }

    // ---- statics and calls ----

    void getStatic(FieldInsnNode f) {
        if (FieldRule.isConsole(f)) {
            push(new Stream(f.name.equals("out") ? 1 : 2));
            return;
        }
        Value field = staticField(f);
        String array = program.heap().finalArray(((Value.Symbol) field).name);
        if (array != null) {
            push(new Value.Symbol(array)); // a constant: its length is known and it is not null
            return;
        }
        Type t = Program.storageType(f.desc);
        push(widen(add(fieldLoad(t, field, isVolatile(f.owner, f.name))), f.desc));
    }

    void putStatic(FieldInsnNode f) {
        Value v = toStorage(pop(), f.desc);
        add(fieldStore(v, staticField(f), isVolatile(f.owner, f.name)));
    }

    /** The global of the static field {@code f} refers to. */
    Value staticField(FieldInsnNode f) {
        Program.ResolvedField r = program.resolveField(f.owner, f.name, f.desc);
        if (r == null || program.isExternal(r.owner().name)) {
            throw new IllegalStateException("unchecked static field " + f.owner + "." + f.name + " (FieldRule refuses it)");
        }
        return new Value.Symbol(Program.fieldSymbol(r.owner(), r.field()));
    }
}
