package org.zeptux.kernel.fs;

import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.block.Request;
import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.proc.Clock;
import org.zeptux.kernel.proc.Errno;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.sched.TaskBody;
import org.zeptux.kernel.sync.Mutex;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.UserPtr;

/**
 * The page cache of block devices (Linux's page cache of a block device's inode, the buffer
 * cache of old): page {@code index} of a device holds its bytes [index * 4096, index * 4096 +
 * 4096), read from it on first use, written back when dirty. Every page is charged to the owner
 * {@link Owner#PAGE_CACHE}, whose limit bounds the cache; ext2 keeps its metadata (superblock,
 * group descriptors, bitmaps, inode tables, indirect blocks) and its files' data here.
 *
 * <pre>
 *   get(dev, index) ──miss──▶ new page ─▶ inactive head ─ used again (referenced) ─▶ active head
 *                                               │                                        │ aged when
 *   reclaim ◀── inactive tail: clean ─▶ freed   │ ◀──────────── active tail ────────────┘ active > inactive
 *                              dirty ─▶ written back, then freed;  pinned ─▶ skipped
 * </pre>
 *
 * <p>Pages are found by (device, index) in a hash of {@link #BUCKETS} chains. A caller {@link
 * #get}s a page pinned (it cannot be reclaimed), reads or changes its bytes ({@link #read},
 * {@link #write}, {@link #markDirty}) and {@link #put}s it. Dirty pages are written back by
 * {@link #sync} (sync(2), fsync, syncfs, umount) and by the writeback thread: every 5 s it writes
 * what has been dirty 30 s or more (Linux's dirty_writeback_centisecs and dirty_expire_centisecs).
 *
 * <p>Reclaim: when a page for the cache cannot be had (the owner's limit, or no free memory),
 * {@link #reclaim} takes pages from the inactive list's tail — a clean unpinned page is freed, a
 * dirty one written first, a referenced one moved to the active list — after moving active pages
 * to the inactive list while the active list is the longer (Linux's two-list LRU). Only then does
 * the allocation fail (-ENOMEM). The counters are /proc/vmstat's: pgscan, pgsteal, allocstall, the
 * time stalled. {@link #shrink} is the hook for other allocators that run out.
 *
 * <p>Locking: one mutex ({@link #LOCK}) guards every field here and every page's fields and is
 * held over device transfers (which sleep), so misses are serialised — simple, and correct on
 * many CPUs. Lock order: the VFS lock, then this one. Before the scheduler runs (and on the JVM's
 * simulated PC) there is one thread and no lock.
 */
public final class PageCache {
    private PageCache() {}

    public static final int PAGE = FilePages.PAGE;
    static final int BUCKETS = 8192;

    /** A cached page of a device. */
    public static final class Page {
        BlockDevice dev;
        long index;
        PhysAddr phys;
        /** Pins held by callers: a pinned page is never reclaimed. */
        int pins;
        boolean dirty;
        boolean active;
        boolean referenced;
        /** When it became dirty (monotonic nanoseconds). */
        long dirtiedAt;
        /**
         * The asynchronous readahead window still reading it, or null: such a page is hashed and
         * on the inactive list but not yet up to date, and pinned by the window; {@link #find}
         * waits for the window before it returns the page.
         */
        Window window;
        Page hashNext;
        /** Its LRU list (active or inactive): toward the head (newer) and the tail (older). */
        Page newer;
        Page older;

        public long index() {
            return index;
        }
    }

    /**
     * A readahead window read asynchronously: one device request for pages {@code [first, first +
     * count)} of {@code dev}, started by {@link #readAhead} and completed, under the lock, by the
     * first task that needs one of its pages ({@link #find}), or one that needs them all settled
     * ({@link #invalidate}). The request keeps {@link #phys} until then.
     */
    static final class Window {
        BlockDevice dev;
        long first;
        int count;
        /** The device's request, or null while the window is free. */
        Request request;
        final long[] phys = new long[BlockDevice.MAX_PAGES];
        final Page[] pages = new Page[BlockDevice.MAX_PAGES];
    }

    /**
     * How many windows may be in flight at once (a sequential reader has at most one): fewer than
     * a disk channel's requests, so that tasks that wait for a request always get one.
     */
    static final int WINDOWS = 4;
    private static final Window[] WINDOW_SLOTS = windows();

    @org.zeptux.rt.BuildTime
    private static Window[] windows() {
        Window[] w = new Window[WINDOWS];
        for (int i = 0; i < WINDOWS; i++) {
            w[i] = new Window();
        }
        return w;
    }

