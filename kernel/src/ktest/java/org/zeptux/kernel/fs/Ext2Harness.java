package org.zeptux.kernel.fs;

import org.zeptux.kernel.block.RamDisk;
import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.BuddyArena;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.rt.PhysAddr;

/**
 * The kernel side of the ext2 tests on the JVM (kernel/src/test: Ext2Tests, Ext2FuzzTests): an
 * image put on a RAM disk of the tests' own, mounted (nowhere), walked, read and written through
 * the VFS, unmounted, and the disk's bytes handed back for e2fsck. One call at a time, from the
 * host test, over the simulated PC. Paths are relative to the volume's root.
 */
public final class Ext2Harness {
    private Ext2Harness() {}

    /** 64 MiB at most; charged to the owner test. */
    static final RamDisk DISK = new RamDisk("ktestram", (254 << 8) | 0, 16384, Owner.TEST);
    private static Mount mount;
    private static boolean live;
    private static final DirEntry[] ENTRY = new DirEntry[1];

    /** Puts {@code image} on the disk (its size), then mounts it (read-only when {@code readOnly}): 0 or -errno. */
    public static int load(byte[] image, boolean readOnly) {
        if (!live) {
            BuddyArena.live();
            live = true;
        }
        Dcache.dropAll();
        DISK.discard();
        DISK.resize(image.length);
        PhysAddr page = Buddy.alloc(0, Owner.TEST);
        for (long pos = 0; pos < (image.length & ~511L); pos += FilePages.PAGE) {
            int n = (int) Math.min(FilePages.PAGE, (image.length & ~511L) - pos);
            boolean zero = true;
            for (int i = 0; i < n && zero; i++) {
                zero = image[(int) pos + i] == 0;
            }
            if (!zero) {
                FilePages.write(page, 0, 0, image, (int) pos, n);
                DISK.transfer(true, pos / 512, page, 0, n);
            }
        }
        Buddy.free(page, 0, Owner.TEST);
        mount = Mounts.mount(Ext2.EXT2, null, "ktestram", readOnly ? Mounts.MS_RDONLY : 0, DISK);
        return mount == null ? -Vfs.failure : 0;
    }

    /** Unmounts: 0 or -errno. */
    public static int unmount() {
        if (mount == null) {
            return -22;
        }
        Dcache.dropAll();
        int e = Mounts.unmount(mount);
        mount = null;
        return e;
    }

    /** Copies the disk's bytes into {@code dst} (its length), the disk then discarded. */
    public static void image(byte[] dst) {
        PhysAddr page = Buddy.alloc(0, Owner.TEST);
        for (long pos = 0; pos < dst.length; pos += FilePages.PAGE) {
            int n = (int) Math.min(FilePages.PAGE, dst.length - pos);
            DISK.transfer(false, pos / 512, page, 0, n);
            FilePages.read(page, 0, 0, dst, (int) pos, n);
        }
        Buddy.free(page, 0, Owner.TEST);
        DISK.discard();
    }

    /** Copies {@code dst.length} (at most a page) bytes of the disk itself from byte {@code offset} (a multiple of 512), past the cache. */
    public static void peek(long offset, byte[] dst) {
        PhysAddr page = Buddy.alloc(0, Owner.TEST);
        DISK.transfer(false, offset / 512, page, 0, FilePages.PAGE);
        FilePages.read(page, 0, 0, dst, 0, dst.length);
        Buddy.free(page, 0, Owner.TEST);
    }

    /** Pages held: the page cache's, the disk's, the inodes in memory (for leak checks). */
    public static long cachePages() {
        return Buddy.used(Owner.PAGE_CACHE);
    }

    public static long inodes() {
        return Vfs.inodes();
    }

    /** Lookups that ext2 directories' name filters answered alone (Ext2Dir), and their wrong "maybe"s. */
    public static long dirFilterMisses() {
        return Ext2Dir.filterMisses();
    }

    public static long dirFilterFalse() {
        return Ext2Dir.filterFalse();
    }

    /** open(2) with O_CREAT | O_EXCL | O_WRONLY, then closed: 0, or -errno (EEXIST when the name is there). */
    public static int createExclusive(String path) {
        Walk w = walk(path);
        int e = Vfs.open(w, mount.root, Vfs.O_WRONLY | Vfs.O_CREAT | Vfs.O_EXCL, 0644);
        w.free();
        return e < 0 ? e : 0;
    }

    public static void sync() {
        Ext2.syncAll();
    }

    /** Sets the page cache's limit in pages (-1: none). */
    public static void cacheLimit(long pages) {
        Buddy.setLimit(Owner.PAGE_CACHE, pages);
    }

