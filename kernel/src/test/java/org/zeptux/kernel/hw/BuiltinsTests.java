package org.zeptux.kernel.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zeptux.rt.host.Machine;

/** memcpy, memmove, memset and memcmp against a byte-array model, over simulated memory. */
class BuiltinsTests {
    private final Machine m = new Machine();

    private void fill(long at, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            m.store(at + i, 1, bytes[i]);
        }
    }

    private byte[] read(long at, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) m.load(at + i, 1);
        }
        return b;
    }

    @Test
    void copiesMovesFillsAndComparesLikeC() {
        Random random = new Random(820);
        try (var ignored = Machine.install(m)) {
            for (int round = 0; round < 200; round++) {
                int n = random.nextInt(100);
                byte[] src = new byte[n];
                random.nextBytes(src);
                long a = 0x10000 + random.nextInt(64);
                long b = 0x20000 + random.nextInt(64);
                fill(a, src);
                assertEquals(b, Builtins.memcpy(b, a, n));
                assertEquals(java.util.Arrays.toString(src), java.util.Arrays.toString(read(b, n)));
                assertEquals(0, Builtins.memcmp(a, b, n));
                if (n > 0) {
                    int at = random.nextInt(n);
                    m.store(b + at, 1, src[at] + 1);
                    int expected = (src[at] & 0xFF) - ((src[at] + 1) & 0xFF);
                    assertEquals(expected, Builtins.memcmp(a, b, n), "first differing byte, unsigned");
                }
                // Overlapping move in both directions matches System.arraycopy.
                int shift = random.nextInt(9) - 4;
                byte[] model = new byte[n + 8];
                random.nextBytes(model);
                fill(0x30000, model);
                int from = 4;
                int to = 4 + shift;
                int len = Math.max(0, n - 4);
                System.arraycopy(model, from, model, to, len);
                Builtins.memmove(0x30000 + to, 0x30000 + from, len);
                assertEquals(java.util.Arrays.toString(model), java.util.Arrays.toString(read(0x30000, n + 8)));
                long fill = 0x40000 + round * 0x200L + random.nextInt(8);
                Builtins.memset(fill, 0x1A5, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(0xA5, m.load(fill + i, 1));
                }
                assertEquals(0, m.load(fill + n, 1), "nothing past the end");
                assertEquals(0, m.load(fill - 1, 1), "nothing before the start");
            }
        }
    }
}
