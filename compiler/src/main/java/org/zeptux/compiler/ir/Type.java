package org.zeptux.compiler.ir;

/** The machine types the IR computes with; references are untyped pointers. */
public enum Type {
    VOID(0), I1(1), I8(1), I16(2), I32(4), I64(8), PTR(8);

    /** Size in bytes in memory. */
    public final int size;

    Type(int size) {
        this.size = size;
    }

    /** Whether this is an integer type (not void, not a pointer). */
    public boolean isInteger() {
        return this != VOID && this != PTR;
    }

    /** Width in bits of an integer type. */
    public int bits() {
        return this == I1 ? 1 : size * 8;
    }
}
