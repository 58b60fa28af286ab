package org.zeptux.compiler.lower;

import java.util.Set;

/**
 * How a program is lowered, in one record instead of boolean parameters:
 *
 * @param ktests       a test kernel: the kernel-test table lists every {@code @KTest} method (else none),
 *                     and static initialisers see {@code zeptux.ktest=true}
 * @param checks       the implicit null and bounds checks (false only for measuring their cost,
 *                     {@code --no-checks}: such accesses become undefined; division by zero is still checked)
 * @param only         null, or the internal names of the only classes to compile (a kernel module),
 *                     against the rest of the class path (the kernel), of which only static methods
 *                     marked {@code @KernelApi} are called, as external symbols
 * @param unsafeModule a module's classes may use the raw API ({@code zeptuxc module --unsafe});
 *                     other classes may only in packages marked {@code @Unsafe}
 */
public record Options(boolean ktests, boolean checks, Set<String> only, boolean unsafeModule) {
    /** A kernel or program: checks on, every class, no tests. */
    public static final Options DEFAULT = new Options(false, true, null, false);

    public Options withKtests(boolean on) {
        return new Options(on, checks, only, unsafeModule);
    }

    public Options withChecks(boolean on) {
        return new Options(ktests, on, only, unsafeModule);
    }

    /** A kernel module of the classes {@code classes}, safe unless {@code unsafe}. */
    public Options module(Set<String> classes, boolean unsafe) {
        return new Options(ktests, checks, classes, unsafe);
    }
}
