package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same classes give byte-identical LLVM IR, objects and disk images, wherever they are built. */
class DeterminismIT {
    @TempDir
    Path dir;

    private static Path root() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    private String zeptuxc(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", root().resolve("compiler/target/zeptuxc.jar").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("zeptuxc timed out: " + cmd);
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @Test
    void rebuildingTheKernelGivesTheSameBytes() throws Exception {
        Path kernel = root().resolve("kernel/target");
        zeptuxc("compile", "-cp", kernel.resolve("classes").toString(), "--parts", "2", "--emit", "ll,obj",
                "-o", dir.resolve("kernel.o").toString());
        String first = zeptuxc("--timings", "image", "--boot", root().resolve("boot").toString(), "--linker-script",
                root().resolve("linker.ld").toString(), "-o", dir.resolve("zeptux.img").toString(),
                dir.resolve("kernel.o").toString());
        assertTrue(first.contains("frames: symbolizer"), "a new kernel object: its frame table made\n" + first);
        assertArrayEquals(Files.readAllBytes(kernel.resolve("kernel.ll")), Files.readAllBytes(dir.resolve("kernel.ll")),
                "kernel.ll");
        assertArrayEquals(Files.readAllBytes(kernel.resolve("kernel.o")), Files.readAllBytes(dir.resolve("kernel.o")),
                "kernel.o");
        assertArrayEquals(Files.readAllBytes(kernel.resolve("zeptux.img")), Files.readAllBytes(dir.resolve("zeptux.img")),
                "zeptux.img");
        // The ELF beside the image (gdb's) too: linked again from the same inputs, the same bytes — no temporary
        // path of the build's work directory in its symbols. This time the frame table is the one kept in
        // zeptuxc-cache beside kernel.o: the same bytes as the symbolizer's.
        Path again = Files.createDirectories(dir.resolve("again"));
        String second = zeptuxc("--timings", "image", "--boot", root().resolve("boot").toString(), "--linker-script",
                root().resolve("linker.ld").toString(), "-o", again.resolve("zeptux.img").toString(),
                dir.resolve("kernel.o").toString());
        assertTrue(second.contains("frames: from zeptuxc-cache") && !second.contains("frames: symbolizer"),
                "the same first link: the table kept\n" + second);
        assertArrayEquals(Files.readAllBytes(dir.resolve("zeptux.elf")), Files.readAllBytes(again.resolve("zeptux.elf")),
                "zeptux.elf");
        assertArrayEquals(Files.readAllBytes(dir.resolve("zeptux.img")), Files.readAllBytes(again.resolve("zeptux.img")),
                "zeptux.img, its frame table from the cache");
    }

    @Test
    void rebuildingTheSystemImageGivesTheSameBytes() throws Exception {
        Path userland = root().resolve("userland/target");
        zeptuxc("build", "--target", "hosted", "-cp", userland.resolve("classes").toString(),
                "--main", "org.zeptux.userland.init.Init", "-o", dir.resolve("init").toString());
        assertArrayEquals(Files.readAllBytes(userland.resolve("init")), Files.readAllBytes(dir.resolve("init")), "init");
        Process p = new ProcessBuilder("bash", root().resolve("scripts/system-root.sh").toString(), dir.resolve("init").toString(),
                root().resolve("userland/system").toString(), dir.resolve("system-root").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        zeptuxc("image", "--boot", root().resolve("boot").toString(), "--linker-script",
                root().resolve("linker.ld").toString(), "--initramfs", dir.resolve("system-root").toString(),
                "--cmdline", "init=/sbin/init", "-o", dir.resolve("zeptux-system.img").toString(),
                root().resolve("kernel/target/kernel.o").toString());
        assertArrayEquals(Files.readAllBytes(root().resolve("kernel/target/zeptux-system.img")),
                Files.readAllBytes(dir.resolve("zeptux-system.img")), "zeptux-system.img: init, busybox and /etc, laid out again");
    }
}