    static final Pool<Page> PAGES = Pool.of("page cache", Page.class, Owner.KERNEL_HEAP);
    /** The run being read or written by one request (under the lock): its pages and their physical addresses. */
    private static final Page[] RUN = new Page[BlockDevice.MAX_PAGES];
    private static final long[] RUN_PHYS = new long[BlockDevice.MAX_PAGES];
    /** A readahead window's physical pages (under the lock; apart from RUN_PHYS, which reclaim uses while a window is filled). */
    private static final long[] WINDOW = new long[BlockDevice.MAX_PAGES];
    /** A sequential reader's first window, in pages (Linux's initial readahead is 4 to 32 pages). */
    static final int RA_INITIAL = 4;
    private static final Page[] HASH = new Page[BUCKETS];
    private static final Mutex LOCK = new Mutex("page cache");

    private static Page activeHead;
    private static Page activeTail;
    private static Page inactiveHead;
    private static Page inactiveTail;

    // ---- figures (written under the lock) ----
    private static long cached;
    private static long active;
    private static long dirty;
    private static long writeback;
    private static long pgpgin;
    private static long pgpgout;
    private static long pgscan;
    private static long pgsteal;
    private static long pgactivate;
    private static long pgdeactivate;
    private static long allocstall;
    private static long stallNanos;
    private static long hits;
    private static long misses;
    private static long ioErrors;
    private static long readRequests;
    private static long readaheadPages;
    private static long writeRequests;

    /** How many times the task holding {@link #LOCK} has taken it again inside (only that task writes it). */
    private static int depth;

    /**
     * Takes the cache's lock; a task that holds it already only counts (ext2 holds it over a whole
     * lookup, create, unlink, eviction or write, so that the tens of small accesses inside cost a
     * compare each, not a mutex each). While one task holds it, the other allocators' shrinker gets
     * nothing from the cache ({@link #dropClean} never waits), as when another CPU is inside.
     */
    static void lock() {
        if (Scheduler.running()) {
            if (LOCK.owner() == Scheduler.current()) {
                depth++;
                return;
            }
            LOCK.lock();
        }
    }

    static void unlock() {
        if (Scheduler.running()) {
            if (depth > 0) {
                depth--;
                return;
            }
            LOCK.unlock();
        }
    }

    private static int bucket(BlockDevice dev, long index) {
        long h = index * 0x9E3779B97F4A7C15L + dev.dev();
        return (int) ((h >>> 40) & (BUCKETS - 1));
    }

    /** Page {@code index} of {@code dev} as the hash has it: it may still be being read ({@code window} not null). */
    private static Page lookup(BlockDevice dev, long index) {
        for (Page p = HASH[bucket(dev, index)]; p != null; p = p.hashNext) {
            if (p.dev == dev && p.index == index) {
                return p;
            }
        }
        return null;
    }

    /** Page {@code index} of {@code dev} up to date, or null: a page a readahead window still reads is waited for. */
    private static Page find(BlockDevice dev, long index) {
        Page p = lookup(dev, index);
        if (p != null && p.window != null) {
            complete(p.window);
            p = lookup(dev, index);                 // gone if the window's read failed
        }
        return p;
    }

    // ---- asynchronous readahead ----

    /**
     * Starts reading up to {@code want} pages of {@code dev} from {@code first} on, as far as
     * none of them is cached, in one request, without waiting: its pages are hashed at once, on
     * the inactive list, pinned by their window. How many pages it started (0: none — no free
     * window or page, the device has no queue, or the first page is cached). With the lock held.
     */
    private static int startWindow(BlockDevice dev, long first, int want) {
        Window w = null;
        for (int i = 0; i < WINDOWS && w == null; i++) {
            if (WINDOW_SLOTS[i].request == null) {
                w = WINDOW_SLOTS[i];
            }
        }
        long pages = dev.sectors() / (PAGE / BlockDevice.SECTOR);      // whole pages on the device
        if (w == null || first < 0) {
            return 0;
        }
        int n = 0;
        while (n < want && first + n < pages && lookup(dev, first + n) == null) {
            PhysAddr phys = allocPage();
            if (phys == null) {
                break;
            }
            Page q = PAGES.alloc();
            if (q == null) {
                Buddy.free(phys, 0, Owner.PAGE_CACHE);
                break;
            }
            w.phys[n] = phys.toLong();
            w.pages[n] = q;
            q.phys = phys;
            n++;
        }
        Request r = n == 0 ? null : dev.startRead(first * (PAGE / BlockDevice.SECTOR), w.phys, n);
        if (r == null) {
            for (int i = 0; i < n; i++) {
                Buddy.free(w.pages[i].phys, 0, Owner.PAGE_CACHE);
                w.pages[i].phys = null;
                PAGES.free(w.pages[i]);
                w.pages[i] = null;
            }
            return 0;
        }
        w.request = r;
        w.dev = dev;
        w.first = first;
        w.count = n;
        for (int i = 0; i < n; i++) {
            w.pages[i].window = w;
            insert(w.pages[i], dev, first + i, 1);     // the window's pin
        }
        misses++;
        readRequests++;
        readaheadPages += n;
        pgpgin += (long) n * (PAGE / 1024);
        return n;
    }

