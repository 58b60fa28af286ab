package org.zeptux.kernel.sched;

import org.zeptux.kernel.hw.Context;
import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.Platform;

/**
 * Kernel stacks for tasks: each a buddy block of {@link #STACK_PAGES} pages (owner "kernel
 * stacks") mapped in a slot of the stack area, with the slot's first page left unmapped as a
 * guard: running off the bottom of a stack is a page fault on the guard, which the CPU turns
 * into a double fault on its own stack (arch/Exceptions names the task).
 *
 * <pre>
 *   STACK_AREA + slot * SLOT:  [guard page, not present][stack, STACK_PAGES pages][unused]
 * </pre>
 *
 * <p>A new stack is filled with {@link #PATTERN}, so {@link #used} finds its high-water mark.
 * Slots are reused lowest first, so the stack area's page tables stay as they are once made.
 * On the JVM's simulated PC nothing is mapped: a stack is its block's memory.
 *
 * <p>Locking: {@link #LOCK} covers the slot table and the stack area's page-table entries. A slot
 * is claimed and mapped under it, and unmapped and given back under it, so two tasks spawning at
 * once (forks of two processes, either preempted anywhere) never take the same slot, and a page
 * table the area lacks is made once, not twice with one of the two mappings lost. Filling the
 * new stack happens outside the lock: the slot is the caller's alone by then.
 *
 * <p>A cache of freed stacks: unmapping a stack costs a TLB shootdown to every other CPU (an
 * IPI each, and a wait for the slowest), so the last {@link #CACHE_MAX} stacks freed stay mapped,
 * their blocks still charged to "kernel stacks", and the next tasks take them (as Linux keeps
 * freed vmap stacks per CPU): a task that spawns and joins others in a loop never unmaps. Beyond
 * the cache a free unmaps as before; {@link #trim} empties it and {@link #trimTo} cuts it back
 * (the checks that count stack pages: to what it held before they ran). A stale pointer into a cached stack therefore does not fault; the guard page below
 * each stays unmapped.
 */
public final class Stacks {
    private Stacks() {}

    /** The stack area (as Linux's vmalloc area): PML4 entry 402. */
    public static final long STACK_AREA = Paging.STACK_AREA;
    public static final long SLOT = 32 * 1024;
    public static final int STACK_ORDER = 2;
    public static final int STACK_PAGES = 1 << STACK_ORDER;
    public static final long STACK_BYTES = (long) STACK_PAGES * Phys.PAGE_SIZE;
    public static final int MAX_STACKS = 1024;
    static final long PATTERN = 0x5A5A5A5A5A5A5A5AL;

    /** Freed stacks kept mapped for the next tasks. */
    static final int CACHE_MAX = 16;

    /** USED[slot]: the slot's stack is a task's, or in the cache (mapped either way); under {@link #LOCK}. */
    private static final boolean[] USED = new boolean[MAX_STACKS];
    private static final long[] PHYS = new long[MAX_STACKS];
    /** The cached slots, CACHED[0 .. cached): mapped, their blocks kept; under {@link #LOCK}. */
    private static final int[] CACHED = new int[CACHE_MAX];
    private static int cached;
    private static final SpinLock LOCK = new SpinLock("kernel stacks");

    /** Gives {@code t} a stack (base, top, slot); false when there is no slot, or the owner's limit or memory says no. */
    static boolean alloc(Task t) {
        LOCK.lock();
        if (cached > 0) {
            cached--;
            int slot = CACHED[cached];
            LOCK.unlock();
            long base = Platform.simulated() ? Phys.virt(PhysAddr.of(PHYS[slot])).toLong() : STACK_AREA + slot * SLOT + Phys.PAGE_SIZE;
            Context.fill(base, STACK_BYTES, PATTERN);
            t.stackSlot = slot;
            t.stackBase = base;
            t.stackTop = base + STACK_BYTES;
            return true;
        }
        LOCK.unlock();
        PhysAddr phys = Buddy.alloc(STACK_ORDER, Owner.KERNEL_STACKS);
        if (phys == null) {
            return false;
        }
        LOCK.lock();
        int slot = 0;
        while (slot < MAX_STACKS && USED[slot]) {
            slot++;
        }
        if (slot == MAX_STACKS) {
            LOCK.unlock();
            Buddy.free(phys, STACK_ORDER, Owner.KERNEL_STACKS);
            return false;
        }
        USED[slot] = true;                          // claimed before the lock goes: nobody else maps this slot
        PHYS[slot] = phys.toLong();
        long base;
        if (Platform.simulated()) {
            base = Phys.virt(phys).toLong();
        } else {
            base = STACK_AREA + slot * SLOT + Phys.PAGE_SIZE;
            Paging.mapModule(base, phys, STACK_BYTES, Paging.DATA);
        }
        LOCK.unlock();
        Context.fill(base, STACK_BYTES, PATTERN);
        t.stackSlot = slot;
        t.stackBase = base;
        t.stackTop = base + STACK_BYTES;
        return true;
    }

    /** Returns {@code t}'s stack: to the cache while it has room, else unmapped and its block back to the buddy allocator. */
    static void free(Task t) {
        int slot = t.stackSlot;
        t.stackBase = 0;
        t.stackTop = 0;
        LOCK.lock();
        if (cached < CACHE_MAX) {
            CACHED[cached] = slot;
            cached++;
            LOCK.unlock();
            return;
        }
        PhysAddr phys = release(slot);
        LOCK.unlock();
        Buddy.free(phys, STACK_ORDER, Owner.KERNEL_STACKS);
    }

    /** Unmaps {@code slot}'s stack (a shootdown) and frees the slot, with {@link #LOCK} held; its block, for the caller to free. */
    private static PhysAddr release(int slot) {
        if (!Platform.simulated()) {
            Paging.unmapModule(STACK_AREA + slot * SLOT + Phys.PAGE_SIZE, STACK_BYTES);
        }
        USED[slot] = false;
        return PhysAddr.of(PHYS[slot]);
    }

    /** Empties the cache: every cached stack unmapped and its block freed. Returns the stacks freed. */
    public static int trim() {
        return trimTo(0);
    }

    /** Frees cached stacks until at most {@code keep} are left; returns the stacks freed. */
    public static int trimTo(int keep) {
        int n = 0;
        while (true) {
            LOCK.lock();
            if (cached <= keep) {
                LOCK.unlock();
                return n;
            }
            cached--;
            PhysAddr phys = release(CACHED[cached]);
            LOCK.unlock();
            Buddy.free(phys, STACK_ORDER, Owner.KERNEL_STACKS);
            n++;
        }
    }

    /** Stacks in the cache now (a hint without the lock). */
    public static int cachedStacks() {
        return cached;
    }

    /** The most of {@code t}'s stack ever used, in bytes: from its top down to the lowest word that is not the fill pattern. */
    static long used(Task t) {
        if (t.stackSlot < 0) {
            return -1;                              // the boot stack: not filled
        }
        // The first word is the saved stack pointer.
        return STACK_BYTES - Context.firstUsed(t.stackBase, 8, STACK_BYTES, PATTERN);
    }

    /** The task whose guard page holds {@code address}, or null: for the double fault's report. */
    public static Task guardOwner(long address) {
        long off = address - STACK_AREA;
        if (off < 0 || off >= MAX_STACKS * SLOT || off % SLOT >= Phys.PAGE_SIZE) {
            return null;
        }
        return Scheduler.taskInSlot((int) (off / SLOT));
    }
}
