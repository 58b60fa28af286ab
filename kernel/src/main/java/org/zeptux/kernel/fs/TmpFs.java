package org.zeptux.kernel.fs;

import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.block.BlockDevices;
import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Zone;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.proc.Errno;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.RecursionBound;
import org.zeptux.rt.UserPtr;

/**
 * tmpfs: a file system in memory, as Linux's shmem without swap. A directory keeps its entries
 * in a list ({@link Entry}: name, inode, cookie), in the order they were made; getdents64's
 * position in a directory is an entry's cookie, so removing entries never disturbs a reader.
 * A file's data (and a symbolic link's target) is in pages of its own, charged to the owner
 * {@link Owner#TMPFS}, under a tree of index pages as a page table is:
 *
 * <pre>
 *   height 0:  data ──▶ the file's one page (index 0)
 *   height h:  data ──▶ index page: 512 words, each 0 (a hole, read as zeros) or the page
 *                       below, covering 512^(h-1) pages; the leaves are data pages
 * </pre>
 *
 * A file grows by adding pages as it is written (a write past the end leaves a hole, no pages),
 * and the tree grows a level on top when an index no longer fits; truncating frees the pages
 * past the new end and zeroes the rest of the last one. Pages are allocated zeroed, never
 * overcommitted: when the owner's limit (half the memory by default, as Linux's tmpfs) is
 * reached a write returns what it wrote, or ENOSPC; when memory is out, ENOMEM.
 *
 * <p>An inode lives as long as it has a name ({@link Inode#nlink}) or a reference: the last
 * unlink of an open file leaves it readable until its last close, then every page goes back.
 * Directories count 2 + their subdirectories as links and 40 + 20 bytes per entry as size
 * (Linux's BOGO_DIRENT_SIZE). Three kinds: "tmpfs" (root mode 1777), "rootfs" (the root, 0755)
 * and "devtmpfs" (0755, made with the device nodes {@code /dev} has).
 *
 * <p>Called by the VFS with its lock held.
 */
public final class TmpFs extends FileSystem {
    /** One name in a directory. */
    static final class Entry {
        byte[] name;
        int length;
        Inode inode;
        long cookie;
        Entry next;
        Entry prev;
    }

    static final Pool<Entry> ENTRIES = Pool.of("tmpfs entries", Entry.class, Owner.KERNEL_HEAP);
    static final int PAGE = FilePages.PAGE;
    static final int BOGO_DIRENT_SIZE = 20;
    /** The most levels of index pages: 512^4 pages of 4 KiB, 2^48 bytes. */
    static final int MAX_HEIGHT = 4;
    /** The first cookie of a directory's entries (0 and 1 are "." and ".."). */
    static final long FIRST_COOKIE = 2;

    public static final TmpFs TMPFS = new TmpFs("tmpfs", 01777, false);
    public static final TmpFs ROOTFS = new TmpFs("rootfs", 0755, false);
    public static final TmpFs DEVTMPFS = new TmpFs("devtmpfs", 0755, true);

    /** Device nodes a devtmpfs is made with: name, mode, major, minor (Linux's numbers, devices.txt). */
    static final String[] DEVICE_NAMES = {"console", "tty", "null", "zero", "full", "random", "urandom"};
    static final int[] DEVICE_MODES = {0600, 0666, 0666, 0666, 0666, 0666, 0666};
    static final int[] DEVICE_NUMBERS = {(5 << 8) | 1, 5 << 8, (1 << 8) | 3, (1 << 8) | 5, (1 << 8) | 7, (1 << 8) | 8,
        (1 << 8) | 9};

    private final int rootMode;
    private final boolean devices;

    private TmpFs(String name, int rootMode, boolean devices) {
        super(name);
        this.rootMode = rootMode;
        this.devices = devices;
    }

    /** Sets the owner TMPFS's limit to half of the memory the buddy allocator manages (Linux's default size=50%). */
    static void setDefaultLimit() {
        Buddy.setLimit(Owner.TMPFS, Buddy.ZONE.managedPages() / 2);
    }

    // ---- instances ----

