package org.zeptux.kernel.mm;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * Kernel tests of user address spaces: mappings made, split, protected and unmapped with every
 * page and page table accounted, the limit and W^X refused as results, the break, the mmap
 * placement. Each test destroys what it made and checks the owners hold what they held before.
 */
public final class AddressSpaceKTests {
    private AddressSpaceKTests() {}

    static final long A = 0x10000000L;
    static final long PAGE = AddressSpace.PAGE;
    static final int RW = AddressSpace.PROT_READ | AddressSpace.PROT_WRITE;
    static final byte[] TEXT = {1, 2, 3};

    @KTest
    static void mappingsSplitAndEveryPageAndTableGoesBack() {
        BuddyArena.live();
        long user = Buddy.used(Owner.USER);
        long tables = Buddy.used(Owner.PAGE_TABLES);
        AddressSpace as = AddressSpace.create(64);
        Check.isTrue(as != null, "made");
        Check.equal(1, as.pages(), "the root");
        Check.equal(0, as.map(A, 4 * PAGE, RW, AddressSpace.ANONYMOUS), "four pages mapped");
        Check.equal(4 + 4, as.pages(), "four pages and four tables (root, PDPT, PD, PT)");
        Check.equal(user + 4, Buddy.used(Owner.USER), "charged to user memory");
        Check.isTrue(as.overlaps(A + PAGE, A + PAGE + 1), "a byte inside overlaps");
        Check.isTrue(!as.overlaps(A + 4 * PAGE, A + 5 * PAGE), "the page after does not");
        Check.equal(-AddressSpace.EEXIST, as.map(A + 3 * PAGE, 2 * PAGE, RW, AddressSpace.ANONYMOUS), "no double mapping");
        byte[] text = TEXT;
        Check.isTrue(as.write(A + PAGE - 1, text, 0, 3), "a write across a page boundary");
        Check.isTrue(!as.write(A + 4 * PAGE - 1, text, 0, 3), "a write running off the mapping fails");
        Check.equal(0, as.unmap(A + PAGE, PAGE), "the second page unmapped: the mapping splits");
        Check.equal(3 + 4, as.pages(), "three pages left");
        Check.isTrue(!as.overlaps(A + PAGE, A + 2 * PAGE), "the hole is free");
        Check.equal(-AddressSpace.ENOMEM, as.protect(A, 3 * PAGE, AddressSpace.PROT_READ), "mprotect over a hole: ENOMEM");
        Check.equal(0, as.protect(A + 2 * PAGE, PAGE, AddressSpace.PROT_READ), "one page read-only: split again");
        Check.equal(0, as.unmap(A, 16 * PAGE), "unmap of a range with holes");
        Check.equal(user, Buddy.used(Owner.USER), "every user page back");
        as.destroy();
        Check.equal(tables, Buddy.used(Owner.PAGE_TABLES), "every table back");
    }

    @KTest
    static void theLimitAndWriteExecuteAreRefusedAsResults() {
        BuddyArena.live();
        long user = Buddy.used(Owner.USER);
        AddressSpace as = AddressSpace.create(10);
        Check.equal(-AddressSpace.ENOMEM, as.map(A, 8 * PAGE, RW, AddressSpace.ANONYMOUS), "over the limit (with tables)");
        Check.equal(1, as.pages(), "nothing left behind");
        Check.equal(0, as.map(A, 6 * PAGE, RW, AddressSpace.ANONYMOUS), "up to the limit");
        Check.equal(-AddressSpace.ENOMEM, as.map(A + 6 * PAGE, PAGE, RW, AddressSpace.ANONYMOUS), "one page more");
        Check.equal(-AddressSpace.EINVAL,
                as.map(A + 8 * PAGE, PAGE, RW | AddressSpace.PROT_EXEC, AddressSpace.ANONYMOUS), "write and execute");
        Check.equal(-AddressSpace.EINVAL, as.map(A + 1, PAGE, RW, AddressSpace.ANONYMOUS), "unaligned");
        Check.equal(-AddressSpace.EINVAL, as.map(0, PAGE, RW, AddressSpace.ANONYMOUS), "page 0");
        Check.equal(-AddressSpace.EINVAL, as.map(AddressSpace.STACK_TOP, PAGE, RW, AddressSpace.ANONYMOUS), "above the user half");
        as.destroy();
        Check.equal(user, Buddy.used(Owner.USER), "balanced");
    }

    @KTest
    static void theBreakGrowsAndShrinksAndMmapGoesTopDown() {
        BuddyArena.live();
        long user = Buddy.used(Owner.USER);
        AddressSpace as = AddressSpace.create(256);
        as.setBreak(0x600000);
        Check.equal(0x600000 + 10000, as.moveBreak(0x600000 + 10000), "grown");
        Check.equal(user + 3, Buddy.used(Owner.USER), "three pages");
        Check.equal(0x600000 + 10000, as.moveBreak(0x500000), "below the start: unchanged");
        Check.equal(0x600000 + 100, as.moveBreak(0x600000 + 100), "shrunk");
        Check.equal(user + 1, Buddy.used(Owner.USER), "one page");
        long top = as.findFree(2 * PAGE);
        Check.equal(AddressSpace.MMAP_TOP - 2 * PAGE, top, "the highest free range");
        Check.equal(0, as.map(top, 2 * PAGE, RW, AddressSpace.ANONYMOUS), "mapped there");
        Check.equal(AddressSpace.MMAP_TOP - 3 * PAGE, as.findFree(PAGE), "the next one below it");
        as.destroy();
        Check.equal(user, Buddy.used(Owner.USER), "balanced");
    }
}
