package org.zeptux.compiler.lower;

import static org.zeptux.compiler.lower.LoweringState.*;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
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
 * Calls: virtual, interface and devirtualised calls, invokespecial, statics and natives, the
 * intrinsics they dispatch to, java.lang.Enum, and the exception being built for a throw
 * (a family {@link MethodLowering} is composed of; see {@link LoweringState}).
 */
final class CallLowering {
    private final MethodLowering l;

    CallLowering(MethodLowering l) {
        this.l = l;
    }

    /** The constructor of an exception being built (ThrowRule checked it): records its message. */
    void construct(MethodInsnNode init) {
        Value message = Value.nullPtr();
        Value number = null;
        switch (init.desc) {
            case "()V" -> { }
            case "(Ljava/lang/String;)V", "(Ljava/lang/Object;)V" -> message = l.pop();   // an assert's string literal
            case "(I)V", "(J)V" -> number = l.pop();                                       // an assert's detail
            case "(Z)V" -> {
                Value b = l.add(new Instr.Compare(Pred.NE, l.pop(), i32(0)));
                message = l.add(new Instr.Select(b, new Value.Symbol(l.program.heap().string("true")),
                        new Value.Symbol(l.program.heap().string("false"))));
            }
            default -> throw new IllegalStateException("unchecked constructor " + init.desc + " (ThrowRule refuses it)");
        }
        if (!(l.popAny() instanceof PendingThrowable p) || p.constructed) {
            throw new IllegalStateException("unchecked constructor call (CompileTimeValueRule refuses it)");
        }
        p.message = message;
        p.number = number;
        p.constructed = true;
    }

    /** {@code throw new X(message)}: a call of the throw hook, which does not return. */
    void throwPending() {
        if (!(l.popAny() instanceof PendingThrowable p) || !p.constructed) {
            throw new IllegalStateException("unchecked athrow (CompileTimeValueRule refuses it)");
        }
        if (p.number != null) {
            Failures.raise(l.program, l.current, p.className.replace('/', '.'), "%d", null, null, p.number, null,
                    l.whereString());
            l.current.instrs().forEach(i -> i.at(l.line));
            return;
        }
        l.checks.callThrowHook(p.className.replace('/', '.'), p.message);
    }

    void invokeVirtual(MethodInsnNode call) {
        if (l.console.print(call)) {
            return;
        }
        if (Intrinsics.handles(call.owner)) {
            Intrinsics.lower(call, l);           // Address's methods
            return;
        }
        if (call.owner.equals("java/lang/String")) {
            switch (call.name + call.desc) {
                case "hashCode()I" -> {
                    // Every string is in the image heap, its hash computed at build time.
                    Value s = l.checks.nullChecked(l.pop());
                    l.push(l.add(Instr.Load.invariant(Type.I32, l.checks.offset(s, Layout.HASH_OFFSET), 4)));
                    return;
                }
                case "isEmpty()Z" -> {
                    Value s = l.checks.nullChecked(l.pop());
                    Value length = l.checks.lengthOf(s);
                    l.push(l.add(new Convert(Convert.Op.ZEXT, l.add(new Instr.Compare(Pred.EQ, length, i32(0))), Type.I32)));
                    return;
                }
                case "equals(Ljava/lang/Object;)Z" -> {
                    Value other = l.pop();
                    Value s = l.checks.nullChecked(l.pop());
                    StringSupport.defineEquals(l.program.module());
                    Value eq = l.add(new Instr.Call(Type.I8, Function.Ext.ZERO, StringSupport.EQUALS, List.of(s, other),
                            List.of(Function.Ext.NONE, Function.Ext.NONE), false));
                    l.push(l.add(new Convert(Convert.Op.ZEXT, eq, Type.I32)));
                    return;
                }
                case "length()I" -> {
                    Value s = l.checks.nullChecked(l.pop());
                    l.push(l.checks.lengthOf(s));
                    return;
                }
                case "charAt(I)C" -> {
                    Value index = l.pop();
                    Value s = l.checks.nullChecked(l.pop());
                    if (l.program.checks()) {
                        Value length = l.checks.lengthOf(s);
                        Block ok = l.checks.coldPath(l.add(new Instr.Compare(Pred.UGE, index, length)));
                        StringSupport.defineIndexFailure(l.program);
                        l.add(new Instr.Call(Type.VOID, Function.Ext.NONE, StringSupport.INDEX_FAILURE,
                                List.of(s, index, l.whereString()), List.of(Function.Ext.NONE, Function.Ext.NONE,
                                        Function.Ext.NONE), false));
                        l.add(new Instr.Unreachable());
                        l.current = ok;
                    }
                    Value wide = l.add(new Convert(Convert.Op.SEXT, index, Type.I64));
                    Value bytes = l.add(new Instr.Binary(Op.ADD, l.add(new Instr.Binary(Op.MUL, wide, i64(2))),
                            i64(Layout.ELEMENTS_OFFSET)));
                    Value c = l.add(new Instr.Load(Type.I16, l.add(new Instr.Offset(s, bytes)), 2, false));
                    l.push(l.add(new Convert(Convert.Op.ZEXT, c, Type.I32)));
                    return;
                }
                default -> { }
            }
        }
        if (JdkMethods.lower(call, l)) {
            return;                                 // the JDK's String methods written in the dialect
        }
        invokeObject(call, false);
    }

