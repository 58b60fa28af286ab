package org.zeptux.compiler.testdata.codegen;

/**
 * Calls with two possible targets: an interface method through the itable (the class info's
 * word at +24, then the method's slot), a class method through the vtable (the class info's
 * slots from +40), each an indirect call whose !callees lists the possible targets.
 */
public class Dispatch {
    interface Two {
        int value();
    }

    static final class TwoA implements Two {
        public int value() {
            return 2;
        }
    }

    static final class TwoB implements Two {
        public int value() {
            return 3;
        }
    }

    abstract static class Shape {
        abstract int sides();
    }

    static final class Tri extends Shape {
        int sides() {
            return 3;
        }
    }

    static final class Quad extends Shape {
        int sides() {
            return 4;
        }
    }

    static final Two[] TWOS = {new TwoA(), new TwoB()};
    static final Shape[] SHAPES = {new Tri(), new Quad()};

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Dispatch.itable(Lorg/zeptux/compiler/testdata/codegen/Dispatch$Two;)I"
    // CHECK: = load ptr, ptr %t1,
    // CHECK-NEXT: getelementptr i8, ptr %{{t[0-9]+}}, i64 24
    // CHECK-NEXT: load ptr
    // CHECK-NEXT: getelementptr i8, ptr %{{t[0-9]+}}, i64 0
    // CHECK-NEXT: load ptr
    // CHECK-NEXT: call i32 %{{t[0-9]+}}(ptr %t1), !callees
    static int itable(Two t) {
        return t.value();
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Dispatch.vtable(Lorg/zeptux/compiler/testdata/codegen/Dispatch$Shape;)I"
    // CHECK: load ptr, ptr %t1,
    // CHECK-NEXT: getelementptr i8, ptr %{{t[0-9]+}}, i64 40
    // CHECK-NEXT: load ptr
    // CHECK-NEXT: call i32 %{{t[0-9]+}}(ptr %t1), !callees
    static int vtable(Shape s) {
        return s.sides();
    }

    static int use(int i) {
        return TWOS[i].value() + SHAPES[i].sides();
    }
}
