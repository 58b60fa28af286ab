package org.zeptux.kernel.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The module loader's parser on the real example modules (the fuzz corpus' seeds) and on
 * every truncation and every single-byte change of hello's module file: each is loaded or
 * refused with one of the parser's reasons, never an exception (which in the kernel would
 * be a panic).
 */
class ModuleLoaderTests {
    static byte[] seed(String path) throws IOException {
        try (InputStream in = ModuleLoaderTests.class.getResourceAsStream("ModuleLoaderFuzzTestsInputs/" + path)) {
            assertNotNull(in, path);
            return in.readAllBytes();
        }
    }

    @Test
    void theExamplesLoad() throws IOException {
        byte[] hello = seed("pipeline/hello.zm");
        byte[] chardev = seed("pipeline/chardev.zm");
        byte[] both = LoaderPipeline.archive(hello, chardev);
        LoaderPipeline.Result h = LoaderPipeline.check(both, "hello");
        assertNull(h.why());
        assertEquals(3 * 4096, h.image().length, "hello: a page each of text, rodata, data");
        assertNull(LoaderPipeline.check(both, "chardev").why());
        assertEquals(ModuleArchive.NOT_FOUND, LoaderPipeline.check(both, "hell").why());
        assertNull(LoaderPipeline.check(seed("archive/examples.zarc"), "chardev").why());
    }

    /**
     * The mutants of hello.zm that took the old loader (raw memory, wrapping checks) down under
     * QEMU (make fuzz-kernel, seed 1), kept in the corpus: each is refused for what it is.
     */
    @Test
    void whatTookTheOldLoaderDownIsRefused() throws IOException {
        Map<String, String> cases = Map.of(
                "issue20-relocation-symbol-index-huge.zm", ModuleLayout.RELOCATION_SYMBOL,
                "issue20-relocation-symbol-index-negative.zm", ModuleLayout.RELOCATION_SYMBOL,
                "issue20-relocation-symbol-index-negative-2.zm", ModuleLayout.RELOCATION_SYMBOL,
                "issue20-symbol-value-past-its-section.zm", ModuleLayout.SYMBOL_OUTSIDE,
                "issue20-relocation-offset-wraps.zm", ModuleLayout.RELOCATION_OUTSIDE,
                "issue20-section-header-offset-wraps.zm", org.zeptux.kernel.lib.Elf.BAD_SECTION_TABLE);
        for (Map.Entry<String, String> c : cases.entrySet()) {
            byte[] file = seed("pipeline/" + c.getKey());
            assertEquals(c.getValue(), LoaderPipeline.check(LoaderPipeline.archive(file), LoaderPipeline.nameOf(file)).why(),
                    c.getKey());
        }
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        byte[] hello = seed("pipeline/hello.zm");
        Map<String, Integer> reasons = new TreeMap<>();
        for (int length = 0; length < hello.length; length++) {
            String why = LoaderPipeline.check(LoaderPipeline.archive(Arrays.copyOf(hello, length)), "hello").why();
            assertNotNull(why, "truncated to " + length);
            reasons.merge(why, 1, Integer::sum);
        }
        System.out.println("[figure] " + hello.length + " truncations of hello.zm, all refused: " + reasons);
    }

    @Test
    void everySingleByteChangeIsLoadedOrRefused() throws IOException {
        byte[] hello = seed("pipeline/hello.zm");
        Map<String, Integer> reasons = new TreeMap<>();
        int loads = 0;
        for (int at = 0; at < hello.length; at++) {
            for (int value : new int[] {0, 0xFF, hello[at] + 1, hello[at] ^ 0x80}) {
                byte[] file = hello.clone();
                file[at] = (byte) value;
                String why = LoaderPipeline.check(LoaderPipeline.archive(file), "hello").why();
                reasons.merge(why == null ? "(loaded)" : why, 1, Integer::sum);
                loads++;
            }
        }
        System.out.println("[figure] " + loads + " single-byte changes of hello.zm: " + reasons);
    }
}
