package org.zeptux.kernel.hw;

import org.zeptux.rt.Export;

/**
 * The kernel-test table {@code zeptuxc compile --ktest} links in (empty in a normal kernel):
 * the number of tests, their names, which run on the JVM only, and a function that runs one.
 * Native: it is the compiler's, bound by symbol; test.KTestRunner reads it.
 */
public final class TestTable {
    private TestTable() {}

    /** The number of tests. */
    @Export("zeptux_ktest_count")
    public static native int count();

    /** Test {@code i}'s name, {@code Class.method}. */
    @Export("zeptux_ktest_name")
    public static native String name(int i);

    /** Whether test {@code i} runs on the JVM only (non-zero: skipped here). */
    @Export("zeptux_ktest_skip")
    public static native int jvmOnly(int i);

    /** Runs test {@code i}. */
    @Export("zeptux_ktest_run")
    public static native void run(int i);
}
