package org.zeptux.compiler.testdata.codegen;

/**
 * A call through an interface or an abstract class with one implementation in the program is a
 * direct call to it: no class word, itable or vtable is loaded.
 */
public class Devirtualised {
    interface Only {
        int value();
    }

    static final class OnlyImpl implements Only {
        public int value() {
            return 1;
        }
    }

    abstract static class Base {
        abstract int size();
    }

    static final class Sole extends Base {
        int size() {
            return 2;
        }
    }

    static final Only ONLY = new OnlyImpl();
    static final Base BASE = new Sole();

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Devirtualised.viaClass(Lorg/zeptux/compiler/testdata/codegen/Devirtualised$Base;)I"
    // CHECK-NOT: call i32 %
    // CHECK: call i32 @"org.zeptux.compiler.testdata.codegen.Devirtualised$Sole.size()I"(ptr
    static int viaClass(Base b) {
        return b.size();
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Devirtualised.viaInterface(Lorg/zeptux/compiler/testdata/codegen/Devirtualised$Only;)I"
    // CHECK: icmp eq ptr %{{t[0-9]+}}, null
    // CHECK-NOT: load ptr, ptr %t1
    // CHECK: call i32 @"org.zeptux.compiler.testdata.codegen.Devirtualised$OnlyImpl.value()I"(ptr %t1)
    // CHECK-NEXT: ret i32
    static int viaInterface(Only o) {
        return o.value();
    }

    static int constants() {
        return ONLY.value() + BASE.size();
    }
}
