package org.zeptux.compiler.ir;

/** Anything an instruction can use as an operand: constants, globals, parameters, results. */
public abstract class Value {
    private final Type type;

    protected Value(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }

    /** An integer constant of the given type. */
    public static Value constant(Type type, long value) {
        return new Constant(type, value);
    }

    /** The null pointer. */
    public static Value nullPtr() {
        return Constant.NULL;
    }

    /** An integer or null constant. */
    public static final class Constant extends Value {
        static final Constant NULL = new Constant(Type.PTR, 0);
        public final long value;

        Constant(Type type, long value) {
            super(type);
            this.value = value;
        }
    }

    /** The address of a global (function or data) by symbol. */
    public static final class Symbol extends Value {
        public final String name;

        public Symbol(String name) {
            super(Type.PTR);
            this.name = name;
        }
    }

    /** A function parameter. */
    public static final class Param extends Value {
        public final int index;

        public Param(Type type, int index) {
            super(type);
            this.index = index;
        }
    }
}
