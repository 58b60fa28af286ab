package org.zeptux.kernel.lib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the executable reader ({@link ElfExecutable}) with Jazzer, as the
 * module loader's parser is (docs/modules.md, "Fuzzing"). Any exception is a crash; a refusal is
 * one line; an accepted executable's segments lie in the file and the user half, in order, none
 * writable and executable, and its entry is in an executable one. The corpus (a static
 * program's headers; crashes found) is in {@code src/test/resources/.../ElfExecutableFuzzTestsInputs/headers/};
 * {@code make test} replays it, {@code make fuzz-loader TARGET=exec} fuzzes it.
 */
class ElfExecutableFuzzTests {
    @FuzzTest(maxDuration = "10m")
    void headers(byte[] input) {
        ElfExecutable exe = new ElfExecutable();
        String why = exe.read(input, input.length, input.length);
        if (why != null) {
            assertTrue(!why.isEmpty() && why.indexOf('\n') < 0, why);
            return;
        }
        boolean entry = false;
        for (int s = 0; s < exe.segments; s++) {
            assertTrue(Elf.inside(exe.offset[s], exe.filesz[s], input.length), "file bytes inside the file");
            assertTrue(exe.filesz[s] <= exe.memsz[s], "filesz <= memsz");
            assertTrue(Elf.inside(exe.vaddr[s], exe.memsz[s], ElfExecutable.USER_END), "in the user half");
            assertTrue((exe.flags[s] & ElfExecutable.PF_W) == 0 || (exe.flags[s] & ElfExecutable.PF_X) == 0, "W^X");
            assertTrue(s == 0 || exe.vaddr[s] >= exe.vaddr[s - 1] + exe.memsz[s - 1], "in order, not overlapping");
            entry |= (exe.flags[s] & ElfExecutable.PF_X) != 0 && exe.entry >= exe.vaddr[s]
                    && exe.entry - exe.vaddr[s] < exe.memsz[s];
        }
        assertTrue(exe.segments > 0 && entry, "an entry in an executable segment");
        assertTrue(exe.low <= exe.high && exe.high <= ElfExecutable.USER_END, "the span");
    }
}
