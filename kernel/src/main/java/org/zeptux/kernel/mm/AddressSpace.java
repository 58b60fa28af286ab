package org.zeptux.kernel.mm;

import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.hw.UserPages;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Shootdown;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.BuildTime;
import org.zeptux.rt.PhysAddr;

/**
 * A process's user address space: its page tables ({@link UserPages}, the raw half) and the
 * list of its mappings ({@link Vma}, sorted by address), with the memory it holds charged to
 * it under a limit.
 *
 * <p>Memory is never overcommitted: every page of a mapping is allocated (owner
 * {@link Owner#USER}, zero-filled) when the mapping is made, and a mapping that would take the
 * space over its limit (user pages and page-table pages together), or that the allocator
 * cannot satisfy, is refused with -ENOMEM and leaves nothing behind. So a program finds out
 * at mmap or brk, as a result, and never by being killed at a page fault.
 *
 * <p>Layout (Linux's, without randomisation):
 * <pre>
 *   0x0000000000400000..    the program's segments (ET_EXEC), or at {@link #PIE_BASE} (static PIE)
 *   after the highest:      the break (brk), growing up
 *   below {@link #MMAP_TOP}: mmap, top down
 *   {@link #STACK_TOP} - {@link #STACK_BYTES}: the stack, its top at the last user page
 * </pre>
 *
 * <p>Locking: every space has a spinlock, "address space" (one of {@link #LOCKS} hashed locks,
 * Linux's mmap_lock and page_table_lock in one), held by every public method that reads or
 * changes its mappings, its page tables or its counts, for the whole of the change: the threads
 * of one process run on several CPUs at once and map, unmap, protect, move the break and break
 * copy-on-write pages of it together. A spinlock, not a mutex, because the page-fault handler
 * takes it and runs in interrupt context (the compiler refuses a sleeping lock there); what it
 * guards never sleeps (the buddy allocator and the pools do not; shootdowns spin serving their
 * own CPU's requests, as every spinlock's waiter does). Memory is committed at mmap, so the only
 * fault is a copy-on-write break: one page copied under the lock. Its order: taken under "futex
 * bucket" (a futex's user copy may break a copy-on-write page) and under no other process lock;
 * inside it, "buddy" and the pools' locks. A space being created (before it is published) and
 * one being destroyed (no process uses it, no CPU has it loaded: {@link #destroy}) is reached by
 * one thread only and not locked (destroy takes it for its teardown all the same).
 */
public final class AddressSpace {
    public static final int PROT_READ = UserPages.PROT_READ;
    public static final int PROT_WRITE = UserPages.PROT_WRITE;
    public static final int PROT_EXEC = UserPages.PROT_EXEC;
    /** Where a static PIE (ET_DYN with no interpreter) is loaded: Linux's ELF_ET_DYN_BASE, page-aligned. */
    public static final long PIE_BASE = 0x0000555555554000L;
    public static final long STACK_TOP = UserAccess.USER_END;
    public static final long STACK_BYTES = 256 * 1024;
    /** mmap's highest end: a 16 MiB gap below the stack stays unmapped. */
    public static final long MMAP_TOP = STACK_TOP - (16L << 20);
    /** The lowest address a mapping may have (Linux's mmap_min_addr): page 0 stays unmapped. */
    public static final long MMAP_MIN = 0x10000;
    public static final long PAGE = Phys.PAGE_SIZE;

    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;
    public static final int EEXIST = 17;

    /** What a mapping is, for the {@code maps} listing. */
    public static final int ANONYMOUS = 0;
    public static final int PROGRAM = 1;
    public static final int HEAP = 2;
    public static final int STACK = 3;
    public static final int FILE = 4;
    /** Anonymous memory mmap'd MAP_SHARED: a fork shares it writable (no copy-on-write). */
    public static final int SHARED = 5;

    static final Pool<AddressSpace> SPACES = Pool.of("address spaces", AddressSpace.class, Owner.KERNEL_HEAP);
    static final Pool<Vma> VMAS = Pool.of("mappings", Vma.class, Owner.KERNEL_HEAP);

    /** The hashed spinlocks "address space": a space uses {@code LOCKS[lockIndex]}. */
    static final int LOCK_COUNT = 32;
    private static final SpinLock[] LOCKS = locks();
    /** Spreads spaces over the locks (a racy count: any index is right, only the spread suffers). */
    private static int nextLock;

