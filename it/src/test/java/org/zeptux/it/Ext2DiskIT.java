package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ext2 on a real disk (issue 17): an empty file system made on the host by mke2fs is attached as
 * /dev/hdb (the ATA driver's primary slave), mounted by busybox inside Zeptux and written; the
 * host then checks it with e2fsck and reads it back with debugfs. Ext2IT covers the rest on RAM
 * disks (reads of mke2fs images, damaged images, reclaim).
 */
class Ext2DiskIT {
    private static final Duration BOOT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    static Path systemImage() {
        return DiskIT.root().resolve("kernel/target/zeptux-system.img");
    }

    private Path emptyExt2(String name, int blockSize) throws Exception {
        Path img = dir.resolve(name);
        Ext2IT.run(dir, Ext2IT.tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", Integer.toString(blockSize), img.toString(), "16M");
        return img;
    }

    /** The md5sum lines (sorted by path) of every regular file below {@code root}, paths relative to it as "./x". */
    private static String md5Tree(Path root) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        StringBuilder out = new StringBuilder();
        for (Path f : files.stream().sorted((a, b) -> ("./" + root.relativize(a)).compareTo("./" + root.relativize(b))).toList()) {
            MessageDigest m = MessageDigest.getInstance("MD5");
            out.append(HexFormat.of().formatHex(m.digest(Files.readAllBytes(f)))).append("  ./").append(root.relativize(f)).append('\n');
        }
        return out.toString();
    }

    @Test
    void aWorkloadWrittenOnHdbIsCleanForE2fsckAndReadsBackOnTheHost() throws Exception {
        Path img = emptyExt2("hdb.img", 1024);
        String inside;
        try (Qemu q = Qemu.bootWithBreak(systemImage(), "256M", "-drive", "file=" + img + ",if=ide,index=1,format=raw")) {
            q.expect(DiskIT.PROMPT, BOOT);
            DiskIT.sh(q, "mkdir -p /mnt && mount -t ext2 /dev/hdb /mnt");
            // The script goes over the serial console as one line of base64, unpacked by busybox.
            String script = java.util.Base64.getEncoder().encodeToString(Ext2IT.WRITE_SCRIPT.getBytes(StandardCharsets.US_ASCII));
            String written = DiskIT.sh(q, "echo " + script + " | busybox base64 -d > /tmp/write.sh && sh /tmp/write.sh");
            assertTrue(written.contains("WRITTEN"), written);
            assertEquals("", DiskIT.sh(q, "diff -r /tmp/w /mnt/w"), "ext2 on hdb holds what tmpfs holds");
            inside = DiskIT.sh(q, "cd /mnt/w && find . -type f | sort | xargs md5sum; cd /");
            // f0..f299 less the 50 removed and f1, f2, f5 moved or removed, plus sub/rand, sub/moved and hard
            assertEquals(250, inside.lines().count(), inside);
            assertTrue(inside.contains("  ./sub/rand\n") && inside.contains("  ./hard\n"), inside);
            DiskIT.sh(q, "umount /mnt");
            q.send("poweroff");
            assertEquals(Qemu.POWEROFF, q.waitForExit(BOOT), q.log());
        }
        String fsck = Ext2IT.run(dir, Ext2IT.tool("e2fsck"), "-fn", img.toString());
        assertTrue(fsck.contains("Pass 5"), fsck);
        String super_ = Ext2IT.run(dir, Ext2IT.tool("dumpe2fs"), "-h", img.toString());
        assertTrue(super_.matches("(?s).*Filesystem state:\\s+clean\\n.*"), "unmounted clean\n" + super_);
        Path out = Files.createDirectories(dir.resolve("out"));
        Ext2IT.run(dir, Ext2IT.tool("debugfs"), "-R", "rdump /w " + out, img.toString());
        assertEquals(inside, md5Tree(out.resolve("w")), "debugfs reads back every file as Zeptux wrote it");
    }

    @Test
    void dataSyncedSurvivesQemuKilledAtOnce() throws Exception {
        Path img = emptyExt2("kill.img", 4096);
        try (Qemu q = Qemu.bootWithBreak(systemImage(), "256M", "-drive", "file=" + img + ",if=ide,index=1,format=raw")) {
            q.expect(DiskIT.PROMPT, BOOT);
            DiskIT.sh(q, "mkdir -p /mnt && mount -t ext2 /dev/hdb /mnt");
            int mark = q.mark();
            q.send("seq 1 100000 > /mnt/synced && mkdir /mnt/dir && echo kept > /mnt/dir/f && sync && echo SYN''CED");
            q.expectAfter(mark, "SYNCED", Duration.ofSeconds(60));
        }   // QEMU is killed here: no umount, no poweroff
        String expected = IntStream.rangeClosed(1, 100000).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
        Path got = dir.resolve("synced");
        Ext2IT.run(dir, Ext2IT.tool("debugfs"), "-R", "dump /synced " + got, img.toString());
        assertEquals(expected, Files.readString(got, StandardCharsets.US_ASCII));
        Path f = dir.resolve("f");
        Ext2IT.run(dir, Ext2IT.tool("debugfs"), "-R", "dump /dir/f " + f, img.toString());
        assertEquals("kept\n", Files.readString(f));
        // Not unmounted, so not marked clean, but consistent: e2fsck -fn finds nothing to fix (exit 0).
        String fsck = Ext2IT.run(dir, Ext2IT.tool("e2fsck"), "-fn", img.toString());
        assertTrue(fsck.contains("Pass 5"), fsck);
    }
}
