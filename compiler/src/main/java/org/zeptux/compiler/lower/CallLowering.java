package org.zeptux.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
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
 * Calls: virtual, interface and devirtualised calls, invokespecial, statics and natives, the
 * intrinsics they dispatch to, java.lang.Enum, and the exception being built for a throw
 * (a layer of {@link MethodLowering}; see {@link LoweringState}).
 */
abstract class CallLowering extends ConsoleLowering {
    CallLowering(Program program, ClassNode cls, MethodNode method) {
        super(program, cls, method);
    }

    /** The constructor of an exception being built (ThrowRule checked it): records its message. */
    void construct(MethodInsnNode init) {
        Value message = Value.nullPtr();
        Value number = null;
        switch (init.desc) {
            case "()V" -> { }
            case "(Ljava/lang/String;)V", "(Ljava/lang/Object;)V" -> message = pop();   // an assert's string literal
            case "(I)V", "(J)V" -> number = pop();                                       // an assert's detail
            case "(Z)V" -> {
                Value b = add(new Instr.Compare(Pred.NE, pop(), i32(0)));
                message = add(new Instr.Select(b, new Value.Symbol(program.heap().string("true")),
                        new Value.Symbol(program.heap().string("false"))));
            }
            default -> throw new IllegalStateException("unchecked constructor " + init.desc + " (ThrowRule refuses it)");
        }
        if (!(popAny() instanceof PendingThrowable p) || p.constructed) {
            throw new Unsupported(NOT_THROWN);
        }
        p.message = message;
        p.number = number;
        p.constructed = true;
    }

    /** {@code throw new X(message)}: a call of the throw hook, which does not return. */
    void throwPending() {
        if (!(popAny() instanceof PendingThrowable p) || !p.constructed) {
            throw new Unsupported("only 'throw new X(message)' is in the dialect "
                    + "(there are no exception objects at run time)");
        }
        if (p.number != null) {
            Failures.raise(program, current, p.className.replace('/', '.'), "%d", null, null, p.number, null,
                    whereString());
            current.instrs().forEach(i -> i.at(line));
            return;
        }
        callThrowHook(p.className.replace('/', '.'), p.message);
    }

    void invokeVirtual(MethodInsnNode call) {
        if (print(call)) {
            return;
        }
        if (Intrinsics.handles(call.owner)) {
            Intrinsics.lower(call, self());           // Address's methods
            return;
        }
        if (call.owner.equals("java/lang/String")) {
            switch (call.name + call.desc) {
                case "hashCode()I" -> {
                    // Every string is in the image heap, its hash computed at build time.
                    Value s = nullChecked(pop());
                    push(add(Instr.Load.invariant(Type.I32, offset(s, Layout.HASH_OFFSET), 4)));
                    return;
                }
                case "isEmpty()Z" -> {
                    Value s = nullChecked(pop());
                    Value length = lengthOf(s);
                    push(add(new Convert(Convert.Op.ZEXT, add(new Instr.Compare(Pred.EQ, length, i32(0))), Type.I32)));
                    return;
                }
                case "equals(Ljava/lang/Object;)Z" -> {
                    Value other = pop();
                    Value s = nullChecked(pop());
                    StringSupport.defineEquals(program.module());
                    Value eq = add(new Instr.Call(Type.I8, Function.Ext.ZERO, StringSupport.EQUALS, List.of(s, other),
                            List.of(Function.Ext.NONE, Function.Ext.NONE), false));
                    push(add(new Convert(Convert.Op.ZEXT, eq, Type.I32)));
                    return;
                }
                case "length()I" -> {
                    Value s = nullChecked(pop());
                    push(lengthOf(s));
                    return;
                }
                case "charAt(I)C" -> {
                    Value index = pop();
                    Value s = nullChecked(pop());
                    if (program.checks()) {
                        Value length = lengthOf(s);
                        Block ok = coldPath(add(new Instr.Compare(Pred.UGE, index, length)));
                        StringSupport.defineIndexFailure(program);
                        add(new Instr.Call(Type.VOID, Function.Ext.NONE, StringSupport.INDEX_FAILURE,
                                List.of(s, index, whereString()), List.of(Function.Ext.NONE, Function.Ext.NONE,
                                        Function.Ext.NONE), false));
                        add(new Instr.Unreachable());
                        current = ok;
                    }
                    Value wide = add(new Convert(Convert.Op.SEXT, index, Type.I64));
                    Value bytes = add(new Instr.Binary(Op.ADD, add(new Instr.Binary(Op.MUL, wide, i64(2))),
                            i64(Layout.ELEMENTS_OFFSET)));
                    Value c = add(new Instr.Load(Type.I16, add(new Instr.Offset(s, bytes)), 2, false));
                    push(add(new Convert(Convert.Op.ZEXT, c, Type.I32)));
                    return;
                }
                default -> { }
            }
        }
        if (JdkMethods.lower(call, self())) {
            return;                                 // the JDK's String methods written in the dialect
        }
        invokeObject(call, false);
    }