    @BuildTime
    private static SpinLock[] locks() {
        SpinLock[] l = new SpinLock[LOCK_COUNT];
        for (int i = 0; i < LOCK_COUNT; i++) {
            l[i] = new SpinLock("address space");
        }
        return l;
    }

    private int lockIndex;
    /** Unmaps done (under the lock): mmap of a file writes its bytes only while none came between. */
    private long unmaps;
    private PhysAddr root;
    private Vma first;
    private long userPages;
    private long tablePages;
    private long limitPages;
    private long peakPages;
    private long brkStart;
    private long brk;
    /** Kernel pages charged for its threads (chargeKernel): part of {@link #pages}, so of the limit. */
    private long kernelPages;
    /** Processes using it (clone with CLONE_VM shares it); the caller of share and unshare serialises them. */
    private int users;

    /** One mapping: [start, end), page-aligned, its rights and kind. */
    static final class Vma {
        long start;
        long end;
        int prot;
        int kind;
        Vma next;
    }

    /**
     * A new, empty address space that may hold at most {@code limitPages} pages (user pages and
     * page tables together); null when there is no memory for it.
     */
    public static AddressSpace create(long limitPages) {
        AddressSpace as = SPACES.alloc();
        if (as == null) {
            return null;
        }
        as.root = UserPages.newRoot();
        if (as.root == null) {
            SPACES.free(as);
            return null;
        }
        int index = nextLock;
        nextLock = (index + 1) & (LOCK_COUNT - 1);
        as.lockIndex = index & (LOCK_COUNT - 1);
        as.unmaps = 0;
        as.first = null;
        as.userPages = 0;
        as.kernelPages = 0;
        as.brkStart = 0;
        as.brk = 0;
        as.tablePages = 1;
        as.limitPages = limitPages;
        as.peakPages = 1;
        as.users = 1;
        return as;
    }

    /** This space's lock ("address space"). */
    private SpinLock lock() {
        return LOCKS[lockIndex];
    }

    /** One more process uses this space (clone with CLONE_VM and without CLONE_THREAD). */
    public void share() {
        users++;
    }

    /** One process less uses it; true when it was the last (then {@link #destroy} it). */
    public boolean unshare() {
        users--;
        return users == 0;
    }

    /** Pages held: user pages, page tables and the kernel pages its threads are charged ({@link #chargeKernel}). */
    public long pages() {
        return userPages + tablePages + kernelPages;
    }

    /**
     * Charges {@code n} pages of kernel memory a thread of the process holds (its kernel stack,
     * task and buffers) against the limit; false, and nothing charged, when they do not fit.
     */
    public boolean chargeKernel(long n) {
        SpinLock l = lock();
        l.lock();
        boolean fits = n <= limitPages - pages();
        if (fits) {
            kernelPages += n;
        }
        l.unlock();
        return fits;
    }

    /** Gives back what {@link #chargeKernel} took for a thread that ended. */
    public void unchargeKernel(long n) {
        SpinLock l = lock();
        l.lock();
        kernelPages -= n;
        l.unlock();
    }

    /** The most pages it ever held. */
    public long peakPages() {
        return peakPages;
    }

    public long limitPages() {
        return limitPages;
    }

    /** The program break's start and current end (0 before {@link #setBreak}). */
    public long breakStart() {
        return brkStart;
    }

    public long currentBreak() {
        return brk;
    }

    /** Sets where the break starts (after the program's highest segment, page-aligned); the loader's, before the space runs. */
    public void setBreak(long start) {
        SpinLock l = lock();
        l.lock();
        brkStart = start;
        brk = start;
        l.unlock();
    }

    /**
     * This CPU runs on this address space from now on (CR3), with interrupts off: it is one of
     * the CPUs that have it loaded ({@link #cpuMask}) until it loads another one or the kernel's.
     * The CPU is marked before the load (a volatile store: a full fence), so a CPU that changes
     * the mappings and does not see the mark changed them before this load, whose TLB is fresh.
     */
    public void activate() {
        PerCpu cpu = PerCpu.current();
        if (cpu.space != this) {
            cpu.space = this;
        }
        UserPages.activate(root);
    }

    /**
     * This CPU runs on the kernel's page tables from now on (a kernel thread, the idle task, a
     * process on its way out), with interrupts off; unmarked after the load, so until then a
     * change of its old space's mappings is still shot down here. No CPU keeps a user address
     * space loaded while it runs kernel threads (no lazy TLB): one whose last thread has left is
     * loaded nowhere, and its page tables can be freed.
     */
    public static void activateKernel() {
        UserPages.activateKernel();
        PerCpu cpu = PerCpu.current();
        if (cpu.space != null) {
            cpu.space = null;
        }
    }