    private static Walk walk(String path) {
        Walk w = Walk.alloc(mount.root);
        w.kernel(path);
        return w;
    }

    /** lstat (or stat when {@code follow}): out = mode, size, nlink, ino, uid, gid, mtime (s), blocks, rdev. 0 or -errno. */
    public static int stat(String path, boolean follow, long[] out) {
        Walk w = walk(path);
        int e = Vfs.walk(w, mount.root, follow ? Vfs.FOLLOW : 0);
        if (e == 0) {
            Inode n = w.inode();
            out[0] = n.mode;
            out[1] = n.size;
            out[2] = n.nlink;
            out[3] = n.ino;
            out[4] = n.uid;
            out[5] = n.gid;
            out[6] = n.mtime / 1_000_000_000L;
            out[7] = n.blocks();
            out[8] = n.rdev;
        }
        w.free();
        return e;
    }

    /** Reads at most {@code n} bytes at {@code offset} into {@code dst}: how many, or -errno. */
    public static long read(String path, long offset, byte[] dst, int n) {
        Walk w = walk(path);
        long e = Vfs.walk(w, mount.root, Vfs.FOLLOW);
        if (e == 0) {
            e = Vfs.read(w.inode(), offset, dst, 0, n);
        }
        w.free();
        return e;
    }

    /** The link's target into {@code dst}: its length or -errno. */
    public static int readlink(String path, byte[] dst) {
        Walk w = walk(path);
        int e = Vfs.walk(w, mount.root, 0);
        if (e == 0) {
            e = Vfs.readlink(w.inode(), dst, 0, dst.length);
        }
        w.free();
        return e;
    }

    /** The names in directory {@code path} ("." and ".." included), each ended by '\n', into {@code dst}: bytes, or -errno. */
    public static int list(String path, byte[] dst) {
        Walk w = walk(path);
        int e = Vfs.walk(w, mount.root, Vfs.FOLLOW | Vfs.DIRECTORY);
        if (e < 0) {
            w.free();
            return e;
        }
        DirEntry d = DirEntry.alloc();
        int at = 0;
        long pos = 0;
        int count = 0;
        while (count < 100000) {
            long next = Vfs.readdir(w.inode(), pos, d, mount.root);
            if (next < 0) {
                at = (int) next;
                break;
            }
            if (next == 0) {
                break;
            }
            if (at + d.length + 1 > dst.length) {
                at = -34;
                break;
            }
            System.arraycopy(d.name, 0, dst, at, d.length);
            at += d.length;
            dst[at++] = '\n';
            pos = next;
            count++;
        }
        d.free();
        w.free();
        return at;
    }

    /** Writes {@code src[0..n)} at {@code offset} (made if missing; {@code offset} -1: truncated first, at 0): bytes or -errno. */
    public static long write(String path, long offset, byte[] src, int n) {
        Walk w = walk(path);
        long e = Vfs.open(w, mount.root, Vfs.O_RDWR | Vfs.O_CREAT | (offset < 0 ? Vfs.O_TRUNC : 0), 0644);
        if (e >= 0) {
            e = Vfs.write(w.inode(), Math.max(0, offset), src, 0, n);
        }
        w.free();
        return e;
    }

    /** An inode kept referenced between calls (as an open file keeps it), or null. */
    private static Inode held;

    /** Keeps {@code path}'s inode referenced until {@link #release}: 0 or -errno. */
    public static int hold(String path) {
        Walk w = walk(path);
        int e = Vfs.walk(w, mount.root, Vfs.FOLLOW);
        if (e == 0) {
            held = w.inode();
            Vfs.get(held);
        }
        w.free();
        return e;
    }

    /** Drops what {@link #hold} kept. */
    public static void release() {
        if (held != null) {
            Vfs.put(held);
            held = null;
        }
    }

    public static int truncate(String path, long size) {
        Walk w = walk(path);
        int e = Vfs.walk(w, mount.root, Vfs.FOLLOW);
        if (e == 0) {
            e = Vfs.truncate(w.inode(), size);
        }
        w.free();
        return e;
    }

    public static int mkdir(String path) {
        Walk w = walk(path);
        int e = Vfs.mkdir(w, mount.root, 0755);
        w.free();
        return e;
    }

    public static int rmdir(String path) {
        Walk w = walk(path);
        int e = Vfs.rmdir(w, mount.root);
        w.free();
        return e;
    }

    public static int unlink(String path) {
        Walk w = walk(path);
        int e = Vfs.unlink(w, mount.root);
        w.free();
        return e;
    }

    public static int rename(String from, String to) {
        Walk a = walk(from);
        Walk b = walk(to);
        int e = Vfs.rename(a, mount.root, b, mount.root, 0);
        a.free();
        b.free();
        return e;
    }

