package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image with an initramfs and a command line (zeptuxc image --initramfs DIR --cmdline TEXT):
 * stage 2 loads the archive after the kernel, the kernel prints the command line and keeps the
 * archive's pages reserved; an archive that does not fit the machine's memory is a clean boot
 * error from stage 2.
 */
class InitramfsIT {
    @TempDir
    Path dir;

    private static Path root() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    private Path image(Path rootfs, String cmdline) throws Exception {
        Path img = dir.resolve("initramfs.img");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", root().resolve("compiler/target/zeptuxc.jar").toString(), "image",
                "--boot", root().resolve("boot").toString(), "--linker-script", root().resolve("linker.ld").toString(),
                "--initramfs", rootfs.toString(), "--cmdline", cmdline, "-o", img.toString(),
                root().resolve("kernel/target/kernel.o").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "zeptuxc timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return img;
    }

    @Test
    void stage2LoadsTheInitramfsAndTheKernelKeepsItAndTheCommandLine() throws Exception {
        Path rootfs = dir.resolve("root");
        Files.createDirectories(rootfs.resolve("etc"));
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Files.write(rootfs.resolve("etc/data"), big);
        Files.writeString(rootfs.resolve("etc/motd"), "hello from the initramfs\n");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createSymbolicLink(rootfs.resolve("bin/motd"), Path.of("../etc/motd"));
        Path img = image(rootfs, "console=ttyS0 quiet");
        try (Qemu qemu = Qemu.boot(img, "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            String boot = qemu.output();
            assertTrue(boot.contains("\ncommand line: console=ttyS0 quiet\n"), qemu.log());
            String memblock = qemu.command("memblock");
            Matcher m = Pattern.compile("\\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\\] +(\\d+) KiB initramfs").matcher(memblock);
            assertTrue(m.find(), memblock);
            long start = Long.parseLong(m.group(1), 16);
            assertEquals(0, start % 4096, "page-aligned, after the kernel");
            // The archive: 300,000 + 25 bytes of data, headers and padding: 74 pages.
            assertEquals(296, Long.parseLong(m.group(3)), memblock);
            // Unpacked into the root tmpfs: 74 pages of data and an index page, a page for motd and one for the link.
            assertTrue(boot.contains("\ninitramfs: 5 entries, 301056 bytes, unpacked into / (tmpfs, 308 KiB)\n"), qemu.log());
            assertTrue(boot.contains("\nvfs: / tmpfs, /dev devtmpfs, /proc proc\n"), qemu.log());
            String ls = qemu.command("ls");
            // tmpfs directories: 2 links and 40 bytes, 20 more per entry (Linux's BOGO_DIRENT_SIZE);
            // /dev: the seven character devices, the boot disk hda and its partition hda1.
            assertTrue(ls.contains("\ndrwxr-xr-x   2       60 bin\ndrwxr-xr-x   2      220 dev\ndrwxr-xr-x   2       80 etc\n"), ls);
            String etc = qemu.command("ls /etc");
            assertTrue(etc.contains("\n-rw-r--r--   1   300000 data\n-rw-r--r--   1       25 motd\n"), etc);
            assertTrue(qemu.command("ls /bin").contains("\nlrwxrwxrwx   1       11 motd -> ../etc/motd\n"), qemu.log());
            assertTrue(qemu.command("cat /bin/motd").contains("cat /bin/motd\nhello from the initramfs\n"),
                    "a file read through a relative link\n" + qemu.log());
            assertTrue(qemu.command("cat /etc/nope").contains("cat: /etc/nope: no such file or directory\n"), qemu.log());
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    @Test
    void anInitramfsLargerThanMemoryIsABootErrorFromStage2() throws Exception {
        Path rootfs = dir.resolve("huge");
        Files.createDirectories(rootfs);
        Files.write(rootfs.resolve("blob"), new byte[80 << 20]);
        Path img = image(rootfs, "");
        try (Qemu qemu = Qemu.boot(img, "64M")) {
            int status = qemu.waitForExit(Duration.ofSeconds(60));
            assertTrue(qemu.output().contains("Zeptux boot: no usable memory for the initramfs after the kernel"), qemu.log());
            assertEquals(Qemu.BOOT_FAILURE, status, qemu.log());
        }
    }
}