    /**
     * Waits for window {@code w}'s request and settles its pages: up to date and unpinned, or,
     * when the device failed, dropped (a later use reads the page alone and reports the error).
     * With the lock held.
     */
    private static void complete(Window w) {
        int e = w.dev.awaitRead(w.request);
        w.request = null;
        if (e < 0) {
            ioErrors++;
            Printf.printf("page cache: %s: readahead error %d at page %d (%d pages)\n", Printf.s(w.dev.name()), -e,
                    w.first, w.count);
        }
        for (int i = 0; i < w.count; i++) {
            Page q = w.pages[i];
            w.pages[i] = null;
            q.window = null;
            q.pins--;
            if (e < 0 && q.pins == 0) {
                unhash(q);
                release(q);
            }
        }
        w.dev = null;
        w.count = 0;
    }

    /** Completes every window of {@code dev}. With the lock held. */
    private static void completeAll(BlockDevice dev) {
        for (int i = 0; i < WINDOWS; i++) {
            Window w = WINDOW_SLOTS[i];
            if (w.request != null && w.dev == dev) {
                complete(w);
            }
        }
    }

    /**
     * A sequential reader reached the page that starts its next window ({@code ra.raAsync}):
     * starts it, twice the last window (up to the limits {@link #getSequential} keeps), at {@code
     * ra.raAhead}, and marks its first page as the next trigger. With the lock held.
     */
    private static void readAhead(BlockDevice dev, Inode ra) {
        int n = startWindow(dev, ra.raAhead, windowAfter(ra.raWindow));
        if (n > 0) {
            ra.raAsync = ra.raAhead;
            ra.raAhead += n;
            ra.raWindow = n;
        } else {
            ra.raAsync = -1;
        }
    }

    /** The window after one of {@code last} pages: twice it, at most {@link BlockDevice#MAX_PAGES} and an eighth of the cache's limit. */
    private static int windowAfter(int last) {
        int want = last > 0 ? Math.min(2 * last, BlockDevice.MAX_PAGES) : RA_INITIAL;
        long limit = Buddy.ZONE.limit(Owner.PAGE_CACHE);
        if (limit != org.zeptux.kernel.mm.Zone.NO_LIMIT && want > limit / 8) {
            want = (int) Math.max(1, limit / 8);
        }
        return want;
    }

    // ---- the LRU lists ----

    private static void unlinkLru(Page p) {
        if (p.newer != null) {
            p.newer.older = p.older;
        } else if (p.active) {
            activeHead = p.older;
        } else {
            inactiveHead = p.older;
        }
        if (p.older != null) {
            p.older.newer = p.newer;
        } else if (p.active) {
            activeTail = p.newer;
        } else {
            inactiveTail = p.newer;
        }
        p.newer = null;
        p.older = null;
        if (p.active) {
            active--;
        }
    }

    private static void pushHead(Page p, boolean toActive) {
        p.active = toActive;
        p.newer = null;
        if (toActive) {
            p.older = activeHead;
            if (activeHead != null) {
                activeHead.newer = p;
            } else {
                activeTail = p;
            }
            activeHead = p;
            active++;
        } else {
            p.older = inactiveHead;
            if (inactiveHead != null) {
                inactiveHead.newer = p;
            } else {
                inactiveTail = p;
            }
            inactiveHead = p;
        }
    }

    /** A use of {@code p}: a second use of an inactive page promotes it (Linux's mark_page_accessed). */
    private static void touch(Page p) {
        if (!p.active && p.referenced) {
            unlinkLru(p);
            pushHead(p, true);
            p.referenced = false;
            pgactivate++;
        } else {
            p.referenced = true;
        }
    }

    // ---- getting pages ----

    /**
     * Page {@code index} of {@code dev}, pinned, its bytes read from the device if it was not
     * cached (with {@code fill} false a missing page is made zeroed, not read: the caller will
     * overwrite all of it). Null with the reason in {@link Vfs#failure} (EIO, ENOMEM).
     */
    public static Page get(BlockDevice dev, long index, boolean fill) {
        lock();
        try {
            return getLocked(dev, index, fill);
        } finally {
            unlock();
        }
    }

    /**
     * Page {@code index} of {@code dev}, pinned and all zeros, marked dirty (a block just
     * allocated whole to a file): a page made for it is zeroed once as it is made, a page still
     * cached from the block's earlier use is zeroed here. Null with the reason in {@link
     * Vfs#failure} (EIO, ENOMEM).
     */
    public static Page getZeroed(BlockDevice dev, long index) {
        lock();
        try {
            long before = misses;
            Page p = getLocked(dev, index, false);
            if (p != null && misses == before) {
                FilePages.zero(p.phys, 0, 0, PAGE);     // a hit: the old contents go
            }
            return p;
        } finally {
            unlock();
        }
    }

