package org.zeptux.compiler.llvm;

/**
 * What the generated code runs on: the triple, data layout, function attributes and code
 * generation flags that go with it.
 */
public enum Target {
    /**
     * The freestanding kernel: higher half (code model {@code kernel}), static relocation, no
     * red zone, no SSE/MMX (no FPU state is saved on kernel entry), frame pointers kept and no
     * tail calls: every Java frame stays on the frame chain, so a backtrace names each caller
     * whatever was inlined (a call in tail position would otherwise replace its caller's frame).
     */
    KERNEL("x86_64-unknown-none-elf",
            "nounwind noredzone \"frame-pointer\"=\"all\" \"disable-tail-calls\"=\"true\" \"target-cpu\"=\"x86-64\" "
                    + "\"target-features\"=\"-mmx,-sse,-sse2,-sse3,-ssse3,-sse4.1,-sse4.2,-avx,-avx2,+soft-float\"",
            new String[] {"--relocation-model=static", "--code-model=kernel"}),

    /**
     * A static Linux x86-64 executable with no libc, for running dialect programs as ordinary
     * processes (differential testing against the JVM). Same code generation rules as the kernel
     * except the red zone, which user space may use.
     */
    HOSTED("x86_64-unknown-linux-gnu",
            "nounwind \"frame-pointer\"=\"all\" \"target-cpu\"=\"x86-64\"",
            new String[] {"--relocation-model=static"});

    /** The x86-64 System V data layout LLVM 19 uses; opt folds sizes wrongly without it. */
    public static final String DATA_LAYOUT =
            "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128";

    public final String triple;
    /** Attributes every generated function carries. */
    public final String functionAttributes;
    /** Extra flags for llc. */
    private final String[] llcFlags;

    Target(String triple, String functionAttributes, String[] llcFlags) {
        this.triple = triple;
        this.functionAttributes = functionAttributes;
        this.llcFlags = llcFlags;
    }

    public String[] llcFlags() {
        return llcFlags.clone();
    }
}
