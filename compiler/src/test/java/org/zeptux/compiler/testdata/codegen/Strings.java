package org.zeptux.compiler.testdata.codegen;

/**
 * {@code String.equals}: the receiver null-checked at the call, then the equals zeptuxc generates
 * once per module: same reference, null, the class word, the lengths, then the chars.
 */
public class Strings {
    // CHECK-LABEL: define {{.*}}"java.lang.String.equals(Ljava/lang/Object;)Z"(ptr %p0, ptr %p1)
    // CHECK: icmp eq ptr %p0, %p1
    // CHECK: icmp eq ptr %p1, null
    // CHECK: = load ptr, ptr %p1
    // CHECK-NEXT: icmp eq ptr %{{t[0-9]+}}, @"class.java.lang.String"
    // CHECK: getelementptr i8, ptr %p0, i64 8
    // CHECK: icmp eq i32
    // CHECK: load i16
    // CHECK: load i16
    // CHECK-NEXT: icmp eq i16

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Strings.same(Ljava/lang/String;Ljava/lang/String;)Z"
    // CHECK: icmp eq ptr %{{t[0-9]+}}, null
    // CHECK: call void @"zeptux_throw"
    // CHECK: call zeroext i8 @"java.lang.String.equals(Ljava/lang/Object;)Z"(ptr %{{t[0-9]+}}, ptr %{{t[0-9]+}})
    static boolean same(String a, String b) {
        return a.equals(b);
    }
}
