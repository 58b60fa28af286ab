package org.zeptux.kernel.fs;

import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.BuddyArena;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.proc.Errno;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * The VFS over tmpfs instances of the tests' own (mounted nowhere, so "/" is untouched): files
 * made, written, read, truncated and unlinked with every page of the owner tmpfs back; an
 * unlinked file readable while a reference is held; path walks with Linux's errors (ENOENT,
 * ENOTDIR, ELOOP after 40 links, ENAMETOOLONG, EEXIST, ENOTEMPTY, EISDIR, EXDEV, EBUSY, EINVAL);
 * rename's rules; the dentry cache, negative entries included, bounded and emptied; mounts
 * crossed both ways; getdents positions. Each test unmounts what it mounted and checks pages,
 * inodes and dentries are back.
 */
public final class VfsKTests {
    private VfsKTests() {}

    static final int RW = Vfs.O_RDWR;

    /** A new tmpfs instance mounted nowhere; its root is the walks' root. */
    private static Mount fresh() {
        BuddyArena.live();
        Dcache.dropAll();
        Mount m = Mounts.mount(TmpFs.TMPFS, null, "ktest", 0);
        Check.isTrue(m != null, "a tmpfs instance");
        return m;
    }

    private static Walk walk(Mount m, String path) {
        Walk w = Walk.alloc(m.root);
        w.kernel(path);
        return w;
    }

    private static int mkdir(Mount m, String path) {
        Walk w = walk(m, path);
        int e = Vfs.mkdir(w, m.root, 0755);
        w.free();
        return e;
    }

    /** open(2)'s path part with {@code flags}: 0 or 1 (made), or -errno; the inode is dropped. */
    private static int open(Mount m, String path, int flags) {
        Walk w = walk(m, path);
        int e = Vfs.open(w, m.root, flags, 0644);
        w.free();
        return e;
    }

    /** The inode at {@code path} (links followed), counted: put it; null when the walk fails. */
    private static Inode get(Mount m, String path) {
        Walk w = walk(m, path);
        int e = Vfs.walk(w, m.root, Vfs.FOLLOW);
        Inode n = e == 0 ? w.take() : null;
        w.free();
        return n;
    }

    /** The walk's result: 0 or -errno. */
    private static int lookup(Mount m, String path, int flags) {
        Walk w = walk(m, path);
        int e = Vfs.walk(w, m.root, flags);
        w.free();
        return e;
    }

    private static int unlink(Mount m, String path) {
        Walk w = walk(m, path);
        int e = Vfs.unlink(w, m.root);
        w.free();
        return e;
    }

    private static int rmdir(Mount m, String path) {
        Walk w = walk(m, path);
        int e = Vfs.rmdir(w, m.root);
        w.free();
        return e;
    }

    private static int rename(Mount m, String from, String to, int flags) {
        Walk a = walk(m, from);
        Walk b = walk(m, to);
        int e = Vfs.rename(a, m.root, b, m.root, flags);
        a.free();
        b.free();
        return e;
    }

    private static int link(Mount m, String from, String to) {
        Walk a = walk(m, from);
        Walk b = walk(m, to);
        int e = Vfs.link(a, m.root, false, b, m.root);
        a.free();
        b.free();
        return e;
    }

    private static final byte[] TARGET = new byte[Vfs.PATH_MAX];

    private static int symlink(Mount m, String target, String path) {
        for (int i = 0; i < target.length(); i++) {
            TARGET[i] = (byte) target.charAt(i);
        }
        Walk w = walk(m, path);
        int e = Vfs.symlink(TARGET, target.length(), w, m.root);
        w.free();
        return e;
    }

    private static void done(Mount m, long pages, long inodes) {
        Check.equal(0, Mounts.unmount(m), "unmounted");
        Dcache.dropAll();
        Check.equal(pages, Buddy.used(Owner.TMPFS), "every tmpfs page back");
        Check.equal(inodes, Vfs.inodes(), "every inode back");
        Check.equal(0, Dcache.count(), "no dentry left");
    }

    private static final byte[] DATA = new byte[3 * 4096 + 100];
    private static final byte[] BACK = new byte[3 * 4096 + 100];

