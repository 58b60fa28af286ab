package org.zeptux.compiler.testdata.codegen;

/**
 * Counted loops checked once (lower/LoopVersions): for (i = i0; i < B; i++) with accesses
 * a[s * i + t] of invariant arrays is lowered twice behind one guard — the arrays not null, B > i0,
 * s >= 0, s * i0 + t >= 0 and s * (B - 1) + t < length, in 64 bits — a fast copy whose covered
 * accesses have no checks and the checked original, taken when the guard fails. Not for a loop
 * LLVM already proves (a[i] up to a.length), a decreasing index, or an index the loop assigns.
 */
public class LoopVersions {
    // Functions come sorted by name: assigned, down, downward, range, step, stride, whole.
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.LoopVersions.assigned([II)I"
    // CHECK-NOT: .fast.
    // CHECK: {{^}}}
    static int assigned(int[] a, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            int j = i;
            s += a[j];
        }
        return s;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.LoopVersions.down([II)I"
    // CHECK-NOT: .fast.
    // CHECK: {{^}}}
    static int down(int[] a, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[n - 1 - i];
        }
        return s;
    }

    // Going down while j >= lo: i's range is [lo, j0]; the guard asks j0 >= lo and lo > MIN_VALUE.
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.LoopVersions.downward([III)I"
    // CHECK: loop{{[0-9]+}}.fast.b{{[0-9]+}}:
    // CHECK-NOT: zeptux_throw
    // CHECK: loop{{[0-9]+}}.guard0:
    // CHECK: icmp sge i32
    // CHECK-NEXT: icmp sgt i32 {{%t[0-9]+}}, -2147483648
    // CHECK: br i1 {{%t[0-9]+}}, label %loop{{[0-9]+}}.fast.b{{[0-9]+}}, label %b
    // CHECK: {{^}}}
    static int downward(int[] a, int j, int lo) {
        int s = 0;
        for (; j >= lo; j--) {
            s += a[j] + a[j + 1];
        }
        return s;
    }

    // The fast copy without a bounds check, then the guard: null, B > i0, then i0 >= 0 and
    // B - 1 < length; then the checked original's check, which throws with the index.
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.LoopVersions.range([III)I"
    // CHECK: loop{{[0-9]+}}.fast.b{{[0-9]+}}:
    // CHECK-NOT: zeptux_throw
    // CHECK: br label %loop{{[0-9]+}}.fast.b
    // CHECK: loop{{[0-9]+}}.guard0:
    // CHECK-NEXT: load i32
    // CHECK-NEXT: load i32
    // CHECK-NEXT: load i32
    // CHECK-NEXT: add i32
    // CHECK-NEXT: icmp sgt i32
    // CHECK: icmp sge i64
    // CHECK: icmp slt i64
    // CHECK: br i1 {{%t[0-9]+}}, label %loop{{[0-9]+}}.fast.b{{[0-9]+}}, label %b
    // CHECK: icmp uge i32
    // CHECK: zeptux_throw_format
    // CHECK: {{^}}}
    static int range(int[] a, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) {
            s += a[i];
        }
        return s;
    }

    // j += step: the guard asks step >= 1 and B - 1 + step <= MAX_VALUE, so j never wraps.
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.LoopVersions.step([IIII)V"
    // CHECK: loop{{[0-9]+}}.fast.b{{[0-9]+}}:
    // CHECK-NOT: zeptux_throw
    // CHECK: loop{{[0-9]+}}.guard0:
    // CHECK: icmp sge i64 {{%t[0-9]+}}, 1
    // CHECK: icmp sle i64 {{%t[0-9]+}}, 2147483647
    // CHECK: br i1 {{%t[0-9]+}}, label %loop{{[0-9]+}}.fast.b{{[0-9]+}}, label %b
    // CHECK: {{^}}}
    static void step(int[] a, int from, int n, int step) {
        for (int j = from; j < n; j += step) {
            a[j] = 0;
        }
    }

    // Two arrays, one with a stride: each array's null check, then the stride's sign in the guard.
    // In the fast copy the index is s * k + t in 64 bits (the guard's s and t times k), which
    // LLVM strength-reduces, not the int arithmetic sign-extended.
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.LoopVersions.stride([J[JIII)J"
    // CHECK: loop{{[0-9]+}}.fast.b{{[0-9]+}}:
    // CHECK-NOT: zeptux_throw
    // CHECK: mul i64 {{%t[0-9]+}}, {{%t[0-9]+}}
    // CHECK-NOT: zeptux_throw
    // CHECK: loop{{[0-9]+}}.guard0:
    // CHECK: icmp eq ptr
    // CHECK: loop{{[0-9]+}}.guard1:
    // CHECK: mul i64
    // CHECK: icmp sge i64 {{%t[0-9]+}}, 0
    // CHECK: icmp slt i64
    // CHECK: br i1 {{%t[0-9]+}}, label %loop{{[0-9]+}}.fast.b{{[0-9]+}}, label %b
    // CHECK: {{^}}}
    static long stride(long[] a, long[] b, int i, int j, int n) {
        long s = 0;
        for (int k = 0; k < n; k++) {
            s += a[i * n + k] * b[k * n + j];
        }
        return s;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.LoopVersions.whole([I)I"
    // CHECK-NOT: .fast.
    // CHECK: {{^}}}
    static int whole(int[] a) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }
}
