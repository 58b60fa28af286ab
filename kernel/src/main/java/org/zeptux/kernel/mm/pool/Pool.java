package org.zeptux.kernel.mm.pool;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.Backtrace;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.Address;
import org.zeptux.rt.BuildTime;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.RawObjects;

/**
 * Typed object pools: the kernel's only source of objects made at run time. A pool makes
 * objects of one compiled class (or primitive arrays of one type and length, for buffers) in
 * slabs of buddy pages charged to one {@link Owner}, and takes them back explicitly.
 *
 * <pre>
 *   static final Pool&lt;Task&gt; TASKS = Pool.of("task", Task.class, Owner.KERNEL_HEAP);   // build time
 *   Task t = TASKS.alloc();          // fields zero; null when the owner's limit or memory is exhausted
 *   ...
 *   TASKS.free(t);                   // t is poisoned: any later use of it is a panic
 * </pre>
 *
 * <p><b>Type-stable.</b> A slab only ever holds objects of its pool's class, so a stale
 * reference can never see an object of another type, and no raw address reaches safe code.
 * <b>Deterministic.</b> A slab is one buddy block; a new slab is taken only when every slab is
 * full, and a slab whose last object comes back goes back to the buddy allocator at once, so an
 * alloc/free sequence that ends balanced leaves the page accounting exactly where it started
 * once the CPUs' caches are flushed (below).
 * Allocation never waits and never overcommits: over the owner's limit, or with no memory, it
 * returns null and the caller handles it.
 *
 * <p><b>Misuse is a panic.</b> Freeing null, an object of another pool or twice panics naming
 * the pool and (for a double free) where the object was first freed. A freed object's class
 * word names {@code zeptux_freed_class}; compiled code checks the class word before every
 * field access and call on a type a pool makes, and a use after free ends in
 * {@link #useAfterFree}: a panic naming the pool, the using line and the freeing line. A
 * freed array's length is set to 0, so the bounds check catches its use.
 *
 * <p>Slab layout (a block of 2^order pages, aligned to its size, so an object's slab is its
 * address rounded down):
 * <pre>
 *   +0  u64 magic     MAGIC | pool index: which pool the slab belongs to
 *   +8  u64 free      the first free slot, or 0
 *   +16 u64 inUse     objects allocated from this slab
 *   +24 u64 next      the next slab with a free slot (this pool's partial list), or 0
 *   +32 u64 prev      the previous one, or 0
 *   +40 u64 phys      the block's physical address, for the buddy allocator
 *   +64 slots         perSlab slots of slotSize bytes
 * a free slot: +0 the freed class word, +8 the pool's magic, +16 where it was freed, +24 the next free slot
 * </pre>
 *
 * <p>Per-CPU caches (Bonwick's magazines, SLUB's per-CPU free lists): each CPU keeps up to
 * {@link #CACHE_MAX} free objects of the pool; {@link #alloc} and {@link #free} take from and
 * put on this CPU's cache with interrupts off and no lock. An empty cache takes
 * {@link #CACHE_BATCH} from the slabs, a full one gives as many back, under the pool's lock;
 * {@link #flushCpu} gives a CPU's caches back (memory pressure, and before pages are counted:
 * mm.Buddy.drainAll). Objects in caches are free and poisoned (a double free and a use after
 * free are still caught); the slabs count them as in use until flushed, so a slab goes back to
 * the buddy allocator when its last object comes back from the caches.
 *
 * <p>Locking: the slab state below is written only under the pool's spinlock (interrupts off,
 * so pools are safe from interrupt handlers, and any CPU may allocate and free); a CPU's cache
 * only by that CPU with interrupts off. A new slab is taken from the buddy allocator with the
 * pool's lock dropped; an empty slab is given back under it (the order: "pool", then "buddy").
 */
