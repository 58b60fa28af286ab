package org.zeptux.kernel.hw;

import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Address;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Memory;
import org.zeptux.rt.PhysAddr;

/**
 * The raw half of a user address space: its page-table tree (Intel SDM vol. 3, 4.5) and the
 * bytes of its pages. The policy (which ranges are mapped, with which rights, charged to whom)
 * is {@code mm.AddressSpace}'s; this class only walks and writes tables and pages, by physical
 * address, through the direct map.
 *
 * <p>A root (PML4) has the kernel's upper half copied in: its 256 entries point at the
 * kernel's own lower-level tables, which are made at boot and never replaced (Paging), so
 * every address space sees the same kernel. The lower half maps user pages only: every
 * table entry on the way carries U/S, the leaf carries the page's rights, with NX on every
 * page that is not executable (W^X is the caller's rule: {@link #map} refuses write+execute).
 * Table pages come from the buddy allocator, owner {@link Owner#PAGE_TABLES}; running out is
 * a result, not a panic.
 */
public final class UserPages {
    private UserPages() {}

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    static final long USER = 1 << 2;
    /** A software bit (one the CPU ignores, SDM 4.5): the page is shared copy-on-write, its write bit off until a write fault copies it. */
    static final long COW = 1 << 9;
    /** What {@link #state} reports. */
    public static final int MAPPED = 1;
    public static final int WRITABLE_NOW = 2;
    public static final int SHARED_COW = 4;
    static final long ACCESSED_DIRTY = (1 << 5) | (1 << 6);
    /** The first PML4 entry of the kernel half. */
    static final int KERNEL_HALF = 256;

    /** A new root: an empty user half and the kernel half; null when there is no page for it. */
    public static PhysAddr newRoot() {
        PhysAddr root = Buddy.alloc(0, Owner.PAGE_TABLES);
        if (root == null) {
            return null;
        }
        Address to = Phys.virt(root);
        PhysAddr kernel = Paging.kernelRoot();      // none on the JVM's simulated PC: an empty kernel half
        for (int i = 0; i < 512; i++) {
            to.store64(8L * i, i < KERNEL_HALF || kernel == null ? 0 : Phys.virt(kernel).load64(8L * i));
        }
        return root;
    }

    /** A leaf entry's flags for {@code prot}; PROT_NONE (0) is a present page user mode cannot touch. */
    private static long leafFlags(int prot) {
        long flags = Paging.PRESENT | (prot == 0 ? 0 : USER);
        if ((prot & PROT_WRITE) != 0) {
            flags |= Paging.WRITABLE;
        }
        if ((prot & PROT_EXEC) == 0 && Paging.noExecute()) {
            flags |= Paging.NO_EXECUTE;
        }
        return flags;
    }