    private static Page getLocked(BlockDevice dev, long index, boolean fill) {
        Page p = find(dev, index);
        if (p != null) {
            hits++;
            p.pins++;
            touch(p);
            return p;
        }
        misses++;
        long bytes = dev.sectors() * BlockDevice.SECTOR - index * PAGE;
        if (index < 0 || bytes <= 0) {
            Vfs.failure = Errno.EIO;
            return null;
        }
        PhysAddr phys = allocPage();
        if (phys == null) {
            Vfs.failure = Errno.ENOMEM;
            return null;
        }
        int length = (int) Math.min(PAGE, bytes);
        if (fill) {
            int e = dev.transfer(false, index * (PAGE / BlockDevice.SECTOR), phys, 0, length & ~(BlockDevice.SECTOR - 1));
            if (e < 0) {
                ioErrors++;
                Buddy.free(phys, 0, Owner.PAGE_CACHE);
                Printf.printf("page cache: %s: read error %d at page %d\n", Printf.s(dev.name()), -e,
                        index);
                Vfs.failure = Errno.EIO;
                return null;
            }
            pgpgin += length / 1024;
            readRequests++;
            if (length < PAGE) {
                FilePages.zero(phys, 0, length, PAGE - length);
            }
        } else {
            FilePages.zero(phys, 0, 0, PAGE);
        }
        p = PAGES.alloc();
        if (p == null) {
            Buddy.free(phys, 0, Owner.PAGE_CACHE);
            Vfs.failure = Errno.ENOMEM;
            return null;
        }
        p.phys = phys;
        insert(p, dev, index, 1);
        return p;
    }

    /** Makes {@code p} (its page set) page {@code index} of {@code dev} with {@code pins}: hashed, at the inactive list's head, counted. */
    private static void insert(Page p, BlockDevice dev, long index, int pins) {
        p.dev = dev;
        p.index = index;
        p.pins = pins;
        int b = bucket(dev, index);
        p.hashNext = HASH[b];
        HASH[b] = p;
        pushHead(p, false);
        cached++;
    }

    /**
     * Page {@code index} of {@code dev} for a reader of a file (its readahead state in {@code ra}),
     * pinned and read as {@link #get} does; {@code start} says the read is at the file's start.
     * Readahead (Linux's on-demand readahead): a miss on the page after the one the reader had last
     * ({@code ra.raNext}), or at the start of the file, reads a window of the following pages not
     * yet cached in the same request (one command of up to {@link BlockDevice#MAX_PAGES} pages)
     * and waits for it; the window starts at {@link #RA_INITIAL} pages and doubles with each
     * sequential window up to that limit, and never exceeds an eighth of the cache's limit. Any
     * other miss reads the one page and starts over. Then the reader's next window is started
     * without waiting ({@link #readAhead}) where that one ends, and each time the reader reaches
     * the first page of the window in flight (waiting for it if it is not read yet), the one
     * after it starts: the device reads ahead while the reader works on what it has. The pages
     * read ahead are charged to the page cache like any other and go to the inactive list; none
     * is reclaimed to make room for its own window.
     */
    public static Page getSequential(BlockDevice dev, long index, Inode ra, boolean start) {
        lock();
        try {
            Page p = find(dev, index);
            long next = ra.raNext;
            ra.raNext = index + 1;
            boolean sequential = index == next || start;
            if (p != null) {
                hits++;
                p.pins++;
                touch(p);
                if (sequential && index == ra.raAsync) {
                    readAhead(dev, ra);
                }
                return p;
            }
            int want = 1;
            if (index == next && ra.raWindow > 0) {
                want = windowAfter(ra.raWindow);
            } else if (sequential) {
                want = windowAfter(0);
            }
            long pages = dev.sectors() / (PAGE / BlockDevice.SECTOR);      // whole pages on the device
            int n = 0;
            while (n < want && index + n < pages && (n == 0 || lookup(dev, index + n) == null)) {
                PhysAddr phys = allocPage();
                if (phys == null) {
                    break;
                }
                WINDOW[n] = phys.toLong();
                n++;
            }
            if (n <= 1) {
                if (n == 1) {
                    Buddy.free(PhysAddr.of(WINDOW[0]), 0, Owner.PAGE_CACHE);
                }
                ra.raWindow = 0;
                ra.raAsync = -1;
                return getLocked(dev, index, true);
            }
            misses++;
            int e = dev.transferPages(false, index * (PAGE / BlockDevice.SECTOR), WINDOW, n);
            if (e < 0) {
                // A page of the window may be what failed: give the window back and read the one asked for.
                ioErrors++;
                for (int i = 0; i < n; i++) {
                    Buddy.free(PhysAddr.of(WINDOW[i]), 0, Owner.PAGE_CACHE);
                }
                ra.raWindow = 0;
                ra.raAsync = -1;
                misses--;
                return getLocked(dev, index, true);
            }
            readRequests++;
            readaheadPages += n - 1;
            pgpgin += (long) n * (PAGE / 1024);
            ra.raWindow = n;
            Page first = null;
            for (int i = 0; i < n; i++) {
                Page q = PAGES.alloc();
                if (q == null) {
                    for (int j = i; j < n; j++) {
                        Buddy.free(PhysAddr.of(WINDOW[j]), 0, Owner.PAGE_CACHE);
                    }
                    break;
                }
                q.phys = PhysAddr.of(WINDOW[i]);
                insert(q, dev, index + i, i == 0 ? 1 : 0);
                if (i == 0) {
                    first = q;
                }
            }
            if (first == null) {
                Vfs.failure = Errno.ENOMEM;
                return null;
            }
            ra.raAhead = index + n;
            readAhead(dev, ra);                     // the next window, read while this one is used
            return first;
        } finally {
            unlock();
        }
    }

