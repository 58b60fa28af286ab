// RUN: opt
package org.zeptux.compiler.testdata.codegen;

/**
 * Integer division after opt -O2: a zero check before the sdiv, and MIN_VALUE / -1 made safe by
 * a select (x86's idiv would trap); a constant divisor needs neither.
 */
public class Division {
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Division.byThree(I)I"
    // CHECK-NOT: zeptux_throw
    // CHECK-NOT: select
    // CHECK: sdiv i32 %p0, 3
    // CHECK-NEXT: ret i32
    static int byThree(int a) {
        return a / 3;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Division.divide(II)I"
    // CHECK: icmp eq i32 %p1, 0
    // CHECK: call void @zeptux_throw(
    // CHECK: icmp eq i32 %p1, -1
    // CHECK: sdiv i32 %p0,
    static int divide(int a, int b) {
        return a / b;
    }
}