    private static void checkUser(long virt) {
        if (virt < 0 || virt >= UserAccess.USER_END || (virt & (Phys.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("not a user page address");
        }
    }

    /**
     * Maps user page {@code virt} to {@code page} with rights {@code prot} (PROT_READ |
     * PROT_WRITE | PROT_EXEC; write and execute together are refused); returns the number of
     * table pages made on the way (0..3), or -1 when one could not be allocated (nothing mapped).
     * The page must not be mapped already.
     */
    public static int map(PhysAddr root, long virt, PhysAddr page, int prot) {
        checkUser(virt);
        if ((prot & PROT_WRITE) != 0 && (prot & PROT_EXEC) != 0) {
            throw new IllegalArgumentException("a user page both writable and executable");
        }
        int made = 0;
        PhysAddr table = root;
        for (int shift = 39; shift > 12; shift -= 9) {
            Address entry = Phys.virt(table).plus(8L * index(virt, shift));
            long e = entry.load64();
            if ((e & Paging.PRESENT) == 0) {
                PhysAddr next = Buddy.alloc(0, Owner.PAGE_TABLES);
                if (next == null) {
                    return -1;
                }
                zero(next);
                e = next.toLong() | Paging.PRESENT | Paging.WRITABLE | USER;
                entry.store64(0, e);
                made++;
            }
            table = PhysAddr.of(e & Paging.ADDRESS);
        }
        Address leaf = Phys.virt(table).plus(8L * index(virt, 12));
        if ((leaf.load64() & Paging.PRESENT) != 0) {
            throw new IllegalStateException("a user page mapped twice");
        }
        leaf.store64(0, page.toLong() | leafFlags(prot));
        return made;
    }

    /** The leaf entry mapping {@code virt}, or null when a table on the way is missing. */
    private static Address leaf(PhysAddr root, long virt) {
        PhysAddr table = root;
        for (int shift = 39; shift > 12; shift -= 9) {
            long e = Phys.virt(table).load64(8L * index(virt, shift));
            if ((e & Paging.PRESENT) == 0) {
                return null;
            }
            table = PhysAddr.of(e & Paging.ADDRESS);
        }
        return Phys.virt(table).plus(8L * index(virt, 12));
    }

    /** The page user address {@code virt} (page-aligned) maps to, or {@link Paging#NOT_MAPPED}. */
    public static PhysAddr lookup(PhysAddr root, long virt) {
        checkUser(virt);
        Address leaf = leaf(root, virt);
        if (leaf == null || (leaf.load64() & Paging.PRESENT) == 0) {
            return Paging.NOT_MAPPED;
        }
        return PhysAddr.of(leaf.load64() & Paging.ADDRESS);
    }

    /** Unmaps user page {@code virt}; returns the page it mapped, or {@link Paging#NOT_MAPPED}. */
    public static PhysAddr unmap(PhysAddr root, long virt) {
        checkUser(virt);
        Address leaf = leaf(root, virt);
        if (leaf == null || (leaf.load64() & Paging.PRESENT) == 0) {
            return Paging.NOT_MAPPED;
        }
        PhysAddr page = PhysAddr.of(leaf.load64() & Paging.ADDRESS);
        leaf.store64(0, 0);
        flush(root, virt);
        return page;
    }

    /** Changes the rights of mapped user page {@code virt} to {@code prot}; false if it is not mapped. */
    public static boolean protect(PhysAddr root, long virt, int prot) {
        checkUser(virt);
        if ((prot & PROT_WRITE) != 0 && (prot & PROT_EXEC) != 0) {
            throw new IllegalArgumentException("a user page both writable and executable");
        }
        Address leaf = leaf(root, virt);
        if (leaf == null || (leaf.load64() & Paging.PRESENT) == 0) {
            return false;
        }
        long e = leaf.load64();
        long flags = leafFlags(prot);
        if ((e & COW) != 0) {
            flags = (flags & ~Paging.WRITABLE) | COW;   // still shared: a write copies it first
        }
        leaf.store64(0, (e & Paging.ADDRESS) | flags);
        flush(root, virt);
        return true;
    }

    /**
     * What maps user page {@code virt}: 0 (nothing), or MAPPED with WRITABLE_NOW (the CPU lets
     * user mode write it) and SHARED_COW (shared copy-on-write) as they apply.
     */
    public static int state(PhysAddr root, long virt) {
        checkUser(virt);
        Address leaf = leaf(root, virt);
        if (leaf == null || (leaf.load64() & Paging.PRESENT) == 0) {
            return 0;
        }
        long e = leaf.load64();
        return MAPPED | ((e & Paging.WRITABLE) != 0 ? WRITABLE_NOW : 0) | ((e & COW) != 0 ? SHARED_COW : 0);
    }

    /**
     * Makes mapped user page {@code virt} copy-on-write: its write bit off, the COW mark on (a
     * fork shares it). False if it is not mapped.
     */
    public static boolean markCopyOnWrite(PhysAddr root, long virt) {
        Address leaf = leaf(root, virt);
        if (leaf == null || (leaf.load64() & Paging.PRESENT) == 0) {
            return false;
        }
        leaf.store64(0, (leaf.load64() & ~Paging.WRITABLE) | COW);
        flush(root, virt);
        return true;
    }

    /**
     * Maps user page {@code virt} to {@code page} as another space's page shared with it: with
     * rights {@code prot}, but copy-on-write (not writable, COW-marked) when {@code cow}. Returns
     * the table pages made (0..3) or -1 (nothing mapped).
     */
    public static int mapShared(PhysAddr root, long virt, PhysAddr page, int prot, boolean cow) {
        int made = map(root, virt, page, cow ? prot & ~PROT_WRITE : prot);
        if (made >= 0 && cow) {
            markCopyOnWrite(root, virt);
        }
        return made;
    }

    /**
     * Ends the copy-on-write of mapped user page {@code virt}: maps it to {@code page} (the same
     * page when this space was its last sharer, else a copy) writable with rights {@code prot}.
     */
    public static void resolveCopyOnWrite(PhysAddr root, long virt, PhysAddr page, int prot) {
        Address leaf = leaf(root, virt);
        if (leaf == null || (leaf.load64() & Paging.PRESENT) == 0) {
            throw new IllegalStateException("copy-on-write of a page not mapped");
        }
        leaf.store64(0, page.toLong() | leafFlags(prot));
        flush(root, virt);
    }

    /** Copies page {@code src} into page {@code dst}. */
    public static void copyPage(PhysAddr dst, PhysAddr src) {
        Builtins.memcpy(Phys.virt(dst).toLong(), Phys.virt(src).toLong(), Phys.PAGE_SIZE);
    }

    /** Drops a stale translation of {@code virt} if {@code root} is the running address space. */
    private static void flush(PhysAddr root, long virt) {
        if ((Cpu.readCr3() & Paging.ADDRESS) == root.toLong()) {
            Cpu.invlpg(virt);
        }
    }

    /**
     * Frees the user half's page tables (the pages they map must be unmapped and freed already
     * by the caller) and the root itself; returns the number of table pages freed, the root
     * included. The root must not be the running one.
     */
    public static long free(PhysAddr root) {
        if ((Cpu.readCr3() & Paging.ADDRESS) == root.toLong()) {
            throw new IllegalStateException("freeing the running address space");
        }
        long freed = 0;
        Address pml4 = Phys.virt(root);
        for (int i = 0; i < KERNEL_HALF; i++) {
            long e4 = pml4.load64(8L * i);
            if ((e4 & Paging.PRESENT) == 0) {
                continue;
            }
            Address pdpt = Phys.virt(PhysAddr.of(e4 & Paging.ADDRESS));
            for (int j = 0; j < 512; j++) {
                long e3 = pdpt.load64(8L * j);
                if ((e3 & Paging.PRESENT) == 0) {
                    continue;
                }
                Address pd = Phys.virt(PhysAddr.of(e3 & Paging.ADDRESS));
                for (int k = 0; k < 512; k++) {
                    long e2 = pd.load64(8L * k);
                    if ((e2 & Paging.PRESENT) != 0) {
                        Buddy.free(PhysAddr.of(e2 & Paging.ADDRESS), 0, Owner.PAGE_TABLES);
                        freed++;
                    }
                }
                Buddy.free(PhysAddr.of(e3 & Paging.ADDRESS), 0, Owner.PAGE_TABLES);
                freed++;
            }
            Buddy.free(PhysAddr.of(e4 & Paging.ADDRESS), 0, Owner.PAGE_TABLES);
            freed++;
        }
        Buddy.free(root, 0, Owner.PAGE_TABLES);
        return freed + 1;
    }

    /** Runs on {@code root} from now on (CR3), unless it already does. */
    public static void activate(PhysAddr root) {
        if ((Cpu.readCr3() & Paging.ADDRESS) != root.toLong()) {
            Cpu.writeCr3(root.toLong());
        }
    }

    /** Runs on the kernel's own root (kernel threads, and a process's address space on its way out). */
    public static void activateKernel() {
        activate(Paging.kernelRoot());
    }

    /** Fills page {@code page} with zeros. */
    public static void zero(PhysAddr page) {
        Builtins.memset(Phys.virt(page).toLong(), 0, Phys.PAGE_SIZE);
    }

    /** Copies {@code src[at..at+n)} into page {@code page} at {@code offset} (all inside the page). */
    public static void write(PhysAddr page, int offset, byte[] src, int at, int n) {
        if (offset < 0 || n < 0 || offset > Phys.PAGE_SIZE - n || at < 0 || at > src.length - n) {
            throw new ArrayIndexOutOfBoundsException("a page write outside the page or the buffer");
        }
        Builtins.memcpy(Phys.virt(page).toLong() + offset, Memory.addressOf(src) + 16 + at, n);
    }

    private static int index(long virt, int shift) {
        return (int) ((virt >>> shift) & 511);
    }
}
