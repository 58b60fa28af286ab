// RUN: opt
package org.zeptux.compiler.testdata.codegen;

/**
 * Bounds checks after opt -O2: a loop over the whole array keeps only the null check (the
 * compiler marks the length invariant and non-negative, so LLVM proves every index in range),
 * while a loop to a bound of the caller's keeps its check.
 */
public class Bounds {
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Bounds.prefix([II)I"
    // CHECK: @zeptux_throw_format
    static int prefix(int[] a, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i];
        }
        return s;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Bounds.sum([I)I"
    // CHECK: icmp eq ptr %p0, null
    // CHECK: load i32, {{.*}} !invariant.load
    // CHECK-NOT: @zeptux_throw_format
    // CHECK: load i32, ptr %gep
    // CHECK-NOT: @zeptux_throw_format
    // CHECK: {{^}}}
    static int sum(int[] a) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }
}
