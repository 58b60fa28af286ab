package org.zeptux.kernel.hw;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.Memory;

/** Kernel tests of memcpy, memmove, memset and memcmp on scratch buffers. */
public final class BuiltinsKTests {
    private BuiltinsKTests() {}

    private static final byte[] A = new byte[64];
    private static final byte[] B = new byte[64];

    private static long a() {
        return Memory.addressOf(A) + 16;
    }

    private static long b() {
        return Memory.addressOf(B) + 16;
    }

    @KTest
    static void copyFillAndCompare() {
        for (int i = 0; i < 64; i++) {
            Memory.store8(a() + i, i * 7);
        }
        Builtins.memset(b(), 0, 64);
        Check.equal(b(), Builtins.memcpy(b() + 3, a() + 5, 50) - 3, "memcpy returns its destination");
        Check.equal(5 * 7, Memory.load8(b() + 3), "first byte copied");
        Check.equal((54 * 7) & 0xFF, Memory.load8(b() + 52), "last byte copied");
        Check.equal(0, Memory.load8(b() + 53), "nothing past the end");
        Check.equal(0, Builtins.memcmp(a() + 5, b() + 3, 50), "equal ranges compare equal");
        Memory.store8(b() + 10, 0xFF);
        Check.isTrue(Builtins.memcmp(a() + 5, b() + 3, 50) < 0, "bytes compare unsigned");
        Builtins.memset(b(), 0x1AB, 64);
        Check.equal(0xAB, Memory.load8(b() + 63), "memset uses the low byte");
    }

    @KTest
    static void moveHandlesOverlapBothWays() {
        for (int i = 0; i < 64; i++) {
            Memory.store8(a() + i, i);
        }
        Builtins.memmove(a() + 1, a(), 20);
        Check.equal(0, Memory.load8(a() + 1), "forward overlap: first byte");
        Check.equal(19, Memory.load8(a() + 20), "forward overlap: last byte");
        for (int i = 0; i < 64; i++) {
            Memory.store8(a() + i, i);
        }
        Builtins.memmove(a(), a() + 1, 20);
        Check.equal(1, Memory.load8(a()), "backward overlap: first byte");
        Check.equal(20, Memory.load8(a() + 19), "backward overlap: last byte");
    }
}
