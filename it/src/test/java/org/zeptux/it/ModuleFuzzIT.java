package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.module.KernelSymbols;
import org.zeptux.kernel.module.ModuleArchive;
import org.zeptux.kernel.module.ModuleLayout;
import org.zeptux.kernel.module.ModuleManifest;

/**
 * Malformed modules loaded by the real kernel (docs/modules.md, "Fuzzing"): mutants of
 * examples/hello's module file ({@link ModuleMutator}) packed many to an image
 * ({@code zeptuxc image --pack-unchecked}) and each loaded with {@code insmod}. The loader's
 * parser run on the JVM says what each must do: a mutant it refuses must be refused by the
 * kernel with one line naming the same reason; one it accepts with the same image, init and
 * exit as hello must load, run and unload; one it accepts with different code cannot be
 * vetted (machine code is not checked) and is not run. No boot may panic, triple fault or
 * hang, and free memory must be where it started when each boot's mutants are done.
 *
 * <p>{@code make test} runs 40 mutants in one boot; {@code make fuzz-kernel COUNT=400 SEED=1}
 * runs more ({@code -Dzeptux.fuzz.kernel.count}, {@code .seed}, {@code .perImage}, and
 * {@code .object}: another kernel.o to load them into).
 */
class ModuleFuzzIT {
    @TempDir
    Path dir;

    private static final long VA = 0xFFFFFFFFC0000000L;

