package org.zeptux.kernel.fs;

import org.zeptux.kernel.lib.ArrayBytes;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.BuddyArena;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.BuildTime;
import org.zeptux.rt.KTest;

/**
 * The cpio reader and the initramfs unpacker, over archives made at build time: an archive
 * unpacked into a tmpfs (links, dot-dot, a later entry replacing an earlier one, data copied,
 * a device node), and each kind of malformed archive refused with its reason, every inode and
 * page back afterwards.
 */
public final class InitramfsKTests {
    private InitramfsKTests() {}

    /** A newc entry: header, name, padding, data, padding (build time). */
    @BuildTime
    private static void entry(java.io.ByteArrayOutputStream out, int ino, int mode, String name, byte[] data, int major,
            int minor) {
        String header = String.format("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", ino, mode, 0, 0, 1, 0,
                data.length, 0, 0, major, minor, name.length() + 1, 0);
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(h, 0, h.length);
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(n, 0, n.length);
        out.write(0);
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        out.write(data, 0, data.length);
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    /** An archive of {@code spec}: "d NAME", "f NAME TEXT", "l NAME TARGET", "c NAME" (1:3); then the trailer (build time). */
    @BuildTime
    private static byte[] archive(String... spec) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int ino = 1;
        for (String s : spec) {
            String[] p = s.split(" ", 3);
            byte[] data = p.length > 2 ? p[2].getBytes(java.nio.charset.StandardCharsets.US_ASCII) : new byte[0];
            int mode = p[0].equals("d") ? 0040755 : p[0].equals("l") ? 0120777 : p[0].equals("c") ? 0020666 : 0100644;
            entry(out, ino++, mode, p[1], data, p[0].equals("c") ? 1 : 0, p[0].equals("c") ? 3 : 0);
        }
        entry(out, 0, 0, "TRAILER!!!", new byte[0], 0, 0);
        return out.toByteArray();
    }

    private static final byte[] GOOD = archive("d bin", "f bin/busybox BB", "l bin/sh busybox", "l bin/abs /etc/motd",
            "d etc", "f etc/motd hello", "l loop1 loop2", "l loop2 loop1", "f ./etc/motd replaced", "d dev", "c dev/null");
    private static final ArrayBytes BYTES = new ArrayBytes(GOOD, GOOD.length);
    private static final byte[] SCRATCH = new byte[1024];
    private static final byte[] READ = new byte[16];

    private static byte[] copy(byte[] from, int length) {
        byte[] to = SCRATCH;
        for (int i = 0; i < length; i++) {
            to[i] = from[i];
        }
        return to;
    }

    /** The inode at {@code path} of {@code m} (links followed), counted; null when there is none. */
    private static Inode lookup(Mount m, String path) {
        Walk w = Walk.alloc(m.root);
        w.kernel(path);
        Inode n = Vfs.walk(w, m.root, Vfs.FOLLOW) == 0 ? w.take() : null;
        w.free();
        return n;
    }

    @KTest
    static void theArchiveUnpacksIntoATmpfsWithLinksAndDots() {
        BuddyArena.live();
        long inodes = Vfs.inodes();
        long pages = Buddy.used(Owner.TMPFS);
        Mount m = Mounts.mount(TmpFs.ROOTFS, null, "rootfs", 0);
        Check.isTrue(Initramfs.unpackInto(BYTES, m) == null, "unpacked");
        Check.equal(11, Initramfs.entries(), "eleven entries before the trailer");
        Inode bb = lookup(m, "/bin/busybox");
        Check.isTrue(bb != null && bb.isRegular(), "a file");
        if (bb == null) {
            return;
        }
        Check.equal(2, bb.size(), "its size");
        Check.equal(2, Vfs.read(bb, 0, READ, 0, READ.length), "its data, copied into tmpfs pages");
        Check.equal('B', READ[0], "the bytes");
        Inode sh = lookup(m, "/bin/sh");
        Check.isTrue(sh == bb, "a relative link resolves to its target");
        Inode motd = lookup(m, "/etc/motd");
        Inode abs = lookup(m, "/bin/abs");
        Check.isTrue(abs == motd, "an absolute link");
        Check.equal(8, motd.size(), "a later entry with the same name replaces the earlier: 'replaced'");
        Inode dots = lookup(m, "/bin/../etc/./motd");
        Check.isTrue(dots == motd, ". and ..");
        Inode null_ = lookup(m, "/dev/null");
        Check.isTrue(null_ != null && null_.isCharDevice() && null_.rdev() == ((1 << 8) | 3), "a device node, 1:3");
        Check.isTrue(lookup(m, "/loop1") == null, "a loop of links ends (ELOOP)");
        Check.isTrue(lookup(m, "/etc/motd/x") == null, "a file is not a directory");
        Vfs.put(bb);
        Vfs.put(sh);
        Vfs.put(motd);
        Vfs.put(abs);
        Vfs.put(dots);
        Vfs.put(null_);
        Check.equal(0, Mounts.unmount(m), "unmounted");
        Dcache.dropAll();
        Check.equal(inodes, Vfs.inodes(), "every inode back");
        Check.equal(pages, Buddy.used(Owner.TMPFS), "every page back");
        Check.equal(0, Walk.PATHS.active(), "every path buffer back");
    }