public final class Pool<T> {
    /** The most pools a kernel has; {@code slabinfo} lists them in creation order. */
    public static final int MAX_POOLS = 64;
    static final long MAGIC = 0x5A504F4F_00000000L;        // "ZPOO" and the pool's index
    static final int SLAB_HEADER = 64;
    /** A slot holds at least the four words of a freed object (see the class comment). */
    static final int MIN_SLOT = 32;
    /** A slab holds at least this many objects, where the block size allows. */
    static final int MIN_PER_SLAB = 8;

    private static final Pool<?>[] ALL = new Pool<?>[MAX_POOLS];
    private static int count;

    // ---- set at build time ----
    private final String name;
    private final Class<T> type;
    private final int owner;
    /** Elements of each array (an array pool), or -1 (an object pool). */
    private final int length;
    private final long magic;

    // ---- the geometry, computed on first use from the compiled class's size ----
    private int objectSize;
    private int slotSize;
    private int order;
    private int perSlab;
    /** 2^40 / slotSize, rounded up: {@link #slabOf} divides by multiplying. */
    private long reciprocal;

    /** Held (interrupts off, any CPU) around every change of the run-time state below. */
    private final SpinLock lock = new SpinLock("pool");

    /** Objects a CPU's cache holds at most; a full cache gives {@link #CACHE_BATCH} back to the slabs. */
    static final int CACHE_MAX = 16;
    /** Objects an empty cache takes from the slabs, or a full one gives back, at once. */
    static final int CACHE_BATCH = 8;
    /** Longs per CPU in {@link #cache}: a cache line each, so CPUs do not share one. */
    static final int CPU_STRIDE = 8;
    /**
     * Each CPU's cache of free objects (magazine): cache[cpu * CPU_STRIDE] the first free slot
     * (linked through the slots' +24 word, as the slabs' free lists), cache[cpu * CPU_STRIDE + 1]
     * how many. Written only by its CPU with interrupts off; the slots in it are free objects
     * (poisoned) that the slabs count as in use.
     */
    private final long[] cache = new long[PerCpu.MAX_CPUS * CPU_STRIDE];

    // ---- run-time state: written only while holding lock ----
    /** The first slab with a free slot (virtual address), or 0. */
    private long partial;
    private long active;
    private long slabs;
    private long failures;
    private long peak;

    private Pool(String name, Class<T> type, int owner, int length, int index) {
        this.name = name;
        this.type = type;
        this.owner = owner;
        this.length = length;
        this.magic = MAGIC | index;
    }

    /** A pool of objects of {@code type} (a concrete compiled class) charged to {@code owner}; at build time. */
    @BuildTime
    public static <T> Pool<T> of(String name, Class<T> type, int owner) {
        return register(new Pool<>(name, type, owner, -1, count));
    }

    /** A pool of {@code byte[length]} buffers charged to {@code owner}; at build time. */
    @BuildTime
    public static Pool<byte[]> ofBytes(String name, int length, int owner) {
        if (length < 0) {
            throw new IllegalArgumentException("pool " + name + ": negative array length");
        }
        return register(new Pool<>(name, byte[].class, owner, length, count));
    }

    private static <T> Pool<T> register(Pool<T> pool) {
        if (count == MAX_POOLS) {
            throw new IllegalStateException("more than " + MAX_POOLS + " pools");
        }
        if (!Owner.valid(pool.owner)) {
            throw new IllegalArgumentException("pool " + pool.name + ": not a valid owner");
        }
        ALL[count] = pool;
        count++;
        return pool;
    }

    /**
     * A new object with every field zero (an array: every element zero), or null when the
     * pool needs a new slab and the owner's limit or free memory does not allow one. From this
     * CPU's cache (interrupts off, no lock); an empty cache first takes a batch from the slabs.
     */
    public T alloc() {
        long flags = Scheduler.irqSave();           // this CPU's cache: no lock, and no move to another CPU
        int c = PerCpu.index() * CPU_STRIDE;
        long slot = cache[c];
        if (slot == 0) {
            slot = refill(c);
            if (slot == 0) {
                Scheduler.irqRestore(flags);
                return null;
            }
        }
        Address at = Address.of(slot);
        cache[c] = at.load64(24);
        cache[c + 1]--;
        Scheduler.irqRestore(flags);
        for (int off = 0; off < slotSize; off += 8) {
            at.store64(off, 0);
        }
        return length < 0 ? RawObjects.place(at, type) : RawObjects.placeArray(at, type, length);
    }