    /** The CPUs that have this space loaded now (bit n for CPU n): where its TLB entries may be. */
    public long cpuMask() {
        long mask = 0;
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            if (PerCpu.of(i).space == this) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    private static boolean pageAligned(long x) {
        return (x & (PAGE - 1)) == 0;
    }

    /** Whether [start, start + length) is a valid user range: aligned, non-empty, inside the user half above MMAP_MIN. */
    private static boolean validRange(long start, long length) {
        return pageAligned(start) && pageAligned(length) && length > 0 && start >= MMAP_MIN
                && start < STACK_TOP && length <= STACK_TOP - start;
    }

    /** The first mapping that ends above {@code address}, or null. */
    private Vma firstEndingAbove(long address) {
        Vma v = first;
        while (v != null && v.end <= address) {
            v = v.next;
        }
        return v;
    }

    /** The start of the mapping that holds {@code address}, or -1. */
    public long mappingStart(long address) {
        SpinLock l = lock();
        l.lock();
        Vma v = firstEndingAbove(address);
        long start = v != null && v.start <= address ? v.start : -1;
        l.unlock();
        return start;
    }

    /** The end of the mapping that holds {@code address}, or -1. */
    public long mappingEnd(long address) {
        SpinLock l = lock();
        l.lock();
        Vma v = firstEndingAbove(address);
        long end = v != null && v.start <= address ? v.end : -1;
        l.unlock();
        return end;
    }

    /** Whether any mapping overlaps [start, end). */
    public boolean overlaps(long start, long end) {
        SpinLock l = lock();
        l.lock();
        boolean r = overlapsLocked(start, end);
        l.unlock();
        return r;
    }

    /** Whether any mapping overlaps [start, end) (under the lock). */
    private boolean overlapsLocked(long start, long end) {
        Vma v = firstEndingAbove(start);
        return v != null && v.start < end;
    }

    /** How {@link #mapAt} places a mapping. */
    public static final int AT_HINT = 0;
    public static final int AT_FIXED = 1;
    public static final int AT_FIXED_NOREPLACE = 2;

    /**
     * mmap's placement and mapping in one step under the lock (another thread's mmap cannot take
     * the range in between): AT_FIXED at {@code address}, replacing what is there; AT_FIXED_NOREPLACE
     * there or -EEXIST; AT_HINT at {@code address} when it is a free, valid range, else the highest
     * free range ({@link #findFree}). Returns the address, or -EINVAL, -EEXIST, -ENOMEM; with
     * {@code unmapsOut} not null, its first 8 bytes get the unmap count right after the mapping
     * (for {@link #writeIfUnchanged}).
     */
    public long mapAt(long address, long length, int prot, int kind, int how, byte[] unmapsOut) {
        SpinLock l = lock();
        l.lock();
        long at;
        if (how != AT_HINT) {
            at = address;
            if (overlapsLocked(address, address + length)) {
                if (how != AT_FIXED) {
                    l.unlock();
                    return -EEXIST;
                }
                int error = unmapLocked(address, length);
                if (error != 0) {
                    l.unlock();
                    return error;
                }
            }
        } else if (address != 0 && pageAligned(address) && address >= MMAP_MIN && address < MMAP_TOP
                && length <= MMAP_TOP - address && !overlapsLocked(address, address + length)) {
            at = address;
        } else {
            at = findFreeLocked(length);
            if (at == 0) {
                l.unlock();
                return -ENOMEM;
            }
        }
        int error = mapLocked(at, length, prot, kind);
        if (unmapsOut != null) {
            Elf.put64(unmapsOut, 0, unmaps);
        }
        l.unlock();
        return error != 0 ? error : at;
    }

    /**
     * As {@link #write}, only if no unmap happened since {@link #mapAt} gave {@code since}
     * (mmap filling a file's mapping after reading the file with the lock let go: another thread's
     * MAP_FIXED over the range meanwhile must not get the file's bytes); false otherwise.
     */
    public boolean writeIfUnchanged(long since, long address, byte[] src, int at, int n) {
        SpinLock l = lock();
        l.lock();
        boolean ok = unmaps == since && writeLocked(address, src, at, n);
        l.unlock();
        return ok;
    }

    /**
     * Maps [{@code start}, + {@code length}) with fresh zeroed pages and rights {@code prot};
     * the range must be free. Returns 0, -EINVAL (a bad range, or write+execute) or -ENOMEM
     * (over the limit, no memory, no mapping record); on an error nothing is mapped.
     */
    public int map(long start, long length, int prot, int kind) {
        SpinLock l = lock();
        l.lock();
        int r = mapLocked(start, length, prot, kind);
        l.unlock();
        return r;
    }

    private int mapLocked(long start, long length, int prot, int kind) {
        if (!validRange(start, length) || (prot & PROT_WRITE) != 0 && (prot & PROT_EXEC) != 0) {
            return -EINVAL;
        }
        if (overlapsLocked(start, start + length)) {
            return -EEXIST;
        }
        long pages = length / PAGE;
        // Each new page may need up to 3 new tables; the limit counts the worst case up front.
        if (pages > limitPages - pages() - 3) {
            return -ENOMEM;
        }
        Vma v = VMAS.alloc();
        if (v == null) {
            return -ENOMEM;
        }
        v.start = start;
        v.end = start + length;
        v.prot = prot;
        v.kind = kind;
        for (long a = start; a < v.end; a += PAGE) {
            if (pages() >= limitPages) {
                unmapPages(start, a);
                VMAS.free(v);
                return -ENOMEM;
            }
            PhysAddr page = Buddy.alloc(0, Owner.USER);
            if (page == null) {
                unmapPages(start, a);
                VMAS.free(v);
                return -ENOMEM;
            }
            UserPages.zero(page);
            Buddy.setMapCount(page, 1);
            int tables = UserPages.map(root, a, page, prot);
            if (tables < 0) {
                Buddy.free(page, 0, Owner.USER);
                unmapPages(start, a);
                VMAS.free(v);
                return -ENOMEM;
            }
            tablePages += tables;
            userPages++;
        }
        peakPages = Math.max(peakPages, pages());
        insert(v);
        return 0;
    }

    /** Pages an unmap takes out before one shootdown frees them: Shootdown's most for invlpg one by one. */
    static final int BATCH_PAGES = 32;
    /** Each CPU's pages taken out and not yet freed (under a space's lock, interrupts off: only its CPU uses its row). */
    private static final long[][] BATCH = batches();

    @BuildTime
    private static long[][] batches() {
        long[][] b = new long[PerCpu.MAX_CPUS][];
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            b[i] = new long[BATCH_PAGES];
        }
        return b;
    }

