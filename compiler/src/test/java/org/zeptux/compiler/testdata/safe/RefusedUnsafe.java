package org.zeptux.compiler.testdata.safe;

import org.zeptux.compiler.testdata.raw.Device;
import org.zeptux.rt.Address;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Platform;
import org.zeptux.rt.Port;
import org.zeptux.rt.RawObjects;
import org.zeptux.rt.Structs;
import org.zeptux.rt.Syscall;

/**
 * Safe code (its package is not marked @Unsafe): every use of the raw API is refused, each
 * marked with the error expected at its line; what safe code may do is unmarked.
 */
public class RefusedUnsafe { // error: native method halt is bound to assembly, allowed only in packages marked @Unsafe
    static final long[] TABLE = new long[4];
    static Address kept;
    static final Class<RefusedUnsafe> TYPE = RefusedUnsafe.class;

    @Export("zeptux_test_halt")
    static native void halt();

    static int memory(long a) {
        Memory.store8(a, 1); // error: Memory.store8(long, int) is raw memory access
        return Memory.load8(a) + Memory.load8(a + 1) + Memory.mmioLoad32(a); // error: Memory.load8(long) is raw memory access // error: Memory.mmioLoad32(long) is raw memory access
    }

    static long addressOf() {
        return Memory.addressOf(TABLE); // error: Memory.addressOf(Object) is taking an object's address
    }

    static int ports() {
        Port.out8(0x80, 0); // error: Port.out8(int, int) is port I/O
        return Port.in8(0x60); // error: Port.in8(int) is port I/O
    }

    static long cpu() {
        Cpu.cli(); // error: Cpu.cli() is a raw CPU instruction
        return Cpu.rdtsc(); // error: Cpu.rdtsc() is a raw CPU instruction
    }

    static long syscall() {
        return Syscall.call3(60, 0, 0, 0); // error: Syscall.call3(long, long, long, long) is a raw system call
    }

    static Address forge(long n) {
        return Address.of(n); // error: Address.of(long) is address forging
    }

    static Address none() {
        return Address.zero(); // error: Address.zero() is address forging
    }

    static Address arithmetic(Address a) {
        return a.plus(8).alignUp(16); // error: Address.plus(long) is address arithmetic // error: Address.alignUp(long) is address arithmetic
    }

    static long distance(Address a, Address b) {
        return a.diff(b); // error: Address.diff(Address) is address arithmetic
    }

    static int deref(Address a) {
        a.store32(4, 1); // error: Address.store32(long, int) is raw memory access
        return a.load8() + a.mmioLoad8(); // error: Address.load8() is raw memory access // error: Address.mmioLoad8() is raw memory access
    }

    static long view(Address a) {
        Device.Header h = Structs.at(a, Device.Header.class); // error: Structs.at(Address, Class) is struct view access
        h.magic(1); // error: Device.Header.magic(long) is struct view access
        return h.magic() + Structs.size(Device.Header.class); // error: Device.Header.magic() is struct view access // error: Structs.size(Class) is struct view access
    }

    static Object placed(Address a) {
        return RawObjects.place(a, TYPE); // error: RawObjects.place(Address, Class) is placing objects in raw memory
    }

    static long atomic(Address a) {
        return org.zeptux.rt.Atomic.fetchAdd64(a, 1); // error: Atomic.fetchAdd64(Address, long) is atomic access to raw memory
    }

    // Everything below is safe code.

    static final org.zeptux.rt.AtomicInt COUNT = new org.zeptux.rt.AtomicInt();

    static int counted() {
        return COUNT.incrementAndGet();
    }

    static int throughTheSafeInterface() {
        kept = Device.buffer();
        return Device.status() + Device.first(kept);
    }

    static Address passOn(Address a) {
        kept = a;
        return kept;
    }

    static boolean compare(Address a, Address b) {
        return a.eq(b) || a.lt(b) || a.le(b) || a.gt(b) || a.ge(b);
    }

    static long asNumber(Address a) {
        return a.toLong() + Address.toLong(kept);
    }

    static boolean simulated() {
        return Platform.simulated();
    }

    @Export("zeptux_test_callback")
    static int callback(int x) {
        return x + 1;
    }
}
