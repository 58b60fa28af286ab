// RUN: opt
package org.zeptux.compiler.testdata.codegen;

/**
 * Java's volatile through opt -O2: a loop spinning on a volatile field loads it on every
 * iteration (a seq_cst atomic load inside the loop); the same loop on a plain field loads it
 * once, before the loop.
 */
public class Volatile {
    static volatile boolean ready;
    static boolean plain;

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Volatile.publish()V"
    // CHECK: store atomic i8 1, ptr @{{.*}}Volatile.ready{{.*}} seq_cst
    static void publish() {
        plain = true;
        ready = true;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Volatile.spin()V"
    // CHECK: {{^}}b0:
    // CHECK-NEXT: load atomic i8, ptr @{{.*}}Volatile.ready{{.*}} seq_cst
    // CHECK-NEXT: icmp eq i8
    // CHECK-NEXT: br i1 %{{.*}}, label %b0,
    static void spin() {
        while (!ready) {
        }
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Volatile.spinPlain()V"
    // CHECK: entry:
    // CHECK-NEXT: load i1, ptr @{{.*}}Volatile.plain
    // CHECK: b0:
    // CHECK-NOT: load
    // CHECK: {{^}}}
    static void spinPlain() {
        while (!plain) {
        }
    }
}
