package org.zeptux.kernel.hw;

import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Memory;
import org.zeptux.rt.PhysAddr;

/**
 * A read-only window on firmware memory (the BIOS data area, ACPI tables): little-endian loads
 * at offsets checked against the window's length. It can read but never write, so safe code may
 * point one at any firmware structure it has found ({@link #map}); a parser reading through it
 * cannot run off the structure's end. Views are objects made at build time and re-pointed at
 * run time (there is no run-time allocation).
 */
public final class FirmwareView {
    /** The window's virtual address and length; length 0 until it is pointed somewhere. */
    private long base;
    private long length;

    /** A view that shows nothing yet. */
    public static FirmwareView empty() {
        return new FirmwareView();
    }

    private FirmwareView() {}

    /**
     * Points this view at physical [{@code phys}, +{@code length}), mapped first if it is not
     * (Paging.mapFirmware: cached, never executable). Returns this.
     */
    public FirmwareView map(long phys, long length) {
        check(phys, length);
        this.base = Paging.mapFirmware(phys, length);
        this.length = length;
        return this;
    }

    /**
     * Points this view at physical [{@code phys}, +{@code length}) in the first MiB (the BIOS
     * data area, the EBDA, the BIOS ROM), which the kernel always maps. Returns this.
     */
    public FirmwareView mapLow(long phys, long length) {
        check(phys, length);
        if (phys + length > LOW_MEMORY) {
            throw new IllegalArgumentException("firmware view past the first MiB");
        }
        this.base = Phys.virt(PhysAddr.of(phys)).toLong();
        this.length = length;
        return this;
    }

    /** Points this view at the elements of {@code bytes} (a structure built by a test). Returns this. */
    public FirmwareView array(byte[] bytes) {
        this.base = Memory.addressOf(bytes) + 16;
        this.length = bytes.length;
        return this;
    }

    /** The first MiB: real-mode memory, the BIOS's. */
    public static final long LOW_MEMORY = 1L << 20;

    private static void check(long phys, long length) {
        if (length < 0 || phys < 0 || phys + length < phys) {
            throw new IllegalArgumentException("firmware view of a negative range");
        }
    }

    /** The window's length in bytes. */
    public long length() {
        return length;
    }

    /** The byte at {@code offset}, zero-extended. */
    public int load8(long offset) {
        return Memory.load8(at(offset, 1));
    }

    /** The 16-bit value at {@code offset}, zero-extended. */
    public int load16(long offset) {
        return Memory.load16(at(offset, 2));
    }

    /** The 32-bit value at {@code offset}. */
    public int load32(long offset) {
        return Memory.load32(at(offset, 4));
    }

    /** The 32-bit value at {@code offset}, zero-extended to a long. */
    public long load32u(long offset) {
        return Memory.load32(at(offset, 4)) & 0xFFFFFFFFL;
    }

    /** The 64-bit value at {@code offset}. */
    public long load64(long offset) {
        return Memory.load64(at(offset, 8));
    }

    /** The address of {@code width} bytes at {@code offset}, which must lie inside the window. */
    private long at(long offset, int width) {
        if (offset < 0 || offset > length - width) {
            throw new IndexOutOfBoundsException("firmware view offset outside the structure");
        }
        return base + offset;
    }
}