    /**
     * Frees the pages mapped in [start, end) (page tables stay until the space is destroyed),
     * under the lock. The pages are shot down on the other CPUs that have the space loaded
     * (threads of its process running there) before they are freed — a stale TLB entry there
     * would write into a page reused — in batches: up to {@link #BATCH_PAGES} entries cleared,
     * one shootdown of their range (one IPI round), then their pages freed.
     */
    private void unmapPages(long start, long end) {
        long[] batch = BATCH[PerCpu.index()];
        long a = start;
        while (a < end) {
            long chunkEnd = end - a > BATCH_PAGES * PAGE ? a + BATCH_PAGES * PAGE : end;
            int n = 0;
            for (long x = a; x < chunkEnd; x += PAGE) {
                PhysAddr page = UserPages.unmap(root, x);
                if (!page.eq(Paging.NOT_MAPPED)) {
                    batch[n++] = page.toLong();
                }
            }
            if (n > 0) {
                Shootdown.userRange(this, a, (chunkEnd - a) / PAGE);
                for (int i = 0; i < n; i++) {
                    release(PhysAddr.of(batch[i]));
                }
                userPages -= n;
            }
            a = chunkEnd;
        }
    }

    /** One space less maps {@code page}: the last one frees it. */
    private static void release(PhysAddr page) {
        Buddy.dropMapping(page, Owner.USER);        // atomic: sharers exiting at once free it once
    }

    /**
     * A copy of this space for a forked child, with limit {@code limitPages}: the same mappings
     * and break; every page shared, the writable ones copy-on-write in both spaces (a write
     * fault gives the writer its own copy, {@link #writeFault}). Every shared page counts
     * against both spaces' limits, so the copies the faults make are already committed. Null
     * when the child would be over its limit or memory (page tables, records) runs out.
     */
    public AddressSpace fork(long limitPages) {
        AddressSpace child = create(limitPages);
        if (child == null) {
            return null;
        }
        SpinLock l = lock();
        l.lock();
        AddressSpace made = forkLocked(child, limitPages);
        l.unlock();
        if (made == null) {
            child.destroy();                        // never published: no lock, loaded nowhere
        }
        return made;
    }

