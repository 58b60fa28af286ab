package org.zeptux.kernel.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zeptux.rt.host.Machine;

/**
 * Coverage-guided fuzzing of ext2 with Jazzer: each input is a list of patches (a 3-byte offset
 * into the image's first 192 KiB — superblock, group descriptors, bitmaps, inode table,
 * directories, indirect blocks — and a byte) applied to a small image made by {@code mke2fs -t
 * ext2 -b 1024 -d} (directories, a file with double indirect blocks, links), which the kernel's
 * own code mounts read-write, walks, reads, writes a file into and unmounts
 * ({@code Ext2Harness.fuzzOne}, over the simulated PC). A refusal or an error is fine; an
 * exception (in the kernel: a panic), a hang or a page-cache page or inode left behind is a
 * crash. The corpus (Ext2FuzzTestsInputs/mount/: patches of the magic, the block size, the
 * counts, a group descriptor, the root inode, a directory entry's rec_len) is replayed by
 * {@code make test}.
 */
class Ext2FuzzTests {
    private static Machine machine;
    private static Method fuzzOne;
    private static byte[] base;

    private static synchronized void setUp() throws Exception {
        if (fuzzOne != null) {
            return;
        }
        Path dir = Files.createTempDirectory("ext2fuzz");
        Path src = Files.createDirectories(dir.resolve("src/a/b"));
        Files.writeString(dir.resolve("src/hello"), "hello\n");
        byte[] medium = new byte[70 * 1024];
        for (int i = 0; i < medium.length; i++) {
            medium[i] = (byte) (i * 7);
        }
        Files.write(dir.resolve("src/a/medium"), medium);
        Files.writeString(src.resolve("leaf"), "leaf");
        Files.createSymbolicLink(dir.resolve("src/fast"), Path.of("a/b/leaf"));
        Files.createSymbolicLink(dir.resolve("src/slow"), Path.of("q".repeat(80)));
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve("src/a/n" + i), Integer.toString(i));
        }
        Path img = dir.resolve("fuzz.img");
        Process p = new ProcessBuilder(Ext2Tests.tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "1024", "-N", "64", "-d",
                dir.resolve("src").toString(), img.toString(), "256K").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor() == 0, out);
        base = Files.readAllBytes(img);
        machine = new Machine();
        var loader = new org.zeptux.kernel.KTestJvmTests.KernelLoader();
        try (var ignored = Machine.install(machine)) {
            fuzzOne = loader.loadClass("org.zeptux.kernel.fs.Ext2Harness").getMethod("fuzzOne", byte[].class);
        }
    }

    /** The base image with {@code input}'s patches: 4 bytes each, a 24-bit offset (modulo 192 KiB) and a byte. */
    static byte[] patched(byte[] input) {
        byte[] img = base.clone();
        for (int i = 0; i + 4 <= input.length && i < 4 * 64; i += 4) {
            int off = ((input[i] & 0xFF) | (input[i + 1] & 0xFF) << 8 | (input[i + 2] & 0xFF) << 16) % (192 * 1024);
            img[off] = input[i + 3];
        }
        return img;
    }

    @FuzzTest(maxDuration = "10m")
    void mount(byte[] input) throws Exception {
        setUp();
        try (var ignored = Machine.install(machine)) {
            String why = (String) fuzzOne.invoke(null, (Object) patched(input));
            assertFalse(why != null && why.startsWith("LEAK"), why);
        }
    }
}