    @Override
    protected Inode mountRoot(Mount m) {
        Inode root = Vfs.newInode(m, Vfs.S_IFDIR | rootMode);
        if (root == null) {
            return null;
        }
        root.nlink = 2;
        root.size = 2 * BOGO_DIRENT_SIZE;
        root.nextCookie = FIRST_COOKIE;
        root.parent = root;
        m.root = root;                              // for unmount(m) if a node cannot be made
        if (devices) {
            for (int i = 0; i < DEVICE_NAMES.length; i++) {
                if (!node(m, root, DEVICE_NAMES[i], Vfs.S_IFCHR | DEVICE_MODES[i], DEVICE_NUMBERS[i])) {
                    unmount(m);
                    return null;
                }
            }
            for (int i = 0; i < BlockDevices.count(); i++) {     // the disks and partitions found at boot
                BlockDevice b = BlockDevices.get(i);
                if (!node(m, root, b.name(), Vfs.S_IFBLK | 0660, b.dev())) {
                    unmount(m);
                    return null;
                }
            }
        }
        return root;
    }

    /** A device node {@code s} of {@code mode} and number {@code rdev} in the root of a new devtmpfs: whether it was made. */
    private static boolean node(Mount m, Inode root, String s, int mode, int rdev) {
        byte[] name = Names.alloc(s.length());
        Inode n = name == null ? null : Vfs.newInode(m, mode);
        if (n == null || !add(root, asciiInto(name, s), 0, s.length(), n)) {
            if (name != null) {
                Names.free(name);
            }
            if (n != null) {
                n.nlink = 0;
                Vfs.put(n);
            }
            return false;
        }
        Names.free(name);
        n.rdev = rdev;
        Vfs.put(n);                                  // its name keeps it
        return true;
    }

    private static byte[] asciiInto(byte[] dst, String s) {
        for (int i = 0; i < s.length(); i++) {
            dst[i] = (byte) s.charAt(i);
        }
        return dst;
    }

    /**
     * Frees every inode of instance {@code m}: a walk down the tree that takes each directory's
     * entries away, leaves first, then the root (nothing of it is in use, so names are the only
     * thing that keeps its inodes).
     */
    @Override
    protected void unmount(Mount m) {
        Inode dir = m.root;
        while (true) {
            Entry e = dir.first;
            if (e == null) {
                if (dir == m.root) {
                    Vfs.free(dir);
                    return;
                }
                dir = dir.parent;
                continue;
            }
            Inode child = e.inode;
            if (child.isDirectory() && child.first != null) {
                dir = child;
                continue;
            }
            removeEntry(dir, e);
            if (child.isDirectory()) {
                child.nlink = 0;
                Vfs.free(child);
            } else {
                child.nlink--;
                if (child.nlink == 0) {
                    Vfs.free(child);
                }
            }
        }
    }

    @Override
    protected boolean droppable(Inode n) {
        return n.nlink == 0;
    }

    @Override
    protected void evict(Inode n) {
        freePages(n, 0);
    }

    // ---- names ----

    private static Entry find(Inode dir, byte[] name, int at, int length) {
        for (Entry e = dir.first; e != null; e = e.next) {
            if (Names.same(e.name, e.length, name, at, length)) {
                return e;
            }
        }
        return null;
    }

    /** Adds an entry for {@code n} named {@code name}[at, at + length) to {@code dir}; false when out of memory. */
    private static boolean add(Inode dir, byte[] name, int at, int length, Inode n) {
        Entry e = ENTRIES.alloc();
        if (e == null) {
            return false;
        }
        e.name = Names.copy(name, at, length);
        if (e.name == null) {
            ENTRIES.free(e);
            return false;
        }
        e.length = length;
        e.inode = n;
        e.cookie = dir.nextCookie;
        dir.nextCookie++;
        e.prev = dir.last;
        if (dir.last == null) {
            dir.first = e;
        } else {
            dir.last.next = e;
        }
        dir.last = e;
        dir.size += BOGO_DIRENT_SIZE;
        return true;
    }