    private AddressSpace forkLocked(AddressSpace child, long limitPages) {
        if (userPages > limitPages - child.pages() - 3) {
            return null;
        }
        child.brkStart = brkStart;
        child.brk = brk;
        for (Vma v = first; v != null; v = v.next) {
            Vma c = VMAS.alloc();
            if (c == null) {
                return null;
            }
            c.start = v.start;
            c.end = v.end;
            c.prot = v.prot;
            c.kind = v.kind;
            child.insert(c);
            boolean cow = (v.prot & PROT_WRITE) != 0 && v.kind != SHARED;
            for (long a = v.start; a < v.end; a += PAGE) {
                PhysAddr page = UserPages.lookup(root, a);
                if (page.eq(Paging.NOT_MAPPED)) {
                    continue;
                }
                if (child.pages() >= child.limitPages) {
                    return null;
                }
                int tables = UserPages.mapShared(child.root, a, page, v.prot, cow);
                if (tables < 0) {
                    return null;
                }
                if (cow) {
                    UserPages.markCopyOnWrite(root, a);
                }
                Buddy.addMapping(page);
                child.tablePages += tables;
                child.userPages++;
            }
        }
        Shootdown.userAll(this);                    // the parent's threads elsewhere may hold writable entries of pages now shared
        child.peakPages = child.pages();
        return child;
    }

    /** What {@link #writeFault} did. */
    public static final int NOT_MINE = 0;
    public static final int RESOLVED = 1;
    public static final int NO_MEMORY = 2;

    /**
     * A write to user address {@code address} faulted: if it is a copy-on-write page of a
     * writable mapping, this space gets its own copy (or the page itself, when no other space
     * shares it any more) and RESOLVED; NOT_MINE when the write is not allowed (a real fault:
     * SIGSEGV); NO_MEMORY when no page was left for the copy.
     */
    public int writeFault(long address) {
        SpinLock l = lock();
        l.lock();
        int r = writeFaultLocked(address);
        l.unlock();
        return r;
    }

    private int writeFaultLocked(long address) {
        if (address < 0 || address >= STACK_TOP) {
            return NOT_MINE;
        }
        long page = address & -PAGE;
        Vma v = firstEndingAbove(page);
        if (v == null || v.start > page || (v.prot & PROT_WRITE) == 0) {
            return NOT_MINE;
        }
        int state = UserPages.state(root, page);
        if ((state & UserPages.MAPPED) == 0) {
            return NOT_MINE;
        }
        if ((state & UserPages.SHARED_COW) == 0) {
            return (state & UserPages.WRITABLE_NOW) != 0 ? RESOLVED : NOT_MINE;   // a stale TLB entry
        }
        PhysAddr old = UserPages.lookup(root, page);
        int count = Buddy.mapCount(old);
        if (count <= 1) {
            UserPages.resolveCopyOnWrite(root, page, old, v.prot);
            copiesAvoided++;
            return RESOLVED;
        }
        PhysAddr copy = Buddy.alloc(0, Owner.USER);
        if (copy == null) {
            return NO_MEMORY;
        }
        UserPages.copyPage(copy, old);
        Buddy.setMapCount(copy, 1);
        UserPages.resolveCopyOnWrite(root, page, copy, v.prot);
        Shootdown.userRange(this, page, 1);         // no CPU reads the old page through a stale entry once it may be freed
        Buddy.dropMapping(old, Owner.USER);         // the other sharers may have dropped theirs meanwhile
        copies++;                                   // statistics: a lost count between two spaces' locks is harmless
        return RESOLVED;
    }

    private static long copies;
    private static long copiesAvoided;

    /** Copy-on-write faults that copied a page, and those that found the page no longer shared. */
    public static long cowCopies() {
        return copies;
    }

    public static long cowReuses() {
        return copiesAvoided;
    }

    private void insert(Vma v) {
        if (first == null || v.start < first.start) {
            v.next = first;
            first = v;
            return;
        }
        Vma at = first;
        while (at.next != null && at.next.start < v.start) {
            at = at.next;
        }
        v.next = at.next;
        at.next = v;
    }

