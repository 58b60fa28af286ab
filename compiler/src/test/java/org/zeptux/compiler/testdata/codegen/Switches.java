package org.zeptux.compiler.testdata.codegen;

/**
 * A dense switch (tableswitch) and a sparse one (lookupswitch) both lower to one LLVM switch
 * on the value, leaving jump tables or compare trees to LLVM; no chain of compares.
 */
public class Switches {
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Switches.dense(I)I"
    // CHECK-NOT: icmp
    // CHECK: switch i32 %{{t[0-9]+}}, label %{{b[0-9]+}} [ i32 0, label %{{b[0-9]+}} i32 1, label %{{b[0-9]+}} i32 2, label %{{b[0-9]+}} i32 3, label %{{b[0-9]+}} ]
    // CHECK-NOT: icmp
    // CHECK: {{^}}}
    static int dense(int x) {
        switch (x) {
            case 0: return 10;
            case 1: return 11;
            case 2: return 12;
            case 3: return 13;
            default: return -1;
        }
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Switches.sparse(I)I"
    // CHECK-NOT: icmp
    // CHECK: switch i32 %{{t[0-9]+}}, label %{{b[0-9]+}} [ i32 1, label %{{b[0-9]+}} i32 100, label %{{b[0-9]+}} i32 10000, label %{{b[0-9]+}} ]
    // CHECK-NOT: icmp
    static int sparse(int x) {
        switch (x) {
            case 1: return 10;
            case 100: return 11;
            case 10000: return 12;
            default: return -1;
        }
    }
}
