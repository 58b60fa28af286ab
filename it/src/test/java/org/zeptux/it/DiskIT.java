package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ATA disks under QEMU: the system image (init, busybox) booted with more disks, made here
 * on the host with a known pattern and MBR partition tables (primaries, an extended partition
 * with two logical ones, an entry outside the disk). Inside Zeptux busybox reads the disks and
 * partitions through their /dev nodes ({@code md5sum}, {@code dd}, {@code hexdump}) and writes
 * them; after {@code poweroff} the test reads the bytes back from the host files. Once with
 * bus-master DMA ({@code -M pc}), once with {@code ata.dma=0} (PIO), each with disks on both
 * channels and the ATAPI CD-ROM skipped.
 */
class DiskIT {
    static final int SECTORS = 4096;
    static final String PROMPT = "/ # ";
    static final Pattern END = Pattern.compile("\n\\}\\}(\\d+)\r?\n");

    @TempDir
    Path dir;

    /** Sector {@code s}: "disk D sector S" and bytes that depend on both, so a misplaced sector shows. */
    static byte[] pattern(int disk, int sectors) {
        byte[] d = new byte[sectors * 512];
        for (int s = 0; s < sectors; s++) {
            byte[] head = String.format("disk %d sector %08d\n", disk, s).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, d, s * 512, head.length);
            for (int i = head.length; i < 512; i++) {
                d[s * 512 + i] = (byte) (s * 7 + i * 13 + disk);
            }
        }
        return d;
    }

    /** Entry {@code slot} of the partition table in sector {@code sector}, and its signature. */
    static void entry(byte[] disk, int sector, int slot, int type, long start, long count) {
        ByteBuffer b = ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN);
        int at = sector * 512 + 446 + 16 * slot;
        disk[at + 4] = (byte) type;
        b.putInt(at + 8, (int) start);
        b.putInt(at + 12, (int) count);
        disk[sector * 512 + 510] = 0x55;
        disk[sector * 512 + 511] = (byte) 0xAA;
    }

    /** hdb: 1 (64+1000), 2 extended (2048+2048) with 5 (2064+500) and 6 (3088+200), 3 outside the disk. */
    static byte[] partitioned(int disk) {
        byte[] d = pattern(disk, SECTORS);
        Arrays.fill(d, 446, 510, (byte) 0);
        entry(d, 0, 0, 0x83, 64, 1000);
        entry(d, 0, 1, 0x05, 2048, 2048);
        entry(d, 0, 2, 0x83, 5000, 100);
        Arrays.fill(d, 2048 * 512 + 446, 2048 * 512 + 510, (byte) 0);
        entry(d, 2048, 0, 0x83, 16, 500);
        entry(d, 2048, 1, 0x05, 1024, 1024);
        Arrays.fill(d, 3072 * 512 + 446, 3072 * 512 + 510, (byte) 0);
        entry(d, 3072, 0, 0x82, 16, 200);
        return d;
    }

    static String md5(byte[] d, int from, int length) throws Exception {
        MessageDigest m = MessageDigest.getInstance("MD5");
        m.update(d, from, length);
        return HexFormat.of().formatHex(m.digest());
    }

    static Path root() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    @Test
    void dmaDisksOnBothChannels() throws Exception {
        disks(root().resolve("kernel/target/zeptux-system.img"), "DMA", "ata1: PATA cmd 0x1f0 ctl 0x3f6 bmdma 0xc");
    }

    @Test
    void pioWithAtaDmaOff() throws Exception {
        disks(systemImageWith(dir.resolve("pio.img"), "init=/sbin/init ata.dma=0"), "PIO", "ata: DMA off (ata.dma=0): PIO\n");
    }

    /** The system image (the built kernel, the system root as its initramfs) with kernel command line {@code cmdline}, at {@code image}. */
    static Path systemImageWith(Path image, String cmdline) throws Exception {
        return systemImageWith(image, cmdline, root().resolve("userland/target/system-root"));
    }

    /** The same with the initramfs made of {@code initramfs} (a copy of the system root with more in it). */
    static Path systemImageWith(Path image, String cmdline, Path initramfs) throws Exception {
        exec(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root().resolve("compiler/target/zeptuxc.jar").toString(), "image", "--boot", root().resolve("boot").toString(),
                "--linker-script", root().resolve("linker.ld").toString(), "--initramfs",
                initramfs.toString(), "--cmdline", cmdline,
                "-o", image.toString(), root().resolve("kernel/target/kernel.o").toString()));
        return image;
    }

    /**
     * Boots {@code image} with hdb (2 MiB, partitioned), an empty CD-ROM as hdc and hdd (16 MiB)
     * on the secondary channel; reads, writes, measures, and checks the host files afterwards.
     */
    private void disks(Path image, String mode, String modeLine) throws Exception {
        byte[] b = partitioned(1);
        byte[] d = pattern(3, 8 * SECTORS);
        Path hdb = Files.write(dir.resolve("hdb.img"), b);
        Path hdd = Files.write(dir.resolve("hdd.img"), d);
        try (Qemu q = Qemu.bootWithBreak(image, "256M",
                "-drive", "file=" + hdb + ",if=ide,index=1,format=raw",
                "-drive", "if=ide,index=2,media=cdrom",
                "-drive", "file=" + hdd + ",if=ide,index=3,format=raw")) {
            q.expect(PROMPT, Duration.ofSeconds(90));
            String boot = q.output();
            assertTrue(boot.contains(modeLine), modeLine + "\n" + boot);
            for (String line : List.of("ata1.00: ATA-7: QEMU HARDDISK, 2.5+, max UDMA/100\n",
                    "ata1.01: ATA-7: QEMU HARDDISK, 2.5+, max UDMA/100\n", "ata1.01: 4096 sectors, LBA48, " + mode + "\n",
                    "ata2.00: ATAPI: QEMU DVD-ROM, 2.5+, max UDMA/100\nata2.00: ATAPI device (CD-ROM): no driver, skipped\n",
                    "ata2.01: 32768 sectors, LBA48, " + mode + "\n",
                    "hdb: 4096 sectors (2 MB)\n", "hdd: 32768 sectors (16 MB)\n",
                    "hdb: hdb1 hdb2 < hdb5 hdb6 >\n",
                    "hdb: partition 3 (start 5000, 100 sectors) lies outside the disk: refused\n",
                    "hdd: no partition table\n")) {
                assertTrue(boot.contains(line), line + "\n" + boot);
            }
            sync(q);
            assertEquals("b 3 64\nb 3 65\nb 3 66\nb 3 69\nb 3 70\nb 22 64\n",
                    sh(q, "for f in hdb hdb1 hdb2 hdb5 hdb6 hdd; do stat -c '%A %t %T' /dev/$f"
                            + " | sed 's/^brw-rw---- /b /' | while read t a c; do echo $t $((0x$a)) $((0x$c)); done; done"));
            String partitions = sh(q, "cat /proc/partitions");
            // hda is the image booted: its size in KiB (the system image grows with what it holds).
            assertTrue(partitions.startsWith("major minor  #blocks  name\n\n"
                    + String.format("%4d  %7d %10d %s%n", 3, 0, Files.size(image) / 1024, "hda")), partitions);
            assertTrue(partitions.contains("\n   3       64       2048 hdb\n   3       65        500 hdb1\n"
                    + "   3       66          1 hdb2\n   3       69        250 hdb5\n   3       70        100 hdb6\n"
                    + "  22       64      16384 hdd\n"), partitions);
            // Reads: whole disks and partitions through their nodes, against the host's bytes.
            assertEquals(md5(b, 0, b.length) + "\n", sh(q, "md5sum < /dev/hdb | cut -d' ' -f1"));
            assertEquals(md5(d, 0, d.length) + "\n", sh(q, "md5sum < /dev/hdd | cut -d' ' -f1"));
            assertEquals(md5(b, 64 * 512, 1000 * 512) + "\n", sh(q, "md5sum < /dev/hdb1 | cut -d' ' -f1"));
            assertEquals(md5(b, 2064 * 512, 500 * 512) + "\n", sh(q, "md5sum < /dev/hdb5 | cut -d' ' -f1"));
            assertEquals(md5(b, 3088 * 512, 200 * 512) + "\n", sh(q, "md5sum < /dev/hdb6 | cut -d' ' -f1"));
            assertEquals("disk 3 sector 00000777\n", sh(q, "dd if=/dev/hdd bs=512 skip=777 count=1 2>/dev/null | head -n 1"));
            assertEquals("2097152 1024\n", sh(q, "echo $(wc -c < /dev/hdb) $(wc -c < /dev/hdb2)"));
            // Reads at and past the end: short, then nothing; a write there: ENOSPC.
            assertEquals("3\n", sh(q, "dd if=/dev/hdb bs=1 skip=2097149 count=10 2>/dev/null | wc -c"));
            assertEquals("0\n", sh(q, "dd if=/dev/hdb bs=512 skip=4096 count=1 2>/dev/null | wc -c"));
            assertTrue(sh(q, "echo x | dd of=/dev/hdb bs=1 seek=2097152 2>&1; echo status $?")
                    .contains("No space left on device\n1+0 records in\n0+0 records out\nstatus 1\n"));
            // The figures: 16 MiB read and written through /dev/hdd (busybox's time, 10 ms steps).
            double read = seconds(sh(q, "time dd if=/dev/hdd of=/dev/null bs=64k 2>&1"));
            double write = seconds(sh(q, "time dd if=/dev/zero of=/dev/hdd bs=64k count=256 conv=notrunc,fsync 2>&1"));
            System.out.printf("DiskIT: %s under TCG: 16 MiB read through /dev/hdd in %.2f s (%.1f MB/s), written in %.2f s (%.1f MB/s)%n",
                    mode, read, 16.777216 / read, write, 16.777216 / write);
            // Writes: a copy inside hdb, bytes at an odd offset of hdd, a partition's sector, flushed.
            sh(q, "dd if=/dev/hdb of=/dev/hdb bs=4096 count=16 seek=128 conv=fsync 2>/dev/null");
            sh(q, "printf 'zeptux wrote this' | dd of=/dev/hdd bs=1 seek=1000003 conv=notrunc,fsync 2>/dev/null");
            sh(q, "printf 'first sector of hdb6' | dd of=/dev/hdb6 conv=notrunc,fsync 2>/dev/null");
            assertEquals("zeptux wrote this\n", sh(q, "dd if=/dev/hdd bs=1 skip=1000003 count=17 2>/dev/null; echo"));
            // The monitor's view (SysRq x): each device, its mode and counts, each channel's.
            q.sysrq('x', "zeptux> ", Duration.ofSeconds(30));
            String disks = q.command("disks").replace("\r", "");
            assertTrue(Pattern.compile("(?m)^hdb +3:64 +4096 +2 +" + mode + " +\\d+ +\\d+ +\\d+ +0$").matcher(disks).find(), disks);
            assertTrue(Pattern.compile("(?m)^hdb5 +3:69 +500 +0 +start 2064, type 0x83$").matcher(disks).find(), disks);
            assertTrue(Pattern.compile("(?m)^ata2: IRQ 15, " + mode + ", \\d+ interrupts, \\d+ unexpected, 0 errors, 0 timeouts,"
                    + " 0 resets, 0 busy$").matcher(disks).find(), disks);
            q.send("exit");
            sync(q);
            q.send("poweroff");
            assertEquals(Qemu.POWEROFF, q.waitForExit(Duration.ofSeconds(60)));
        }
        byte[] want = b.clone();
        System.arraycopy(b, 0, want, 128 * 4096, 16 * 4096);
        byte[] p6 = "first sector of hdb6".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p6, 0, want, 3088 * 512, p6.length);
        assertArrayEquals(want, Files.readAllBytes(hdb), "hdb after the copy and the write to hdb6");
        byte[] wantD = new byte[d.length];
        byte[] z = "zeptux wrote this".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(z, 0, wantD, 1000003, z.length);
        assertArrayEquals(wantD, Files.readAllBytes(hdd), "hdd: zeros, then the write at 1000003");
    }

    /** The seconds of busybox's {@code real 0m 1.23s}. */
    static double seconds(String time) {
        Matcher m = Pattern.compile("real\\s+(\\d+)m\\s*([0-9.]+)s").matcher(time);
        assertTrue(m.find(), time);
        return Math.max(0.01, Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2)));
    }

    /**
     * Without PCI (QEMU's isapc: the 8259s, no PCI IDE function): the legacy ports and PIO, disks
     * only on the secondary channel (IRQ 15, whose spurious interrupts the handler tells apart).
     */
    @Test
    void isaPcSecondaryChannel() throws Exception {
        byte[] c = pattern(2, SECTORS);
        byte[] d = pattern(3, SECTORS);
        Path hdc = Files.write(dir.resolve("hdc.img"), c);
        Path hdd = Files.write(dir.resolve("hdd.img"), d);
        try (Qemu q = Qemu.bootWithBreak(root().resolve("kernel/target/zeptux-system.img"), "256M", "-M", "isapc", "-cpu", "qemu64",
                "-drive", "file=" + hdc + ",if=ide,index=2,format=raw",
                "-drive", "file=" + hdd + ",if=ide,index=3,format=raw")) {
            q.expect(PROMPT, Duration.ofSeconds(90));
            String boot = q.output();
            for (String line : List.of("ata: no PCI IDE controller: legacy ports, PIO\n",
                    "ata2.00: 4096 sectors, LBA48, PIO\n", "ata2.01: 4096 sectors, LBA48, PIO\n",
                    "ata2: PATA cmd 0x170 ctl 0x376 bmdma 0x0 irq 15: PIO\n", "hdc: 4096 sectors (2 MB)\n")) {
                assertTrue(boot.contains(line), line + "\n" + boot);
            }
            sync(q);
            assertEquals(md5(c, 0, c.length) + "\n", sh(q, "md5sum < /dev/hdc | cut -d' ' -f1"));
            sh(q, "dd if=/dev/hdc of=/dev/hdd bs=3000 skip=1 seek=2 count=100 conv=notrunc,fsync 2>/dev/null");
            assertTrue(sh(q, "cat /proc/interrupts").matches("(?s).*\n 15: +\\d+ +XT-PIC +15-edge +ata2 .*"));
            q.send("poweroff");
            assertEquals(Qemu.POWEROFF, q.waitForExit(Duration.ofSeconds(60)));
        }
        byte[] want = d.clone();
        System.arraycopy(c, 3000, want, 6000, 300000);
        assertArrayEquals(want, Files.readAllBytes(hdd), "hdd after the copy from hdc in 3000-byte pieces");
    }

    /**
     * A disk that fails reads of sector 1000 (QEMU's blkdebug): the read fails with EIO and a
     * line, the channel is reset, and the next reads succeed. A disk throttled to 512 bytes a
     * second (QEMU's I/O limits): a 4 KiB request does not finish within the timeout, the channel
     * is reset, and the disk answers again afterwards.
     */
    @Test
    void aDeviceErrorIsEioATimeoutResetsAndTheChannelGoesOn() throws Exception {
        byte[] b = pattern(1, SECTORS);
        Path hdb = Files.write(dir.resolve("hdb.img"), b);
        Path hdd = Files.write(dir.resolve("hdd.img"), pattern(3, SECTORS));
        Path conf = Files.writeString(dir.resolve("blkdebug.conf"),
                "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nsector = \"1000\"\nonce = \"off\"\n");
        try (Qemu q = Qemu.bootWithBreak(root().resolve("kernel/target/zeptux-system.img"), "256M",
                "-drive", "file=blkdebug:" + conf + ":" + hdb + ",if=ide,index=1,format=raw",
                "-drive", "file=" + hdd + ",if=ide,index=3,format=raw,throttling.bps-total=512")) {
            q.expect(PROMPT, Duration.ofSeconds(90));
            sync(q);
            int mark = q.mark();
            assertEquals("dd: /dev/hdb: Input/output error\nstatus 1\n",
                    sh(q, "dd if=/dev/hdb of=/dev/null bs=512 skip=990 count=20 2>&1; echo status $?")
                            .replaceAll("ata1\\.01: [^\n]*\n", ""));
            assertTrue(q.raw(mark).contains("ata1.01: DMA transfer failed (status 0x41, error 0x4): resetting the channel"),
                    q.raw(mark));
            assertEquals("disk 1 sector 00000999\n", sh(q, "dd if=/dev/hdb bs=512 skip=999 count=1 2>/dev/null | head -n 1"));
            assertEquals(md5(b, 1001 * 512, 3095 * 512) + "\n", sh(q, "dd if=/dev/hdb bs=512 skip=1001 2>/dev/null | md5sum | cut -d' ' -f1"));
            mark = q.mark();
            sh(q, "dd if=/dev/hdd of=/dev/null bs=65536 skip=10 count=1 2>/dev/null; true");
            assertTrue(q.raw(mark).contains("ata2.01: command timed out (status 0x"), q.raw(mark));
            // QEMU finishes the abandoned request within its limit first: then a sector comes in a second.
            assertEquals("disk 3 sector 00000010\n", sh(q, "sleep 12; dd if=/dev/hdd bs=512 skip=10 count=1 2>/dev/null | head -n 1"));
            q.send("poweroff");
            assertEquals(Qemu.POWEROFF, q.waitForExit(Duration.ofSeconds(60)));
        }
    }

    /** Waits until the shell answers (its first prompt may come before it reads the line). */
    private static void sync(Qemu q) throws Exception {
        for (int i = 0; ; i++) {
            int mark = q.mark();
            q.send("echo R$((20+3))Y");
            try {
                q.expectAfter(mark, "R23Y", Duration.ofSeconds(10));
                return;
            } catch (AssertionError e) {
                if (i == 5) {
                    throw e;
                }
            }
        }
    }

    /** Runs {@code command} at the shell; its output (CR LF as LF), asserting it exited with 0. */
    static String sh(Qemu q, String command) throws Exception {
        int mark = q.mark();
        q.send("echo '{''{'; " + command + "; echo \"}}$?\"");
        q.expectAfter(mark, "}}", Duration.ofSeconds(120));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            String out = q.raw(mark).replace("\r\n", "\n");
            int start = out.indexOf("\n{{\n");
            Matcher m = END.matcher(out);
            if (start >= 0 && m.find(start)) {
                String body = out.substring(start + 4, m.start() + 1);
                assertEquals("0", m.group(1), command + "\n" + out);
                return body;
            }
            assertTrue(System.nanoTime() < deadline, "no end of '" + command + "'\n" + q.log());
            Thread.sleep(50);
        }
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + ": timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }
}