    /** Drops the pin {@link #get} gave. */
    public static void put(Page p) {
        lock();
        if (p.pins <= 0) {
            unlock();
            throw new IllegalStateException("a page-cache page put more often than got");
        }
        p.pins--;
        unlock();
    }

    /** Marks pinned page {@code p} dirty: its bytes are to be written back. */
    public static void markDirty(Page p) {
        lock();
        dirtyLocked(p);
        unlock();
    }

    /**
     * Copies {@code n} bytes of {@code dev} at byte {@code pos} (inside one page) into {@code
     * dst[at..]}: what {@link #get}, {@link #read} and {@link #put} do, under one taking of the
     * lock (ext2's small reads of inode records, bitmaps and directory entries). 0, or -errno
     * (EIO, ENOMEM) as get gives it.
     */
    public static int readBytes(BlockDevice dev, long pos, byte[] dst, int at, int n) {
        lock();
        try {
            Page p = getLocked(dev, pos / PAGE, true);
            if (p == null) {
                return -Vfs.failure;
            }
            FilePages.read(p.phys, 0, (int) (pos % PAGE), dst, at, n);
            p.pins--;
            return 0;
        } finally {
            unlock();
        }
    }

    /**
     * How many of the up to {@code max} little-endian 32-bit words at byte {@code pos} of {@code
     * dev} (4-aligned, all inside one page) go on from {@code value}: {@code value + 1}, {@code
     * value + 2}, ... — the contiguous run of a block map. -errno when the page cannot be read.
     */
    static int wordRun(BlockDevice dev, long pos, long value, int max) {
        lock();
        try {
            Page p = getLocked(dev, pos / PAGE, true);
            if (p == null) {
                return -Vfs.failure;
            }
            int off = (int) (pos % PAGE);
            int n = 0;
            while (n < max && off + 4 * n + 4 <= PAGE) {
                int o = off + 4 * n;
                long w = FilePages.load64(p.phys, o >>> 3) >>> ((o & 7) * 8) & 0xFFFF_FFFFL;
                if (w != value + 1 + n) {
                    break;
                }
                n++;
            }
            p.pins--;
            return n;
        } finally {
            unlock();
        }
    }

    /**
     * Copies {@code src[at..at+n)} to {@code dev} at byte {@code pos} (inside one page) and marks
     * the page dirty: {@link #get}, {@link #write} and {@link #put} under one taking of the lock
     * (a page not cached is read first unless {@code n} covers all of it). 0, or -errno.
     */
    public static int writeBytes(BlockDevice dev, long pos, byte[] src, int at, int n) {
        lock();
        try {
            Page p = getLocked(dev, pos / PAGE, n < PAGE);
            if (p == null) {
                return -Vfs.failure;
            }
            FilePages.write(p.phys, 0, (int) (pos % PAGE), src, at, n);
            dirtyLocked(p);
            p.pins--;
            return 0;
        } finally {
            unlock();
        }
    }

    /** The bytes {@link #modifyByte} and {@link #addU16} change (under the lock). */
    private static final byte[] RMW = new byte[2];

    /**
     * Clears the bits {@code clear}, then sets the bits {@code set}, of the byte of {@code dev} at
     * {@code pos} (a bitmap's bit), marking the page dirty, under one taking of the lock: the byte
     * as it was (0..255), or -errno.
     */
    static int modifyByte(BlockDevice dev, long pos, int clear, int set) {
        lock();
        try {
            Page p = getLocked(dev, pos / PAGE, true);
            if (p == null) {
                return -Vfs.failure;
            }
            int in = (int) (pos % PAGE);
            FilePages.read(p.phys, 0, in, RMW, 0, 1);
            int old = RMW[0] & 0xFF;
            RMW[0] = (byte) ((old & ~clear) | set);
            FilePages.write(p.phys, 0, in, RMW, 0, 1);
            dirtyLocked(p);
            p.pins--;
            return old;
        } finally {
            unlock();
        }
    }