    /**
     * Returns {@code object} to the pool (this CPU's cache; a full cache first gives a batch
     * back to the slabs). Panics if it is null, not an object of this pool, or already free
     * (naming where it was freed first).
     */
    public void free(T object) {
        long site = Cpu.returnAddress();
        if (object == null) {
            refuse("free of null");
        }
        Address at = RawObjects.addressOf(object);
        long slab = slabOf(at.toLong());
        long word = RawObjects.classWord(object);
        if (word == RawObjects.freedClassWord() && slab != 0 && at.load64(8) == magic) {
            Panic.begin();
            Printf.printf("pool %s: double free of the object at 0x%lx\n  first freed at ", Printf.s(name), at.toLong());
            printSite(at.load64(16));
            Panic.finish();
        }
        if (slab == 0 || word != RawObjects.classWord(type)) {
            refuse("free of an object that is not this pool's");
        }
        RawObjects.setClassWord(object, RawObjects.freedClassWord());
        if (length >= 0) {
            RawObjects.setLength(object, 0);
        }
        at.store64(8, magic);
        at.store64(16, site);
        long flags = Scheduler.irqSave();
        int c = PerCpu.index() * CPU_STRIDE;
        if (cache[c + 1] >= CACHE_MAX) {
            lock.lock();
            flush(c, CACHE_BATCH);
            lock.unlock();
        }
        at.store64(24, cache[c]);
        cache[c] = at.toLong();
        cache[c + 1]++;
        Scheduler.irqRestore(flags);
    }

    /**
     * Fills the cache at {@code c} with up to {@link #CACHE_BATCH} free slots from the slabs,
     * taking a new slab when no slab has a free slot: its first slot, or 0 (a failure, counted)
     * when no slab could be had. With interrupts off; takes the pool's lock, and drops it around
     * the buddy allocator's call (so the buddy allocator may ask every CPU to drain).
     */
    private long refill(int c) {
        lock.lock();
        if (slotSize == 0) {
            geometry();
        }
        int took = 0;
        while (took < CACHE_BATCH) {
            long slab = partial;
            if (slab == 0) {
                if (took > 0) {
                    break;
                }
                lock.unlock();
                PhysAddr phys = Buddy.alloc(order, owner);
                lock.lock();
                if (phys != null) {
                    addSlab(phys);
                } else if (partial == 0) {
                    failures++;
                    break;
                }
                continue;
            }
            Address s = Address.of(slab);
            long slot = s.load64(8);
            Address at = Address.of(slot);
            s.store64(8, at.load64(24));
            long inUse = s.load64(16) + 1;
            s.store64(16, inUse);
            if (inUse == perSlab) {
                unlinkPartial(slab);
            }
            active++;
            if (active > peak) {
                peak = active;
            }
            at.store64(24, cache[c]);
            cache[c] = slot;
            cache[c + 1]++;
            took++;
        }
        lock.unlock();
        return cache[c];
    }

    /**
     * Gives up to {@code n} slots of the cache at {@code c} back to their slabs; a slab whose
     * last object comes back goes back to the buddy allocator. With the pool's lock held.
     */
    private void flush(int c, int n) {
        for (int i = 0; i < n && cache[c] != 0; i++) {
            long slot = cache[c];
            Address at = Address.of(slot);
            cache[c] = at.load64(24);
            cache[c + 1]--;
            long slab = slot & -(Phys.PAGE_SIZE << order);
            Address s = Address.of(slab);
            at.store64(24, s.load64(8));
            s.store64(8, slot);
            long inUse = s.load64(16) - 1;
            s.store64(16, inUse);
            active--;
            if (inUse == perSlab - 1) {
                pushPartial(slab);
            }
            if (inUse == 0) {
                unlinkPartial(slab);
                Buddy.free(PhysAddr.of(s.load64(40)), order, owner);
                slabs--;
            }
        }
    }

