package org.zeptux.compiler.testdata.codegen;

/**
 * Type tests against a class: a null test, then the class id (the class info's first word)
 * checked against the class's range of ids (its subclasses are numbered after it), one
 * subtract and one unsigned compare; no walk through zeptux.subtype. A checkcast lets null
 * through and calls zeptux.cast_failed on a mismatch.
 */
public class Casts {
    static class Animal {
    }

    static final class Cat extends Animal {
    }

    static final class Dog extends Animal {
    }

    static final Animal[] ALL = {new Cat(), new Dog()};

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Casts.isCat(Lorg/zeptux/compiler/testdata/codegen/Casts$Animal;)Z"
    // CHECK: icmp eq ptr %t1, null
    // CHECK: {{^}}instanceof0:
    // CHECK-NEXT: %t4 = load ptr, ptr %t1
    // CHECK-NEXT: getelementptr i8, ptr %t4, i64 0
    // CHECK-NEXT: %t6 = load i32
    // CHECK-NEXT: %t7 = sub i32 %t6, {{[0-9]+}}
    // CHECK-NEXT: icmp ult i32 %t7, {{[0-9]+}}
    // CHECK-NOT: call
    // CHECK: {{^}}}
    static boolean isCat(Animal a) {
        return a instanceof Cat;
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Casts.toCat(Lorg/zeptux/compiler/testdata/codegen/Casts$Animal;)Lorg/zeptux/compiler/testdata/codegen/Casts$Cat;"
    // CHECK: icmp eq ptr %t1, null
    // CHECK-NEXT: br i1 %t2, label %cast_done0, label %cast0
    // CHECK: sub i32 %{{t[0-9]+}}, {{[0-9]+}}
    // CHECK-NEXT: icmp ult i32
    // CHECK-NOT: zeptux.subtype
    // CHECK: {{^}}cast_done0:
    // CHECK-NEXT: ret ptr %t1
    // CHECK: call void @"zeptux.cast_failed"(ptr %t1,
    static Cat toCat(Animal a) {
        return (Cat) a;
    }
}
