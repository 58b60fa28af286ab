package org.zeptux.compiler.testdata.codegen;

/**
 * The use-after-free check (docs/dialect.md, "Objects made at run time"): a field access on a
 * type a pool may make compares the class word with zeptux_freed_class after the null check;
 * a type no pool makes pays nothing.
 */
public class PoolChecks {
    static final class Pooled {
        int value;
    }

    static final class Plain {
        int value;
    }

    /** A Class value in the image heap, as a pool holds: Pooled is allocatable. */
    static final Class<Pooled> POOLED = Pooled.class;

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.PoolChecks.plain(Lorg/zeptux/compiler/testdata/codegen/PoolChecks$Plain;)I"
    // CHECK: icmp eq ptr %t1, null
    // CHECK-NOT: zeptux_freed_class
    // CHECK-NOT: zeptux_use_after_free
    // CHECK: {{^}}}
    static int plain(Plain p) {
        return p.value;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.PoolChecks.pooled(Lorg/zeptux/compiler/testdata/codegen/PoolChecks$Pooled;)I"
    // CHECK: icmp eq ptr %t1, null
    // CHECK: {{^}}ok0:
    // CHECK-NEXT: %t3 = load ptr, ptr %t1, align 8
    // CHECK-NEXT: icmp eq ptr %t3, @"zeptux_freed_class"
    // CHECK: call void @"zeptux_use_after_free"(ptr %t1,
    // CHECK: {{^}}ok1:
    // CHECK-NEXT: getelementptr i8, ptr %t1, i64 8
    static int pooled(Pooled p) {
        return p.value;
    }
}