    /**
     * Adds {@code delta} to the little-endian 16-bit count of {@code dev} at {@code pos} (inside
     * one page; a group descriptor's free counts), never below 0, marking the page dirty, under
     * one taking of the lock: the count as it was, or -errno.
     */
    static int addU16(BlockDevice dev, long pos, int delta) {
        lock();
        try {
            Page p = getLocked(dev, pos / PAGE, true);
            if (p == null) {
                return -Vfs.failure;
            }
            int in = (int) (pos % PAGE);
            FilePages.read(p.phys, 0, in, RMW, 0, 2);
            int old = (RMW[0] & 0xFF) | (RMW[1] & 0xFF) << 8;
            int now = Math.max(0, old + delta);
            RMW[0] = (byte) now;
            RMW[1] = (byte) (now >>> 8);
            FilePages.write(p.phys, 0, in, RMW, 0, 2);
            dirtyLocked(p);
            p.pins--;
            return old;
        } finally {
            unlock();
        }
    }

    private static void dirtyLocked(Page p) {
        if (!p.dirty) {
            p.dirty = true;
            p.dirtiedAt = Clock.monotonicNanos();
            dirty++;
        }
    }

    /** Copies {@code n} bytes of pinned page {@code p} from {@code offset} into {@code dst[at..]}. */
    public static void read(Page p, int offset, byte[] dst, int at, int n) {
        FilePages.read(p.phys, 0, offset, dst, at, n);
    }

    /** Copies {@code n} bytes of pinned page {@code p} at {@code offset} to user {@code dst} (one copy); how many before a fault. */
    public static int copyToUser(Page p, int offset, UserPtr dst, int n) {
        return FilePages.copyToUser(dst, p.phys, 0, offset, n);
    }

    /** Copies {@code src[at..at+n)} into pinned page {@code p} at {@code offset} and marks it dirty. */
    public static void write(Page p, int offset, byte[] src, int at, int n) {
        FilePages.write(p.phys, 0, offset, src, at, n);
        markDirty(p);
    }

    /**
     * Copies {@code n} bytes from user {@code src} into pinned page {@code p} at {@code offset}
     * (one copy, no kernel buffer between) and marks it dirty if any came; how many were copied
     * before a fault.
     */
    public static int copyFromUser(Page p, int offset, UserPtr src, int n) {
        int copied = FilePages.copyFromUser(p.phys, 0, offset, src, n);
        if (copied > 0) {
            markDirty(p);
        }
        return copied;
    }

    /** Zeroes {@code n} bytes of pinned page {@code p} from {@code offset} and marks it dirty. */
    public static void zero(Page p, int offset, int n) {
        FilePages.zero(p.phys, 0, offset, n);
        markDirty(p);
    }

    /** The physical page of pinned page {@code p} (for copies to and from user memory). */
    public static PhysAddr phys(Page p) {
        return p.phys;
    }

    /** A page for the cache: from the buddy allocator, after reclaim when the limit or memory is reached. */
    private static PhysAddr allocPage() {
        PhysAddr phys = Buddy.alloc(0, Owner.PAGE_CACHE);
        if (phys != null) {
            return phys;
        }
        long start = Clock.monotonicNanos();
        allocstall++;
        for (int attempt = 0; attempt < 4 && phys == null; attempt++) {
            reclaimLocked(32);
            phys = Buddy.alloc(0, Owner.PAGE_CACHE);
        }
        stallNanos += Clock.monotonicNanos() - start;
        return phys;
    }

    // ---- writeback ----

    /** Whether {@code p} is a whole page of its device (the last page of a device may be shorter). */
    private static boolean wholePage(Page p) {
        return (p.index + 1) * (PAGE / BlockDevice.SECTOR) <= p.dev.sectors();
    }

    /**
     * Writes {@code p} back if dirty, with the dirty pages next to it on the device (write
     * clustering): the run of dirty pages around it, whole pages only, up to {@link
     * BlockDevice#MAX_PAGES}, goes in one request. 0 or -EIO (the run stays dirty). With the lock held.
     */
    private static int writeRun(Page p) {
        if (!p.dirty || !wholePage(p)) {
            return writeOne(p);
        }
        long first = p.index;
        while (first > 0 && p.index - first < BlockDevice.MAX_PAGES - 1) {
            Page q = lookup(p.dev, first - 1);
            if (q == null || !q.dirty) {
                break;
            }
            first--;
        }
        int n = 0;
        while (n < BlockDevice.MAX_PAGES) {
            Page q = n == (int) (p.index - first) ? p : lookup(p.dev, first + n);
            if (q == null || !q.dirty || !wholePage(q)) {
                break;
            }
            RUN[n] = q;
            RUN_PHYS[n] = q.phys.toLong();
            n++;
        }
        if (n == 1) {
            RUN[0] = null;
            return writeOne(p);
        }
        for (int i = 0; i < n; i++) {
            RUN[i].dirty = false;
        }
        dirty -= n;
        writeback += n;
        int e = p.dev.transferPages(true, first * (PAGE / BlockDevice.SECTOR), RUN_PHYS, n);
        writeback -= n;
        if (e < 0) {
            ioErrors++;
            for (int i = 0; i < n; i++) {
                RUN[i].dirty = true;
            }
            dirty += n;
            Printf.printf("page cache: %s: write error %d at pages %d..%d\n", Printf.s(p.dev.name()), -e, first,
                    first + n - 1);
        } else {
            writeRequests++;
            pgpgout += (long) n * (PAGE / 1024);
        }
        for (int i = 0; i < n; i++) {
            RUN[i] = null;
        }
        return e < 0 ? -Errno.EIO : 0;
    }

