package org.zeptux.kernel.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeptux.kernel.KTestJvmTests;
import org.zeptux.rt.host.Machine;

/**
 * ext2 on the JVM, against the host's e2fsprogs: images made by {@code mke2fs -t ext2 -d DIR}
 * (1 KiB and 4 KiB blocks) mounted on a RAM disk through the kernel's own code
 * ({@code Ext2Harness}, in the kernel class loader over the simulated PC) and read back file by
 * file against DIR — sizes, modes, link counts, contents with holes, double and triple indirect
 * blocks, fast and slow links, a directory of many blocks; a write workload (thousands of files
 * made, appended, renamed, truncated and removed, directories made and removed, hard links,
 * links, a file larger than the page cache's limit) unmounted and checked by {@code e2fsck -fn}
 * and read back with {@code debugfs}; refusals of images the driver must not mount.
 */
class Ext2Tests {
    @TempDir
    Path dir;

    /** The harness in a fresh kernel loader over a fresh machine. */
    static final class Kernel implements AutoCloseable {
        final Machine machine = new Machine();
        final KTestJvmTests.KernelLoader loader;
        final Class<?> harness;
        final AutoCloseable installed;

        Kernel() throws Exception {
            loader = new KTestJvmTests.KernelLoader();
            installed = Machine.install(machine);
            harness = loader.loadClass("org.zeptux.kernel.fs.Ext2Harness");
        }

        Object call(String name, Object... args) throws Exception {
            for (Method m : harness.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                    try {
                        return m.invoke(null, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw new AssertionError(name + " failed in the kernel", e.getCause());
                    }
                }
            }
            throw new NoSuchMethodException(name);
        }

        int i(String name, Object... args) throws Exception {
            return (Integer) call(name, args);
        }

        long l(String name, Object... args) throws Exception {
            return (Long) call(name, args);
        }

        @Override
        public void close() throws Exception {
            installed.close();
            loader.close();
        }
    }

    static String tool(String name) {
        for (String d : new String[] {"/usr/sbin/", "/sbin/", "/usr/bin/"}) {
            if (Files.isExecutable(Path.of(d + name))) {
                return d + name;
            }
        }
        return name;
    }