    private static final ArrayBytes FUZZED = new ArrayBytes(GOOD, 0);
    private static boolean fuzzing;

    /**
     * One input of the unpacker's fuzz target (kernel/src/test: InitramfsFuzzTests, on the JVM):
     * unpacks {@code bytes} into a fresh instance and unmounts it. Returns null, or the
     * refusal, or a line starting with "LEAK" when an inode, a page, a dentry or a path buffer was
     * not given back.
     */
    public static String fuzzOne(byte[] bytes) {
        if (!fuzzing) {
            BuddyArena.live();                      // once: each input must leave the allocator as it found it
            fuzzing = true;
        }
        long inodes = Vfs.inodes();
        long pages = Buddy.used(Owner.TMPFS);
        long paths = Walk.PATHS.active();
        FUZZED.set(bytes, bytes.length);
        Mount m = Mounts.mount(TmpFs.ROOTFS, null, "rootfs", 0);
        String why = Initramfs.unpackInto(FUZZED, m);
        Mounts.unmount(m);
        Dcache.dropAll();
        if (inodes != Vfs.inodes()) {
            return "LEAK: inodes";
        }
        if (pages != Buddy.used(Owner.TMPFS)) {
            return "LEAK: tmpfs pages";
        }
        if (paths != Walk.PATHS.active() || Dcache.count() != 0) {
            return "LEAK: path buffers or dentries";
        }
        return why;
    }

    private static final ArrayBytes VIEW = new ArrayBytes(GOOD, 0);

    /** Unpacks {@code bytes}[0, {@code length}) into a fresh instance, then unmounts it; null or the refusal. */
    private static String refusal(byte[] bytes, int length) {
        VIEW.set(bytes, length);
        Mount m = Mounts.mount(TmpFs.ROOTFS, null, "rootfs", 0);
        String why = Initramfs.unpackInto(VIEW, m);
        Mounts.unmount(m);
        return why;
    }

    private static final byte[] NO_PARENT = archive("f bin/sh x");
    private static final byte[] DOT_DOT = archive("d a", "f a/.. x");
    private static final byte[] DIR_DATA = archive("d a");
    private static final byte[] BAD_HEX = archive("f a x");
    private static final byte[] NOT_EMPTY = archive("d a", "f a/b x", "f a y");

    @KTest
    static void malformedArchivesAreRefusedWithTheirReasonAndLeaveNothing() {
        BuddyArena.live();
        long inodes = Vfs.inodes();
        long pages = Buddy.used(Owner.TMPFS);
        Check.isTrue(refusal(GOOD, 100) != null, "a truncated header is refused");
        Check.isTrue(refusal(GOOD, GOOD.length - 124) != null, "no trailer: refused");
        Check.isTrue(refusal(NO_PARENT, NO_PARENT.length) != null, "a missing parent directory");
        Check.isTrue(refusal(DOT_DOT, DOT_DOT.length) != null, "a name of ..");
        Check.isTrue(refusal(NOT_EMPTY, NOT_EMPTY.length) != null, "a file replacing a directory with entries");
        byte[] b = copy(BAD_HEX, BAD_HEX.length);
        b[20] = 'g';
        Check.isTrue(refusal(b, BAD_HEX.length) != null, "a field that is not hexadecimal");
        b = copy(BAD_HEX, BAD_HEX.length);
        b[5] = '7';
        Check.isTrue(refusal(b, BAD_HEX.length) != null, "a bad magic");
        b = copy(BAD_HEX, BAD_HEX.length);
        for (int i = 0; i < 8; i++) {
            b[6 + 8 * 6 + i] = 'f';                 // file size 0xffffffff: far past the end
        }
        Check.isTrue(refusal(b, BAD_HEX.length) != null, "data past the end");
        b = copy(BAD_HEX, BAD_HEX.length);
        for (int i = 0; i < 8; i++) {
            b[6 + 8 * 11 + i] = 'f';                // name size 0xffffffff
        }
        Check.isTrue(refusal(b, BAD_HEX.length) != null, "a name size out of range");
        b = copy(DIR_DATA, DIR_DATA.length);
        b[6 + 8 * 6 + 7] = '4';                     // a directory with 4 bytes of data
        Check.isTrue(refusal(b, DIR_DATA.length) != null, "a directory with data");
        Dcache.dropAll();
        Check.equal(inodes, Vfs.inodes(), "every inode back after every refusal");
        Check.equal(pages, Buddy.used(Owner.TMPFS), "every page back");
    }
}