    /**
     * Gives every pool's cached objects on CPU {@code cpu} (this CPU) back to their slabs, and
     * the emptied slabs to the buddy allocator (mm.Buddy.drainLocal: memory pressure, and before
     * the pages are counted). With interrupts off.
     */
    public static void flushCpu(int cpu) {
        int c = cpu * CPU_STRIDE;
        for (int i = 0; i < count; i++) {
            Pool<?> p = ALL[i];
            if (p.cache[c + 1] > 0) {
                p.lock.lock();
                p.flush(c, CACHE_MAX + 1);
                p.lock.unlock();
            }
        }
    }

    /** The slab holding the slot at {@code address} if it is one of this pool's slots, else 0. */
    private long slabOf(long address) {
        if (slotSize == 0) {
            return 0;
        }
        long slab = address & -(Phys.PAGE_SIZE << order);
        long offset = address - slab - SLAB_HEADER;
        if (offset < 0) {
            return 0;
        }
        // offset / slotSize without a division: exact for offsets below 2^22 (a slab of the
        // largest order) and slots below 2^18 bytes (see geometry()).
        long index = (offset * reciprocal) >>> 40;
        if (index >= perSlab || index * slotSize != offset || Address.of(slab).load64(0) != magic) {
            return 0;
        }
        return slab;
    }

    /** Sizes the slots and slabs from the compiled class's size (exact in the kernel). */
    private void geometry() {
        int element = RawObjects.sizeOf(type);
        objectSize = length < 0 ? element : 16 + length * element;
        slotSize = Math.max(MIN_SLOT, (objectSize + 7) & -8);
        order = 0;
        while (order < Buddy.MAX_ORDER - 1 && slotsIn(order) < MIN_PER_SLAB) {
            order++;
        }
        perSlab = slotsIn(order);
        if (perSlab == 0 || slotSize >= 1 << 18) {
            refuse("its objects are too large for a slab (use Buffers)");
        }
        reciprocal = (1L << 40) / slotSize + 1;
    }

    private int slotsIn(int order) {
        return (int) (((Phys.PAGE_SIZE << order) - SLAB_HEADER) / slotSize);
    }

    /** Makes the block at {@code phys} a slab: its slots threaded, on the partial list. With the lock held. */
    private void addSlab(PhysAddr phys) {
        long slab = Phys.virt(phys).toLong();
        Address s = Address.of(slab);
        s.store64(0, magic);
        s.store64(16, 0);
        s.store64(24, 0);
        s.store64(32, 0);
        s.store64(40, phys.toLong());
        long next = 0;
        for (int i = perSlab - 1; i >= 0; i--) {
            Address slot = Address.of(slab + SLAB_HEADER + (long) i * slotSize);
            slot.store64(0, RawObjects.freedClassWord());
            slot.store64(8, magic);
            slot.store64(16, 0);
            slot.store64(24, next);
            next = slot.toLong();
        }
        s.store64(8, next);
        slabs++;
        pushPartial(slab);
    }

    private void pushPartial(long slab) {
        Address s = Address.of(slab);
        s.store64(24, partial);
        s.store64(32, 0);
        if (partial != 0) {
            Address.of(partial).store64(32, slab);
        }
        partial = slab;
    }

    private void unlinkPartial(long slab) {
        Address s = Address.of(slab);
        long next = s.load64(24);
        long prev = s.load64(32);
        if (prev != 0) {
            Address.of(prev).store64(24, next);
        } else if (partial == slab) {
            partial = next;
        } else {
            return;                                 // not on the list (it was full)
        }
        if (next != 0) {
            Address.of(next).store64(32, prev);
        }
        s.store64(24, 0);
        s.store64(32, 0);
    }

