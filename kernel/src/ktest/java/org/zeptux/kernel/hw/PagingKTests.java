package org.zeptux.kernel.hw;

import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Memblock;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.KTest;
import org.zeptux.rt.Memory;
import org.zeptux.rt.PhysAddr;

/** The kernel's page tables, read back through the CPU's own CR3 (kernel only: the JVM has none). */
public final class PagingKTests {
    private PagingKTests() {}

    private static final long[] DATA = new long[1];

    @KTest(only = KTest.World.KERNEL, reason = "reads the live page tables")
    static void kernelSectionsHaveTheirRights() {
        long text = Paging.kernelText() + 0x1000;
        Check.isTrue((Paging.flags(text) & Paging.PRESENT) != 0, "text is present");
        Check.isTrue((Paging.flags(text) & Paging.WRITABLE) == 0, "text is not writable");
        Check.isTrue((Paging.flags(text) & Paging.NO_EXECUTE) == 0, "text is executable");
        Check.equalHex(text - Paging.KERNEL_VMA, Paging.translate(text).toLong(), "text at its load address");
        long rodata = Paging.kernelRodata();
        Check.isTrue((Paging.flags(rodata) & Paging.WRITABLE) == 0, "rodata is not writable");
        long data = Memory.addressOf(DATA);
        Check.isTrue((Paging.flags(data) & Paging.WRITABLE) != 0, "data is writable");
        if (Paging.noExecute()) {
            Check.isTrue((Paging.flags(rodata) & Paging.NO_EXECUTE) != 0, "rodata is not executable");
            Check.isTrue((Paging.flags(data) & Paging.NO_EXECUTE) != 0, "data is not executable");
        }
        Check.isTrue((Paging.flags(text) & Paging.GLOBAL) != 0, "kernel mappings are global");
        Check.isTrue(Paging.translate(Paging.stackGuard()).eq(Paging.NOT_MAPPED), "the stack guard page is not mapped");
        Check.isTrue(!Paging.translate(Paging.stackGuard() + 4096).eq(Paging.NOT_MAPPED), "the stack above it is");
    }

    @KTest(only = KTest.World.KERNEL, reason = "reads the live page tables")
    static void theDirectMapCoversRamAndNothingIsIdentityMapped() {
        Check.isTrue(Paging.translate(0).eq(Paging.NOT_MAPPED), "address 0 is not mapped");
        Check.isTrue(Paging.translate(0x100000).eq(Paging.NOT_MAPPED), "no identity map of the kernel either");
        Check.isTrue(Phys.directMap(), "the direct map is live");
        PhysAddr page = Buddy.alloc(0, Owner.TEST);
        Check.isTrue(page != null, "a page to look at");
        long virt = Phys.virt(page).toLong();
        Check.equalHex(page.toLong(), Paging.translate(virt).toLong(), "the direct map maps it to itself");
        long flags = Paging.flags(virt);
        Check.isTrue((flags & Paging.WRITABLE) != 0, "RAM in the direct map is writable");
        if (Paging.noExecute()) {
            Check.isTrue((flags & Paging.NO_EXECUTE) != 0, "and never executable");
        }
        Phys.virt(page).store64(0x5A5A5A5A5A5A5A5AL);
        Check.equalHex(0x5A5A5A5A5A5A5A5AL, Phys.virt(page).load64(), "and holds what is written");
        Buddy.free(page, 0, Owner.TEST);
        PhysAddr top = Memblock.BOOT.end().minus(Phys.PAGE_SIZE);
        Check.equalHex(top.toLong(), Paging.translate(Phys.virt(top).toLong()).toLong(), "the last page of RAM is mapped");
        boolean nx = (Cpu.cpuidEdx(0x80000001, 0) & (1 << 20)) != 0;
        Check.isTrue(Paging.noExecute() == nx, "NX is used exactly when the CPU has it");
    }
}
