package org.zeptux.kernel.mm;

import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Smp;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.PhysAddr;

/**
 * The kernel's physical page allocator: its one {@link Zone}, {@link #ZONE}, an image-heap
 * object made at build time, and static methods that delegate to it for the kernel's callers
 * (page tables, modules, pools). The allocator itself, its invariants and its failure contract
 * are {@link Zone}'s; tests build zones of their own ({@link BuddyArena}) instead of borrowing
 * this one.
 *
 * <p>Lifecycle: {@code MemInit} calls {@code ZONE.init} over the page frame database and
 * {@code ZONE.addFree} for every free range memblock hands over; from then on {@link #alloc}
 * and {@link #free}.
 *
 * <p>Per-CPU page lists: an order-0 allocation or free for an owner without a limit takes the
 * page from, or puts it on, this CPU's list in the zone ({@link Zone#pcpAlloc}), with
 * interrupts off and no lock; an empty list is refilled and a full one drained by a batch under
 * the lock. Before an allocation fails for want of memory, and before it asks the page cache to
 * reclaim, every CPU gives back what its lists and pool caches hold ({@link #drainAll}).
 */
public final class Buddy {
    private Buddy() {}

    /** Orders 0 .. MAX_ORDER - 1 ({@link Zone#MAX_ORDER}). */
    public static final int MAX_ORDER = Zone.MAX_ORDER;

    /** The kernel's zone: all RAM the direct map reaches. */
    public static final Zone ZONE = new Zone();
    /**
     * Every change of {@link #ZONE} through this class holds it (any CPU, interrupts off): the
     * free lists, the page frames' states and map counts, the owners' counts and limits. Readers
     * of statistics (MemInfo) read without it and may see a moment's mix.
     */
    private static final SpinLock LOCK = new SpinLock("buddy");

    /**
     * Allocates 2^{@code order} contiguous pages for {@code owner}: the physical address of the
     * first, or null over the owner's limit or with no block free ({@link Zone#alloc}); before
     * failing for want of memory it has the page cache give back clean pages ({@link Reclaim}).
     */
    public static PhysAddr alloc(int order, int owner) {
        if (order == 0 && ZONE.pcpOwner(owner)) {
            long flags = Scheduler.irqSave();       // this CPU's list: no lock, and no move to another CPU
            int cpu = PerCpu.index();
            PhysAddr p = ZONE.pcpAlloc(cpu, owner);
            if (p == null) {
                LOCK.lock();
                ZONE.pcpRefill(cpu);
                LOCK.unlock();
                p = ZONE.pcpAlloc(cpu, owner);
            }
            Scheduler.irqRestore(flags);
            if (p != null) {
                return p;
            }
        }
        LOCK.lock();
        PhysAddr p = null;
        boolean drain = !ZONE.hasFree(order) && !overLimit(order, owner);
        if (!drain) {
            p = ZONE.alloc(order, owner);
        }
        LOCK.unlock();
        if (drain) {
            drainAll(DRAIN_PAGES | DRAIN_POOLS);    // outside the lock: the CPUs give back their lists
            LOCK.lock();
            p = ZONE.alloc(order, owner);
            LOCK.unlock();
        }
        boolean reclaim = p == null && owner != Owner.PAGE_CACHE && !overLimit(order, owner);
        // Reclaim outside the lock: the page cache frees what it gives back through free().
        if (reclaim && Reclaim.shrink((1L << order) + 32) > 0) {
            LOCK.lock();
            p = ZONE.alloc(order, owner);          // clean page-cache pages given back: once more
            LOCK.unlock();
        }
        return p;
    }

    /** A block straight from the free lists, never from a CPU's list and never draining them (for tests). */
    static PhysAddr allocLocked(int order, int owner) {
        LOCK.lock();
        PhysAddr p = ZONE.alloc(order, owner);
        LOCK.unlock();
        return p;
    }

    /** Whether {@code owner} is at its limit for 2^{@code order} more pages (called with the lock held). */
    private static boolean overLimit(int order, int owner) {
        long limit = ZONE.limit(owner);
        return limit != Zone.NO_LIMIT && ZONE.used(owner) + (1L << order) > limit;
    }

