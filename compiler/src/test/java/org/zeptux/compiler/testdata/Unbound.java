package org.zeptux.compiler.testdata;

/** A native method with no symbol to bind to. */
public class Unbound {
    static native int missing();

    static int use() {
        return missing();
    }
}
