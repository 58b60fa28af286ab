package org.zeptux.compiler.testdata.codegen;

/**
 * {@code System.arraycopy} is a call to the one {@code zeptux.arraycopy} zeptuxc generates: the
 * JVM's checks, then one {@code llvm.memmove} of the bytes (overlap allowed) when the types allow.
 */
public class ArrayCopy {
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.ArrayCopy.ints([I[II)V"
    // CHECK: call void @"zeptux.arraycopy"(ptr %{{t[0-9]+}}, i32 0, ptr %{{t[0-9]+}}, i32 1, i32 %{{t[0-9]+}}, ptr
    static void ints(int[] from, int[] to, int n) {
        System.arraycopy(from, 0, to, 1, n);
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.ArrayCopy.longs([J[J)V"
    // CHECK: call void @"zeptux.arraycopy"(ptr %{{t[0-9]+}}, i32 0, ptr %{{t[0-9]+}}, i32 0, i32 4, ptr

    // CHECK-LABEL: define internal void @"zeptux.arraycopy"(ptr %p0, i32 %p1, ptr %p2, i32 %p3, i32 %p4, ptr %p5)
    // CHECK: {{^}}src_null:
    // CHECK: {{^}}dst_null:
    // CHECK: {{^}}src_end:
    // CHECK: {{^}}dst_end:
    // CHECK: {{^}}bytes:
    // CHECK-NOT: {{^[a-z_0-9]+}}:
    // CHECK: call void @"llvm.memmove.p0.p0.i64"(ptr %{{t[0-9]+}}, ptr %{{t[0-9]+}}, i64 %{{t[0-9]+}}, i1 false)
    // CHECK-NEXT: ret void
    static void longs(long[] from, long[] to) {
        System.arraycopy(from, 0, to, 0, 4);
    }
}
