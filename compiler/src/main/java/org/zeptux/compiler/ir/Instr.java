package org.zeptux.compiler.ir;

import java.util.List;

/**
 * One IR instruction. Instructions with a non-void type are values; the function numbers
 * them when they are added to a block.
 */
public abstract class Instr extends Value {
    int id = -1;
    int line;

    protected Instr(Type type) {
        super(type);
    }

    /** The Java source line this instruction comes from; 0 when unknown. */
    public int line() {
        return line;
    }

    /** Sets the source line (0 for none); returns this. */
    public Instr at(int line) {
        this.line = line;
        return this;
    }

    /** The number the function gave this value; -1 before it is added to a block. */
    public int id() {
        return id;
    }

    /** Whether this instruction ends a basic block. */
    public boolean isTerminator() {
        return false;
    }

    /** Two-operand integer arithmetic. Division and shifts are well defined by construction. */
    public static final class Binary extends Instr {
        public enum Op { ADD, SUB, MUL, SDIV, SREM, UDIV, UREM, AND, OR, XOR, SHL, ASHR, LSHR }

        public final Op op;
        public final Value left;
        public final Value right;

        public Binary(Op op, Value left, Value right) {
            super(left.type());
            this.op = op;
            this.left = left;
            this.right = right;
        }
    }

    /** Integer or pointer comparison producing an {@link Type#I1}. */
    public static final class Compare extends Instr {
        public enum Pred { EQ, NE, SLT, SLE, SGT, SGE, ULT, ULE, UGT, UGE }

        public final Pred pred;
        public final Value left;
        public final Value right;

        public Compare(Pred pred, Value left, Value right) {
            super(Type.I1);
            this.pred = pred;
            this.left = left;
            this.right = right;
        }
    }

    /** Width conversions between integers, and integer/pointer casts. */
    public static final class Convert extends Instr {
        public enum Op { TRUNC, ZEXT, SEXT, PTR_TO_INT, INT_TO_PTR }

        public final Op op;
        public final Value value;

        public Convert(Op op, Value value, Type to) {
            super(to);
            this.op = op;
            this.value = value;
        }
    }

    /** {@code cond ? ifTrue : ifFalse}. */
    public static final class Select extends Instr {
        public final Value cond;
        public final Value ifTrue;
        public final Value ifFalse;

        public Select(Value cond, Value ifTrue, Value ifFalse) {
            super(ifTrue.type());
            this.cond = cond;
            this.ifTrue = ifTrue;
            this.ifFalse = ifFalse;
        }
    }

    /** A stack slot of one value of {@code slotType}; the result is its address. */
    public static final class Alloca extends Instr {
        public final Type slotType;

        public Alloca(Type slotType) {
            super(Type.PTR);
            this.slotType = slotType;
        }
    }

    /** {@code base + offset} bytes (an {@code i8} GEP). */
    public static final class Offset extends Instr {
        public final Value base;
        public final Value offset;

        public Offset(Value base, Value offset) {
            super(Type.PTR);
            this.base = base;
            this.offset = offset;
        }
    }

    /** Loads a value of the instruction's type. */
    public static final class Load extends Instr {
        public final Value address;
        public final int align;
        public final boolean isVolatile;
        /** Memory no store ever changes while the program runs (LLVM {@code !invariant.load}). */
        public final boolean isInvariant;
        /** The value is never negative (an {@code i32} length: LLVM {@code !range [0, 2^31)}). */
        public final boolean isNonNegative;

        public Load(Type type, Value address, int align, boolean isVolatile) {
            this(type, address, align, isVolatile, false, false);
        }

        private Load(Type type, Value address, int align, boolean isVolatile, boolean isInvariant,
                boolean isNonNegative) {
            super(type);
            this.address = address;
            this.align = align;
            this.isVolatile = isVolatile;
            this.isInvariant = isInvariant;
            this.isNonNegative = isNonNegative;
        }

        /** An array's or string's {@code i32} length: invariant, and never negative. */
        public static Load length(Value address) {
            return new Load(Type.I32, address, 4, false, true, true);
        }

        /**
         * A load of memory that never changes once the program runs, such as an array's length:
         * LLVM may then hoist it out of loops that store to other memory.
         */
        public static Load invariant(Type type, Value address, int align) {
            return new Load(type, address, align, false, true, false);
        }
    }

    /** Stores {@code value} at {@code address}. */
    public static final class Store extends Instr {
        public final Value value;
        public final Value address;
        public final int align;
        public final boolean isVolatile;

        public Store(Value value, Value address, int align, boolean isVolatile) {
            super(Type.VOID);
            this.value = value;
            this.address = address;
            this.align = align;
            this.isVolatile = isVolatile;
        }
    }

    /** The memory ordering of an atomic instruction (LLVM's names; Java's volatile is {@link #SEQ_CST}). */
    public enum Ordering {
        MONOTONIC, ACQUIRE, RELEASE, ACQ_REL, SEQ_CST;

        /** The LLVM keyword. */
        public String llvm() {
            return name().toLowerCase();
        }
    }

    /** An atomic load of the instruction's type, naturally aligned (LLVM {@code load atomic}). */
    public static final class AtomicLoad extends Instr {
        public final Value address;
        public final Ordering ordering;

        public AtomicLoad(Type type, Value address, Ordering ordering) {
            super(type);
            this.address = address;
            this.ordering = ordering;
        }
    }

    /** An atomic store, naturally aligned (LLVM {@code store atomic}). */
    public static final class AtomicStore extends Instr {
        public final Value value;
        public final Value address;
        public final Ordering ordering;