    /**
     * Splits the mappings so that {@code address} is a boundary (no mapping spans it); false
     * when a mapping record could not be had.
     */
    private boolean splitAt(long address) {
        Vma v = firstEndingAbove(address);
        if (v == null || v.start >= address) {
            return true;
        }
        Vma tail = VMAS.alloc();
        if (tail == null) {
            return false;
        }
        tail.start = address;
        tail.end = v.end;
        tail.prot = v.prot;
        tail.kind = v.kind;
        tail.next = v.next;
        v.end = address;
        v.next = tail;
        return true;
    }

    /**
     * Unmaps [{@code start}, + {@code length}): every page of it that is mapped goes back.
     * Returns 0, -EINVAL (unaligned, empty or outside the user half) or -ENOMEM (a mapping
     * would have to be split and no record was free; nothing changed).
     */
    public int unmap(long start, long length) {
        SpinLock l = lock();
        l.lock();
        int r = unmapLocked(start, length);
        l.unlock();
        return r;
    }

    private int unmapLocked(long start, long length) {
        length = (length + PAGE - 1) & -PAGE;
        if (!validRange(start, length)) {
            return -EINVAL;
        }
        long end = start + length;
        if (!splitAt(start) || !splitAt(end)) {
            return -ENOMEM;
        }
        unmaps++;
        Vma prev = null;
        Vma v = first;
        while (v != null) {
            Vma next = v.next;
            if (v.start >= start && v.end <= end) {
                unmapPages(v.start, v.end);
                if (prev == null) {
                    first = next;
                } else {
                    prev.next = next;
                }
                VMAS.free(v);
            } else {
                prev = v;
            }
            v = next;
        }
        return 0;
    }

    /**
     * Changes the rights of [{@code start}, + {@code length}) to {@code prot}. Returns 0,
     * -EINVAL (bad range, or write+execute) or -ENOMEM (a page of the range is not mapped, as
     * Linux says, or no record for a split).
     */
    public int protect(long start, long length, int prot) {
        SpinLock l = lock();
        l.lock();
        int r = protectLocked(start, length, prot);
        l.unlock();
        return r;
    }

    private int protectLocked(long start, long length, int prot) {
        length = (length + PAGE - 1) & -PAGE;
        if (!validRange(start, length) || (prot & PROT_WRITE) != 0 && (prot & PROT_EXEC) != 0) {
            return -EINVAL;
        }
        long end = start + length;
        long covered = start;
        for (Vma v = firstEndingAbove(start); v != null && v.start < end; v = v.next) {
            if (v.start > covered) {
                return -ENOMEM;
            }
            covered = v.end;
        }
        if (covered < end) {
            return -ENOMEM;
        }
        if (!splitAt(start) || !splitAt(end)) {
            return -ENOMEM;
        }
        for (Vma v = firstEndingAbove(start); v != null && v.start < end; v = v.next) {
            v.prot = prot;
            for (long a = v.start; a < v.end; a += PAGE) {
                UserPages.protect(root, a, prot);
            }
        }
        Shootdown.userRange(this, start, (end - start) / PAGE);
        return 0;
    }

    /**
     * The highest free range of {@code length} bytes (page-aligned) below {@link #MMAP_TOP} and
     * above the break's reach, or 0 when there is none.
     */
    public long findFree(long length) {
        SpinLock l = lock();
        l.lock();
        long r = findFreeLocked(length);
        l.unlock();
        return r;
    }

    /** {@link #findFree} under the lock. */
    private long findFreeLocked(long length) {
        long top = MMAP_TOP;
        long best = 0;
        long floor = Math.max(MMAP_MIN, brk);
        long gapStart = floor;
        for (Vma v = first; v != null; v = v.next) {
            long gapEnd = Math.min(v.start, top);
            if (gapEnd > gapStart && gapEnd - gapStart >= length) {
                best = gapEnd - length;
            }
            gapStart = Math.max(gapStart, v.end);
        }
        if (top > gapStart && top - gapStart >= length) {
            best = top - length;
        }
        return best;
    }

    /**
     * Moves the break to {@code requested} (brk(2)): grows by mapping zeroed pages, shrinks by
     * unmapping; returns the break afterwards (unchanged when the request cannot be met, as
     * Linux's brk returns).
     */
    public long moveBreak(long requested) {
        SpinLock l = lock();
        l.lock();
        long r = moveBreakLocked(requested);
        l.unlock();
        return r;
    }

