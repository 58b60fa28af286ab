package org.zeptux.compiler.testdata.codegen;

/**
 * Neighbouring accesses of one array checked once (lower/CheckGroups): a run of a[x + c] at
 * three or more offsets is lowered twice behind one guard, an unsigned 64-bit compare of
 * zext(x + min) + (max - min) with the length: a fast copy without bounds checks and the
 * checked original. Not when the index is assigned in between, nor for two offsets.
 */
public class CheckRuns {
    // Functions come sorted by name: pair, reassigned, shift, word.
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.CheckRuns.pair([BI)I"
    // CHECK-NOT: .guard:
    // CHECK: {{^}}}
    static int pair(byte[] b, int x) {
        return (b[x] & 0xff) << 8 | (b[x + 1] & 0xff);
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.CheckRuns.reassigned([BI)I"
    // CHECK-NOT: .guard:
    // CHECK: {{^}}}
    static int reassigned(byte[] b, int x) {
        int s = b[x] + b[x + 1];
        x = s & 3;
        return s + b[x + 2];
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.CheckRuns.shift([II)V"
    // CHECK: run{{[0-9]+}}.guard:
    // CHECK-NEXT: add i32 {{%t[0-9]+}}, -1
    // CHECK-NEXT: zext i32
    // CHECK-NEXT: add i64 {{%t[0-9]+}}, 2
    static void shift(int[] a, int i) {
        a[i - 1] = a[i];
        a[i] = a[i + 1];
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.CheckRuns.word([BI)I"
    // CHECK: run{{[0-9]+}}.fast:
    // CHECK-NOT: "zeptux_throw_format"
    // CHECK: run{{[0-9]+}}.checked:
    // CHECK-NOT: "zeptux_throw_format"
    // CHECK: run{{[0-9]+}}.guard:
    // CHECK-NEXT: add i32 {{%t[0-9]+}}, 0
    // CHECK-NEXT: zext i32
    // CHECK-NEXT: add i64 {{%t[0-9]+}}, 3
    // CHECK: icmp ult i64
    // The checked copy's four checks, each with its own index:
    // CHECK: "zeptux_throw_format"
    // CHECK: "zeptux_throw_format"
    // CHECK: "zeptux_throw_format"
    // CHECK: "zeptux_throw_format"
    // CHECK-NOT: "zeptux_throw_format"
    // CHECK: {{^}}}
    static int word(byte[] b, int x) {
        return (b[x] & 0xff) | (b[x + 1] & 0xff) << 8 | (b[x + 2] & 0xff) << 16 | (b[x + 3] & 0xff) << 24;
    }
}