    /** Prints the Java frame of the call that returns to {@code site} (a free's caller) and ends the line. */
    private static void printSite(long site) {
        if (site == 0) {
            Print.str("(not known)");               // the JVM has no return addresses
        } else {
            Backtrace.printWhere(site - 1);         // site - 1 lies inside the call instruction
        }
        Print.nl();
    }

    /** Panics with {@code pool NAME: WHAT}. */
    private void refuse(String what) {
        Panic.begin();
        Print.str("pool ");
        Print.str(name);
        Print.str(": ");
        Print.str(what);
        Print.nl();
        Panic.finish();
    }

    // ---- figures ----

    /** The pool's name. */
    public String name() {
        return name;
    }

    /**
     * Objects allocated and not freed: those the slabs handed out less those in the CPUs'
     * caches (free; exact while no CPU allocates from this pool).
     */
    public long active() {
        long cached = 0;
        for (int c = 0; c < PerCpu.MAX_CPUS; c++) {
            cached += cache[c * CPU_STRIDE + 1];
        }
        return active - cached;
    }

    /** Slabs (buddy blocks) the pool holds. */
    public long slabs() {
        return slabs;
    }

    /** Allocations refused (limit or memory). */
    public long failures() {
        return failures;
    }

    /** Bytes of one object (an array: header and elements), once the pool has been used; else 0. */
    public int objectSize() {
        return objectSize;
    }

    /** The buddy order of each slab, once the pool has been used. */
    public int order() {
        return order;
    }

    /** Objects per slab, once the pool has been used; else 0. */
    public int perSlab() {
        return perSlab;
    }

    // ---- read-only views for /proc/slabinfo (proc.ProcFs) ----

    /** The number of pools, and pool {@code i} in creation order (its geometry computed). */
    public static int pools() {
        return count;
    }

    public static Pool<?> pool(int i) {
        Pool<?> p = ALL[i];
        if (p.slotSize == 0) {
            p.geometry();
        }
        return p;
    }

    /** Objects its slabs hold (free slots included). */
    public long objects() {
        return slabs * perSlab;
    }

    public int pagesPerSlab() {
        return 1 << order;
    }

    /** {@code slabinfo}: every pool in the format of Linux's /proc/slabinfo, version 2.1. */
    public static void slabinfo() {
        Print.str("slabinfo - version: 2.1");
        Print.nl();
        Print.str("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
                + " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>");
        Print.nl();
        for (int i = 0; i < count; i++) {
            Pool<?> p = ALL[i];
            if (p.slotSize == 0) {
                p.geometry();
            }
            Print.str(p.name);
            for (int pad = p.name.length(); pad < 17; pad++) {
                Print.chr(' ');
            }
            Printf.printf(" %6lu %6lu %6d %4d %4d", p.active(), p.slabs * p.perSlab, p.objectSize, p.perSlab, 1 << p.order);
            Printf.printf(" : tunables %4d %4d %4d : slabdata %6lu %6lu %6d\n", 0, 0, 0, p.slabs, p.slabs, 0);
        }
    }

    /**
     * The hook compiled code calls when it uses a freed pool object ({@code where}: the using
     * method and line): a panic naming the object's pool, the use and where it was freed.
     */
    @Export("zeptux_use_after_free")
    static void useAfterFree(Object object, String where) {
        Panic.begin();
        Address at = RawObjects.addressOf(object);
        long m = at.load64(8);
        int index = (int) (m & 0xFFFF);
        Pool<?> pool = (m & ~0xFFFFL) == MAGIC && index < count ? ALL[index] : null;
        Printf.printf("use after free: the object at 0x%lx", at.toLong());
        if (pool != null) {
            Printf.printf(" (pool %s)", Printf.s(pool.name));
        }
        Print.nl();
        Print.str("  used at ");
        Print.str(where);
        Print.nl();
        Print.str("  freed at ");
        printSite(at.load64(16));
        Panic.finish();
    }
}