    private long moveBreakLocked(long requested) {
        if (requested < brkStart || requested > MMAP_TOP) {
            return brk;
        }
        long oldEnd = (brk + PAGE - 1) & -PAGE;
        long newEnd = (requested + PAGE - 1) & -PAGE;
        if (newEnd > oldEnd) {
            if (overlapsLocked(oldEnd, newEnd) || mapLocked(oldEnd, newEnd - oldEnd, PROT_READ | PROT_WRITE, HEAP) != 0) {
                return brk;
            }
        } else if (newEnd < oldEnd && unmapLocked(newEnd, oldEnd - newEnd) != 0) {
            return brk;
        }
        brk = requested;
        return brk;
    }

    /**
     * Writes {@code src[at..at+n)} at user address {@code address} of this space (it need not
     * be the running one, and the pages' rights do not matter: the loader fills read-only
     * text this way); false when a page of the range is not mapped.
     */
    public boolean write(long address, byte[] src, int at, int n) {
        SpinLock l = lock();
        l.lock();
        boolean ok = writeLocked(address, src, at, n);
        l.unlock();
        return ok;
    }

    private boolean writeLocked(long address, byte[] src, int at, int n) {
        while (n > 0) {
            long page = address & -PAGE;
            if (page < 0 || page >= STACK_TOP) {
                return false;
            }
            PhysAddr phys = UserPages.lookup(root, page);
            if (phys.eq(Paging.NOT_MAPPED)) {
                return false;
            }
            int offset = (int) (address - page);
            int chunk = (int) Math.min(n, PAGE - offset);
            UserPages.write(phys, offset, src, at, chunk);
            address += chunk;
            at += chunk;
            n -= chunk;
        }
        return true;
    }

    /**
     * As {@link #write}, into writable mappings only, giving this space its own copy of every
     * copy-on-write page first (a forked child's CLONE_CHILD_SETTID); false when a page of the
     * range is not mapped writable or no page is left for a copy.
     */
    public boolean writeCopy(long address, byte[] src, int at, int n) {
        SpinLock l = lock();
        l.lock();
        boolean ok = writeCopyLocked(address, src, at, n);
        l.unlock();
        return ok;
    }

    private boolean writeCopyLocked(long address, byte[] src, int at, int n) {
        if (n <= 0) {
            return n == 0;
        }
        if (address < 0 || address >= STACK_TOP || n > STACK_TOP - address) {
            return false;
        }
        for (long page = address & -PAGE; page < address + n; page += PAGE) {
            Vma v = firstEndingAbove(page);
            if (v == null || v.start > page || (v.prot & PROT_WRITE) == 0) {
                return false;
            }
            if ((UserPages.state(root, page) & UserPages.SHARED_COW) != 0 && writeFaultLocked(page) != RESOLVED) {
                return false;
            }
        }
        return writeLocked(address, src, at, n);
    }

    /**
     * Frees every page, table and mapping record and the space itself; no process may use it
     * any more (its last {@link #unshare}) and no CPU may have it loaded.
     */
    public void destroy() {
        long loaded = cpuMask();
        if (loaded != 0) {
            Panic.begin();
            Printf.printf("address space: destroyed while CPUs 0x%lx have it loaded\n", loaded);
            Panic.finish();
        }
        SpinLock l = lock();
        l.lock();                                   // for unmapPages' per-CPU batch: no other user is left
        Vma v = first;
        while (v != null) {
            Vma next = v.next;
            unmapPages(v.start, v.end);
            VMAS.free(v);
            v = next;
        }
        first = null;
        l.unlock();
        UserPages.free(root);
        root = null;
        SPACES.free(this);
    }

    // ---- read-only views for /proc (proc.ProcFs): its mappings, its pages, its bytes ----

    /** User pages held (page tables not counted): the resident set. */
    public long userPages() {
        return userPages;
    }

    /** Page-table pages held. */
    public long tablePages() {
        return tablePages;
    }

    /** The start of the first mapping that ends above {@code address} (iterate with the previous one's end), or -1. */
    public long nextMapping(long address) {
        SpinLock l = lock();
        l.lock();
        Vma v = firstEndingAbove(address);
        long r = v == null ? -1 : v.start;
        l.unlock();
        return r;
    }

    /** The rights (PROT_*) of the mapping holding {@code address}, or -1. */
    public int mappingProt(long address) {
        SpinLock l = lock();
        l.lock();
        Vma v = firstEndingAbove(address);
        int r = v != null && v.start <= address ? v.prot : -1;
        l.unlock();
        return r;
    }