    @KTest
    static void filesWriteReadTruncateUnlinkAndEveryPageReturns() {
        long pages = Buddy.used(Owner.TMPFS);
        long inodes = Vfs.inodes();
        Mount m = fresh();
        Check.equal(1, open(m, "f", Vfs.O_CREAT | RW), "made");
        Inode f = get(m, "f");
        Check.isTrue(f != null && f.isRegular(), "a regular file");
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 7 + 3);
        }
        Check.equal(DATA.length, Vfs.write(f, 0, DATA, 0, DATA.length), "written");
        Check.equal(DATA.length, f.size(), "its size");
        Check.equal(pages + 5, Buddy.used(Owner.TMPFS), "four data pages and one index page");
        Check.equal(DATA.length, Vfs.read(f, 0, BACK, 0, BACK.length), "read back");
        boolean same = true;
        for (int i = 0; i < DATA.length; i++) {
            same &= BACK[i] == DATA[i];
        }
        Check.isTrue(same, "the same bytes");
        Check.equal(10, Vfs.write(f, 1 << 20, DATA, 0, 10), "a write at 1 MiB leaves a hole");
        Check.equal((1 << 20) + 10, f.size(), "the size past the hole");
        Check.equal(100, Vfs.read(f, 500_000, BACK, 0, 100), "a read in the hole");
        Check.equal(0, BACK[0] | BACK[99], "zeros");
        Check.equal(f.dataPages, 5, "five data pages: the hole has none");
        Check.equal(0, Vfs.truncate(f, 5000), "truncated to 5000");
        Check.equal(2, f.dataPages, "two pages left");
        Check.equal(0, Vfs.truncate(f, 9000), "grown to 9000");
        Check.equal(10, Vfs.read(f, 5000, BACK, 0, 10), "the new bytes");
        Check.equal(0, BACK[0] | BACK[9], "read as zeros (the old ones were cut)");
        Check.equal(0, unlink(m, "f"), "unlinked while held");
        Check.equal(-Errno.ENOENT, lookup(m, "f", 0), "the name is gone");
        Check.equal(10, Vfs.read(f, 0, BACK, 0, 10), "an unlinked file held is still readable");
        Check.isTrue(Buddy.used(Owner.TMPFS) > pages, "its pages stay while held");
        Vfs.put(f);
        Check.equal(pages, Buddy.used(Owner.TMPFS), "the last put frees every page");
        done(m, pages, inodes);
    }

    @KTest
    static void churnOfManyFilesBalancesTheAccounting() {
        long pages = Buddy.used(Owner.TMPFS);
        long inodes = Vfs.inodes();
        Mount m = fresh();
        Check.equal(0, mkdir(m, "d"), "a directory");
        Walk w = Walk.alloc(m.root);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 50; i++) {
                w.length = 0;
                w.path[w.length++] = 'd';
                w.path[w.length++] = '/';
                w.length += Vfs.decimal(i, w.path, w.length);
                Check.isTrue(Vfs.open(w, m.root, Vfs.O_CREAT | RW, 0600) >= 0, "made");
                Vfs.write(w.inode, 0, DATA, 0, 100 + 97 * i);
            }
            for (int i = 0; i < 50; i++) {
                w.length = 0;
                w.path[w.length++] = 'd';
                w.path[w.length++] = '/';
                w.length += Vfs.decimal(i, w.path, w.length);
                Check.equal(0, Vfs.unlink(w, m.root), "unlinked");
            }
            w.release();
            Check.equal(pages, Buddy.used(Owner.TMPFS), "every page back after a round");
        }
        w.free();
        Inode d = get(m, "d");
        Check.equal(2, d.nlink(), "the directory's links: . and its name");
        Check.equal(40, d.size(), "an empty directory's size");
        Vfs.put(d);
        done(m, pages, inodes);
    }

    @KTest
    static void theLimitIsEnospcAndAShortWrite() {
        long pages = Buddy.used(Owner.TMPFS);
        long inodes = Vfs.inodes();
        long limit = Buddy.ZONE.limit(Owner.TMPFS);
        Mount m = fresh();
        Check.equal(1, open(m, "big", Vfs.O_CREAT | RW), "made");
        Inode f = get(m, "big");
        Buddy.setLimit(Owner.TMPFS, pages + 3);
        Check.equal(2 * 4096, Vfs.write(f, 0, DATA, 0, 3 * 4096), "two pages (and an index page) fit: a short write");
        Check.equal(-Errno.ENOSPC, Vfs.write(f, 2 * 4096, DATA, 0, 10), "then ENOSPC");
        Check.equal(2 * 4096, f.size(), "the size is what was written");
        Buddy.setLimit(Owner.TMPFS, limit);
        Vfs.put(f);
        done(m, pages, inodes);
    }

    @KTest
    static void pathWalksFailAsLinuxDoes() {
        long pages = Buddy.used(Owner.TMPFS);
        long inodes = Vfs.inodes();
        Mount m = fresh();
        Check.equal(0, mkdir(m, "a"), "mkdir a");
        Check.equal(0, mkdir(m, "a/b"), "mkdir a/b");
        Check.equal(1, open(m, "a/f", Vfs.O_CREAT | RW), "a/f made");
        Check.equal(0, lookup(m, "a/b/../f", Vfs.FOLLOW), "through ..");
        Check.equal(0, lookup(m, "../../a/./f", Vfs.FOLLOW), ".. of the root is the root");
        Check.equal(0, lookup(m, "a/b/", Vfs.FOLLOW), "a directory with a trailing slash");
        Check.equal(-Errno.ENOTDIR, lookup(m, "a/f/", Vfs.FOLLOW), "a file with a trailing slash");
        Check.equal(-Errno.ENOTDIR, lookup(m, "a/f/x", Vfs.FOLLOW), "through a file");
        Check.equal(-Errno.ENOTDIR, lookup(m, "a/f/.", Vfs.FOLLOW), "a file's .");
        Check.equal(-Errno.ENOENT, lookup(m, "a/missing/x", Vfs.FOLLOW), "through a missing name");
        Check.equal(-Errno.ENOENT, lookup(m, "", Vfs.FOLLOW), "the empty path");
        Walk w = walk(m, "a/");
        for (int i = 0; i < 256; i++) {
            w.path[2 + i] = 'x';
        }
        w.length = 2 + 256;
        Check.equal(-Errno.ENAMETOOLONG, Vfs.walk(w, m.root, Vfs.FOLLOW), "a component of 256 bytes");
        w.length = 2 + 255;
        Check.equal(-Errno.ENOENT, Vfs.walk(w, m.root, Vfs.FOLLOW), "one of 255 is a name");
        w.free();
        Check.equal(0, symlink(m, "f", "a/l"), "a relative link");
        Check.equal(0, symlink(m, "/a/b", "lb"), "an absolute link (from the walk's root)");
        Check.equal(0, lookup(m, "a/l", Vfs.FOLLOW), "followed");
        Check.equal(0, lookup(m, "lb/../f", Vfs.FOLLOW), "a link to a directory, then ..");
        Check.equal(0, symlink(m, "nowhere", "dangling"), "a dangling link");
        Check.equal(-Errno.ENOENT, lookup(m, "dangling", Vfs.FOLLOW), "followed: ENOENT");
        Check.equal(0, lookup(m, "dangling", 0), "not followed: the link itself");
        Check.equal(0, symlink(m, "loop2", "loop1"), "loop1");
        Check.equal(0, symlink(m, "loop1", "loop2"), "loop2");
        Check.equal(-Errno.ELOOP, lookup(m, "loop1", Vfs.FOLLOW), "a loop: ELOOP");
        // A chain: c0 -> c1 -> ... -> c40 -> f: 40 links followed resolve, 41 do not.
        Walk name = Walk.alloc(m.root);
        for (int i = 40; i >= 0; i--) {
            name.length = 0;
            name.path[name.length++] = 'c';
            name.length += Vfs.decimal(i, name.path, name.length);
            int t = 0;
            if (i == 40) {
                TARGET[t++] = 'a';
                TARGET[t++] = '/';
                TARGET[t++] = 'f';
            } else {
                TARGET[t++] = 'c';
                t += Vfs.decimal(i + 1, TARGET, t);
            }
            Check.equal(0, Vfs.symlink(TARGET, t, name, m.root), "a link of the chain");
        }
        name.free();
        Check.equal(0, lookup(m, "c1", Vfs.FOLLOW), "40 links: resolved");
        Check.equal(-Errno.ELOOP, lookup(m, "c0", Vfs.FOLLOW), "41 links: ELOOP");
        Check.equal(-Errno.EEXIST, mkdir(m, "a"), "mkdir of an existing name");
        Check.equal(-Errno.EEXIST, mkdir(m, "dangling"), "mkdir over a dangling link");
        Check.equal(-Errno.EEXIST, mkdir(m, "."), "mkdir .");
        Check.equal(0, mkdir(m, "a/new/"), "mkdir with a trailing slash");
        Check.equal(-Errno.ENOENT, mkdir(m, "x/y"), "mkdir in a missing directory");
        Check.equal(-Errno.ENOTEMPTY, rmdir(m, "a"), "rmdir of a directory with entries");
        Check.equal(-Errno.EINVAL, rmdir(m, "a/."), "rmdir .");
        Check.equal(-Errno.ENOTEMPTY, rmdir(m, "a/b/.."), "rmdir ..");
        Check.equal(-Errno.ENOTDIR, rmdir(m, "a/f"), "rmdir of a file");
        Check.equal(-Errno.ENOTDIR, rmdir(m, "lb"), "rmdir of a link to a directory");
        Check.equal(-Errno.EISDIR, unlink(m, "a/b"), "unlink of a directory");
        Check.equal(-Errno.ENOTDIR, unlink(m, "a/f/"), "unlink of a file with a trailing slash");
        Check.equal(-Errno.ENOENT, unlink(m, "a/nope"), "unlink of a missing name");
        Check.equal(0, unlink(m, "lb"), "unlink of a link to a directory removes the link");
        Check.equal(0, lookup(m, "a/b", 0), "not the directory");
        Check.equal(-Errno.EEXIST, open(m, "a/f", Vfs.O_CREAT | Vfs.O_EXCL | RW), "O_EXCL on an existing file");
        Check.equal(-Errno.EEXIST, open(m, "dangling", Vfs.O_CREAT | Vfs.O_EXCL | RW), "O_EXCL on a link");
        Check.equal(-Errno.ELOOP, open(m, "a/l", Vfs.O_NOFOLLOW), "O_NOFOLLOW on a link");
        Check.equal(-Errno.ENOTDIR, open(m, "a/f", Vfs.O_DIRECTORY), "O_DIRECTORY on a file");
        Check.equal(-Errno.EISDIR, open(m, "a", Vfs.O_WRONLY), "a directory for writing");
        Check.equal(-Errno.EISDIR, open(m, "a", Vfs.O_CREAT | RW), "O_CREAT of a directory");
        Check.equal(-Errno.EISDIR, open(m, "a/g/", Vfs.O_CREAT | RW), "O_CREAT with a trailing slash");
        Check.equal(-Errno.EINVAL, open(m, "a/g", Vfs.O_CREAT | Vfs.O_DIRECTORY), "O_CREAT | O_DIRECTORY");
        Check.equal(1, open(m, "dangling", Vfs.O_CREAT | RW), "O_CREAT through a dangling link makes its target");
        Check.equal(0, lookup(m, "nowhere", 0), "the target exists now");
        done(m, pages, inodes);
    }

    @KTest
    static void renameAndLinkFollowLinuxsRules() {
        long pages = Buddy.used(Owner.TMPFS);
        long inodes = Vfs.inodes();
        Mount m = fresh();
        mkdir(m, "a");
        mkdir(m, "a/b");
        mkdir(m, "full");
        open(m, "full/x", Vfs.O_CREAT | RW);
        open(m, "f", Vfs.O_CREAT | RW);
        open(m, "g", Vfs.O_CREAT | RW);
        Check.equal(-Errno.EINVAL, rename(m, "a", "a/b/c", 0), "a directory into its own subtree");
        Check.equal(-Errno.ENOTEMPTY, rename(m, "a/b", "a", 0), "onto a directory above it");
        Check.equal(-Errno.EISDIR, rename(m, "f", "a", 0), "a file over a directory");
        Check.equal(-Errno.ENOTDIR, rename(m, "a", "f", 0), "a directory over a file");
        Check.equal(-Errno.ENOTEMPTY, rename(m, "a/b", "full", 0), "over a directory with entries");
        Check.equal(-Errno.EEXIST, rename(m, "f", "g", Vfs.RENAME_NOREPLACE), "RENAME_NOREPLACE onto a name");
        Check.equal(-Errno.EINVAL, rename(m, "f", "h", Vfs.RENAME_EXCHANGE), "RENAME_EXCHANGE: not supported");
        Check.equal(-Errno.EBUSY, rename(m, "a/.", "z", 0), "rename of .");
        Check.equal(-Errno.ENOTDIR, rename(m, "f", "h/", 0), "a file to a name with a trailing slash");
        Check.equal(-Errno.ENOENT, rename(m, "nope", "h", 0), "a missing name");
        Check.equal(0, link(m, "f", "f2"), "a second name");
        Inode f = get(m, "f");
        Check.equal(2, f.nlink(), "two links");
        Check.equal(0, rename(m, "f", "f2", 0), "rename onto another name of the same file: nothing happens");
        Check.equal(2, f.nlink(), "still two");
        Check.equal(0, rename(m, "f2", "g", 0), "over g: g's inode goes");
        Check.equal(-Errno.ENOENT, lookup(m, "f2", 0), "the old name is gone");
        Check.equal(2, f.nlink(), "f's inode keeps two names: f and g");
        Inode g = get(m, "g");
        Check.isTrue(g == f, "g names f's inode");
        Vfs.put(g);
        Check.equal(0, rename(m, "a/b", "b2", 0), "a directory moved up");
        Inode a = get(m, "a");
        Check.equal(2, a.nlink(), "its old parent lost a link");
        Vfs.put(a);
        Check.equal(0, lookup(m, "b2/..", 0), "its .. is the new parent");
        Check.equal(-Errno.EPERM, link(m, "a", "a3"), "a hard link to a directory");
        Check.equal(-Errno.EEXIST, link(m, "f", "g"), "a link onto a name");
        Check.equal(-Errno.ENOENT, link(m, "f", "h/"), "a link to a new name with a trailing slash");
        Check.equal(-Errno.EEXIST, link(m, "f", "g/"), "... but an existing one is EEXIST first");
        Vfs.put(f);
        done(m, pages, inodes);
    }

    @KTest
    static void mountsAreCrossedBothWaysAndBusyUntilUnused() {
        long pages = Buddy.used(Owner.TMPFS);
        long inodes = Vfs.inodes();
        Mount m = fresh();
        mkdir(m, "mnt");
        open(m, "f", Vfs.O_CREAT | RW);
        Inode mp = get(m, "mnt");
        Mount inner = Mounts.mount(TmpFs.TMPFS, mp, "inner", 0);
        Vfs.put(mp);
        Check.isTrue(inner != null, "mounted on mnt");
        Check.equal(1, open(m, "mnt/g", Vfs.O_CREAT | RW), "a file made in the mounted instance");
        Inode g = get(m, "mnt/g");
        Check.isTrue(g.mount() == inner, "it belongs to the inner instance");
        Check.equal(0, lookup(m, "mnt/../f", 0), ".. from the mount's root leads out");
        Check.equal(-Errno.EXDEV, link(m, "f", "mnt/f"), "a link across mounts");
        Check.equal(-Errno.EXDEV, rename(m, "f", "mnt/f", 0), "a rename across mounts");
        Check.equal(-Errno.EBUSY, rmdir(m, "mnt"), "the mountpoint cannot be removed");
        Vfs.pin(g);
        Check.equal(-Errno.EBUSY, Mounts.unmount(inner), "busy while a file of it is in use");
        Vfs.unpin(g);
        Vfs.put(g);
        Check.equal(0, Mounts.unmount(inner), "unmounted");
        Check.equal(-Errno.ENOENT, lookup(m, "mnt/g", 0), "mnt is the empty directory again");
        Check.equal(0, rmdir(m, "mnt"), "and can go");
        done(m, pages, inodes);
    }

    @KTest
    static void directoriesListWithStablePositionsAndNameTheirPath() {
        long pages = Buddy.used(Owner.TMPFS);
        long inodes = Vfs.inodes();
        Mount m = fresh();
        mkdir(m, "d");
        mkdir(m, "d/e");
        open(m, "d/one", Vfs.O_CREAT | RW);
        open(m, "d/two", Vfs.O_CREAT | RW);
        open(m, "d/three", Vfs.O_CREAT | RW);
        Inode d = get(m, "d");
        DirEntry e = DirEntry.alloc();
        long pos = Vfs.readdir(d, 0, e, m.root);
        Check.isTrue(pos == 1 && e.length() == 1 && e.type() == DirEntry.DT_DIR, ".");
        pos = Vfs.readdir(d, pos, e, m.root);
        Check.isTrue(pos == 2 && e.length() == 2, "..");
        pos = Vfs.readdir(d, pos, e, m.root);
        Check.isTrue(e.length() == 1 && e.name()[0] == 'e' && e.type() == DirEntry.DT_DIR, "e, the first made");
        long afterE = pos;
        Check.equal(0, unlink(m, "d/one"), "an entry goes while a reader is between entries");
        pos = Vfs.readdir(d, afterE, e, m.root);
        Check.isTrue(e.length() == 3 && e.name()[0] == 't' && e.name()[1] == 'w', "the reader goes on at two");
        pos = Vfs.readdir(d, pos, e, m.root);
        Check.isTrue(e.length() == 5, "three");
        Check.equal(0, Vfs.readdir(d, pos, e, m.root), "the end");
        Inode sub = get(m, "d/e");
        byte[] path = Walk.PATHS.alloc();
        byte[] name = Walk.PATHS.alloc();
        int n = Vfs.pathOf(sub, m.root, path, name);
        Check.isTrue(n == 5 && path[0] == '/' && path[1] == 'd' && path[2] == '/' && path[3] == 'e' && path[4] == 0,
                "its path: /d/e");
        Check.equal(0, rmdir(m, "d/e"), "removed while held");
        Check.equal(-Errno.ENOENT, Vfs.pathOf(sub, m.root, path, name), "a removed directory has no path");
        Check.equal(0, Vfs.readdir(sub, 0, e, m.root), "nor entries");
        Walk.PATHS.free(path);
        Walk.PATHS.free(name);
        Vfs.put(sub);
        Vfs.put(d);
        e.free();
        done(m, pages, inodes);
    }

    @KTest
    static void theDentryCacheAnswersHitsAndMissesAndStaysBounded() {
        long pages = Buddy.used(Owner.TMPFS);
        long inodes = Vfs.inodes();
        Buddy.drainAll(Buddy.DRAIN_POOLS);
        long slabs = Dcache.ENTRIES.slabs();
        Mount m = fresh();
        open(m, "f", Vfs.O_CREAT | RW);
        Check.equal(1, Dcache.count(), "the made name is cached");
        Check.equal(-Errno.ENOENT, lookup(m, "g", 0), "a miss");
        Check.equal(2, Dcache.count(), "and a negative entry");
        Dcache.Entry neg = Dcache.find(m.root, G, 0, 1);
        Check.isTrue(neg != null && neg.inode == null, "negative");
        Check.equal(1, open(m, "g", Vfs.O_CREAT | RW), "g made");
        Dcache.Entry pos = Dcache.find(m.root, G, 0, 1);
        Check.isTrue(pos != null && pos.inode != null, "the negative entry turned positive");
        Check.equal(0, unlink(m, "g"), "g unlinked");
        Check.isTrue(Dcache.find(m.root, G, 0, 1).inode == null, "negative again");
        Walk w = Walk.alloc(m.root);
        for (int i = 0; i < Dcache.MAX + 100; i++) {
            w.length = 0;
            w.path[w.length++] = 'n';
            w.length += Vfs.decimal(i, w.path, w.length);
            Vfs.walk(w, m.root, 0);
        }
        w.free();
        Check.equal(Dcache.MAX, Dcache.count(), "bounded: the oldest went");
        Check.equal(0, lookup(m, "f", 0), "f still resolves");
        done(m, pages, inodes);
        Buddy.drainAll(Buddy.DRAIN_POOLS);
        Check.equal(slabs, Dcache.ENTRIES.slabs(), "every dentry slab back");
    }

    private static final byte[] G = {'g'};

    @KTest
    static void aDevtmpfsHasTheDeviceNodes() {
        long inodes = Vfs.inodes();
        BuddyArena.live();
        Mount m = Mounts.mount(TmpFs.DEVTMPFS, null, "devtmpfs", 0);
        Inode n = get(m, "null");
        Check.isTrue(n != null && n.isCharDevice() && n.rdev() == ((1 << 8) | 3), "null is 1:3");
        Vfs.put(n);
        n = get(m, "console");
        Check.isTrue(n != null && n.rdev() == ((5 << 8) | 1) && (n.mode() & 0777) == 0600, "console is 5:1, 0600");
        Vfs.put(n);
        Check.equal(0, Mounts.unmount(m), "unmounted");
        Dcache.dropAll();
        Check.equal(inodes, Vfs.inodes(), "every node back");
    }
}
