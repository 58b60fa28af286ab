// RUN: opt
package org.zeptux.compiler.testdata.codegen;

import org.zeptux.rt.Syscall;

/**
 * {@code Syscall.call0} to {@code call6}: one {@code syscall} instruction each, the number in RAX
 * and the arguments in RDI, RSI, RDX, R10 (not RCX, as in a C call), R8, R9; RCX, R11 and memory
 * clobbered.
 */
public class Syscalls {
    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Syscalls.getpid()J"
    // CHECK: call i64 asm sideeffect "syscall", "={rax},{rax},~{rcx},~{r11},~{memory}"(i64 39)
    static long getpid() {
        return Syscall.call0(39);
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Syscalls.mmap(JJ)J"
    // CHECK: "={rax},{rax},{rdi},{rsi},{rdx},{r10},{r8},{r9},~{rcx},~{r11},~{memory}"(i64 9, i64 0, i64 %p0, i64 3, i64 34, i64 -1, i64 %p1)
    static long mmap(long length, long offset) {
        return Syscall.call6(9, 0, length, 3, 0x22, -1, offset);
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Syscalls.prlimit(JJ)J"
    // CHECK: "={rax},{rax},{rdi},{rsi},{rdx},{r10},~{rcx},~{r11},~{memory}"(i64 302, i64 0, i64 7, i64 %p0, i64 %p1)
    static long prlimit(long limits, long old) {
        return Syscall.call4(302, 0, 7, limits, old);
    }

    // CHECK-LABEL: define {{.*}}"org.zeptux.compiler.testdata.codegen.Syscalls.write(JJJ)J"
    // CHECK: "={rax},{rax},{rdi},{rsi},{rdx},~{rcx},~{r11},~{memory}"(i64 1, i64 %p0, i64 %p1, i64 %p2)
    static long write(long fd, long address, long length) {
        return Syscall.call3(1, fd, address, length);
    }
}