    /** java.lang.Enum's final methods: fields and comparisons. Returns false for anything else. */
    boolean enumMethod(MethodInsnNode call) {
        if (!ObjectCallRule.enumMethod(l.program, call)) {
            return false;
        }
        switch (call.name + call.desc) {
            case "ordinal()I" -> {
                Value e = l.checks.nullChecked(l.pop());
                l.push(l.add(new Instr.Load(Type.I32, l.checks.offset(e, 16), 4, false)));
            }
            case "name()Ljava/lang/String;" -> {
                Value e = l.checks.nullChecked(l.pop());
                l.push(l.add(new Instr.Load(Type.PTR, l.checks.offset(e, 8), 8, false)));
            }
            case "equals(Ljava/lang/Object;)Z" -> {
                Value other = l.pop();
                Value e = l.checks.nullChecked(l.pop());
                l.push(l.add(new Convert(Convert.Op.ZEXT, l.add(new Instr.Compare(Pred.EQ, e, other)), Type.I32)));
            }
            case "compareTo(Ljava/lang/Enum;)I" -> {
                // Enum.compareTo's own code fails on a null argument: other.getClass().
                Value other = l.checks.nullChecked(l.pop(), "Cannot invoke \"Object.getClass()\" because \"other\" is null");
                Value e = l.checks.nullChecked(l.pop());
                Value a = l.add(new Instr.Load(Type.I32, l.checks.offset(e, 16), 4, false));
                Value b = l.add(new Instr.Load(Type.I32, l.checks.offset(other, 16), 4, false));
                l.push(l.add(new Instr.Binary(Op.SUB, a, b)));
            }
            case "toString()Ljava/lang/String;" -> {   // not overridden (else a virtual call)
                Value e = l.checks.nullChecked(l.pop());
                l.push(l.add(new Instr.Load(Type.PTR, l.checks.offset(e, 8), 8, false)));
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
        if (ObjectCallRule.refusal(l.program, call, special) != null) {
            throw new IllegalStateException("unchecked call " + describe(call) + " (ObjectCallRule refuses it)");
        }
        if (!special && enumMethod(call)) {
            return;
        }
        if (l.program.model().structSize(call.owner) >= 0) {
            l.views.structAccess(call);
            return;
        }
        ObjectModel model = l.program.model();
        String nameDesc = call.name + call.desc;
        boolean iface = model.isInterfaceName(call.owner);
        ObjectModel.Impl direct = null;
        List<ObjectModel.Impl> targets = List.of();
        // An interface of the module API: modules may implement it, so the kernel's classes are not all there is.
        boolean open = iface && model.isOpen(call.owner);
        ObjectModel.Impl declared = special ? null : ObjectCallRule.resolveSpecial(l.program, call.owner, nameDesc);
        if (declared != null && (declared.method().access & Opcodes.ACC_PRIVATE) != 0) {
            direct = declared;      // a private l.method: javac (nestmates, Java 11+) calls it with invokevirtual
        } else if (special) {
            direct = ObjectCallRule.resolveSpecial(l.program, call.owner, nameDesc);
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
            args[i + 1] = l.toStorage(l.pop(), argTypes[i].getDescriptor());
            exts[i + 1] = Program.extension(argTypes[i].getDescriptor());
        }
        args[0] = l.objects.liveChecked(l.checks.nullChecked(l.pop()), call.owner);
        exts[0] = Function.Ext.NONE;
        String ret = org.objectweb.asm.Type.getReturnType(call.desc).getDescriptor();
        Value result;
        if (direct != null) {
            result = l.add(new Instr.Call(Program.storageType(ret), Program.extension(ret),
                    Program.methodSymbol(direct.owner(), direct.method()), List.of(args), List.of(exts), false));
        } else if (targets.isEmpty() && !open) {
            l.checks.callThrowHook("java.lang.AbstractMethodError", Value.nullPtr());   // no class implements it
            return;
        } else {
            Value cls = l.objects.classOf(args[0]);
            Value fnPtr;
            int slot = iface ? -1 : model.slot(call.owner, nameDesc);
            if (iface || (slot < 0 && model.selector(nameDesc) >= 0)) {
                // Through the itable: an interface call, or a default method called on a class type.
                Value itable = l.add(new Instr.Load(Type.PTR, l.checks.offset(cls, ObjectModel.ITABLE_OFFSET), 8, false));
                fnPtr = l.add(new Instr.Load(Type.PTR, l.checks.offset(itable, 8L * model.selector(nameDesc)), 8, false));
            } else {
                if (slot < 0) {
                    throw new IllegalStateException("unchecked call " + describe(call) + " (ObjectCallRule refuses it)");
                }
                fnPtr = l.add(new Instr.Load(Type.PTR, l.checks.offset(cls, ObjectModel.VTABLE_OFFSET + 8L * slot), 8, false));
            }
            // Every method the call may reach (none known for an interface modules may implement):
            // the stack-depth and sleep checks follow it.
            result = l.add(new Instr.Call(Program.storageType(ret), Program.extension(ret), fnPtr, List.of(args),
                    List.of(exts)).withCandidates(open ? List.of() : targets.stream()
                            .map(t -> Program.methodSymbol(t.owner(), t.method())).toList()));
        }
        if (!ret.equals("V")) {
            l.push(l.widen(result, ret));
        }
    }

    void invokeStatic(MethodInsnNode call) {
        if (Intrinsics.handles(call.owner)) {
            Intrinsics.lower(call, l);
            return;
        }
        if (JdkIntrinsics.handles(call.owner) && JdkIntrinsics.lower(call, l)) {
            return;
        }
        if (ArrayCopy.lower(call, l) || JdkMethods.lower(call, l)) {
            return;
        }
        Program.ResolvedMethod r = l.program.resolveStatic(call.owner, call.name, call.desc);
        if (r == null) {
            throw new IllegalStateException("unchecked call " + describe(call) + " (StaticCallRule refuses it)");
        }
        org.objectweb.asm.Type[] argTypes = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        Value[] args = new Value[argTypes.length];
        Function.Ext[] exts = new Function.Ext[argTypes.length];
        for (int i = argTypes.length - 1; i >= 0; i--) {
            args[i] = l.toStorage(l.pop(), argTypes[i].getDescriptor());
            exts[i] = Program.extension(argTypes[i].getDescriptor());
        }
        String ret = org.objectweb.asm.Type.getReturnType(call.desc).getDescriptor();
        String symbol = Program.methodSymbol(r.owner(), r.method());
        boolean kernel = l.program.isExternal(r.owner().name);
        if ((r.method().access & Opcodes.ACC_NATIVE) != 0 || kernel) {
            // Bound to an assembly symbol: declared here, defined by an object linked in.
            List<Type> params = new ArrayList<>();
            for (Value a : args) {
                params.add(a.type());
            }
            l.program.module().declare(new Module.Declaration(symbol, Program.storageType(ret), params, false));
        }
        Value result = l.add(new Instr.Call(Program.storageType(ret), Program.extension(ret),
                symbol, List.of(args), List.of(exts), false));
        if (!ret.equals("V")) {
            l.push(l.widen(result, ret));
        }
    }
}
