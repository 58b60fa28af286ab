package org.zeptux.kernel.mm;

/**
 * The owners of allocated pages: every buddy allocation names one, so the page accounting
 * ({@code mem}) says who holds how much. A fixed table: add an id here, with its name.
 * Id 0 is no owner (free or reserved pages); it cannot allocate.
 */
public final class Owner {
    private Owner() {}

    public static final int NONE = 0;
    public static final int PAGE_TABLES = 1;
    public static final int KERNEL_STACKS = 2;
    public static final int KERNEL_HEAP = 3;
    public static final int PAGE_CACHE = 4;
    public static final int MODULES = 5;
    public static final int USER = 6;
    public static final int DMA = 7;
    public static final int TEST = 8;
    /** File data and index pages of tmpfs (fs.TmpFs): a limit of half the memory by default, as Linux's tmpfs. */
    public static final int TMPFS = 9;
    /** The pages of RAM disks (block.RamDisk: ram0, the tests' disks). */
    public static final int RAMDISK = 10;
    /** The number of ids, NONE included. */
    public static final int COUNT = 11;

    /** Whether {@code owner} may allocate pages. */
    public static boolean valid(int owner) {
        return owner > NONE && owner < COUNT;
    }

    /** The owner's name, or "unknown". */
    public static String name(int owner) {
        switch (owner) {
            case NONE: return "none";
            case PAGE_TABLES: return "page tables";
            case KERNEL_STACKS: return "kernel stacks";
            case KERNEL_HEAP: return "kernel heap";
            case PAGE_CACHE: return "page cache";
            case MODULES: return "modules";
            case USER: return "user memory";
            case DMA: return "dma buffers";
            case TEST: return "test";
            case TMPFS: return "tmpfs";
            case RAMDISK: return "ramdisk";
            default: return "unknown";
        }
    }
}
