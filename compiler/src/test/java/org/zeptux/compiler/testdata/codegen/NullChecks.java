package org.zeptux.compiler.testdata.codegen;

/**
 * Null checks: none for {@code this}, for a static final array or for a final array field every
 * image-heap instance fills; one for a parameter. The arrays' lengths are known too.
 */
public class NullChecks {
    static final class Counter {
        int count;
        final int[] hits = new int[4];

        // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.NullChecks$Counter.bump(I)I"
        // CHECK-NOT: icmp eq ptr
        // CHECK: icmp uge i32 %{{t[0-9]+}}, 4,
        // CHECK-NOT: icmp eq ptr
        // CHECK: {{^}}}
        int bump(int i) {
            count++;
            hits[i]++;
            return count + hits[i];
        }
    }

    static final Counter COUNTER = new Counter();
    static final int[] TABLE = {1, 2, 3};

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.NullChecks.parameter([I)I"
    // CHECK: = load ptr, ptr %t0
    // CHECK-NEXT: icmp eq ptr %{{t[0-9]+}}, null
    // CHECK: call void @"zeptux_throw"
    static int parameter(int[] a) {
        return a[0];
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.NullChecks.table(I)I"
    // CHECK-NOT: icmp eq ptr
    // CHECK: icmp uge i32 %{{t[0-9]+}}, 3
    // CHECK-NOT: icmp eq ptr
    // CHECK: getelementptr i8, ptr @"arr.org.zeptux.compiler.testdata.codegen.NullChecks.TABLE"
    // CHECK-NOT: icmp eq ptr
    // CHECK: {{^}}}
    static int table(int i) {
        return TABLE[i];
    }

    static int counted(int i) {
        return COUNTER.bump(i);
    }
}
