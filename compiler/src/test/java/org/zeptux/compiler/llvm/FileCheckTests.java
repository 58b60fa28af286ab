package org.zeptux.compiler.llvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** FileCheck's directives as LLVM's FileCheck reads them, and failures that name the file, line and pattern. */
class FileCheckTests {
    private static final String IR = """
            define i32 @"A.f(I)I"(i32 %p0) {
            entry:
              %t1 = icmp eq i32 %p0, 0
              br i1 %t1, label %throw0, label %ok0
            ok0:
              %t2 = sdiv i32 7, %p0
              ret i32 %t2
            }
            define i32 @"A.g()I"() {
            entry:
              call void @"zeptux_throw"()
              ret i32 0
            }
            """;

    private static void check(String directives) {
        FileCheck.parse("T.java", directives).check(IR);
    }

    private static String failure(String directives) {
        return assertThrows(AssertionError.class, () -> check(directives)).getMessage();
    }

    @Test
    void checksMatchInOrderAndRegexesInBraces() {
        check("""
                // CHECK: icmp eq i32 %p0, 0
                // CHECK: sdiv i32 {{[0-9]+}}, %p0
                // CHECK: ret   i32
                """);
        assertTrue(failure("""
                // CHECK: sdiv
                // CHECK: icmp eq i32
                """).contains("T.java:2: error: CHECK: expected string not found in input"));
    }

    @Test
    void nextMustBeOnTheFollowingLine() {
        check("""
                // CHECK: %t2 = sdiv
                // CHECK-NEXT: ret i32 %t2
                """);
        String m = failure("""
                // CHECK: icmp eq
                // CHECK-NEXT: sdiv
                """);
        assertTrue(m.startsWith("T.java:2: error: CHECK-NEXT: expected string not found on the line after the previous match\n"
                + "    // CHECK-NEXT: sdiv\n  scanning from IR line 4:"), m);
    }

    @Test
    void notHoldsBetweenItsNeighbours() {
        check("""
                // CHECK: icmp
                // CHECK-NOT: zeptux_throw
                // CHECK: ret i32 %t2
                """);
        String m = failure("""
                // CHECK-LABEL: "A.g()I"
                // CHECK-NOT: zeptux_throw
                // CHECK: ret
                """);
        assertEquals("T.java:2: error: CHECK-NOT: excluded string found in input\n"
                + "    // CHECK-NOT: zeptux_throw\n"
                + "  found at IR line 11:\n"
                + "    call void @\"zeptux_throw\"()\n", m);
    }

    @Test
    void labelsCutTheInputIntoBlocks() {
        // f has no call: the CHECK may not look into g, past the next label.
        String m = failure("""
                // CHECK-LABEL: "A.f(I)I"
                // CHECK: call
                // CHECK-LABEL: "A.g()I"
                """);
        assertTrue(m.startsWith("T.java:2: error: CHECK: expected string not found in input"), m);
        assertTrue(failure("""
                // CHECK-LABEL: "A.g()I"
                // CHECK-LABEL: "A.f(I)I"
                """).contains("label found only before the previous label, at IR line 1"));
    }

    @Test
    void aFileWithoutDirectivesIsAnError() {
        assertTrue(failure("// nothing\n").contains("no CHECK directives"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FileCheck.parse("T.java", "// CHECK-NOT: a\n// CHECK-NEXT: b\n")).getMessage()
                .startsWith("T.java:2: error: CHECK-NEXT must follow"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FileCheck.parse("T.java", "// CHECK: [[X:%t[0-9]+]] = load\n")).getMessage()
                .startsWith("T.java:1: error: [[VAR]] variables are not supported"));
    }
}
