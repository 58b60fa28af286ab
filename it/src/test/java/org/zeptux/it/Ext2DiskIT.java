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
        try (Stream<Path> s = Files.walk(root)) {   // in md5sum's order: by the path as "./x", byte by byte
            files = s.filter(Files::isRegularFile).sorted((a, b) -> root.relativize(a).toString()
                    .compareTo(root.relativize(b).toString())).toList();
        }
        StringBuilder out = new StringBuilder();
        for (Path f : files) {
            MessageDigest m = MessageDigest.getInstance("MD5");
            out.append(HexFormat.of().formatHex(m.digest(Files.readAllBytes(f)))).append("  ./").append(root.relativize(f)).append('\n');
        }
        return out.toString();
    }

    /** Thousands of files in twenty directories, some appended, some removed, and a file three times the page cache. */
    static final String MANY_SCRIPT = """
            cd /mnt || exit 1
            d=0
            while [ $d -lt 20 ]; do
                mkdir many$d || exit 1
                i=0
                while [ $i -lt 100 ]; do echo "$d $i" > many$d/f$i; i=$((i+1)); done
                i=0
                while [ $i -lt 99 ]; do echo more >> many$d/f$i; rm many$d/f$((i+1)); i=$((i+3)); done
                d=$((d+1))
            done
            dd if=/dev/urandom of=/mnt/large bs=65536 count=96 2>/dev/null || exit 1
            cd / && sync && echo MANY
            """;

    /**
     * The system image with the page cache limited to 2 MiB (pagecache=2048), so a 6 MiB file is
     * larger than it; its initramfs is the system root and /bin/diskbench (bench/user/diskbench.c,
     * make bench's disk workload, built by musl-gcc -static).
     */
    private Path limitedCacheImage() throws Exception {
        Path root = dir.resolve("root");
        Path system = DiskIT.root().resolve("userland/target/system-root");
        try (Stream<Path> s = Files.walk(system)) {
            for (Path p : s.toList()) {
                Path to = root.resolve(system.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, java.nio.file.LinkOption.NOFOLLOW_LINKS, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        List<String> cc = new java.util.ArrayList<>(UserPrograms.CC);
        cc.addAll(List.of("-o", root.resolve("bin/diskbench").toString(),
                DiskIT.root().resolve("bench/user/diskbench.c").toString()));
        Ext2IT.run(dir, cc.toArray(new String[0]));
        return DiskIT.systemImageWith(dir.resolve("limited.img"), "init=/sbin/init pagecache=2048", root);
    }

    /** The value of /proc/vmstat's line {@code name} in {@code vmstat}. */
    static long vmstat(String vmstat, String name) {
        return vmstat.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> Long.parseLong(l.substring(name.length() + 1).strip()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in /proc/vmstat:\n" + vmstat));
    }

    /**
     * Runs {@code script} with busybox sh in the booted system: it goes over the serial console as
     * one line of base64 into /tmp/NAME.sh, which busybox unpacks; what it printed.
     */
    private static String runScript(Qemu q, String name, String script) throws Exception {
        String text = java.util.Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.US_ASCII));
        return DiskIT.sh(q, "echo " + text + " | busybox base64 -d > /tmp/" + name + ".sh && sh /tmp/" + name + ".sh");
    }

    @Test
    void aWorkloadWrittenOnHdbIsCleanForE2fsckAndReadsBackOnTheHost() throws Exception {
        Path img = emptyExt2("hdb.img", 1024);
        String inside;
        String insideMany;
        try (Qemu q = Qemu.bootWithBreak(limitedCacheImage(), "256M", "-drive", "file=" + img + ",if=ide,index=1,format=raw")) {
            q.expect(DiskIT.PROMPT, BOOT);
            DiskIT.sh(q, "mkdir -p /mnt && mount -t ext2 /dev/hdb /mnt");
            String written = runScript(q, "write", Ext2IT.WRITE_SCRIPT);
            assertTrue(written.contains("WRITTEN"), written);
            assertEquals("", DiskIT.sh(q, "diff -r /tmp/w /mnt/w"), "ext2 on hdb holds what tmpfs holds");
            String many = runScript(q, "many", MANY_SCRIPT);
            assertTrue(many.contains("MANY"), many);
            assertEquals("1340\n", DiskIT.sh(q, "ls /mnt/many* | grep -c '^f'"), "2000 files made, 660 removed");
            inside = DiskIT.sh(q, "cd /mnt/w && find . -type f | sort | xargs md5sum; cd /");
            insideMany = DiskIT.sh(q, "cd /mnt && find many* large -type f | sort | xargs md5sum; cd /");
            // f0..f299 less the 50 removed and f1, f2, f5 moved or removed, plus sub/rand, sub/moved and hard
            assertEquals(250, inside.lines().count(), inside);
            assertTrue(inside.contains("  ./sub/rand\n") && inside.contains("  ./hard\n"), inside);
            DiskIT.sh(q, "umount /mnt");

            // Readahead: the 6 MiB file read after a fresh mount (nothing cached) goes in windows of
            // many pages a request, though the cache holds a third of it.
            DiskIT.sh(q, "mount -t ext2 /dev/hdb /mnt");
            String before = DiskIT.sh(q, "cat /proc/vmstat");
            assertEquals(insideMany.lines().filter(l -> l.endsWith("  large")).findFirst().orElseThrow(),
                    DiskIT.sh(q, "md5sum /mnt/large | sed 's| /mnt/| |'").strip());
            String after = DiskIT.sh(q, "cat /proc/vmstat");
            long requests = vmstat(after, "pagecache_read_requests") - vmstat(before, "pagecache_read_requests");
            long pages = (vmstat(after, "pgpgin") - vmstat(before, "pgpgin")) / 4;
            long ahead = vmstat(after, "pagecache_readahead_pages") - vmstat(before, "pagecache_readahead_pages");
            assertTrue(pages >= 1536 && requests * 8 <= pages && ahead * 10 >= pages * 8,
                    "6 MiB read in " + requests + " requests of " + pages + " pages, " + ahead + " of them read ahead");
            System.out.println("Ext2DiskIT: 6 MiB read through a 2 MiB page cache in " + requests + " requests of " + pages
                    + " pages, " + ahead + " of them read ahead");
            // Write clustering: 4 MiB written and synced go in runs of many pages a request.
            before = DiskIT.sh(q, "cat /proc/vmstat");
            DiskIT.sh(q, "dd if=/dev/zero of=/mnt/seq bs=65536 count=64 2>/dev/null && sync && rm /mnt/seq && sync");
            after = DiskIT.sh(q, "cat /proc/vmstat");
            long writes = vmstat(after, "pagecache_write_requests") - vmstat(before, "pagecache_write_requests");
            long pagesOut = (vmstat(after, "pgpgout") - vmstat(before, "pgpgout")) / 4;
            assertTrue(pagesOut >= 1024 && writes * 8 <= pagesOut, "4 MiB written in " + writes + " requests of " + pagesOut + " pages");
            System.out.println("Ext2DiskIT: 4 MiB written and synced in " + writes + " requests of " + pagesOut + " pages");
            DiskIT.sh(q, "umount /mnt");

            // make bench's disk workload (bench/user/diskbench.c): 4 MiB written, fsynced, read back
            // after a remount and checked, 300 files made, listed, read back and removed; it unmounts.
            String bench = DiskIT.sh(q, "/bin/diskbench /dev/hdb /mnt 4 300 1");
            assertTrue(bench.contains("\ndiskbench: ok: 1 runs, 4 MiB read back as written, 300 files listed and read back each run\n"),
                    bench);
            assertTrue(bench.matches("(?s).*\nbench: disk sequential read \\(4 MiB, 64 KiB reads, caches dropped\\): [0-9.]+ MB/s.*"), bench);
            bench.lines().filter(l -> l.startsWith("bench: ")).forEach(l -> System.out.println("Ext2DiskIT: diskbench: " + l.substring(7)));
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
        Path all = Files.createDirectories(dir.resolve("all"));
        StringBuilder dirs = new StringBuilder("rdump");
        for (int d = 0; d < 20; d++) {
            dirs.append(" /many").append(d);
        }
        Ext2IT.run(dir, Ext2IT.tool("debugfs"), "-R", dirs + " " + all, img.toString());
        Ext2IT.run(dir, Ext2IT.tool("debugfs"), "-R", "dump /large " + all.resolve("large"), img.toString());
        String hostMany = md5Tree(all).replace("  ./", "  ");
        assertEquals(1341, insideMany.lines().count(), insideMany);
        assertEquals(insideMany, hostMany, "the 2,000-file workload and the 6 MiB file read back by debugfs");
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