    /** Writes {@code p} back if dirty: 0 or -EIO (the page stays dirty). With the lock held. */
    private static int writeOne(Page p) {
        if (!p.dirty) {
            return 0;
        }
        long bytes = p.dev.sectors() * BlockDevice.SECTOR - p.index * PAGE;
        int length = (int) Math.min(PAGE, bytes) & ~(BlockDevice.SECTOR - 1);
        p.dirty = false;
        dirty--;
        writeback++;
        int e = length <= 0 ? 0 : p.dev.transfer(true, p.index * (PAGE / BlockDevice.SECTOR), p.phys, 0, length);
        writeback--;
        if (e < 0) {
            ioErrors++;
            p.dirty = true;
            dirty++;
            Printf.printf("page cache: %s: write error %d at page %d\n", Printf.s(p.dev.name()), -e,
                    p.index);
            return -Errno.EIO;
        }
        pgpgout += length / 1024;
        writeRequests++;
        return 0;
    }

    /**
     * Writes back every dirty page of {@code dev} (null: of every device) that has been dirty
     * since {@code olderThan} or before (Long.MAX_VALUE: all), then flushes the devices' caches
     * when {@code flush}: 0, or -EIO when a page could not be written.
     */
    public static int sync(BlockDevice dev, long olderThan, boolean flush) {
        lock();
        int result = 0;
        try {
            for (int b = 0; b < BUCKETS; b++) {
                for (Page p = HASH[b]; p != null; p = p.hashNext) {
                    if (p.dirty && (dev == null || p.dev == dev) && p.dirtiedAt <= olderThan && writeRun(p) < 0) {
                        result = -Errno.EIO;
                    }
                }
            }
            if (flush && dev != null && dev.flush() < 0) {
                result = -Errno.EIO;
            }
        } finally {
            unlock();
        }
        return result;
    }

    /** Drops every page of {@code dev} (written back first if {@code write}); pinned pages stay. How many stayed. */
    public static int invalidate(BlockDevice dev, boolean write) {
        lock();
        int stayed = 0;
        try {
            completeAll(dev);                       // no page of dev is left being read
            for (int b = 0; b < BUCKETS; b++) {
                Page prev = null;
                Page p = HASH[b];
                while (p != null) {
                    Page next = p.hashNext;
                    if (p.dev == dev && p.pins == 0 && (!write || writeRun(p) == 0)) {
                        if (prev == null) {
                            HASH[b] = next;
                        } else {
                            prev.hashNext = next;
                        }
                        release(p);
                    } else {
                        if (p.dev == dev) {
                            stayed++;
                        }
                        prev = p;
                    }
                    p = next;
                }
            }
        } finally {
            unlock();
        }
        return stayed;
    }

    /** Frees {@code p} (unhashed already): off its list, its page back. */
    private static void release(Page p) {
        unlinkLru(p);
        if (p.dirty) {
            p.dirty = false;
            dirty--;
        }
        Buddy.free(p.phys, 0, Owner.PAGE_CACHE);
        p.phys = null;
        p.dev = null;
        cached--;
        PAGES.free(p);
    }

    private static void unhash(Page p) {
        int b = bucket(p.dev, p.index);
        Page prev = null;
        for (Page q = HASH[b]; q != null; q = q.hashNext) {
            if (q == p) {
                if (prev == null) {
                    HASH[b] = q.hashNext;
                } else {
                    prev.hashNext = q.hashNext;
                }
                return;
            }
            prev = q;
        }
    }

    // ---- reclaim ----

    /** Frees up to {@code n} cache pages (dirty ones written first): how many were freed. For other allocators. */
    public static long shrink(long n) {
        lock();
        try {
            return reclaimLocked(n);
        } finally {
            unlock();
        }
    }

