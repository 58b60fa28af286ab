package org.zeptux.kernel.test;

import org.zeptux.kernel.dev.DebugExit;
import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;

/**
 * Runs the kernel tests inside the kernel and reports KTAP version 1 (Linux's KUnit format)
 * on the console, then exits QEMU: status 33 if every test passed, 35 if any failed.
 *
 * <p>The test kernel is built with {@code zeptuxc compile --ktest}, which fills the table this
 * runner reads (count, names, JVM-only flags, and a function that runs test i) and makes
 * {@link #ENABLED} true. In the normal kernel the table is empty and the runner never runs.
 */
public final class KTestRunner {
    private KTestRunner() {}

    /** Whether this is a test kernel: decided at build time (static initialisers run in zeptuxc). */
    public static final boolean ENABLED = Boolean.getBoolean("zeptux.ktest");

    @Export("zeptux_ktest_count")
    private static native int count();

    @Export("zeptux_ktest_name")
    private static native String name(int i);

    @Export("zeptux_ktest_skip")
    private static native int jvmOnly(int i);

    @Export("zeptux_ktest_run")
    private static native void run(int i);

    /** Runs every test, prints KTAP, and ends the machine. */
    public static void runAll() {
        int n = count();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        Print.str("KTAP version 1");
        Print.nl();
        Print.str("1..");
        Print.dec(n);
        Print.nl();
        for (int i = 0; i < n; i++) {
            Check.reset();
            if (jvmOnly(i) != 0) {
                result(true, i, "# SKIP runs on the JVM only");
                skipped++;
                continue;
            }
            run(i);
            boolean ok = Check.failures() == 0;
            result(ok, i, null);
            if (ok) {
                passed++;
            } else {
                failed++;
            }
        }
        Print.str("# zeptux ktest: ");
        Print.dec(passed);
        Print.str(" passed, ");
        Print.dec(failed);
        Print.str(" failed, ");
        Print.dec(skipped);
        Print.str(" skipped");
        Print.nl();
        DebugExit.exit(failed == 0 ? DebugExit.POWEROFF : DebugExit.PANIC);
        while (true) {
            Cpu.cli();
            Cpu.hlt();
        }
    }

    private static void result(boolean ok, int i, String directive) {
        Print.str(ok ? "ok " : "not ok ");
        Print.dec(i + 1);
        Print.chr(' ');
        Print.str(name(i));
        if (directive != null) {
            Print.chr(' ');
            Print.str(directive);
        }
        Print.nl();
    }
}