    /** Frees what {@link #alloc} returned, with its order and owner; anything else panics ({@link Zone#free}). */
    public static void free(PhysAddr phys, int order, int owner) {
        if (order == 0 && ZONE.pcpOwner(owner)) {
            long flags = Scheduler.irqSave();
            int cpu = PerCpu.index();
            if (ZONE.pcpFree(cpu, phys, owner)) {
                LOCK.lock();
                ZONE.pcpDrain(cpu, Zone.PCP_BATCH);
                LOCK.unlock();
            }
            Scheduler.irqRestore(flags);
            return;
        }
        LOCK.lock();
        ZONE.free(phys, order, owner);
        LOCK.unlock();
    }

    /** What {@link #drainAll} gives back: the pool caches' free objects. */
    public static final int DRAIN_POOLS = Smp.DRAIN_POOLS;
    /** What {@link #drainAll} gives back: the per-CPU lists' pages. */
    public static final int DRAIN_PAGES = Smp.DRAIN_PAGES;

    /**
     * Has every CPU online give back what it caches ({@code what}: {@link #DRAIN_POOLS}, the free
     * objects of its pool caches, first, then {@link #DRAIN_PAGES}, its list's pages): this CPU
     * at once, the others by an IPI ({@link Smp#drainOthers}), waited for a bounded time (a CPU
     * spinning with interrupts off on a lock the caller holds cannot answer; its caches stay).
     * Returns how many CPUs did not answer in time. From any context that may take the pool
     * and buddy locks (holding neither).
     */
    public static int drainAll(int what) {
        drainLocal(what);
        return Smp.drainOthers(what);
    }

    /** This CPU's part of {@link #drainAll}: its pool caches, then its page list. With interrupts on or off. */
    public static void drainLocal(int what) {
        long flags = Scheduler.irqSave();
        int cpu = PerCpu.index();
        if ((what & DRAIN_POOLS) != 0) {
            Pool.flushCpu(cpu);
        }
        if ((what & DRAIN_PAGES) != 0 && ZONE.pcpPages(cpu) > 0) {
            LOCK.lock();
            ZONE.pcpDrain(cpu, Zone.PCP_HIGH);
            LOCK.unlock();
        }
        Scheduler.irqRestore(flags);
    }

    /** How many user address spaces map the allocated page {@code phys} ({@link Zone#mapCount}). */
    public static int mapCount(PhysAddr phys) {
        LOCK.lock();
        int count = ZONE.mapCount(phys);
        LOCK.unlock();
        return count;
    }

    /** One more address space maps the allocated page {@code phys} (a fork shares it): its map count + 1, atomically. */
    public static void addMapping(PhysAddr phys) {
        LOCK.lock();
        ZONE.setMapCount(phys, ZONE.mapCount(phys) + 1);
        LOCK.unlock();
    }

    /**
     * One address space less maps the allocated page {@code phys}: its map count - 1, and at the
     * last mapping (a count of 1 or 0) the page is freed for {@code owner}; atomically, so two
     * processes dropping a shared page at once (exits, copy-on-write breaks) free it exactly once.
     * Returns whether it was freed.
     */
    public static boolean dropMapping(PhysAddr phys, int owner) {
        LOCK.lock();
        int count = ZONE.mapCount(phys);
        boolean last = count <= 1;
        if (last) {
            ZONE.setMapCount(phys, 0);
            ZONE.free(phys, 0, owner);
        } else {
            ZONE.setMapCount(phys, count - 1);
        }
        LOCK.unlock();
        return last;
    }

    /** Sets {@link #mapCount}. */
    public static void setMapCount(PhysAddr phys, int count) {
        LOCK.lock();
        ZONE.setMapCount(phys, count);
        LOCK.unlock();
    }

    /** Sets {@code owner}'s hard limit in pages ({@link Zone#NO_LIMIT} for none). */
    public static void setLimit(int owner, long pages) {
        LOCK.lock();
        ZONE.setLimit(owner, pages);
        LOCK.unlock();
    }

    /** The pages {@code owner} holds. */
    public static long used(int owner) {
        return ZONE.used(owner);
    }

    /** The free pages (those in the CPUs' lists included). */
    public static long freePages() {
        return ZONE.freePages();
    }
}
