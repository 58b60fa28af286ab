package org.zeptux.compiler.ir;

import java.util.List;

/**
 * A global variable or constant. Its initialiser is a list of fields laid out in order with
 * their natural alignment (like a C struct).
 */
public final class Global {
    /** One field of the initialiser. */
    public sealed interface Field permits Scalar, Ref, Bytes, Zeros, IntPtr {}

    /** A pointer that is a plain number (an unboxed Address): {@code inttoptr}, or null for 0. */
    public record IntPtr(long value) implements Field {}

    /** An integer of the given type. */
    public record Scalar(Type type, long value) implements Field {}

    /** A pointer to another global's symbol, or null when {@code symbol} is null. */
    public record Ref(String symbol) implements Field {}

    /** An array of integers of one element type. */
    public record Bytes(Type elementType, long[] values) implements Field {}

    /** {@code count} zero bytes. */
    public record Zeros(int count) implements Field {}

    private final String symbol;
    private final List<Field> fields;
    private final boolean constant;
    private final boolean exported;
    private final int align;
    private final String comment;

    public Global(String symbol, List<Field> fields, boolean constant, boolean exported, int align) {
        this(symbol, fields, constant, exported, align, null);
    }

    /** {@code comment} is printed above the global for readers of the output (may be null). */
    public Global(String symbol, List<Field> fields, boolean constant, boolean exported, int align, String comment) {
        this.symbol = symbol;
        this.fields = List.copyOf(fields);
        this.constant = constant;
        this.exported = exported;
        this.align = align;
        this.comment = comment;
    }

    public String comment() {
        return comment;
    }

    public String symbol() {
        return symbol;
    }

    public List<Field> fields() {
        return fields;
    }

    public boolean constant() {
        return constant;
    }

    public boolean exported() {
        return exported;
    }

    public int align() {
        return align;
    }
}
