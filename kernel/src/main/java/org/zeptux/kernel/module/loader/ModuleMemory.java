package org.zeptux.kernel.module.loader;

import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Address;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.PhysAddr;

/**
 * The raw step of loading modules (docs/modules.md), for the safe loader
 * ({@code org.zeptux.kernel.module.ModuleLoader} and {@code Modules}): what reads or writes
 * memory by address or jumps into module code. Nothing here parses a module: offsets into a
 * page are checked against the page, a module image is copied from the byte array the safe
 * layout filled, and the kernel's tables are read by index.
 */
public final class ModuleMemory {
    private ModuleMemory() {}

    /** A linked-in module table entry: name, version, API version, init, exit, unsafe (1: built with --unsafe). */
    public static final int ENTRY = 48;

    @Export("zeptux_modules")
    private static native long table();

    @Export("zeptux_exports")
    private static native long exports();

    /** Calls {@code function} (a module's init or exit) and returns its result. */
    @Export("zeptux_call")
    public static native long call(long function);

    /** The unsigned 32-bit value at {@code offset} of the page at {@code page} (a page the caller owns). */
    public static long pageU32(Address page, int offset) {
        if (offset < 0 || offset > Phys.PAGE_SIZE - 4) {
            throw new ArrayIndexOutOfBoundsException("offset outside the page");
        }
        return page.load32(offset) & 0xFFFFFFFFL;
    }

    /** Copies the first {@code length} bytes of the page at {@code page} to {@code to[at..]}. */
    public static void copyFromPage(Address page, byte[] to, int at, int length) {
        if (length < 0 || length > Phys.PAGE_SIZE) {
            throw new ArrayIndexOutOfBoundsException("length outside the page");
        }
        for (int b = 0; b < length; b++) {
            to[at + b] = (byte) page.load8(b);
        }
    }

    /**
     * Fills the block of 2^{@code order} pages at {@code block} (a block the caller allocated):
     * the first {@code total} bytes from {@code image}, the rest zero.
     */
    public static void fill(PhysAddr block, int order, byte[] image, long total) {
        Address to = Phys.virt(block);
        for (long off = 0; off < (Phys.PAGE_SIZE << order); off++) {
            to.store8(off, off < total ? image[(int) off] : 0);
        }
    }

    /**
     * The index in the kernel's export table (zeptux_export_table: u64 count, count x { ptr
     * name, ptr address }) of the symbol named by the {@code length} bytes at {@code at} of
     * {@code object}, or -1 if there is none.
     */
    public static int findExport(byte[] object, int at, int length) {
        long table = exports();
        long count = Memory.load64(table);
        for (int i = 0; i < count; i++) {
            long exported = Memory.load64(table + 8 + 16L * i);
            boolean same = Memory.load8(exported + length) == 0;
            for (int k = 0; same && k < length; k++) {
                same = Memory.load8(exported + k) == (object[at + k] & 0xFF);
            }
            if (same) {
                return i;
            }
        }
        return -1;
    }

    /** The address of export {@code index}, one {@link #findExport} returned. */
    public static long exportAddress(int index) {
        if (index < 0 || index >= Memory.load64(exports())) {
            throw new ArrayIndexOutOfBoundsException("not an export");
        }
        return Memory.load64(exports() + 16 + 16L * index);
    }

    /** The number of entries of the linked-in module table (zeptuxc image --module). */
    public static long linkedCount() {
        return Memory.load64(table());
    }

    /** The 64-bit field at {@code offset} (0, 8, ..., 40) of linked-in module {@code i}'s entry. */
    public static long linkedField(int i, int offset) {
        if (i < 0 || i >= linkedCount() || offset < 0 || offset > ENTRY - 8 || offset % 8 != 0) {
            throw new ArrayIndexOutOfBoundsException("not a module table field");
        }
        return Memory.load64(table() + 8 + (long) i * ENTRY + offset);
    }

    /**
     * Prints the NUL-terminated string field at {@code offset} (0: name, 8: version) of
     * linked-in module {@code i}'s entry; returns its length.
     */
    public static int printLinkedString(int i, int offset) {
        if (offset != 0 && offset != 8) {
            throw new ArrayIndexOutOfBoundsException("not a string field");
        }
        long address = linkedField(i, offset);
        int n = 0;
        for (int c = Memory.load8(address); c != 0; c = Memory.load8(address + ++n)) {
            Print.chr(c);
        }
        return n;
    }
}
