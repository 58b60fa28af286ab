package org.zeptux.kernel.module;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.zeptux.kernel.lib.Elf;

/**
 * Coverage-guided fuzzing of the module loader's parser with Jazzer (docs/modules.md,
 * "Fuzzing"): one target per step of insmod and one for all of them. Any exception is a
 * crash (in the kernel it would be a panic), and every result must satisfy
 * {@link LoaderPipeline#check}.
 *
 * <p>{@code make test} replays the corpus in {@code src/test/resources/.../ModuleLoaderFuzzTestsInputs/TARGET/}
 * (seeds from examples/hello and examples/chardev, and every crash found) as regression
 * cases; {@code make fuzz-loader TARGET=pipeline DURATION=10m} fuzzes one target.
 */
class ModuleLoaderFuzzTests {
    private static final byte[] HELLO = "hello".getBytes();

    /** The archive lookup, with the manifest of the file found. */
    @FuzzTest(maxDuration = "10m")
    void archive(byte[] input) {
        ModuleArchive finder = new ModuleArchive();
        String why = finder.find(input, HELLO, HELLO.length, new ModuleManifest());
        assertTrue(why == null || LoaderPipeline.REASONS.contains(why), why);
        if (why == null) {
            assertTrue(Elf.inside(finder.objectAt, finder.objectLength, input.length), "the object is inside the archive");
        }
    }

    /** The manifest parser, on the whole input. */
    @FuzzTest(maxDuration = "10m")
    void manifest(byte[] input) {
        ModuleManifest manifest = new ModuleManifest();
        String why = manifest.parse(input, 0, input.length);
        assertTrue(why == null || LoaderPipeline.REASONS.contains(why), why);
        if (why == null) {
            assertTrue(ModuleManifest.isName(manifest.name, 0, manifest.nameLength), "a module name");
            assertTrue(manifest.api >= 0 && manifest.initLength > 0 && manifest.exitLength > 0);
        }
    }

    /** The ELF reader: header, sections, symbol and string tables, every symbol's name. */
    @FuzzTest(maxDuration = "10m")
    void elf(byte[] input) {
        String why = Elf.check(input, Elf.ET_REL, ModuleLayout.MAX_SECTIONS);
        assertTrue(why == null || LoaderPipeline.REASONS.contains(why), why);
        if (why != null) {
            return;
        }
        for (int s = 1; s < Elf.sections(input); s++) {
            if (Elf.checkSymbols(input, s) != null) {
                continue;
            }
            int strtab = (int) Elf.sectionLink(input, s);
            for (int i = 0; i < Elf.symbols(input, s); i++) {
                int at = Elf.string(input, strtab, Elf.symbolName(input, s, i));
                if (at >= 0) {
                    Elf.stringLength(input, at);
                }
                Elf.symbolSection(input, s, i);
                Elf.symbolValue(input, s, i);
                Elf.symbolInfo(input, s, i);
            }
        }
    }

    /** All of insmod's parsing: the input is a module file, packed into an archive and loaded by its name. */
    @FuzzTest(maxDuration = "10m")
    void pipeline(byte[] input) {
        LoaderPipeline.check(LoaderPipeline.archive(input), LoaderPipeline.nameOf(input));
    }
}
