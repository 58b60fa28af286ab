package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * ext2 under QEMU with busybox: an image made on the host by {@code mke2fs -t ext2 -b 4096 -d}
 * is put in the initramfs as /ram0.img (the kernel copies it onto ram0 at boot), mounted with
 * {@code mount -t ext2 /dev/ram0 /mnt} and read back file by file (the names, every file's MD5,
 * the links' targets, compared with the host's view of the same tree) with the page cache limited
 * to 2 MiB by the command line ({@code pagecache=2048}), so the 6 MiB file is read through reclaim;
 * then files written, renamed and removed, unmounted, mounted again and compared; mount(2)'s
 * errors (ENOTBLK, ENXIO, EBUSY); df and /proc/mounts; /proc/meminfo and /proc/vmstat's figures;
 * sequential read and write rates printed as figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ext2IT {
    static final String PROMPT = "/ # ";

    @TempDir
    static Path dir;

    static Qemu qemu;
    static Path src;

    static String tool(String name) {
        for (String d : new String[] {"/usr/sbin/", "/sbin/", "/usr/bin/"}) {
            if (Files.isExecutable(Path.of(d + name))) {
                return d + name;
            }
        }
        return name;
    }

    /** The tree the image is made of: files of every block map, a sparse one, links, a big directory. */
    static void tree(Path s) throws IOException {
        Files.createDirectories(s.resolve("etc/deep"));
        Files.writeString(s.resolve("hello.txt"), "hello from ext2\n");
        Random r = new Random(5);
        byte[] medium = new byte[300 * 1024 + 5];
        r.nextBytes(medium);
        Files.write(s.resolve("etc/medium.bin"), medium);
        byte[] big = new byte[6 * 1024 * 1024 + 3];
        r.nextBytes(big);
        Files.write(s.resolve("big.bin"), big);
        try (RandomAccessFile f = new RandomAccessFile(s.resolve("sparse").toFile(), "rw")) {
            f.seek(9L * 1024 * 1024);
            f.write("end".getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(s.resolve("etc/deep/leaf"), "leaf\n");
        Files.createSymbolicLink(s.resolve("fast"), Path.of("etc/deep/leaf"));
        Files.createSymbolicLink(s.resolve("slow"), Path.of("z".repeat(90) + "/leaf"));
        Path many = Files.createDirectories(s.resolve("many"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(many.resolve("entry-number-" + i), Integer.toString(i));
        }
    }

    /** The write workload: the same changes to a copy in tmpfs (/tmp/w) and on ext2 (/mnt/w). */
    static final String WRITE_SCRIPT = """
            mkdir -p /tmp/w/sub
            i=0
            while [ $i -lt 300 ]; do echo "file $i $i $i" > /tmp/w/f$i; i=$((i+1)); done
            dd if=/dev/urandom of=/tmp/w/sub/rand bs=4096 count=300 2>/dev/null
            cp -a /tmp/w /mnt/w || exit 1
            for d in /tmp/w /mnt/w; do
                mv $d/f1 $d/sub/moved && mv $d/f5 $d/f6 && rm $d/f2 && ln $d/f3 $d/hard && echo more >> $d/f4 || exit 1
                mkdir $d/gone && rmdir $d/gone && mkdir -p $d/a/b/c && mv $d/a/b $d/moved-dir && rmdir $d/a || exit 1
                i=100
                while [ $i -lt 200 ]; do rm $d/f$i; i=$((i+2)); done
            done
            sync && echo WRITTEN
            """;

    static String run(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(cwd.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + "\n" + out);
        return out;
    }

    /**
     * ram1 .. ram3: a small 1 KiB-block image damaged three ways — directory /d's first entry with
     * rec_len 0, /medium's indirect block pointing outside the file system, the superblock's inodes
     * per group 0 — as /ram1.img .. /ram3.img.
     */
    static void corruptImages(Path tree) throws Exception {
        Path s = Files.createDirectories(dir.resolve("small/d"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(s.resolve("e" + i), "e" + i);
        }
        byte[] medium = new byte[100 * 1024];
        new Random(3).nextBytes(medium);
        Files.write(dir.resolve("small/medium"), medium);
        Path img = dir.resolve("small.img");
        exec(List.of(tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "1024", "-d", dir.resolve("small").toString(),
                img.toString(), "2M"));
        String bmap = run(dir, tool("debugfs"), "-R", "bmap /d 0", img.toString());
        var m = java.util.regex.Pattern.compile("(?m)^(\\d+)\\s*$").matcher(bmap);
        assertTrue(m.find(), bmap);
        long dirBlock = Long.parseLong(m.group(1));
        String stat = run(dir, tool("debugfs"), "-R", "stat /medium", img.toString());
        var ind = java.util.regex.Pattern.compile("\\(IND\\):(\\d+)").matcher(stat);
        assertTrue(ind.find(), stat);
        long indirect = Long.parseLong(ind.group(1));
        byte[] base = Files.readAllBytes(img);
        byte[] a = base.clone();
        a[(int) (dirBlock * 1024 + 4)] = 0;
        a[(int) (dirBlock * 1024 + 5)] = 0;
        Files.write(tree.resolve("ram1.img"), a);
        byte[] b = base.clone();
        b[(int) (indirect * 1024)] = 0;
        b[(int) (indirect * 1024 + 1)] = (byte) 0xFF;
        b[(int) (indirect * 1024 + 2)] = (byte) 0xFF;
        b[(int) (indirect * 1024 + 3)] = (byte) 0xFF;
        Files.write(tree.resolve("ram2.img"), b);
        byte[] c = base.clone();
        for (int k = 0; k < 4; k++) {
            c[1024 + 40 + k] = 0;
        }
        Files.write(tree.resolve("ram3.img"), c);
    }

    static Qemu system() throws Exception {
        if (qemu != null) {
            return qemu;
        }
        Path root = Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
        Path tree = dir.resolve("root");
        copyTree(root.resolve("userland/target/system-root"), tree);
        src = dir.resolve("src");
        tree(src);
        exec(List.of(tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "4096", "-d", src.toString(),
                tree.resolve("ram0.img").toString(), "24M"));
        corruptImages(tree);
        Files.writeString(tree.resolve("write.sh"), WRITE_SCRIPT);
        Files.writeString(tree.resolve("small.sh"), """
                mkdir /mnt/small || exit 1
                time sh -c 'i=0; while [ $i -lt 500 ]; do : > /mnt/small/f$i; i=$((i+1)); done'
                ls /mnt/small | wc -l
                time rm -r /mnt/small && echo REMOVED
                """);
        Path image = dir.resolve("system.img");
        exec(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root.resolve("compiler/target/zeptuxc.jar").toString(), "image", "--boot", root.resolve("boot").toString(),
                "--linker-script", root.resolve("linker.ld").toString(), "--initramfs", tree.toString(),
                "--cmdline", "init=/sbin/init pagecache=2048", "-o", image.toString(),
                root.resolve("kernel/target/kernel.o").toString()));
        qemu = Qemu.bootWithBreak(image, "256M");
        qemu.expect(PROMPT, Duration.ofSeconds(90));
        return qemu;
    }

    @AfterAll
    static void stop() throws Exception {
        if (qemu != null) {
            qemu.close();
        }
    }

    /** Runs {@code command} at the shell: what it printed up to the next prompt (CR LF as LF, escapes removed). */
    static String sh(String command) throws Exception {
        Qemu q = system();
        int mark = q.mark();
        q.send(command);
        q.expectAfter(mark, "\n" + PROMPT, Duration.ofSeconds(300));
        String out = q.raw(mark).replace("\r\n", "\n");
        out = out.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        int end = out.lastIndexOf("\n" + PROMPT);
        int nl = out.indexOf('\n');
        return nl < 0 || nl >= end ? "" : out.substring(nl + 1, end + 1);
    }

    static String md5(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p)));
    }

    @Test
    @Order(1)
    void mountsAndReadsWhatMke2fsWrote() throws Exception {
        String boot = system().output();
        assertTrue(boot.contains("ram0: 24576 KiB from /ram0.img\n"), boot);
        assertTrue(boot.contains("page cache: limit 2048 KiB\n"), boot);
        String m = sh("mknod /dev/ram0 b 1 0 && mkdir -p /mnt && mount -t ext2 /dev/ram0 /mnt && rm /ram0.img && echo MOUNTED");
        assertTrue(m.contains("MOUNTED\n"), m);
        assertTrue(m.contains("ext2: ram0: 4096-byte blocks, 6144 blocks"), m);
        assertTrue(sh("grep ext2 /proc/mounts").contains("/dev/ram0 /mnt ext2 rw"), sh("cat /proc/mounts"));
        // every name
        List<String> want = new ArrayList<>();
        try (Stream<Path> s = Files.walk(src)) {
            s.forEach(p -> want.add(src.relativize(p).toString().isEmpty() ? "." : "./" + src.relativize(p)));
        }
        want.add("./lost+found");
        want.sort(null);
        String names = sh("cd /mnt && find . | sort; cd /");
        assertEquals(String.join("\n", want) + "\n", names);
        // every file's MD5
        StringBuilder sums = new StringBuilder();
        List<String> files = new ArrayList<>();
        for (String n : want) {
            Path p = src.resolve(n.substring(n.equals(".") ? 1 : 2));
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                files.add(n);
                sums.append(md5(p)).append("  ").append(n).append('\n');
            }
        }
        String got = sh("cd /mnt && find . -type f | sort | xargs md5sum; cd /");
        assertEquals(sums.toString(), got);
        assertEquals("etc/deep/leaf\n", sh("readlink /mnt/fast"));
        assertEquals("z".repeat(90) + "/leaf\n", sh("readlink /mnt/slow"));
        assertEquals("leaf\n", sh("cat /mnt/fast"));
        String vm = sh("cat /proc/vmstat");
        assertTrue(vm.matches("(?s).*\npgsteal_direct [1-9]\\d*\n.*"), "reading 6 MiB through a 2 MiB cache reclaims\n" + vm);
        String mi = sh("grep -E '^(Cached|Active\\(file\\)|Inactive\\(file\\)|Dirty|Writeback):' /proc/meminfo");
        assertTrue(mi.contains("Inactive(file):"), mi);
        String df = sh("df /mnt");
        assertTrue(df.contains("/dev/ram0"), df);
    }

    @Test
    @Order(2)
    void mountsErrorsAsLinux() throws Exception {
        system();
        String busy = sh("mkdir -p /mnt2; mount -t ext2 /dev/ram0 /mnt2; echo status $?");
        assertTrue(busy.contains("Device or resource busy") && !busy.contains("status 0"), busy);
        String notBlock = sh("mount -t ext2 /dev/null /mnt2; echo status $?");
        assertTrue(notBlock.contains("Block device required"), notBlock);
        String noDevice = sh("mknod /dev/nodisk b 9 9; mount -t ext2 /dev/nodisk /mnt2; echo status $?");
        assertTrue(noDevice.contains("No such device or address"), noDevice);
    }

    @Test
    @Order(3)
    void writesSurviveUmountAndMount() throws Exception {
        system();
        String w = sh("sh /write.sh");
        assertTrue(w.contains("WRITTEN\n"), w);
        String again = sh("umount /mnt && mount -t ext2 /dev/ram0 /mnt && diff -r /tmp/w /mnt/w && echo SAME");
        assertTrue(again.contains("SAME\n"), again);
        assertEquals("2\n", sh("stat -c %h /mnt/w/hard"));
    }

    @Test
    @Order(4)
    void theWritebackThreadWritesOldDirtyPages() throws Exception {
        system();
        String before = sh("echo dirty > /mnt/dirty && grep -E '^nr_dirty ' /proc/vmstat");
        assertTrue(before.matches("nr_dirty [1-9]\\d*\n"), before);
        String after = sh("sleep 37; grep -E '^nr_dirty ' /proc/vmstat");
        assertEquals("nr_dirty 0\n", after, "dirty for 30 s: written by the flush thread within 5 s more");
    }

    @Test
    @Order(5)
    void figures() throws Exception {
        system();
        String write = sh("time dd if=/dev/zero of=/mnt/zero bs=65536 count=64 2>&1 && time sync 2>&1 && echo WROTE");
        assertTrue(write.contains("WROTE\n") && write.contains("64+0 records out"), write);
        String read = sh("umount /mnt && mount -t ext2 /dev/ram0 /mnt && time dd if=/mnt/big.bin of=/dev/null bs=65536 2>&1");
        assertTrue(read.contains("96+1 records out"), read);
        String small = sh("sh /small.sh 2>&1");
        assertTrue(small.contains("500\n") && small.contains("REMOVED\n"), small);
        System.out.printf("Ext2IT figures (TCG, ram0, 4 KiB blocks, page cache 2 MiB):%n"
                + "write 4 MiB + sync:%n%s%nread 6 MiB after a fresh mount:%n%s%n500 files made, then removed:%n%s%n", write, read,
                small);
        String vm = sh("grep -E 'pgscan|pgsteal|allocstall|pgpg' /proc/vmstat");
        System.out.printf("Ext2IT /proc/vmstat:%n%s%n", vm);
        assertTrue(sh("umount /mnt && echo UNMOUNTED").contains("UNMOUNTED"));
    }

    @Test
    @Order(6)
    void damagedImagesAreErrorsNotPanics() throws Exception {
        system();
        assertTrue(sh("for n in 1 2 3; do mknod /dev/ram$n b 1 $n; mkdir -p /m$n; done; echo MADE").contains("MADE"));
        String dirs = sh("mount -t ext2 /dev/ram1 /m1 && ls /m1/d; cat /m1/d/e1; echo status $?");
        assertTrue(dirs.contains("ext2: ram1: inode ") && dirs.contains("bad directory entry"), dirs);
        assertTrue(dirs.contains("Input/output error") && !dirs.contains("status 0"), dirs);
        String file = sh("mount -t ext2 /dev/ram2 /m2 && cat /m2/medium > /dev/null; echo status $?");
        assertTrue(file.contains("block number outside the file system") && file.contains("Input/output error"), file);
        assertTrue(!file.contains("status 0"), file);
        String refused = sh("mount -t ext2 /dev/ram3 /m3; echo status $?");
        assertTrue(refused.contains("ext2: ram3: bad inodes per group (0); not mounted"), refused);
        assertTrue(refused.contains("Invalid argument"), refused);
        assertEquals("alive\n", sh("umount /m1 && umount /m2 && echo alive"));
    }

    @Test
    @Order(7)
    void memBalancesAfterUmount() throws Exception {
        Qemu q = system();
        q.sysrq('x', "zeptux> ", Duration.ofSeconds(30));
        String mem = q.command("mem");
        assertTrue(mem.contains("\nbalanced: usable"), mem);
        assertTrue(mem.matches("(?s).*\n  page cache +0 .*"), "every page-cache page back after umount\n" + mem);
        assertTrue(mem.matches("(?s).*\npage cache: 0 pages \\(active 0, inactive 0\\), dirty 0, writeback 0\n.*"), mem);
        assertTrue(mem.matches("(?s).*\nreclaim: pgscan [1-9]\\d*, pgsteal [1-9]\\d*, .*"), mem);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + ": timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }
}
