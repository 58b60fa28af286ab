package org.zeptux.kernel.block;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the MBR parser ({@link Mbr}) with Jazzer: the input is a disk image
 * (sectors past its end cannot be read). Any exception is a crash; every partition found lies
 * inside the disk with sectors, numbers ascend (1..4, then 5.. up to {@link Mbr#MAX}), reasons
 * are known, and the reads stay within the bound. The corpus (tables with primaries, an
 * extended chain, a loop) is in {@code src/test/resources/.../MbrFuzzTestsInputs/tables/};
 * {@code make test} replays it, {@code make fuzz-loader TARGET=mbr} fuzzes it.
 */
class MbrFuzzTests {
    @FuzzTest(maxDuration = "10m")
    void tables(byte[] input) {
        Mbr mbr = new Mbr();
        Disks.Reader reader = new Disks.Reader(input);
        long sectors = Math.max(1, input.length / 512);
        int r = mbr.scan(reader, sectors);
        assertTrue(r == Mbr.OK || r == Mbr.NO_TABLE || r == Mbr.READ_ERROR, "a result");
        assertTrue(reader.reads <= 1 + 4 * Mbr.MAX_RECORDS, "bounded reads: " + reader.reads);
        assertTrue(mbr.count >= 0 && mbr.count <= Mbr.MAX, "count");
        int last = 0;
        for (int i = 0; i < mbr.count; i++) {
            assertTrue(mbr.number[i] > last && mbr.number[i] <= Mbr.MAX, "numbers ascend");
            last = mbr.number[i];
            assertTrue(mbr.sectors[i] > 0 && mbr.start[i] >= 0 && mbr.start[i] + mbr.sectors[i] <= sectors, "inside the disk");
            assertTrue(mbr.type[i] != 0, "a type");
        }
        for (int i = 0; i < mbr.refused; i++) {
            assertTrue(mbr.reason[i] >= 0 && mbr.reason[i] < Mbr.REASONS.length, "a known reason");
        }
    }
}
