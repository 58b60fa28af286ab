package org.zeptux.kernel.mm;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;
import org.zeptux.kernel.debug.Monitor;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.mm.pool.Pool;

/**
 * The monitor's memory commands: what memory holds ({@code mem}, {@code memblock},
 * {@code buddyinfo}, {@code extfrag}, {@code e820}) and the allocator's benchmark and stress
 * test ({@code membench}, {@code memstress}).
 */
public final class MmCommands extends Command {
    /** Operations of {@code memstress}. */
    static final long STRESS_OPS = 1000000;

    private static final int MEM = 0;
    private static final int MEMBLOCK = 1;
    private static final int BUDDYINFO = 2;
    private static final int EXTFRAG = 3;
    private static final int MEMBENCH = 4;
    private static final int MEMSTRESS = 5;
    private static final int E820_MAP = 6;
    private static final int SLABINFO = 7;
    private static final int POOLBENCH = 8;
    private static final int POOLSTRESS = 9;

    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new MmCommands(MEM, "mem", "memory: usable, free, reserved, allocated by owner"),
        new MmCommands(MEMBLOCK, "memblock", "the boot allocator's memory and reservations"),
        new MmCommands(BUDDYINFO, "buddyinfo", "free blocks per order (as /proc/buddyinfo)"),
        new MmCommands(EXTFRAG, "extfrag", "fragmentation index per order (as Linux's extfrag_index)"),
        new MmCommands(MEMBENCH, "membench", "cycles per page alloc+free, orders 0 and 9"),
        new MmCommands(MEMSTRESS, "memstress", "1,000,000 random allocs/frees with invariants checked"),
        new MmCommands(E820_MAP, "e820", "the BIOS memory map"),
        new MmCommands(SLABINFO, "slabinfo", "the object pools (as /proc/slabinfo)"),
        new MmCommands(POOLBENCH, "poolbench", "cycles per pool object alloc+free"),
        new MmCommands(POOLSTRESS, "poolstress", "1,000,000 random pool allocs/frees with invariants checked"),
    };

    private final int which;

    private MmCommands(int which, String name, String description) {
        super(name, false, name, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        switch (which) {
            case MEM:
                MemInfo.mem();
                org.zeptux.kernel.fs.PageCache.print();
                break;
            case MEMBLOCK:
                Memblock.BOOT.print();
                break;
            case BUDDYINFO:
                MemInfo.buddyinfo(Buddy.ZONE);
                break;
            case EXTFRAG:
                MemInfo.extfrag(Buddy.ZONE);
                break;
            case MEMBENCH:
                MemBench.run();
                break;
            case SLABINFO:
                Pool.slabinfo();
                break;
            case POOLBENCH:
                PoolStress.bench();
                break;
            case POOLSTRESS:
                PoolStress.run(STRESS_OPS, Processor.rdtsc());
                break;
            case MEMSTRESS:
                BuddyStress.run(STRESS_OPS, Processor.rdtsc());
                break;
            default:
                E820.print(Monitor.bootInfo());
                break;
        }
        return true;
    }
}
