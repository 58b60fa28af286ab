package org.zeptux.kernel.test;

import org.zeptux.kernel.dev.DebugExit;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.TestTable;
import org.zeptux.kernel.lib.Print;

/**
 * Runs the kernel tests inside the kernel and reports KTAP version 1 (Linux's KUnit format)
 * on the console, one subtest group per test class, then exits QEMU: status 33 if every test
 * passed, 35 if any failed.
 *
 * <p>The test kernel is built with {@code zeptuxc compile --ktest}, which fills the table this
 * runner reads (hw.TestTable: count, names, JVM-only flags, and a function that runs test i) and makes
 * {@link #ENABLED} true. In the normal kernel the table is empty and the runner never runs.
 */
public final class KTestRunner {
    private KTestRunner() {}

    /** Whether this is a test kernel: decided at build time (static initialisers run in zeptuxc). */
    public static final boolean ENABLED = Boolean.getBoolean("zeptux.ktest");

    /** Indentation of a subtest group's lines (KTAP nests by four spaces). */
    private static final String INDENT = "    ";

    /**
     * Runs every test, prints KTAP, and ends the machine. The report has one subtest group per
     * test class, as Linux's KUnit has one per suite: the group's own KTAP header and plan, a
     * result per test (named by its method), then the group's result at the top level, named
     * by the class: not ok if any of its tests failed, SKIP if every one was skipped.
     */
    /**
     * Whether the command line says {@code ktest=boot}: after the tests pass, the test kernel
     * boots on as the normal one does (the monitor, user programs), so that its lock-order
     * checker sees the paths only a running system takes (docs/smp.md, Lock order).
     */
    static boolean bootAfter() {
        int at = org.zeptux.kernel.boot.CommandLine.value("ktest");
        return at >= 0 && org.zeptux.kernel.boot.CommandLine.valueEnd(at) - at == 4
                && org.zeptux.kernel.boot.CommandLine.charAt(at) == 'b' && org.zeptux.kernel.boot.CommandLine.charAt(at + 1) == 'o'
                && org.zeptux.kernel.boot.CommandLine.charAt(at + 2) == 'o' && org.zeptux.kernel.boot.CommandLine.charAt(at + 3) == 't';
    }

    public static void runAll() {
        int n = TestTable.count();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        Print.str("KTAP version 1");
        Print.nl();
        plan("", groups(n));
        int group = 0;
        for (int first = 0; first < n; ) {
            int end = first + 1;
            while (end < n && sameClass(TestTable.name(first), TestTable.name(end))) {
                end++;
            }
            group++;
            Print.str(INDENT);
            Print.str("KTAP version 1");
            Print.nl();
            Print.str(INDENT);
            Print.str("# Subtest: ");
            className(TestTable.name(first));
            Print.nl();
            plan(INDENT, end - first);
            int groupFailed = 0;
            int groupSkipped = 0;
            for (int i = first; i < end; i++) {
                Check.reset();
                if (TestTable.jvmOnly(i) != 0) {
                    result(INDENT, true, i - first + 1, i, false, "# SKIP runs on the JVM only");
                    groupSkipped++;
                    continue;
                }
                TestTable.run(i);
                boolean ok = Check.failures() == 0;
                result(INDENT, ok, i - first + 1, i, false, null);
                if (!ok) {
                    groupFailed++;
                }
            }
            result("", groupFailed == 0, group, first, true, groupSkipped == end - first ? "# SKIP" : null);
            failed += groupFailed;
            skipped += groupSkipped;
            passed += end - first - groupFailed - groupSkipped;
            first = end;
        }
        Print.str("# zeptux ktest: ");
        Print.dec(passed);
        Print.str(" passed, ");
        Print.dec(failed);
        Print.str(" failed, ");
        Print.dec(skipped);
        Print.str(" skipped");
        Print.nl();
        if (failed == 0 && bootAfter()) {
            return;                                 // ktest=boot: on into the monitor, the lock-order checker still on
        }
        DebugExit.exit(failed == 0 ? DebugExit.POWEROFF : DebugExit.PANIC);
        while (true) {
            Processor.cli();
            Processor.hlt();
        }
    }

    /** The number of test classes among the {@code n} tests (the table is sorted by class). */
    private static int groups(int n) {
        int groups = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || !sameClass(TestTable.name(i - 1), TestTable.name(i))) {
                groups++;
            }
        }
        return groups;
    }

    private static void plan(String indent, int n) {
        Print.str(indent);
        Print.str("1..");
        Print.dec(n);
        Print.nl();
    }

    /**
     * One result line: {@code ok K NAME [directive]}, NAME the class of test {@code i} for a
     * group, else its method.
     */
    private static void result(String indent, boolean ok, int number, int i, boolean group, String directive) {
        Print.str(indent);
        Print.str(ok ? "ok " : "not ok ");
        Print.dec(number);
        Print.chr(' ');
        String name = TestTable.name(i);
        if (group) {
            className(name);
        } else {
            for (int c = dot(name) + 1; c < name.length(); c++) {
                Print.chr(name.charAt(c));
            }
        }
        if (directive != null) {
            Print.chr(' ');
            Print.str(directive);
        }
        Print.nl();
    }

    /** Prints the class part of a test's name ({@code Class.method}). */
    private static void className(String name) {
        int dot = dot(name);
        for (int c = 0; c < dot; c++) {
            Print.chr(name.charAt(c));
        }
    }

    /** Where the method part of {@code Class.method} starts, less one. */
    private static int dot(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) != '.') {
            i++;
        }
        return i;
    }

    /** Whether two tests' names have the same class part. */
    private static boolean sameClass(String a, String b) {
        int dot = dot(a);
        if (dot != dot(b)) {
            return false;
        }
        for (int c = 0; c < dot; c++) {
            if (a.charAt(c) != b.charAt(c)) {
                return false;
            }
        }
        return true;
    }
}
