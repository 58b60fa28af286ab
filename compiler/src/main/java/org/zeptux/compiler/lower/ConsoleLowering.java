package org.zeptux.compiler.lower;

import static org.zeptux.compiler.lower.LoweringState.*;

import java.util.List;
import org.objectweb.asm.tree.MethodInsnNode;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Binary.Op;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * {@code System.out} and {@code System.err}: print and println as calls of the target's console
 * functions (a family {@link MethodLowering} is composed of; see {@link LoweringState}).
 */
final class ConsoleLowering {
    private final MethodLowering l;

    ConsoleLowering(MethodLowering l) {
        this.l = l;
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
            value = l.pop();
            if (arg.equals("I")) {
                value = l.add(new Convert(Convert.Op.SEXT, value, Type.I64));
            } else if (arg.equals("C")) {
                value = l.add(new Convert(Convert.Op.TRUNC, value, Type.I16));
            } else if (arg.equals("Z")) {
                value = l.add(new Convert(Convert.Op.TRUNC, value, Type.I8));
            }
        }
        if (!(l.popAny() instanceof Stream stream)) {
            throw new IllegalStateException("unchecked print (CompileTimeValueRule refuses it)");
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
        l.program.module().declare(new Module.Declaration(function, Type.VOID,
                args.stream().map(Value::type).toList(), false));
        l.add(new Instr.Call(Type.VOID, Function.Ext.NONE, function, args, exts.subList(0, args.size()), false));
    }
}
