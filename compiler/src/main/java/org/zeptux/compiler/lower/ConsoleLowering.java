package org.zeptux.compiler.lower;

import java.util.List;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * {@code System.out} and {@code System.err}: print and println as calls of the target's console
 * functions (a layer of {@link MethodLowering}; see {@link LoweringState}).
 */
abstract class ConsoleLowering extends StructViewLowering {
    ConsoleLowering(Program program, ClassNode cls, MethodNode method) {
        super(program, cls, method);
    }

    /**
     * {@code System.out/err.print(x)} and {@code println(x)} become calls of the target's
     * console functions: zeptux_out_string/char/long/boolean(fd, x) and zeptux_out_newline(fd).
     */
    boolean print(MethodInsnNode call) {
        if (!ConsoleRule.isPrint(call)) {
            return false;
        }
        String arg = ConsoleRule.argument(call);
        String function = ConsoleRule.function(arg);
        if (function == null && !arg.isEmpty()) {
            throw new IllegalStateException("unchecked print of " + arg + " (ConsoleRule refuses it)");
        }
        Value value = null;
        if (function != null) {
            value = pop();
            if (arg.equals("I")) {
                value = add(new Convert(Convert.Op.SEXT, value, Type.I64));
            } else if (arg.equals("C")) {
                value = add(new Convert(Convert.Op.TRUNC, value, Type.I16));
            } else if (arg.equals("Z")) {
                value = add(new Convert(Convert.Op.TRUNC, value, Type.I8));
            }
        }
        if (!(popAny() instanceof Stream stream)) {
            throw new Unsupported("print and println are in the dialect on System.out and System.err only");
        }
        Value fd = i32(stream.fd);
        if (value != null) {
            console(function, fd, value);
        }
        if (call.name.equals("println")) {
            console("zeptux_out_newline", fd, null);
        }
        return true;
    }

    void console(String function, Value fd, Value value) {
        List<Value> args = value == null ? List.of(fd) : List.of(fd, value);
        List<Function.Ext> exts = value == null || value.type().size >= 4 ? List.of(Function.Ext.NONE, Function.Ext.NONE)
                : List.of(Function.Ext.NONE, Function.Ext.ZERO); // char and boolean are zero-extended
        program.module().declare(new Module.Declaration(function, Type.VOID,
                args.stream().map(Value::type).toList(), false));
        add(new Instr.Call(Type.VOID, Function.Ext.NONE, function, args, exts.subList(0, args.size()), false));
    }
}