    static String run(Path cwd, int expect, String... command) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).directory(cwd.toFile());
        b.environment().put("E2FSPROGS_FAKE_TIME", "1700000000");
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        if (expect >= 0) {
            assertEquals(expect, p.exitValue(), String.join(" ", command) + ":\n" + out);
        }
        return out;
    }

    /** The source tree: every kind of file and block map the driver reads. */
    static void tree(Path src) throws IOException {
        Files.createDirectories(src.resolve("etc/deep/deeper"));
        Files.writeString(src.resolve("hello.txt"), "hello, ext2\n");
        Files.write(src.resolve("empty"), new byte[0]);
        Random r = new Random(17);
        byte[] medium = new byte[300 * 1024 + 123];          // double indirect with 1 KiB blocks
        r.nextBytes(medium);
        Files.write(src.resolve("etc/medium.bin"), medium);
        byte[] big = new byte[5 * 1024 * 1024 + 7];           // double indirect with 4 KiB blocks
        r.nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        try (var f = new java.io.RandomAccessFile(src.resolve("sparse").toFile(), "rw")) {
            f.seek(70L * 1024 * 1024);                        // triple indirect with 1 KiB blocks
            f.write("the end".getBytes(StandardCharsets.US_ASCII));
            f.seek(5000);
            f.write("early".getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(src.resolve("etc/deep/deeper/leaf"), "leaf\n");
        Files.createSymbolicLink(src.resolve("fast-link"), Path.of("etc/deep/deeper/leaf"));
        Files.createSymbolicLink(src.resolve("slow-link"), Path.of("x".repeat(100) + "/" + "y".repeat(80)));
        Files.createLink(src.resolve("etc/hard"), src.resolve("hello.txt"));
        Path many = Files.createDirectories(src.resolve("many"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(many.resolve("file-with-a-longish-name-" + i), "n" + i);
        }
        Files.setPosixFilePermissions(src.resolve("etc/medium.bin"),
                java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ));
    }

    static byte[] mkfs(Path dir, Path src, int blockSize, String size) throws Exception {
        return mkfs(dir, src, "ext2", blockSize, size);
    }

    static byte[] mkfs(Path dir, Path src, String type, int blockSize, String size) throws Exception {
        Path img = dir.resolve(type + "-" + blockSize + ".img");
        Files.deleteIfExists(img);
        run(dir, 0, tool("mke2fs"), "-q", "-F", "-t", type, "-b", Integer.toString(blockSize), "-U",
                "12345678-1234-1234-1234-123456789abc", "-E", "hash_seed=12345678-1234-1234-1234-123456789abc,root_owner=0:0",
                "-d", src.toString(), img.toString(), size);
        return Files.readAllBytes(img);
    }

    static final int S_IFMT = 0170000;

    /** Every file of {@code src} read through the kernel and compared with the host's view. */
    static int compareTree(Kernel k, Path src) throws Exception {
        long[] st = new long[9];
        byte[] buf = new byte[1 << 16];
        byte[] names = new byte[1 << 20];
        int checked = 0;
        List<Path> all;
        try (Stream<Path> s = Files.walk(src)) {
            all = s.toList();
        }
        for (Path p : all) {
            String rel = src.relativize(p).toString();
            String path = rel.isEmpty() ? "." : rel;
            assertEquals(0, k.i("stat", path, false, st), path);
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,nlink", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            assertEquals(Integer.toOctalString(mode), Long.toOctalString(st[0]), "mode of " + path);
            if (Files.isSymbolicLink(p)) {
                String target = Files.readSymbolicLink(p).toString();
                int n = k.i("readlink", path, buf);
                assertEquals(target, new String(buf, 0, n, StandardCharsets.UTF_8), path);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                int n = k.i("list", path, names);
                assertTrue(n >= 0, path + ": " + n);
                TreeSet<String> got = new TreeSet<>(Arrays.asList(new String(names, 0, n, StandardCharsets.UTF_8).split("\n")));
                TreeSet<String> want = new TreeSet<>(List.of(".", ".."));
                try (Stream<Path> s = Files.list(p)) {
                    s.forEach(c -> want.add(c.getFileName().toString()));
                }
                want.remove("lost+found");
                got.remove("lost+found");
                assertEquals(want, got, "entries of " + path);
                long lostFound = path.equals(".") ? 1 : 0;
                assertEquals(((Integer) a.get("nlink")).longValue() + lostFound, st[2], "links of " + path);
            } else {
                long size = (Long) a.get("size");
                assertEquals(size, st[1], "size of " + path);
                assertEquals(((Integer) a.get("nlink")).longValue(), st[2], "links of " + path);
                try (var f = new java.io.RandomAccessFile(p.toFile(), "r")) {
                    byte[] want = new byte[buf.length];
                    for (long off = 0; off < size; off += buf.length) {
                        if (size > 8 << 20 && off > 16384 && off < size - 16384) {
                            off = size - 16384;               // the sparse file: its two ends
                        }
                        int n = (int) Math.min(buf.length, size - off);
                        assertEquals(n, k.l("read", path, off, buf, n), path + " at " + off);
                        f.seek(off);
                        f.readFully(want, 0, n);
                        assertArrayEquals(Arrays.copyOf(want, n), Arrays.copyOf(buf, n), path + " at " + off);
                    }
                }
            }
            checked++;
        }
        return checked;
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 4096})
    void readsWhatMke2fsWrote(int blockSize) throws Exception {
        Path src = dir.resolve("src");
        tree(src);
        byte[] img = mkfs(dir, src, blockSize, "16M");
        try (Kernel k = new Kernel()) {
            assertEquals(0, k.i("load", img, true));
            int n = compareTree(k, src);
            assertTrue(n > 300, "files compared: " + n);
            long[] st = new long[9];
            assertEquals(-2, k.i("stat", "no-such-file", false, st));
            assertEquals(-30, (int) k.l("write", "hello.txt", 0L, new byte[1], 1), "read-only mount: EROFS");
            assertEquals(0, k.i("unmount"));
            assertEquals(0L, k.l("cachePages"), "every page-cache page back after umount");
        }
    }

    /** The write workload, mirrored in {@code model}; returns what e2fsck said. */
    @ParameterizedTest
    @ValueSource(ints = {1024, 4096})
    void writesWhatE2fsckCallsClean(int blockSize) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("old.txt"), "old\n");
        byte[] img = mkfs(dir, src, blockSize, "32M");
        TreeMap<String, byte[]> model = new TreeMap<>();
        Random r = new Random(blockSize);
        try (Kernel k = new Kernel()) {
            assertEquals(0, k.i("load", img, false));
            k.call("cacheLimit", 256L);                        // 1 MiB of page cache: reclaim works throughout
            for (int d = 0; d < 20; d++) {
                assertEquals(0, k.i("mkdir", "d" + d));
            }
            for (int i = 0; i < 2000; i++) {
                String name = "d" + (i % 20) + "/f" + i;
                byte[] data = new byte[r.nextInt(3000)];
                r.nextBytes(data);
                assertEquals(data.length, (int) k.l("write", name, 0L, data, data.length), name);
                model.put(name, data);
            }
            for (int i = 0; i < 2000; i += 3) {                // appended
                String name = "d" + (i % 20) + "/f" + i;
                byte[] more = new byte[r.nextInt(9000)];
                r.nextBytes(more);
                byte[] old = model.get(name);
                assertEquals(more.length, (int) k.l("write", name, (long) old.length, more, more.length), name);
                byte[] all = Arrays.copyOf(old, old.length + more.length);
                System.arraycopy(more, 0, all, old.length, more.length);
                model.put(name, all);
            }
            for (int i = 1; i < 2000; i += 5) {                // removed
                String name = "d" + (i % 20) + "/f" + i;
                assertEquals(0, k.i("unlink", name), name);
                model.remove(name);
            }
            for (int i = 2; i < 2000; i += 7) {                // renamed across directories
                String name = "d" + (i % 20) + "/f" + i;
                if (!model.containsKey(name)) {
                    continue;
                }
                String to = "d" + ((i + 1) % 20) + "/moved" + i;
                assertEquals(0, k.i("rename", name, to), name);
                model.put(to, model.remove(name));
            }
            for (int i = 4; i < 2000; i += 11) {               // truncated
                String name = "d" + (i % 20) + "/f" + i;
                if (!model.containsKey(name)) {
                    continue;
                }
                int size = r.nextInt(2000);
                assertEquals(0, k.i("truncate", name, (long) size), name);
                model.put(name, Arrays.copyOf(model.get(name), size));
            }
            // rename over an existing file
            assertTrue(model.containsKey("d2/f22"));
            assertEquals(0, k.i("rename", "d0/f0", "d2/f22"));
            model.put("d2/f22", model.remove("d0/f0"));
            // directories built and torn down, a directory moved with ".." fixed
            assertEquals(0, k.i("mkdir", "tree"));
            assertEquals(0, k.i("mkdir", "tree/a"));
            assertEquals(0, k.i("mkdir", "tree/a/b"));
            assertEquals(-39, k.i("rmdir", "tree/a"), "ENOTEMPTY");
            assertEquals(0, k.i("rename", "tree/a/b", "d5/b"));
            assertEquals(0, k.i("rmdir", "tree/a"));
            assertEquals(0, k.i("rmdir", "tree"));
            assertEquals(0, k.i("mkdir", "d5/b/c"));
            // links
            assertEquals(0, k.i("link", "d3/f3", "hard-to-f3"));
            model.put("hard-to-f3", model.get("d3/f3"));
            byte[] fast = "d3/f3".getBytes(StandardCharsets.US_ASCII);
            assertEquals(0, k.i("symlink", fast, fast.length, "fast"));
            byte[] slow = ("/" + "long".repeat(40)).getBytes(StandardCharsets.US_ASCII);
            assertEquals(0, k.i("symlink", slow, slow.length, "slow"));
            // a sparse file with a triple-indirect (1 KiB) block, and one larger than the page cache
            byte[] tail = "tail".getBytes(StandardCharsets.US_ASCII);
            assertEquals(4, (int) k.l("write", "sparse", 70L << 20, tail, 4));
            // a file over 4 GiB (i_size_high), sparse: one block at 5 GiB
            assertEquals(4, (int) k.l("write", "huge", 5L << 30, tail, 4));
            long[] hs = new long[9];
            assertEquals(0, k.i("stat", "huge", false, hs));
            assertEquals((5L << 30) + 4, hs[1], "size over 4 GiB");
            byte[] hb = new byte[8];
            assertEquals(8, (int) k.l("read", "huge", (5L << 30) - 4, hb, 8));
            assertArrayEquals(new byte[] {0, 0, 0, 0, 't', 'a', 'i', 'l'}, hb);
            byte[] big = new byte[3 << 20];
            r.nextBytes(big);
            byte[] chunk = new byte[65536];
            for (int off = 0; off < big.length; off += chunk.length) {
                System.arraycopy(big, off, chunk, 0, chunk.length);
                assertEquals(chunk.length, (int) k.l("write", "big", (long) off, chunk, chunk.length));
            }
            model.put("big", big);
            assertTrue(k.l("cachePages") <= 256, "the page cache kept to its limit: " + k.l("cachePages"));
            // read back in the kernel before unmounting
            byte[] back = new byte[16384];
            for (var e : model.entrySet()) {
                if (e.getValue().length <= back.length) {
                    int n = (int) k.l("read", e.getKey(), 0L, back, back.length);
                    assertArrayEquals(e.getValue(), Arrays.copyOf(back, n), e.getKey());
                }
            }
            assertEquals(0, k.i("unmount"));
            assertEquals(0L, k.l("cachePages"));
            k.call("image", img);
        }
        Path out = dir.resolve("written.img");
        Files.write(out, img);
        String fsck = run(dir, 0, tool("e2fsck"), "-fn", out.toString());
        assertTrue(fsck.contains("files"), fsck);
        // debugfs reads back what was written
        int checked = 0;
        for (var e : model.entrySet()) {
            if (checked++ % 37 != 0 && !e.getKey().equals("big")) {
                continue;
            }
            Path dump = dir.resolve("dump");
            Files.deleteIfExists(dump);
            run(dir, 0, tool("debugfs"), "-R", "dump /" + e.getKey() + " " + dump, out.toString());
            assertArrayEquals(e.getValue(), Files.readAllBytes(dump), e.getKey());
        }
        String huge = run(dir, 0, tool("debugfs"), "-R", "stat /huge", out.toString());
        assertTrue(huge.contains("Size: " + ((5L << 30) + 4)), huge);
        String links = run(dir, 0, tool("debugfs"), "-R", "stat /slow", out.toString());
        assertTrue(links.contains("Type: symlink"), links);
        String ls = run(dir, 0, tool("debugfs"), "-R", "ls -l /d5/b", out.toString());
        assertTrue(ls.contains(" c"), ls);
        String sb = run(dir, 0, tool("dumpe2fs"), "-h", out.toString());
        assertTrue(sb.contains("Filesystem state:         clean"), sb);
        assertTrue(sb.contains("Mount count:              1"), sb);
    }

    /**
     * A block freed while its page is still cached and then given to another file reads as zeros
     * where the new file has not written (the new block's page is zeroed, cached or not).
     */
    @ParameterizedTest
    @ValueSource(ints = {1024, 4096})
    void aReusedBlockReadsAsZeros(int blockSize) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        byte[] img = mkfs(dir, src, blockSize, "2M");
        try (Kernel k = new Kernel()) {
            assertEquals(0, k.i("load", img, false));
            k.call("cacheLimit", 4096L);                       // nothing reclaimed: the old pages stay cached
            byte[] old = new byte[1200 * 1024];
            Arrays.fill(old, (byte) 0x55);
            assertEquals(old.length, (int) k.l("write", "old", 0L, old, old.length));
            assertEquals(0, k.i("unlink", "old"));
            byte[] one = {7};
            byte[] back = new byte[blockSize];
            int blocks = 1400 * 1024 / blockSize;              // past the blocks never used: the allocator wraps to old's
            for (int b = 0; b < blocks; b++) {
                long last = (long) b * blockSize + blockSize - 1;
                assertEquals(1, (int) k.l("write", "new", last, one, 1), "block " + b);
                assertEquals(blockSize, (int) k.l("read", "new", (long) b * blockSize, back, blockSize));
                byte[] want = new byte[blockSize];
                want[blockSize - 1] = 7;
                assertArrayEquals(want, back, "block " + b);
            }
            assertEquals(0, k.i("unmount"));
        }
    }

    /**
     * The block-map cache (a run of an indirect block remembered by the inode) never outlives the
     * blocks it names: a file read through its indirect blocks, truncated, its freed blocks given
     * to another file and then grown again reads what was written last, block by block, both
     * files; and a file whose blocks are not contiguous reads right across the gaps.
     */
    @ParameterizedTest
    @ValueSource(ints = {1024, 4096})
    void theBlockMapCacheNeverGoesStale(int blockSize) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        byte[] img = mkfs(dir, src, blockSize, "4M");
        try (Kernel k = new Kernel()) {
            assertEquals(0, k.i("load", img, false));
            int blocks = 300;                                   // past the direct blocks and the first indirect block's reach at 1 KiB
            byte[] first = pattern(blocks * blockSize, 1);
            assertEquals(first.length, (int) k.l("write", "a", 0L, first, first.length));
            assertEquals(0, k.i("hold", "a"));                  // its inode stays, as an open file's does
            byte[] back = new byte[first.length];
            assertEquals(first.length, (int) k.l("read", "a", 0L, back, back.length));
            assertArrayEquals(first, back, "read through the indirect blocks");
            assertEquals(0, k.i("truncate", "a", (long) 20 * blockSize));
            byte[] other = pattern(200 * blockSize, 2);         // takes the blocks a gave back
            assertEquals(other.length, (int) k.l("write", "b", 0L, other, other.length));
            byte[] again = pattern(blocks * blockSize, 3);
            for (int b = 20; b < blocks; b++) {                 // a grows again, a block at a time, between b's blocks
                assertEquals(blockSize, (int) k.l("write", "a", (long) b * blockSize, java.util.Arrays.copyOfRange(again,
                        b * blockSize, (b + 1) * blockSize), blockSize));
                assertEquals(blockSize, (int) k.l("write", "b", 200L * blockSize + (long) (b - 20) * blockSize,
                        java.util.Arrays.copyOfRange(other, 0, blockSize), blockSize));
            }
            System.arraycopy(first, 0, again, 0, 20 * blockSize);
            assertEquals(again.length, (int) k.l("read", "a", 0L, back, back.length));
            assertArrayEquals(again, back, "a after truncate and regrowth");
            byte[] backB = new byte[200 * blockSize];
            assertEquals(backB.length, (int) k.l("read", "b", 0L, backB, backB.length));
            assertArrayEquals(other, backB, "b on a's old blocks");
            for (int b = blocks - 1; b >= 0; b -= 7) {          // backwards, block by block: each from the map, none stale
                byte[] one = new byte[blockSize];
                assertEquals(blockSize, (int) k.l("read", "a", (long) b * blockSize, one, blockSize));
                assertArrayEquals(java.util.Arrays.copyOfRange(again, b * blockSize, (b + 1) * blockSize), one, "block " + b);
            }
            k.call("release");
            assertEquals(0, k.i("unmount"));
        }
    }

    /** Bytes that differ with their offset and with {@code seed}. */
    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 10) * 7 + seed * 101);
        }
        return b;
    }

    /** The names of directory {@code path} in the kernel's listing, "." and ".." left out, sorted. */
    static List<String> names(Kernel k, String path) throws Exception {
        byte[] buf = new byte[1 << 20];
        int n = k.i("list", path, buf);
        assertTrue(n >= 0, "list " + path + ": " + n);
        List<String> out = new ArrayList<>();
        for (String name : new String(buf, 0, n, StandardCharsets.ISO_8859_1).split("\n")) {
            if (!name.isEmpty() && !name.equals(".") && !name.equals("..")) {
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * A directory of many blocks changed every way a name can change, against a model: what ext2
     * remembers of a directory (its name filter, where the next entry goes, the blocks emptied, its
     * inode kept in memory) must never hide a name, let one be made twice or damage a block when it
     * goes stale — names removed (the last one added among them), renamed out, in and over, made
     * again, hard-linked. The filter must answer most of the creates' lookups alone, and a removed
     * directory's inode must not be kept.
     */
    @ParameterizedTest
    @ValueSource(ints = {1024, 4096})
    void directoryHintsNeverGoStale(int blockSize) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        byte[] img = mkfs(dir, src, blockSize, "16M");
        TreeMap<String, byte[]> model = new TreeMap<>();
        try (Kernel k = new Kernel()) {
            assertEquals(0, k.i("load", img, false));
            long inodes0 = k.l("inodes");
            assertEquals(0, k.i("mkdir", "d"));
            assertEquals(0, k.i("mkdir", "e"));
            long answered0 = k.l("dirFilterMisses");
            for (int i = 0; i < 1500; i++) {
                String name = String.format("f%05d", i);
                assertEquals(0, k.i("createExclusive", "d/" + name), name);
                model.put(name, new byte[0]);
            }
            long answered = k.l("dirFilterMisses") - answered0;
            assertTrue(answered > 1100, "creates whose lookup the name filter answered: " + answered);
            for (String name : model.keySet()) {
                assertEquals(-17, k.i("createExclusive", "d/" + name), "EEXIST for " + name);
            }
            assertEquals(0, k.i("unlink", "d/f01499"));           // the entry the next add would split
            model.remove("f01499");
            for (int i = 0; i < 1499; i += 3) {
                String name = String.format("f%05d", i);
                assertEquals(0, k.i("unlink", "d/" + name), name);
                model.remove(name);
            }
            assertEquals(0, k.i("createExclusive", "d/tail"));    // after the removals: where does it go?
            model.put("tail", new byte[0]);
            assertEquals(0, k.i("rename", "d/tail", "e/moved"));  // the last entry added, renamed out
            model.remove("tail");
            assertEquals(0, k.i("rename", "e/moved", "d/back"));
            model.put("back", new byte[0]);
            byte[] five = {1, 2, 3, 4, 5};
            assertEquals(5, (int) k.l("write", "e/x", 0L, five, 5));
            assertEquals(0, k.i("rename", "e/x", "d/f00001"));    // over a name
            model.put("f00001", five);
            for (int i = 0; i < 1500; i += 3) {                   // removed names made again: their bits are still set
                String name = String.format("f%05d", i);
                assertEquals(0, k.i("createExclusive", "d/" + name), name);
                model.put(name, new byte[0]);
            }
            for (int i = 1500; i < 1700; i++) {
                String name = String.format("f%05d", i);
                assertEquals(0, k.i("createExclusive", "d/" + name), name);
                model.put(name, new byte[0]);
            }
            // block 0 emptied but for "." and ".." (lookups then start at block 1), then given a name again
            assertEquals(0, k.i("createExclusive", "e/a1"));
            assertEquals(0, k.i("unlink", "e/a1"));
            assertEquals(-2, k.i("stat", "e/zz", false, new long[9]));
            assertEquals(0, k.i("createExclusive", "e/b1"));
            assertEquals(-17, k.i("createExclusive", "e/b1"));
            assertEquals(0, k.i("stat", "e/b1", false, new long[9]));
            assertEquals(List.of("b1"), names(k, "e"));
            assertEquals(0, k.i("link", "d/f00002", "d/hard"));
            model.put("hard", new byte[0]);
            assertEquals(new ArrayList<>(model.keySet()), names(k, "d"));
            long[] st = new long[9];
            for (var e : model.entrySet()) {
                assertEquals(0, k.i("stat", "d/" + e.getKey(), false, st), e.getKey());
                assertEquals(e.getValue().length, st[1], e.getKey());
                assertEquals(-17, k.i("createExclusive", "d/" + e.getKey()), e.getKey());
            }
            assertEquals(-2, k.i("stat", "d/f01499", false, st));
            byte[] got = new byte[5];
            assertEquals(5, (int) k.l("read", "d/f00001", 0L, got, 5));
            assertArrayEquals(five, got);
            assertTrue(k.l("dirFilterFalse") >= 1, "the removed names' bits answered \"maybe\"");
            // Kept directories: at most Ext2.KEPT of them held; a removed one is let go at once.
            for (int i = 0; i < 40; i++) {
                assertEquals(0, k.i("mkdir", "m" + i));
                assertEquals(0, k.i("stat", "m" + i, false, st));
            }
            assertTrue(k.l("inodes") - inodes0 <= Ext2.KEPT, "inodes held: " + (k.l("inodes") - inodes0));
            for (int i = 0; i < 40; i++) {
                assertEquals(0, k.i("rmdir", "m" + i));
            }
            assertTrue(k.l("inodes") - inodes0 <= 2, "inodes held after rmdir: " + (k.l("inodes") - inodes0));
            assertEquals(0, k.i("unmount"));
            assertEquals(0L, k.l("cachePages"));
            k.call("image", img);
        }
        Path out = dir.resolve("hints.img");
        Files.write(out, img);
        run(dir, 0, tool("e2fsck"), "-fn", out.toString());
        String ls = run(dir, 0, tool("debugfs"), "-R", "ls /d", out.toString());
        for (String name : model.keySet()) {
            assertTrue(ls.contains(" " + name + " ") || ls.contains(" " + name + "\n") || ls.endsWith(" " + name), name);
        }
    }

    @Test
    void ext3IsReadOnlyAndExt4Refused() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("a"), "journalled\n");
        byte[] ext3 = mkfs(dir, src, "ext3", 1024, "8M");
        byte[] ext4 = mkfs(dir, src, "ext4", 4096, "8M");
        try (Kernel k = new Kernel()) {
            assertEquals(0, k.i("load", ext3, false), "a clean ext3 mounts, read-only");
            byte[] buf = new byte[64];
            assertEquals(11L, k.l("read", "a", 0L, buf, 64));
            assertEquals(-30, (int) k.l("write", "b", 0L, buf, 1), "EROFS");
            assertEquals(0, k.i("unmount"));
            assertEquals(-22, k.i("load", ext4, false), "extents: refused");
            assertEquals(0L, k.l("cachePages"));
        }
    }

    @Test
    void refusesWhatItMustNotMount() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("a"), "a");
        byte[] good = mkfs(dir, src, 1024, "1M");
        try (Kernel k = new Kernel()) {
            byte[] bad = good.clone();
            bad[1024 + 56] = 0;                                  // magic
            assertEquals(-22, k.i("load", bad, false));
            bad = good.clone();
            bad[1024 + 24] = 9;                                  // block size 512 KiB
            assertEquals(-22, k.i("load", bad, false));
            bad = good.clone();
            bad[1024 + 96] |= 0x40;                              // extents (ext4)
            assertEquals(-22, k.i("load", bad, false));
            bad = good.clone();
            bad[1024 + 96] |= 0x04;                              // needs journal recovery
            assertEquals(-22, k.i("load", bad, false));
            bad = good.clone();
            bad[1024 + 4] = (byte) 0xFF;                         // more blocks than the device
            bad[1024 + 5] = (byte) 0xFF;
            assertEquals(-22, k.i("load", bad, false));
            // a read-write mount marks the file system not clean on the disk itself, and counts the mount
            assertEquals(0, k.i("load", good, false));
            k.call("sync");
            byte[] sb = new byte[2048];
            k.call("peek", 0L, sb);
            assertEquals(0, sb[1024 + 58] & 1, "s_state: not clean while mounted read-write");
            assertEquals((good[1024 + 52] & 0xFF) + 1, sb[1024 + 52] & 0xFF, "s_mnt_count");
            assertEquals(0, k.i("unmount"));
            bad = good.clone();
            bad[1024 + 100] |= 0x80;                             // an unknown ro_compat feature: read-only
            assertEquals(0, k.i("load", bad, false));
            assertEquals(-30, (int) k.l("write", "a", 0L, new byte[1], 1));
            assertEquals(0, k.i("unmount"));
            assertEquals(0, k.i("load", good, false));
            assertEquals(0, k.i("unmount"));
            assertEquals(0L, k.l("cachePages"));
        }
    }
}
