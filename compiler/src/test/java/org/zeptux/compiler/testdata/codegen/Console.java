package org.zeptux.compiler.testdata.codegen;

/**
 * print and println on System.out and System.err: one call of the console function for the
 * value's type with the stream's descriptor (1 or 2), an int sign-extended to the long the
 * function takes, a char and a boolean narrowed, then zeptux_out_newline for println.
 */
public class Console {
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Console.err(Ljava/lang/String;)V"
    // CHECK: call void @"zeptux_out_string"(i32 2, ptr %{{t[0-9]+}})
    // CHECK-NEXT: call void @"zeptux_out_newline"(i32 2)
    // CHECK-NOT: zeptux_out
    // CHECK: {{^}}}
    static void err(String s) {
        System.err.println(s);
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Console.out(Ljava/lang/String;IJCZ)V"
    // CHECK: call void @"zeptux_out_string"(i32 1, ptr %{{t[0-9]+}})
    // CHECK: sext i32 %{{t[0-9]+}} to i64
    // CHECK-NEXT: call void @"zeptux_out_long"(i32 1, i64 %{{t[0-9]+}})
    // CHECK: call void @"zeptux_out_long"(i32 1, i64 %{{t[0-9]+}})
    // CHECK: trunc i32 %{{t[0-9]+}} to i16
    // CHECK-NEXT: call void @"zeptux_out_char"(i32 1, i16 zeroext %{{t[0-9]+}})
    // CHECK: trunc i32 %{{t[0-9]+}} to i8
    // CHECK-NEXT: call void @"zeptux_out_boolean"(i32 1, i8 zeroext %{{t[0-9]+}})
    // CHECK-NEXT: call void @"zeptux_out_newline"(i32 1)
    // CHECK-NEXT: ret void
    static void out(String s, int i, long l, char c, boolean b) {
        System.out.print(s);
        System.out.print(i);
        System.out.print(l);
        System.out.print(c);
        System.out.print(b);
        System.out.println();
    }
}
