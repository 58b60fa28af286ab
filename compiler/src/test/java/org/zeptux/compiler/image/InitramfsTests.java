package org.zeptux.compiler.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The initramfs packer: a directory as cpio newc, read back by an independent reader; the same bytes every time. */
class InitramfsTests {
    @TempDir
    Path dir;

    @Test
    void aDirectoryBecomesANewcArchiveWithItsFilesModesAndLinks() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "hello\n");
        Path prog = root.resolve("bin/prog");
        Files.write(prog, new byte[] {0x7F, 'E', 'L', 'F'});
        Files.setPosixFilePermissions(prog, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("prog"));
        byte[] archive = Initramfs.pack(root);
        assertEquals("070701", new String(archive, 0, 6, StandardCharsets.US_ASCII), "newc magic");
        List<String> seen = new ArrayList<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(archive))) {
            CpioArchiveEntry e;
            while ((e = in.getNextCPIOEntry()) != null) {
                byte[] data = in.readAllBytes();
                seen.add(e.getName() + " " + Long.toOctalString(e.getMode()) + " " + e.getUID() + " " + e.getTime()
                        + " " + new String(data, StandardCharsets.ISO_8859_1).replace("\n", "\\n"));
            }
        }
        assertEquals(List.of(
                "bin 40755 0 0 ",
                "bin/prog 100755 0 0 \u007fELF",
                "bin/sh 120777 0 0 prog",
                "etc 40755 0 0 ",
                "etc/motd 100644 0 0 hello\\n"), seen);
        assertArrayEquals(archive, Initramfs.pack(root), "the same directory, the same bytes");
    }

    @Test
    void notADirectoryIsOneLine() {
        assertEquals("--initramfs " + dir.resolve("missing") + ": not a directory",
                assertThrows(ImageException.class, () -> Initramfs.pack(dir.resolve("missing"))).getMessage());
    }
}