    /** java.lang.Enum's final methods: fields and comparisons. Returns false for anything else. */
    boolean enumMethod(MethodInsnNode call) {
        if (!ObjectCallRule.enumMethod(program, call)) {
            return false;
        }
        switch (call.name + call.desc) {
            case "ordinal()I" -> {
                Value e = nullChecked(pop());
                push(add(new Instr.Load(Type.I32, offset(e, 16), 4, false)));
            }
            case "name()Ljava/lang/String;" -> {
                Value e = nullChecked(pop());
                push(add(new Instr.Load(Type.PTR, offset(e, 8), 8, false)));
            }
            case "equals(Ljava/lang/Object;)Z" -> {
                Value other = pop();
                Value e = nullChecked(pop());
                push(add(new Convert(Convert.Op.ZEXT, add(new Instr.Compare(Pred.EQ, e, other)), Type.I32)));
            }
            case "compareTo(Ljava/lang/Enum;)I" -> {
                // Enum.compareTo's own code fails on a null argument: other.getClass().
                Value other = nullChecked(pop(), "Cannot invoke \"Object.getClass()\" because \"other\" is null");
                Value e = nullChecked(pop());
                Value a = add(new Instr.Load(Type.I32, offset(e, 16), 4, false));
                Value b = add(new Instr.Load(Type.I32, offset(other, 16), 4, false));
                push(add(new Instr.Binary(Op.SUB, a, b)));
            }
            case "toString()Ljava/lang/String;" -> {   // not overridden (else a virtual call)
                Value e = nullChecked(pop());
                push(add(new Instr.Load(Type.PTR, offset(e, 8), 8, false)));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A call on an object: invokevirtual, invokeinterface, or invokespecial of a private or
     * superclass method. Direct when only one method can run (devirtualised over the closed
     * world of compiled classes), else through the receiver's vtable or itable.
     */
    void invokeObject(MethodInsnNode call, boolean special) {
        if (ObjectCallRule.refusal(program, call, special) != null) {
            throw new IllegalStateException("unchecked call " + describe(call) + " (ObjectCallRule refuses it)");
        }
        if (!special && enumMethod(call)) {
            return;
        }
        if (program.model().structSize(call.owner) >= 0) {
            structAccess(call);
            return;
        }
        ObjectModel model = program.model();
        String nameDesc = call.name + call.desc;
        boolean iface = model.isInterfaceName(call.owner);
        ObjectModel.Impl direct = null;
        List<ObjectModel.Impl> targets = List.of();
        // An interface of the module API: modules may implement it, so the kernel's classes are not all there is.
        boolean open = iface && model.isOpen(call.owner);
        ObjectModel.Impl declared = special ? null : ObjectCallRule.resolveSpecial(program, call.owner, nameDesc);
        if (declared != null && (declared.method().access & Opcodes.ACC_PRIVATE) != 0) {
            direct = declared;      // a private method: javac (nestmates, Java 11+) calls it with invokevirtual
        } else if (special) {
            direct = ObjectCallRule.resolveSpecial(program, call.owner, nameDesc);
        } else {
            targets = model.implementations(call.owner, nameDesc);
            if (targets.size() == 1 && !open) {
                direct = targets.get(0);
            }
        }
        org.objectweb.asm.Type[] argTypes = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        Value[] args = new Value[argTypes.length + 1];
        Function.Ext[] exts = new Function.Ext[argTypes.length + 1];
        for (int i = argTypes.length - 1; i >= 0; i--) {
            args[i + 1] = toStorage(pop(), argTypes[i].getDescriptor());
            exts[i + 1] = Program.extension(argTypes[i].getDescriptor());
        }
        args[0] = liveChecked(nullChecked(pop()), call.owner);
        exts[0] = Function.Ext.NONE;
        String ret = org.objectweb.asm.Type.getReturnType(call.desc).getDescriptor();
        Value result;
        if (direct != null) {
            result = add(new Instr.Call(Program.storageType(ret), Program.extension(ret),
                    Program.methodSymbol(direct.owner(), direct.method()), List.of(args), List.of(exts), false));
        } else if (targets.isEmpty() && !open) {
            callThrowHook("java.lang.AbstractMethodError", Value.nullPtr());   // no class implements it
            return;
        } else {
            Value cls = classOf(args[0]);
            Value fnPtr;
            int slot = iface ? -1 : model.slot(call.owner, nameDesc);
            if (iface || (slot < 0 && model.selector(nameDesc) >= 0)) {
                // Through the itable: an interface call, or a default method called on a class type.
                Value itable = add(new Instr.Load(Type.PTR, offset(cls, ObjectModel.ITABLE_OFFSET), 8, false));
                fnPtr = add(new Instr.Load(Type.PTR, offset(itable, 8L * model.selector(nameDesc)), 8, false));
            } else {
                if (slot < 0) {
                    throw new Unsupported(describe(call) + " has no vtable slot (is it declared in a compiled class?)");
                }
                fnPtr = add(new Instr.Load(Type.PTR, offset(cls, ObjectModel.VTABLE_OFFSET + 8L * slot), 8, false));
            }
            // Every method the call may reach (none known for an interface modules may implement):
            // the stack-depth and sleep checks follow it.
            result = add(new Instr.Call(Program.storageType(ret), Program.extension(ret), fnPtr, List.of(args),
                    List.of(exts)).withCandidates(open ? List.of() : targets.stream()
                            .map(t -> Program.methodSymbol(t.owner(), t.method())).toList()));
        }
        if (!ret.equals("V")) {
            push(widen(result, ret));
        }
    }

    void invokeStatic(MethodInsnNode call) {
        if (Intrinsics.handles(call.owner)) {
            Intrinsics.lower(call, self());
            return;
        }
        if (JdkIntrinsics.handles(call.owner) && JdkIntrinsics.lower(call, self())) {
            return;
        }
        if (ArrayCopy.lower(call, self()) || JdkMethods.lower(call, self())) {
            return;
        }
        Program.ResolvedMethod r = program.resolveStatic(call.owner, call.name, call.desc);
        if (r == null) {
            throw new IllegalStateException("unchecked call " + describe(call) + " (StaticCallRule refuses it)");
        }
        org.objectweb.asm.Type[] argTypes = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        Value[] args = new Value[argTypes.length];
        Function.Ext[] exts = new Function.Ext[argTypes.length];
        for (int i = argTypes.length - 1; i >= 0; i--) {
            args[i] = toStorage(pop(), argTypes[i].getDescriptor());
            exts[i] = Program.extension(argTypes[i].getDescriptor());
        }
        String ret = org.objectweb.asm.Type.getReturnType(call.desc).getDescriptor();
        String symbol = Program.methodSymbol(r.owner(), r.method());
        boolean kernel = program.isExternal(r.owner().name);
        if ((r.method().access & Opcodes.ACC_NATIVE) != 0 || kernel) {
            // Bound to an assembly symbol: declared here, defined by an object linked in.
            List<Type> params = new ArrayList<>();
            for (Value a : args) {
                params.add(a.type());
            }
            program.module().declare(new Module.Declaration(symbol, Program.storageType(ret), params, false));
        }
        Value result = add(new Instr.Call(Program.storageType(ret), Program.extension(ret),
                symbol, List.of(args), List.of(exts), false));
        if (!ret.equals("V")) {
            push(widen(result, ret));
        }
    }
}
