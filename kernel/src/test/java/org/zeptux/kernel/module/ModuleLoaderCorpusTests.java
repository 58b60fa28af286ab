package org.zeptux.kernel.module;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays the loader's whole fuzz corpus through {@link ModuleLoaderFuzzTests}' targets: the
 * inputs in the repository and, when there is one, the corpus {@code make fuzz-loader} grew
 * in {@code kernel/.cifuzz-corpus/}. Run under JaCoCo by {@code make fuzz-loader}, it gives
 * the coverage of the loader the corpus reaches (scripts/loader-coverage.sh).
 */
class ModuleLoaderCorpusTests {
    private static final List<String> TARGETS = List.of("archive", "manifest", "elf", "pipeline");

    @Test
    void everyCorpusInputIsLoadedOrRefused() throws IOException {
        ModuleLoaderFuzzTests fuzz = new ModuleLoaderFuzzTests();
        Path checkedIn = Path.of("src/test/resources/org/zeptux/kernel/module/ModuleLoaderFuzzTestsInputs");
        Path grown = Path.of(".cifuzz-corpus/org.zeptux.kernel.module.ModuleLoaderFuzzTests");
        int inputs = 0;
        for (String target : TARGETS) {
            for (Path dir : List.of(checkedIn.resolve(target), grown.resolve(target))) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        byte[] input = Files.readAllBytes(f);
                        switch (target) {
                            case "archive" -> fuzz.archive(input);
                            case "manifest" -> fuzz.manifest(input);
                            case "elf" -> fuzz.elf(input);
                            default -> fuzz.pipeline(input);
                        }
                        inputs++;
                    }
                }
            }
        }
        assertTrue(inputs >= 7, "the checked-in seeds at least: " + inputs);
        System.out.println("[figure] loader corpus replayed: " + inputs + " inputs");
    }
}
