package org.zeptux.kernel.boot;

import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Memory;

/**
 * The BootInfo block stage 2 leaves at physical 0x1000 (identity-mapped at boot); its address
 * is kmain's argument. Layout (docs/boot.md): magic "ZEPTUXBI", version, the e820 entry count,
 * the kernel's physical extent, the boot drive, how the image was read, the initramfs's physical extent (0: none), the
 * command line's physical address, then 24-byte e820 entries from offset 64.
 */
public final class BootInfo {
    private BootInfo() {}

    /** "ZEPTUXBI" read as a little-endian long. */
    public static final long MAGIC = 0x494258555450455AL;
    public static final int VERSION = 2;
    /** The longest command line stage 2 passes, without its NUL. */
    public static final int CMDLINE_MAX = 255;
    public static final int E820_OFFSET = 64;
    public static final int E820_ENTRY_SIZE = 24;
    /** Stage 2 stores at most this many entries. */
    public static final int E820_MAX = 128;

    /** Whether {@code info} holds a BootInfo this kernel understands. */
    public static boolean valid(long info) {
        return Memory.load64(info) == MAGIC && Memory.load32(info + 8) == VERSION
                && Memory.load32(info + 12) >= 0 && Memory.load32(info + 12) <= E820_MAX;
    }

    /** The number of e820 entries. */
    public static int e820Count(long info) {
        return Memory.load32(info + 12);
    }

    /** The address of e820 entry {@code i}: u64 base, u64 length, u32 type, u32 attributes. */
    public static long e820Entry(long info, int i) {
        return info + E820_OFFSET + (long) i * E820_ENTRY_SIZE;
    }

    /** The base address of the e820 entry at {@code entry} (an address {@link #e820Entry} gave). */
    public static long e820Base(long entry) {
        return Memory.load64(entry);
    }

    /** The length in bytes of the e820 entry at {@code entry}. */
    public static long e820Length(long entry) {
        return Memory.load64(entry + 8);
    }

    /** The type of the e820 entry at {@code entry} (1 usable, 2 reserved, ...). */
    public static int e820Type(long entry) {
        return Memory.load32(entry + 16);
    }

    /** The address of a BootInfo built in {@code words} by a test ({@link #write}, {@link #addE820}). */
    public static long inArray(long[] words) {
        if (words.length * 8L < E820_OFFSET) {
            throw new IllegalArgumentException("BootInfo: the array is too small for the header");
        }
        return Memory.addressOf(words) + 16;
    }

    /**
     * Writes an empty BootInfo at {@code info} (no e820 entries yet) for a kernel at physical
     * [{@code kernelStart}, {@code kernelEnd}): what tests on the JVM boot from.
     */
    public static void write(long info, long kernelStart, long kernelEnd) {
        Memory.store64(info, MAGIC);
        Memory.store32(info + 8, VERSION);
        Memory.store32(info + 12, 0);
        Memory.store64(info + 16, kernelStart);
        Memory.store64(info + 24, kernelEnd);
    }

    /** Appends an e820 entry (base, length, type; attributes 1) to the BootInfo at {@code info}. */
    public static void addE820(long info, long base, long length, int type) {
        int i = e820Count(info);
        if (i >= E820_MAX) {
            throw new IllegalStateException("BootInfo: e820 table full");
        }
        long e = e820Entry(info, i);
        Memory.store64(e, base);
        Memory.store64(e + 8, length);
        Memory.store32(e + 16, type);
        Memory.store32(e + 20, 1);
        Memory.store32(info + 12, i + 1);
    }

    /** The kernel image's first physical byte. */
    public static long kernelStart(long info) {
        return Memory.load64(info + 16);
    }

    /** The physical end of the kernel image, .bss included. */
    public static long kernelEnd(long info) {
        return Memory.load64(info + 24);
    }

    /** The BIOS drive number the system booted from. */
    public static int bootDrive(long info) {
        return Memory.load32(info + 32);
    }

    /**
     * How stage 2 read the kernel and initramfs from the primary master: 0 by PIO (no bus-master
     * IDE controller), 1 by bus-master DMA, 2 by PIO after a DMA error; the bus-master registers'
     * I/O base in bits 16-31.
     */
    public static int loadMode(long info) {
        return Memory.load32(info + 36);
    }

    /** The line saying how stage 2 read the image, e.g. "boot: image read by bus-master DMA (registers at 0xc040)". */
    public static void printLoad(long info) {
        int mode = loadMode(info);
        Print.str((mode & 3) == 1 ? "boot: image read by bus-master DMA (registers at 0x"
                : (mode & 3) == 2 ? "boot: image read by PIO after a DMA error (registers at 0x"
                : "boot: image read by PIO (no bus-master IDE controller)");
        if ((mode & 3) != 0) {
            Print.hex(mode >>> 16, 4);
            Print.chr(')');
        }
        Print.nl();
    }

    /** Where stage 2 loaded the initramfs (physical, page-aligned), or 0 when the image has none. */
    public static long initramfs(long info) {
        return Memory.load64(info + 40);
    }

    /** The initramfs's length in bytes (0: none). */
    public static long initramfsLength(long info) {
        return Memory.load64(info + 48);
    }

    /** The physical address of the kernel command line (NUL-terminated, in stage 2's memory), or 0. */
    public static long cmdline(long info) {
        return Memory.load64(info + 56);
    }
}
