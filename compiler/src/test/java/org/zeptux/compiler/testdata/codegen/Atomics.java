package org.zeptux.compiler.testdata.codegen;

import org.zeptux.rt.AtomicInt;
import org.zeptux.rt.AtomicLong;

/** The atomic classes lower to LLVM's atomic instructions on the value's word, sequentially consistent. */
public class Atomics {
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Atomics.add(Lorg/zeptux/rt/AtomicInt;)I"
    // CHECK: %t3 = getelementptr i8, ptr %t1, i64 8
    // CHECK-NEXT: atomicrmw add ptr %t3, i32 3 seq_cst, align 4
    // CHECK-NOT: call
    // CHECK: ret i32
    static int add(AtomicInt a) {
        return a.getAndAdd(3);
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Atomics.cas(Lorg/zeptux/rt/AtomicLong;)Z"
    // CHECK: cmpxchg ptr %{{t[0-9]+}}, i64 1, i64 2 seq_cst seq_cst, align 8
    // CHECK-NEXT: extractvalue { i64, i1 }
    // CHECK-NEXT: icmp eq i64 %{{t[0-9]+}}, 1
    static boolean cas(AtomicLong a) {
        return a.compareAndSet(1L, 2L);
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Atomics.get(Lorg/zeptux/rt/AtomicInt;)I"
    // CHECK: load atomic i32, ptr %{{t[0-9]+}} seq_cst, align 4
    static int get(AtomicInt a) {
        return a.get();
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Atomics.set(Lorg/zeptux/rt/AtomicLong;)V"
    // CHECK: store atomic i64 7, ptr %{{t[0-9]+}} seq_cst, align 8
    static void set(AtomicLong a) {
        a.set(7L);
    }
}