    /** The kind (ANONYMOUS, PROGRAM, HEAP, STACK, FILE) of the mapping holding {@code address}, or -1. */
    public int mappingKind(long address) {
        SpinLock l = lock();
        l.lock();
        Vma v = firstEndingAbove(address);
        int r = v != null && v.start <= address ? v.kind : -1;
        l.unlock();
        return r;
    }

    /** Bytes mapped (the virtual size). */
    public long mappedBytes() {
        SpinLock l = lock();
        l.lock();
        long n = 0;
        for (Vma v = first; v != null; v = v.next) {
            n += v.end - v.start;
        }
        l.unlock();
        return n;
    }

    /** Bytes mapped by mappings of {@code kind}. */
    public long mappedBytes(int kind) {
        SpinLock l = lock();
        l.lock();
        long n = 0;
        for (Vma v = first; v != null; v = v.next) {
            if (v.kind == kind) {
                n += v.end - v.start;
            }
        }
        l.unlock();
        return n;
    }

    /**
     * Reads {@code n} bytes at user address {@code address} of this space (it need not be the
     * running one) into {@code dst[at..]}; false when a page of the range is not mapped.
     */
    public boolean read(long address, byte[] dst, int at, int n) {
        SpinLock l = lock();
        l.lock();
        boolean ok = readLocked(address, dst, at, n);
        l.unlock();
        return ok;
    }

    private boolean readLocked(long address, byte[] dst, int at, int n) {
        while (n > 0) {
            long page = address & -PAGE;
            if (page < 0 || page >= STACK_TOP) {
                return false;
            }
            PhysAddr phys = UserPages.lookup(root, page);
            if (phys.eq(Paging.NOT_MAPPED)) {
                return false;
            }
            int offset = (int) (address - page);
            int chunk = (int) Math.min(n, PAGE - offset);
            FilePages.read(phys, 0, offset, dst, at, chunk);
            address += chunk;
            at += chunk;
            n -= chunk;
        }
        return true;
    }

    /**
     * The physical address user address {@code address} of this space maps to (a shared
     * futex's key), or -1 when it is not mapped.
     */
    public long physical(long address) {
        long page = address & -PAGE;
        if (page < 0 || page >= STACK_TOP) {
            return -1;
        }
        SpinLock l = lock();
        l.lock();
        PhysAddr phys = UserPages.lookup(root, page);
        long r = phys.eq(Paging.NOT_MAPPED) ? -1 : phys.toLong() + (address - page);
        l.unlock();
        return r;
    }

    /** {@link #futexKey}'s answers besides a physical address. */
    public static final long KEY_PRIVATE = -1;
    public static final long KEY_UNMAPPED = -2;

    /**
     * A shared futex's key for {@code address} in one look under the lock: the physical address
     * when it is in a MAP_SHARED mapping (processes sharing it by fork meet there), KEY_PRIVATE
     * when it is in another mapping (the space and address are the key), KEY_UNMAPPED when no
     * mapping holds it or its page is gone.
     */
    public long futexKey(long address) {
        long page = address & -PAGE;
        if (page < 0 || page >= STACK_TOP) {
            return KEY_UNMAPPED;
        }
        SpinLock l = lock();
        l.lock();
        Vma v = firstEndingAbove(address);
        long r;
        if (v == null || v.start > address) {
            r = KEY_UNMAPPED;
        } else if (v.kind != SHARED) {
            r = KEY_PRIVATE;
        } else {
            PhysAddr phys = UserPages.lookup(root, page);
            r = phys.eq(Paging.NOT_MAPPED) ? KEY_UNMAPPED : phys.toLong() + (address - page);
        }
        l.unlock();
        return r;
    }

    private static final String[] KINDS = {"", "[program]", "[heap]", "[stack]", "[file]", "[shared]"};

    /** Prints the mappings as Linux's /proc/PID/maps does (start-end rights), then the pages held. */
    public void printMaps() {
        SpinLock l = lock();
        l.lock();
        for (Vma v = first; v != null; v = v.next) {
            Printf.printf("%012lx-%012lx %c%c%cp %s\n", v.start, v.end,
                    (v.prot & PROT_READ) != 0 ? 'r' : '-', (v.prot & PROT_WRITE) != 0 ? 'w' : '-',
                    (v.prot & PROT_EXEC) != 0 ? 'x' : '-', Printf.s(KINDS[v.kind]));
        }
        Printf.printf("%lu pages (%lu user, %lu page tables), at most %lu; limit %lu\n", pages(), userPages, tablePages,
                peakPages, limitPages);
        l.unlock();
    }
}