    private static Path root() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    private static void sh(String line) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", line).directory(root().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + line);
        }
        assertEquals(0, p.exitValue(), line + "\n" + out);
    }

    /** What a mutant must do in the kernel. */
    record Expected(String outcome, String reason) {}

    /** The kernel's exports a module file uses, as far as the oracle needs them: hello's own imports. */
    private static final class Imports implements KernelSymbols {
        private final List<String> names = new ArrayList<>();

        Imports(byte[] object) {
            int symtab = 0;
            for (int s = 1; s < Elf.sections(object); s++) {
                if (Elf.sectionType(object, s) == Elf.SHT_SYMTAB) {
                    symtab = s;
                }
            }
            int strtab = (int) Elf.sectionLink(object, symtab);
            for (int i = 1; i < Elf.symbols(object, symtab); i++) {
                if (Elf.symbolSection(object, symtab, i) == Elf.SHN_UNDEF) {
                    int at = Elf.string(object, strtab, Elf.symbolName(object, symtab, i));
                    names.add(new String(object, at, Elf.stringLength(object, at), StandardCharsets.ISO_8859_1));
                }
            }
        }

        @Override
        public int find(byte[] object, int at, int length) {
            return names.indexOf(new String(object, at, length, StandardCharsets.ISO_8859_1));
        }

        @Override
        public long address(int index) {
            return 0xFFFFFFFF80100000L + 64L * index;
        }
    }

    /** The layout of an accepted module, to compare with hello's. */
    private record Image(byte[] bytes, long init, long exit) {
        boolean same(Image o) {
            return Arrays.equals(bytes, o.bytes) && init == o.init && exit == o.exit;
        }
    }

    /** Runs insmod's parsing steps on {@code file} alone in an archive: a refusal reason, or the image. */
    private static Object parse(byte[] file, String name, KernelSymbols kernel) {
        ByteBuffer a = ByteBuffer.allocate(16 + file.length).order(ByteOrder.LITTLE_ENDIAN);
        a.putInt(ModuleArchive.MAGIC).putInt(1).putInt(16).putInt(file.length).put(file);
        byte[] archive = a.array();
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        ModuleArchive finder = new ModuleArchive();
        ModuleManifest manifest = new ModuleManifest();
        String why = finder.find(archive, n, n.length, manifest);
        if (why != null) {
            return why;
        }
        if (finder.objectLength < Elf.HEADER) {
            return Elf.NOT_ELF;
        }
        if (manifest.api != 1) {
            return "built for kernel API " + manifest.api + ", this kernel has 1";
        }
        byte[] object = Arrays.copyOfRange(archive, finder.objectAt, finder.objectAt + finder.objectLength);
        ModuleLayout layout = new ModuleLayout();
        why = layout.plan(object, manifest, 2L << 20);
        if (why != null) {
            return why;
        }
        byte[] image = new byte[(int) layout.size];
        why = layout.link(object, image, VA, kernel);
        if (why == ModuleLayout.UNKNOWN_SYMBOL) {
            return why + new String(object, layout.unknownAt, layout.unknownLength, StandardCharsets.ISO_8859_1);
        }
        return why != null ? why : new Image(image, layout.init, layout.exit);
    }

    @Test
    void malformedModulesAreRefusedWithOneLineAndNeverTakeTheKernelDown() throws Exception {
        int count = Integer.getInteger("zeptux.fuzz.kernel.count", 40);
        long seed = Long.getLong("zeptux.fuzz.kernel.seed", 1);
        int perImage = Integer.getInteger("zeptux.fuzz.kernel.perImage", 50);
        String kernelObject = System.getProperty("zeptux.fuzz.kernel.object", "kernel/target/kernel.o");
        long start = System.nanoTime();
        sh("javac --release 17 -cp runtime/target/classes:kernel/target/classes -d " + dir.resolve("hello") + " examples/hello/*.java");
        sh("./zeptuxc module -cp " + dir.resolve("hello") + " --kernel kernel/target/classes -o " + dir.resolve("hello.zm"));
        byte[] hello = Files.readAllBytes(dir.resolve("hello.zm"));
        int m = (int) Elf.u32(hello, 8);
        Imports kernel = new Imports(Arrays.copyOfRange(hello, 16 + m, hello.length));
        Image original = (Image) parse(hello, "hello", kernel);

        ModuleMutator mutator = new ModuleMutator(hello, seed);
        List<ModuleMutator.Mutant> run = new ArrayList<>();
        List<Expected> expected = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        int notRun = 0;
        for (int i = 0; i < count; i++) {
            ModuleMutator.Mutant mutant = mutator.mutant(i);
            Object result = parse(mutant.file(), mutant.name(), kernel);
            if (result instanceof Image image && !image.same(original)) {
                notRun++;                                   // other code: it cannot be vetted, so it is not run
                continue;
            }
            Expected e = result instanceof String why ? new Expected("refused", why) : new Expected("live", null);
            run.add(mutant);
            expected.add(e);
            outcomes.merge(e.reason() == null ? "(loaded and ran)" : e.reason().replaceFirst("unknown symbol .*",
                    "unknown symbol ...").replaceFirst("built for kernel API .*", "built for another kernel API"), 1, Integer::sum);
        }

        List<String> failures = new ArrayList<>();
        int[] down = {0};
        int boots = 0;
        for (int from = 0; from < run.size(); from += perImage) {
            List<ModuleMutator.Mutant> batch = run.subList(from, Math.min(run.size(), from + perImage));
            StringBuilder pack = new StringBuilder();
            for (ModuleMutator.Mutant mutant : batch) {
                Path f = dir.resolve(mutant.name() + ".zm");
                Files.write(f, mutant.file());
                pack.append(" --pack-unchecked ").append(f);
            }
            Path image = dir.resolve("fuzz" + boots + ".img");
            sh("./zeptuxc image --boot boot --linker-script linker.ld" + pack + " -o " + image + " " + kernelObject);
            boots++;
            bootAndLoad(image, batch, expected.subList(from, from + batch.size()), failures, down);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[figure] QEMU module fuzzing, seed %d: %d mutants of hello.zm, %d loaded in %d boots (%d accepted "
                + "with other code, not run), %.0f s; outcomes: %s; failures: %d, of which the kernel went down or hung: %d%n",
                seed, count, run.size(), boots, notRun, seconds, outcomes, failures.size(), down[0]);
        assertTrue(failures.isEmpty(), failures.size() + " mutants misbehaved:\n" + String.join("\n", failures));
        assertTrue(outcomes.containsKey("(loaded and ran)") && outcomes.size() > 5, "a mix of outcomes: " + outcomes);
    }

    /**
     * Boots {@code image} and loads each of {@code batch}; every misbehaviour goes into
     * {@code failures}. When the kernel goes down (a panic, a triple fault) or hangs, counted
     * in {@code down}, it is booted again for the rest of the batch.
     */
    private static void bootAndLoad(Path image, List<ModuleMutator.Mutant> batch, List<Expected> expected, List<String> failures,
            int[] down) throws Exception {
        int first = 0;
        while (first < batch.size()) {
            first = bootAndLoad(image, batch, expected, failures, down, first);
        }
    }

    /** One boot, loading from mutant {@code first} on; returns where the next boot must start (the batch's size when done). */
    private static int bootAndLoad(Path image, List<ModuleMutator.Mutant> batch, List<Expected> expected, List<String> failures,
            int[] down, int first) throws Exception {
        try (Qemu qemu = Qemu.boot(image, "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            String before = free(qemu);
            for (int i = first; i < batch.size(); i++) {
                ModuleMutator.Mutant mutant = batch.get(i);
                Expected e = expected.get(i);
                String name = mutant.name();
                try {
                    String out = qemu.command("insmod " + name);
                    String[] lines = out.substring(0, out.length() - "zeptux> ".length()).split("\n");
                    if (e.reason() != null) {
                        String line = lines.length == 2 ? lines[1] : null;
                        if (line == null || !line.startsWith("insmod: " + name + ": ") || !line.endsWith(e.reason())) {
                            failures.add(name + " (" + mutant.damage() + "): expected one line ending '" + e.reason()
                                    + "', got:\n" + out);
                        }
                    } else if (!out.contains("insmod: " + name + ": live\n")
                            || !qemu.command("rmmod " + name).contains("rmmod: " + name + ": unloaded\n")) {
                        failures.add(name + " (" + mutant.damage() + "): expected to load, run and unload, got:\n" + out);
                    }
                } catch (AssertionError dead) {
                    failures.add(name + " (" + mutant.damage() + "): the kernel went down or hung:\n" + tail(qemu.output()));
                    down[0]++;
                    return i + 1;
                }
            }
            String after = free(qemu);
            if (!before.equals(after)) {
                failures.add(image.getFileName() + ": free memory " + before + " KiB before, " + after + " KiB after");
            }
            String lsmod = qemu.command("lsmod");
            if (!lsmod.endsWith("state\nzeptux> ")) {
                failures.add(image.getFileName() + ": modules left loaded:\n" + lsmod);
            }
            qemu.send("poweroff");
            int status = qemu.waitForExit(Duration.ofSeconds(30));
            if (status != Qemu.POWEROFF) {
                failures.add(image.getFileName() + ": QEMU exited with " + status + " at poweroff");
            }
        }
        return batch.size();
    }

    private static String free(Qemu qemu) throws Exception {
        String mem = qemu.command("mem");
        int at = mem.indexOf("\nfree: ") + "\nfree: ".length();
        return mem.substring(at, mem.indexOf(" KiB", at));
    }

    private static String tail(String log) {
        return log.substring(Math.max(0, log.length() - 1500));
    }
}