    private static void removeEntry(Inode dir, Entry e) {
        if (e.prev == null) {
            dir.first = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            dir.last = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        dir.size -= BOGO_DIRENT_SIZE;
        Names.free(e.name);
        ENTRIES.free(e);
    }

    @Override
    protected Inode lookup(Inode dir, byte[] name, int at, int length) {
        Entry e = find(dir, name, at, length);
        if (e == null) {
            Vfs.failure = Errno.ENOENT;
            return null;
        }
        Vfs.get(e.inode);
        return e.inode;
    }

    /** A new inode of {@code mode} named so in {@code dir}, with one reference; null with ENOSPC/ENOMEM. */
    private static Inode make(Inode dir, byte[] name, int at, int length, int mode) {
        Inode n = Vfs.newInode(dir.mount, mode);
        if (n == null) {
            Vfs.failure = Errno.ENOSPC;             // shmem_reserve_inode: out of inodes is ENOSPC
            return null;
        }
        if (!add(dir, name, at, length, n)) {
            n.nlink = 0;
            Vfs.put(n);
            Vfs.failure = Errno.ENOSPC;
            return null;
        }
        return n;
    }

    @Override
    protected Inode create(Inode dir, byte[] name, int at, int length, int mode, int rdev) {
        Inode n = make(dir, name, at, length, mode);
        if (n != null) {
            n.rdev = rdev;
        }
        return n;
    }

    @Override
    protected Inode mkdir(Inode dir, byte[] name, int at, int length, int mode) {
        Inode n = make(dir, name, at, length, mode);
        if (n == null) {
            return null;
        }
        n.nlink = 2;
        n.size = 2 * BOGO_DIRENT_SIZE;
        n.nextCookie = FIRST_COOKIE;
        Vfs.setParent(n, dir);
        dir.nlink++;
        return n;
    }

    @Override
    protected Inode symlink(Inode dir, byte[] name, int at, int length, byte[] target, int tat, int tlength) {
        Inode n = make(dir, name, at, length, Vfs.S_IFLNK | 0777);
        if (n == null) {
            return null;
        }
        long put = write(n, 0, target, tat, tlength);
        if (put != tlength) {
            removeEntry(dir, find(dir, name, at, length));
            n.nlink = 0;
            Vfs.put(n);
            Vfs.failure = put < 0 ? (int) -put : Errno.ENOSPC;
            return null;
        }
        return n;
    }

    @Override
    protected int link(Inode dir, byte[] name, int at, int length, Inode target) {
        if (!add(dir, name, at, length, target)) {
            return -Errno.ENOSPC;
        }
        target.nlink++;
        return 0;
    }

    @Override
    protected int unlink(Inode dir, byte[] name, int at, int length, Inode victim) {
        removeEntry(dir, find(dir, name, at, length));
        victim.nlink--;                             // the last reference's put frees it (Vfs.put)
        return 0;
    }

    @Override
    protected int rmdir(Inode dir, byte[] name, int at, int length, Inode victim) {
        if (victim.first != null) {
            return -Errno.ENOTEMPTY;
        }
        removeEntry(dir, find(dir, name, at, length));
        victim.nlink = 0;
        dir.nlink--;
        return 0;
    }

    @Override
    protected int rename(Inode from, byte[] oldName, int oat, int olength, Inode victim, Inode to, byte[] newName,
            int nat, int nlength, Inode target) {
        if (target != null && target.isDirectory() && target.first != null) {
            return -Errno.ENOTEMPTY;
        }
        Entry old = find(from, oldName, oat, olength);
        if (target != null) {
            Entry replaced = find(to, newName, nat, nlength);
            replaced.inode = victim;                // the name stays, its inode changes: no memory needed
            removeEntry(from, old);
            if (target.isDirectory()) {
                target.nlink = 0;
                to.nlink--;
            } else {
                target.nlink--;
            }
        } else {
            if (!add(to, newName, nat, nlength, victim)) {
                return -Errno.ENOSPC;
            }
            removeEntry(from, old);
        }
        if (victim.isDirectory() && from != to) {
            from.nlink--;
            to.nlink++;
            Inode was = victim.parent;
            Vfs.setParent(victim, to);
            Vfs.put(was);
        }
        return 0;
    }

    @Override
    protected int readlink(Inode link, byte[] dst, int at, int max) {
        return (int) read(link, 0, dst, at, (int) Math.min(max, link.size));
    }

    @Override
    protected long readdir(Inode dir, long position, DirEntry out) {
        for (Entry e = dir.first; e != null; e = e.next) {
            if (e.cookie >= position) {
                out.set(e.inode.ino, DirEntry.typeOf(e.inode.mode), e.name, 0, e.length);
                return e.cookie + 1;
            }
        }
        return 0;
    }

    @Override
    protected int nameOf(Inode dir, Inode child, byte[] dst, int at) {
        for (Entry e = dir.first; e != null; e = e.next) {
            if (e.inode == child) {
                System.arraycopy(e.name, 0, dst, at, e.length);
                return e.length;
            }
        }
        return -1;
    }

    // ---- file data ----

    /** Pages of 2^(9 h) pages: what a tree of height {@code h} covers. */
    private static long capacity(int h) {
        return 1L << (9 * h);
    }

    /** A zeroed page for {@code n}, charged to TMPFS; null with ENOSPC (the limit) or ENOMEM in Vfs.failure. */
    private static PhysAddr newPage() {
        PhysAddr page = Buddy.alloc(0, Owner.TMPFS);
        if (page == null) {
            long limit = Buddy.ZONE.limit(Owner.TMPFS);
            Vfs.failure = limit != Zone.NO_LIMIT && Buddy.used(Owner.TMPFS) >= limit ? Errno.ENOSPC : Errno.ENOMEM;
            return null;
        }
        FilePages.zero(page, 0, 0, PAGE);
        return page;
    }

    private static void freePage(PhysAddr page) {
        Buddy.free(page, 0, Owner.TMPFS);
    }

    /**
     * The data page of {@code n} holding page {@code index} of its data: null where there is
     * none (a hole), unless {@code create}, which makes it (and the index pages on the way);
     * null then with ENOSPC, ENOMEM or EFBIG in Vfs.failure.
     */
    private static PhysAddr page(Inode n, long index, boolean create) {
        if (index >= capacity(n.height)) {
            if (!create) {
                return null;
            }
            if (index >= capacity(MAX_HEIGHT)) {
                Vfs.failure = Errno.EFBIG;
                return null;
            }
            while (index >= capacity(n.height)) {
                if (n.data != null) {
                    PhysAddr top = newPage();
                    if (top == null) {
                        return null;
                    }
                    n.indexPages++;
                    FilePages.store64(top, 0, n.data.toLong());
                    n.data = top;
                }
                n.height++;
            }
        }
        if (n.data == null) {
            if (!create) {
                return null;
            }
            PhysAddr top = newPage();
            if (top == null) {
                return null;
            }
            n.data = top;
            if (n.height == 0) {
                n.dataPages++;
            } else {
                n.indexPages++;
            }
        }
        PhysAddr node = n.data;
        for (int h = n.height; h > 0; h--) {
            int slot = (int) ((index >>> (9 * (h - 1))) & (FilePages.WORDS - 1));
            long child = FilePages.load64(node, slot);
            if (child == 0) {
                if (!create) {
                    return null;
                }
                PhysAddr made = newPage();
                if (made == null) {
                    return null;
                }
                if (h == 1) {
                    n.dataPages++;
                } else {
                    n.indexPages++;
                }
                FilePages.store64(node, slot, made.toLong());
                child = made.toLong();
            }
            node = PhysAddr.of(child);
        }
        return node;
    }

    /** Frees every data page of {@code n} from page {@code from} on, and the index pages left empty. */
    private static void freePages(Inode n, long from) {
        if (n.data == null) {
            return;
        }
        if (prune(n, n.data, n.height, 0, from)) {
            n.data = null;
            n.height = 0;
        }
    }

    /**
     * Frees the pages at or past page {@code from} under {@code node} (height {@code h},
     * covering pages from {@code base}); true when nothing is left under it (it is freed too).
     */
    @RecursionBound(MAX_HEIGHT + 1)
    private static boolean prune(Inode n, PhysAddr node, int h, long base, long from) {
        if (h == 0) {
            if (base >= from) {
                freePage(node);
                n.dataPages--;
                return true;
            }
            return false;
        }
        long span = capacity(h - 1);
        boolean empty = true;
        for (int slot = 0; slot < FilePages.WORDS; slot++) {
            long child = FilePages.load64(node, slot);
            if (child == 0) {
                continue;
            }
            long childBase = base + slot * span;
            if (childBase + span <= from) {
                empty = false;
                continue;
            }
            if (prune(n, PhysAddr.of(child), h - 1, childBase, from)) {
                FilePages.store64(node, slot, 0);
            } else {
                empty = false;
            }
        }
        if (empty) {
            freePage(node);
            n.indexPages--;
        }
        return empty;
    }

    @Override
    protected long read(Inode file, long offset, byte[] dst, int at, int n) {
        if (offset < 0 || n < 0) {
            return -Errno.EINVAL;
        }
        if (offset >= file.size) {
            return 0;
        }
        int count = (int) Math.min(n, file.size - offset);
        int done = 0;
        while (done < count) {
            long pos = offset + done;
            int off = (int) (pos & (PAGE - 1));
            int chunk = Math.min(count - done, PAGE - off);
            PhysAddr page = page(file, pos >>> 12, false);
            if (page == null) {
                for (int i = 0; i < chunk; i++) {
                    dst[at + done + i] = 0;
                }
            } else {
                FilePages.read(page, 0, off, dst, at + done, chunk);
            }
            done += chunk;
        }
        return count;
    }

    @Override
    protected long readUser(Inode file, long offset, UserPtr dst, long n, byte[] io) {
        if (offset < 0 || n < 0) {
            return -Errno.EINVAL;
        }
        if (offset >= file.size) {
            return 0;
        }
        long count = Math.min(n, file.size - offset);
        long done = 0;
        while (done < count) {
            long pos = offset + done;
            int off = (int) (pos & (PAGE - 1));
            int chunk = (int) Math.min(count - done, PAGE - off);
            PhysAddr page = page(file, pos >>> 12, false);
            int copied;
            if (page == null) {
                copied = org.zeptux.kernel.hw.UserAccess.zero(dst.plus(done), chunk) ? chunk : 0;
            } else {
                copied = FilePages.copyToUser(dst.plus(done), page, 0, off, chunk);
            }
            done += copied;
            if (copied < chunk) {
                return done > 0 ? done : -Errno.EFAULT;      // a fault: what was copied before it counts
            }
        }
        return done;
    }

    /** -errno for a page that could not be made, or what was written before it. */
    private static long stopped(long done) {
        return done > 0 ? done : -Vfs.failure;
    }

    @Override
    protected long write(Inode file, long offset, byte[] src, int at, int n) {
        if (offset < 0 || n < 0) {
            return -Errno.EINVAL;
        }
        long done = 0;
        while (done < n) {
            long pos = offset + done;
            int off = (int) (pos & (PAGE - 1));
            int chunk = (int) Math.min(n - done, PAGE - off);
            PhysAddr page = page(file, pos >>> 12, true);
            if (page == null) {
                return grown(file, offset, stopped(done));
            }
            FilePages.write(page, 0, off, src, at + (int) done, chunk);
            done += chunk;
        }
        return grown(file, offset, done);
    }

    @Override
    protected long writeUser(Inode file, long offset, UserPtr src, long n, byte[] io) {
        if (offset < 0 || n < 0) {
            return -Errno.EINVAL;
        }
        long done = 0;
        while (done < n) {
            long pos = offset + done;
            int off = (int) (pos & (PAGE - 1));
            int chunk = (int) Math.min(n - done, PAGE - off);
            PhysAddr page = page(file, pos >>> 12, true);
            if (page == null) {
                return grown(file, offset, stopped(done));
            }
            int copied = FilePages.copyFromUser(page, 0, off, src.plus(done), chunk);
            done += copied;
            if (copied < chunk) {
                return grown(file, offset, done > 0 ? done : -Errno.EFAULT);
            }
        }
        return grown(file, offset, done);
    }

    /** After {@code done} bytes were written at {@code offset}: the size covers them; returns {@code done}. */
    private static long grown(Inode file, long offset, long done) {
        if (done > 0 && offset + done > file.size) {
            file.size = offset + done;
        }
        return done;
    }

    @Override
    protected int truncate(Inode file, long size) {
        if (size < file.size) {
            freePages(file, (size + PAGE - 1) >>> 12);
            int tail = (int) (size & (PAGE - 1));
            if (tail != 0) {
                PhysAddr page = page(file, size >>> 12, false);
                if (page != null) {
                    FilePages.zero(page, 0, tail, PAGE - tail);
                }
            }
        }
        file.size = size;
        return 0;
    }

    /** Pages (data and index) file {@code n} holds. */
    public static long pagesOf(Inode n) {
        return n.dataPages + n.indexPages;
    }
}