    private static long reclaimLocked(long want) {
        long freed = 0;
        long budget = 2 * cached + 8;              // every page looked at at most about twice: no endless scan
        while (freed < want && budget > 0) {
            // Age: while the active list is the longer, its oldest page goes to the inactive head.
            while (active > cached - active && activeTail != null) {
                Page a = activeTail;
                unlinkLru(a);
                a.referenced = false;
                pushHead(a, false);
                pgdeactivate++;
            }
            Page p = inactiveTail;
            if (p == null) {
                break;
            }
            budget--;
            pgscan++;
            unlinkLru(p);
            if (p.pins > 0) {
                pushHead(p, false);                 // in use: look again later
                continue;
            }
            if (p.referenced) {
                p.referenced = false;
                pushHead(p, true);                  // used since it came: a second chance on the active list
                pgactivate++;
                continue;
            }
            if (p.dirty && writeRun(p) < 0) {
                pushHead(p, false);
                continue;
            }
            pushHead(p, false);                     // release unlinks it again
            unhash(p);
            release(p);
            pgsteal++;
            freed++;
        }
        return freed;
    }

    // ---- reclaim for other allocators ----

    /** The page cache's shrinker for the buddy allocator ({@link org.zeptux.kernel.mm.Reclaim}). */
    private static final class CleanShrinker implements org.zeptux.kernel.mm.Reclaim.Shrinker {
        @Override
        public long dropClean(long pages) {
            return PageCache.dropClean(pages);
        }
    }

    static {
        org.zeptux.kernel.mm.Reclaim.register(new CleanShrinker());
    }

    /**
     * Frees up to {@code pages} clean, unpinned pages from the inactive list's tail (then the
     * active list's), without I/O and without sleeping: nothing when the lock is taken. For an
     * allocator about to fail; how many were freed.
     */
    static long dropClean(long pages) {
        boolean locked = Scheduler.running();
        if (locked && !LOCK.tryLock()) {
            return 0;
        }
        long freed = 0;
        long start = Clock.monotonicNanos();
        for (int list = 0; list < 2 && freed < pages; list++) {
            Page p = list == 0 ? inactiveTail : activeTail;
            while (p != null && freed < pages) {
                Page next = p.newer;
                pgscan++;
                if (p.pins == 0 && !p.dirty) {
                    unhash(p);
                    release(p);
                    pgsteal++;
                    freed++;
                }
                p = next;
            }
        }
        if (freed > 0) {
            allocstall++;
            stallNanos += Clock.monotonicNanos() - start;
        }
        if (locked) {
            LOCK.unlock();
        }
        return freed;
    }

    // ---- the writeback thread ----

    static final long WRITEBACK_INTERVAL_MS = 5000;
    static final long DIRTY_EXPIRE_NS = 30_000_000_000L;
    private static final Flusher FLUSHER = new Flusher();
    private static Task flusher;

    private static final class Flusher implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            while (true) {
                Scheduler.sleep(WRITEBACK_INTERVAL_MS);
                long now = Clock.monotonicNanos();
                sync(null, now - DIRTY_EXPIRE_NS, false);
            }
        }
    }

    /** Starts the writeback thread ("flush", as Linux's flush-MAJOR:MINOR) if it is not running: at the first mount of a disk. */
    public static void startWriteback() {
        if (flusher == null && Scheduler.running()) {
            flusher = Scheduler.spawn("flush", FLUSHER, 0, 0, true);
        }
    }

    // ---- figures ----

    public static long cachedPages() {
        return cached;
    }

    public static long dirtyPages() {
        return dirty;
    }

    public static long writebackPages() {
        return writeback;
    }

    public static long activePages() {
        return active;
    }

    public static long inactivePages() {
        return cached - active;
    }

    public static long pgpgin() {
        return pgpgin;
    }

    public static long pgpgout() {
        return pgpgout;
    }

    public static long pgscan() {
        return pgscan;
    }

    public static long pgsteal() {
        return pgsteal;
    }

    public static long pgactivate() {
        return pgactivate;
    }

    public static long pgdeactivate() {
        return pgdeactivate;
    }

    public static long allocstall() {
        return allocstall;
    }

    public static long stallNanos() {
        return stallNanos;
    }

    public static long hits() {
        return hits;
    }

    public static long misses() {
        return misses;
    }

    /** Device reads the cache issued (a readahead window is one). */
    public static long readRequests() {
        return readRequests;
    }

    /** Pages read ahead: read in a window beyond the page asked for. */
    public static long readaheadPages() {
        return readaheadPages;
    }

    /** Device writes the cache issued (a clustered run is one). */
    public static long writeRequests() {
        return writeRequests;
    }

    /** The monitor's `mem` lines for the page cache. */
    public static void print() {
        Printf.printf("page cache: %d pages (active %d, inactive %d), dirty %d, writeback %d\n", cached,
                active, cached - active, dirty, writeback);
        Printf.printf("reclaim: pgscan %d, pgsteal %d, allocstall %d (%d ms), hits %d, misses %d\n", pgscan,
                pgsteal, allocstall, stallNanos / 1_000_000, hits,
                misses);
    }
}
