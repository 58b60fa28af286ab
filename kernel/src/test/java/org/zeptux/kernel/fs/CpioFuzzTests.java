package org.zeptux.kernel.fs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.zeptux.kernel.lib.ArrayBytes;

/**
 * Coverage-guided fuzzing of the initramfs reader ({@link Cpio}) with Jazzer, as the module
 * loader's parser is (docs/modules.md, "Fuzzing"): every entry of the input read in turn until
 * the trailer or a refusal. Any exception is a crash; a refusal is one line; an accepted
 * entry's name and data lie inside the archive and the next entry starts after it (so the walk
 * ends). The corpus (a small archive with a directory, a file, a link, a device and the
 * trailer; crashes found) is in {@code src/test/resources/.../CpioFuzzTestsInputs/entries/};
 * {@code make test} replays it, {@code make fuzz-loader TARGET=cpio} fuzzes it.
 */
class CpioFuzzTests {
    @FuzzTest(maxDuration = "10m")
    void entries(byte[] input) {
        ArrayBytes archive = new ArrayBytes(input, input.length);
        Cpio.Entry e = new Cpio.Entry();
        long offset = 0;
        while (true) {
            String why = Cpio.next(archive, offset, e);
            if (why != null) {
                assertTrue(!why.isEmpty() && why.indexOf('\n') < 0, why);
                return;
            }
            assertTrue(e.nameOffset >= offset && e.nameLength >= 0 && e.nameOffset + e.nameLength < input.length, "name inside");
            assertTrue(e.dataOffset >= 0 && e.dataLength >= 0 && e.dataLength <= input.length - e.dataOffset, "data inside");
            assertTrue(e.next > offset, "the walk moves on");
            if (e.trailer) {
                return;
            }
            offset = e.next;
        }
    }
}