    public static int link(String from, String to) {
        Walk a = walk(from);
        Walk b = walk(to);
        int e = Vfs.link(a, mount.root, false, b, mount.root);
        a.free();
        b.free();
        return e;
    }

    public static int symlink(byte[] target, int length, String path) {
        Walk w = walk(path);
        int e = Vfs.symlink(target, length, w, mount.root);
        w.free();
        return e;
    }

    public static int mknod(String path, int mode, int rdev) {
        Walk w = walk(path);
        int e = Vfs.mknod(w, mount.root, mode, rdev);
        w.free();
        return e;
    }

    // ---- fuzzing ----

    private static final byte[][] STACK = new byte[16][Vfs.PATH_MAX];
    private static final int[] STACK_LENGTH = new int[16];
    private static final byte[] DATA = new byte[8192];
    private static final byte[] CURRENT = new byte[Vfs.PATH_MAX];
    private static final byte[] NEW = {'f', 'u', 'z', 'z', 'e', 'd'};

    /**
     * One input of the image fuzzer (kernel/src/test: Ext2FuzzTests): {@code image} mounted
     * read-write (or refused), every directory walked (depth and count bounded), every name
     * stat'ed, every file and link read, a file made, written and removed, unmounted. Returns
     * null, or a line starting with "LEAK" when a page-cache page or an inode was not given back.
     * Any exception is a crash (in the kernel: a panic).
     */
    public static String fuzzOne(byte[] image) {
        if (!live) {
            BuddyArena.live();
            live = true;
        }
        long inodes = Vfs.inodes();
        if (load(image, false) < 0) {
            return cachePages() != 0 ? "LEAK: page cache after a refused mount" : null;
        }
        DirEntry d = DirEntry.alloc();
        STACK_LENGTH[0] = 0;
        int depth = 1;
        int visited = 0;
        while (depth > 0 && visited < 500) {
            depth--;
            int dirLength = STACK_LENGTH[depth];
            System.arraycopy(STACK[depth], 0, CURRENT, 0, dirLength);
            Walk w = Walk.alloc(mount.root);
            if (dirLength == 0) {
                w.kernel(".");
            } else {
                w.kernel(CURRENT, dirLength);
            }
            if (Vfs.walk(w, mount.root, Vfs.DIRECTORY) != 0) {
                w.free();
                continue;
            }
            Inode dir = w.take();
            w.free();
            long pos = 0;
            for (int k = 0; k < 300; k++) {
                long next = Vfs.readdir(dir, pos, d, mount.root);
                if (next <= 0) {
                    break;
                }
                pos = next;
                visited++;
                if (d.length == 0 || d.name[0] == '.' && (d.length == 1 || d.length == 2 && d.name[1] == '.')) {
                    continue;
                }
                Walk c = Walk.alloc(dir);
                c.kernel(d.name, d.length);
                if (Vfs.walk(c, dir, 0) == 0) {
                    Inode n = c.inode();
                    if (n.isRegular()) {
                        for (long off = 0; off < n.size && off < 65536; off += DATA.length) {
                            if (Vfs.read(n, off, DATA, 0, DATA.length) <= 0) {
                                break;
                            }
                        }
                        Vfs.read(n, n.size - 1, DATA, 0, 1);
                    } else if (n.isSymlink()) {
                        Vfs.readlink(n, DATA, 0, DATA.length);
                    } else if (n.isDirectory() && depth < STACK.length && dirLength + d.length + 1 < Vfs.PATH_MAX) {
                        byte[] into = STACK[depth];
                        System.arraycopy(CURRENT, 0, into, 0, dirLength);
                        int at = dirLength;
                        if (at > 0) {
                            into[at++] = '/';
                        }
                        System.arraycopy(d.name, 0, into, at, d.length);
                        STACK_LENGTH[depth] = at + d.length;
                        depth++;
                    }
                }
                c.free();
            }
            Vfs.put(dir);
        }
        d.free();
        if (!mount.readOnly()) {
            Walk w = Walk.alloc(mount.root);
            w.kernel(NEW, NEW.length);
            if (Vfs.open(w, mount.root, Vfs.O_RDWR | Vfs.O_CREAT, 0644) >= 0) {
                Vfs.write(w.inode(), 0, DATA, 0, DATA.length);
                Vfs.truncate(w.inode(), 100);
            }
            w.free();
            w = Walk.alloc(mount.root);
            w.kernel(NEW, NEW.length);
            Vfs.unlink(w, mount.root);
            w.free();
        }
        unmount();
        if (cachePages() != 0) {
            return "LEAK: page-cache pages after umount";
        }
        if (Vfs.inodes() != inodes) {
            return "LEAK: inodes after umount";
        }
        return null;
    }
}
