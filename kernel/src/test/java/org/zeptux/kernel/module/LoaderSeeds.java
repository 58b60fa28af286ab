package org.zeptux.kernel.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.zeptux.kernel.lib.Elf;

/**
 * Writes the seed corpus of {@link ModuleLoaderFuzzTests} from module files
 * (scripts/loader-seeds.sh builds examples/hello and examples/chardev and runs it): for each
 * file, itself (pipeline), its manifest (manifest) and its object (elf); one archive of them
 * all (archive). The same module files give the same bytes.
 *
 * <pre>java -cp ... org.zeptux.kernel.module.LoaderSeeds OUTPUT_DIR FILE.zm...</pre>
 */
final class LoaderSeeds {
    private LoaderSeeds() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<byte[]> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path zm = Path.of(args[i]);
            String name = zm.getFileName().toString().replaceFirst("\\.zm$", "");
            byte[] file = Files.readAllBytes(zm);
            files.add(file);
            int manifest = (int) Elf.u32(file, 8);
            write(out.resolve("pipeline").resolve(name + ".zm"), file);
            write(out.resolve("manifest").resolve(name + ".manifest"), java.util.Arrays.copyOfRange(file, 12, 12 + manifest));
            write(out.resolve("elf").resolve(name + ".o"), java.util.Arrays.copyOfRange(file, 16 + manifest, file.length));
        }
        write(out.resolve("archive").resolve("examples.zarc"), LoaderPipeline.archive(files.toArray(new byte[0][])));
    }

    private static void write(Path path, byte[] bytes) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, bytes);
        System.out.println(path + " (" + bytes.length + " bytes)");
    }
}
