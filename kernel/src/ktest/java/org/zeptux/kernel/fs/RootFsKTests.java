package org.zeptux.kernel.fs;

import org.zeptux.kernel.lib.ArrayBytes;
import org.zeptux.kernel.mm.BuddyArena;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.BuildTime;
import org.zeptux.rt.KTest;

/**
 * The cpio reader and the read-only root, over archives made at build time: lookups, links,
 * dot-dot, the loop limit, and each kind of malformed archive refused with its reason, every
 * inode back afterwards.
 */
public final class RootFsKTests {
    private RootFsKTests() {}

    /** A newc entry: header, name, padding, data, padding (build time). */
    @BuildTime
    private static void entry(java.io.ByteArrayOutputStream out, int ino, int mode, String name, byte[] data) {
        String header = String.format("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", ino, mode, 0, 0, 1, 0,
                data.length, 0, 0, 0, 0, name.length() + 1, 0);
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

    /** An archive of {@code spec}: "d NAME", "f NAME TEXT", "l NAME TARGET"; then the trailer (build time). */
    @BuildTime
    private static byte[] archive(String... spec) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int ino = 1;
        for (String s : spec) {
            String[] p = s.split(" ", 3);
            byte[] data = p.length > 2 ? p[2].getBytes(java.nio.charset.StandardCharsets.US_ASCII) : new byte[0];
            int mode = p[0].equals("d") ? 0040755 : p[0].equals("l") ? 0120777 : 0100644;
            entry(out, ino++, mode, p[1], data);
        }
        entry(out, 0, 0, "TRAILER!!!", new byte[0]);
        return out.toByteArray();
    }

    private static final byte[] GOOD = archive("d bin", "f bin/busybox BB", "l bin/sh busybox", "l bin/abs /etc/motd",
            "d etc", "f etc/motd hello", "l loop1 loop2", "l loop2 loop1", "f ./etc/motd replaced");
    private static final ArrayBytes BYTES = new ArrayBytes(GOOD, GOOD.length);

    private static byte[] copy(byte[] from, int length) {
        byte[] to = SCRATCH;
        for (int i = 0; i < length; i++) {
            to[i] = from[i];
        }
        return to;
    }

    private static final byte[] SCRATCH = new byte[1024];

    @KTest
    static void theArchiveMountsAndPathsResolveThroughLinksAndDots() {
        BuddyArena.live();                          // inodes and path buffers come from pools
        long inodes = RootFs.INODES.active();
        Check.isTrue(RootFs.mount(BYTES) == null, "mounted");
        Check.equal(9, RootFs.entries(), "nine entries before the trailer");
        Inode bb = RootFs.lookup("/bin/busybox");
        Check.isTrue(bb != null && bb.isRegular(), "a file");
        if (bb == null) {
            return;
        }
        Check.equal(2, bb.size(), "its size");
        Check.equal('B', RootFs.dataByte(bb, 0), "its data, read in place");
        Check.isTrue(RootFs.lookup("/bin/sh") == bb, "a relative link resolves to its target");
        Inode motd = RootFs.lookup("/etc/motd");
        Check.isTrue(RootFs.lookup("/bin/abs") == motd, "an absolute link");
        Check.equal(8, motd.size(), "a later entry with the same name replaces the earlier: 'replaced'");
        Check.isTrue(RootFs.lookup("/bin/../etc/./motd") == motd, ". and ..");
        Check.isTrue(RootFs.lookup("/../../etc/motd") == motd, ".. of the root is the root");
        Check.isTrue(RootFs.lookup("/loop1") == null, "a loop of links ends (ELOOP)");
        Check.isTrue(RootFs.lookup("/etc/motd/x") == null, "a file is not a directory");
        Check.isTrue(RootFs.lookup("/nope") == null, "missing");
        Check.isTrue(RootFs.lookup("relative") == null, "paths are absolute");
        Check.isTrue(RootFs.lookup("/").isDirectory(), "the root");
        RootFs.unmount();
        Check.equal(inodes, RootFs.INODES.active(), "every inode back");
        Check.equal(0, RootFs.PATHS.active(), "every path buffer back");
    }

    private static final ArrayBytes VIEW = new ArrayBytes(GOOD, 0);

    /** Mounts {@code bytes}[0, {@code length}); null or the refusal. */
    private static String refusal(byte[] bytes, int length) {
        VIEW.set(bytes, length);
        return RootFs.mount(VIEW);
    }

    private static final byte[] NO_PARENT = archive("f bin/sh x");
    private static final byte[] DOT_DOT = archive("d a", "f a/.. x");
    private static final byte[] DIR_DATA = archive("d a");
    private static final byte[] BAD_HEX = archive("f a x");

    @KTest
    static void malformedArchivesAreRefusedWithTheirReasonAndLeaveNothing() {
        BuddyArena.live();
        long inodes = RootFs.INODES.active();
        Check.isTrue(refusal(GOOD, 100) != null, "a truncated header is refused");
        Check.isTrue(refusal(GOOD, GOOD.length - 124) != null, "no trailer: refused");
        Check.isTrue(refusal(NO_PARENT, NO_PARENT.length) != null, "a missing parent directory");
        Check.isTrue(refusal(DOT_DOT, DOT_DOT.length) != null, "a name of ..");
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
        Check.isTrue(!RootFs.mounted(), "nothing mounted after a refusal");
        Check.equal(inodes, RootFs.INODES.active(), "every inode back after every refusal");
    }
}
