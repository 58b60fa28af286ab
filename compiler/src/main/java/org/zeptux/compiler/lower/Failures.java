package org.zeptux.compiler.lower;

import java.util.List;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * The calls compiled code makes when a Java check fails. A message known at compile time goes
 * to {@link Program#THROW_HOOK}; a message with values known only at run time (HotSpot's
 * {@code Index 6 out of bounds for length 6}) goes to {@link #FORMAT_HOOK} as a constant format
 * and its values, and the target's runtime prints it: the check's fast path does no work for
 * the message, and its cold block only passes registers.
 */
final class Failures {
    private Failures() {}

    /**
     * {@code zeptux_throw_format(exception, format, s1, s2, n1, n2, where)}: the message is
     * {@code format} with each {@code %s} replaced by the next of the strings {@code s1},
     * {@code s2} ({@code %1} and {@code %2} name one of them, as often as needed) and each
     * {@code %d} by the next of the numbers {@code n1}, {@code n2} (signed, decimal); the hook
     * does not return.
     */
    static final String FORMAT_HOOK = "zeptux_throw_format";

    /** Calls the throw hook in {@code b} with {@code message} (a string or null) and ends the block. */
    static void raise(Program program, Block b, String exception, Value message, Value where) {
        program.module().declare(new Module.Declaration(Program.THROW_HOOK, Type.VOID,
                List.of(Type.PTR, Type.PTR, Type.PTR), true));
        b.add(new Instr.Call(Type.VOID, Program.THROW_HOOK,
                List.of(string(program, exception), message, where), true));
        b.add(new Instr.Unreachable());
    }

    /** Calls the format hook in {@code b} and ends the block; missing strings are null, missing numbers 0. */
    static void raise(Program program, Block b, String exception, String format, Value s1, Value s2, Value n1,
            Value n2, Value where) {
        raise(program, b, exception, string(program, format), s1, s2, n1, n2, where);
    }

    /** As above, with a format chosen at run time (one of several constants). */
    static void raise(Program program, Block b, String exception, Value format, Value s1, Value s2, Value n1,
            Value n2, Value where) {
        program.module().declare(new Module.Declaration(FORMAT_HOOK, Type.VOID,
                List.of(Type.PTR, Type.PTR, Type.PTR, Type.PTR, Type.I64, Type.I64, Type.PTR), true));
        b.add(new Instr.Call(Type.VOID, FORMAT_HOOK, List.of(string(program, exception), format,
                s1 == null ? Value.nullPtr() : s1, s2 == null ? Value.nullPtr() : s2, wide(b, n1), wide(b, n2), where),
                true));
        b.add(new Instr.Unreachable());
    }

    static Value string(Program program, String s) {
        return new Value.Symbol(program.heap().string(s));
    }

    private static Value wide(Block b, Value n) {
        if (n == null) {
            return Value.constant(Type.I64, 0);
        }
        return n.type() == Type.I64 ? n : b.add(new Instr.Convert(Instr.Convert.Op.SEXT, n, Type.I64));
    }
}
