// RUN: opt
package org.zeptux.compiler.testdata.codegen;

/**
 * Image-heap constants after opt -O2: a static final reference is a constant global naming its
 * object, so the null check on it folds away and a final field of it folds to its value; a
 * plain field of it is still loaded, from the object itself (which opt may split into a global
 * per field).
 */
public class Constants {
    static final class Box {
        final int size = 5;
        int count;
    }

    static final Box BOX = new Box();

    /** The writer: without one, opt proves count is always 0. */
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Constants.bump()V"
    // CHECK-NOT: zeptux_throw
    // CHECK: store i32
    static void bump() {
        BOX.count++;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Constants.count()I"
    // CHECK-NOT: zeptux_throw
    // CHECK: load i32, ptr @"obj.Constants$Box.0
    // CHECK-NOT: zeptux_throw
    // CHECK: {{^}}}
    static int count() {
        return BOX.count;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Constants.size()I"
    // CHECK-NEXT: entry:
    // CHECK-NEXT: ret i32 5
    static int size() {
        return BOX.size;
    }
}