        public AtomicStore(Value value, Value address, Ordering ordering) {
            super(Type.VOID);
            this.value = value;
            this.address = address;
            this.ordering = ordering;
        }
    }

    /** Read-modify-write of memory in one atomic step; the result is the old value (LLVM {@code atomicrmw}). */
    public static final class AtomicRmw extends Instr {
        public enum Op { XCHG, ADD, SUB, AND, OR, XOR }

        public final Op op;
        public final Value address;
        public final Value value;
        public final Ordering ordering;

        public AtomicRmw(Op op, Value address, Value value, Ordering ordering) {
            super(value.type());
            this.op = op;
            this.address = address;
            this.value = value;
            this.ordering = ordering;
        }
    }

    /**
     * Compare-and-exchange: stores {@code replacement} if memory holds {@code expected}, in one
     * atomic step (strong: it never fails spuriously); the result is the value memory held
     * (LLVM {@code cmpxchg}, its first result). The exchange happened iff the result equals {@code expected}.
     */
    public static final class CmpXchg extends Instr {
        public final Value address;
        public final Value expected;
        public final Value replacement;
        public final Ordering ordering;

        public CmpXchg(Value address, Value expected, Value replacement, Ordering ordering) {
            super(expected.type());
            this.address = address;
            this.expected = expected;
            this.replacement = replacement;
            this.ordering = ordering;
        }
    }

    /**
     * A direct call of a function symbol. Narrow integer arguments and results carry the
     * ABI extension the callee was defined with (the caller extends them; the callee relies on it).
     */
    public static final class Call extends Instr {
        /** The function called by name, or null for an indirect call through {@link #target}. */
        public final String callee;
        /** The function pointer of an indirect call (a vtable or itable entry), or null. */
        public final Value target;
        public final List<Value> args;
        public final List<Function.Ext> argExts;
        public final Function.Ext returnExt;
        public final boolean noReturn;
        /** For an indirect call: every function it may call (the closed world's implementations), or empty if unknown. */
        private List<String> candidates = List.of();

        public Call(Type type, String callee, List<Value> args, boolean noReturn) {
            this(type, Function.Ext.NONE, callee, args, java.util.Collections.nCopies(args.size(), Function.Ext.NONE),
                    noReturn);
        }

        public Call(Type type, Function.Ext returnExt, String callee, List<Value> args, List<Function.Ext> argExts,
                boolean noReturn) {
            this(type, returnExt, callee, null, args, argExts, noReturn);
        }

        /** An indirect call of the function pointer {@code target}. */
        public Call(Type type, Function.Ext returnExt, Value target, List<Value> args, List<Function.Ext> argExts) {
            this(type, returnExt, null, target, args, argExts, false);
        }

        private Call(Type type, Function.Ext returnExt, String callee, Value target, List<Value> args,
                List<Function.Ext> argExts, boolean noReturn) {
            super(type);
            this.callee = callee;
            this.target = target;
            this.args = List.copyOf(args);
            this.argExts = List.copyOf(argExts);
            this.returnExt = returnExt;
            this.noReturn = noReturn;
        }

        /** The functions an indirect call may call (LLVM {@code !callees}); empty when unknown. */
        public List<String> candidates() {
            return candidates;
        }

        /** Records the functions an indirect call may call; returns this. */
        public Call withCandidates(List<String> symbols) {
            this.candidates = List.copyOf(symbols);
            return this;
        }
    }

    /**
     * Inline assembly with GCC-style constraints (AT&amp;T syntax), always treated as having
     * side effects.
     */
    public static final class Asm extends Instr {
        public final String template;
        public final String constraints;
        public final List<Value> args;

        public Asm(Type type, String template, String constraints, List<Value> args) {
            super(type);
            this.template = template;
            this.constraints = constraints;
            this.args = List.copyOf(args);
        }
    }

    /** Unconditional branch. */
    public static final class Jump extends Instr {
        public final Block target;

        public Jump(Block target) {
            super(Type.VOID);
            this.target = target;
        }

        @Override
        public boolean isTerminator() {
            return true;
        }
    }

    /** Two-way branch on an {@link Type#I1}. */
    public static final class Branch extends Instr {
        public final Value cond;
        public final Block ifTrue;
        public final Block ifFalse;

        public Branch(Value cond, Block ifTrue, Block ifFalse) {
            super(Type.VOID);
            this.cond = cond;
            this.ifTrue = ifTrue;
            this.ifFalse = ifFalse;
        }

        @Override
        public boolean isTerminator() {
            return true;
        }
    }

    /** Multi-way branch on an integer. */
    public static final class Switch extends Instr {
        public final Value value;
        public final Block defaultTarget;
        public final List<Long> keys;
        public final List<Block> targets;

        public Switch(Value value, Block defaultTarget, List<Long> keys, List<Block> targets) {
            super(Type.VOID);
            this.value = value;
            this.defaultTarget = defaultTarget;
            this.keys = List.copyOf(keys);
            this.targets = List.copyOf(targets);
        }

        @Override
        public boolean isTerminator() {
            return true;
        }
    }

    /** Return, with a value unless the function returns void. */
    public static final class Return extends Instr {
        public final Value value;

        public Return(Value value) {
            super(Type.VOID);
            this.value = value;
        }

        @Override
        public boolean isTerminator() {
            return true;
        }
    }

    /** Marks a point control never reaches (after a no-return call). */
    public static final class Unreachable extends Instr {
        public Unreachable() {
            super(Type.VOID);
        }

        @Override
        public boolean isTerminator() {
            return true;
        }
    }
}
