package org.zeptux.kernel.lib;

import org.zeptux.rt.Address;

/**
 * Reading ELF64 relocatable objects (the System V gABI and the x86-64 psABI): the header,
 * section headers, string tables. Every offset is checked against the object's length by
 * {@link #check} before the other methods are used.
 */
public final class Elf {
    private Elf() {}

    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_NOBITS = 8;
    public static final long SHF_WRITE = 1;
    public static final long SHF_ALLOC = 2;
    public static final long SHF_EXECINSTR = 4;
    public static final int R_X86_64_64 = 1;
    public static final int R_X86_64_PC32 = 2;
    public static final int R_X86_64_PLT32 = 4;
    public static final int R_X86_64_32S = 11;

    /** Null if {@code object} is an x86-64 ELF64 relocatable whose section headers and sections lie inside it; else why not. */
    public static String check(Address object, long length, int maxSections) {
        if (length < 64 || object.load32() != 0x464C457F) {
            return "not an ELF object";
        }
        if (object.load8(4) != 2 || object.load8(5) != 1) {
            return "not a little-endian ELF64 object";
        }
        if (object.load16(16) != 1 || object.load16(18) != 62) {
            return "not an x86-64 relocatable object";
        }
        long shoff = object.load64(40);
        int shnum = object.load16(60);
        if (object.load16(58) != 64 || shnum == 0 || shnum > maxSections || shoff < 64
                || shoff + 64L * shnum > length) {
            return "section headers out of bounds";
        }
        for (int s = 0; s < shnum; s++) {
            long offset = sectionOffset(object, s);
            long size = sectionSize(object, s);
            if (sectionType(object, s) != SHT_NOBITS && (offset < 0 || size < 0 || offset + size > length)) {
                return "a section out of bounds";
            }
        }
        return null;
    }

    public static int sections(Address object) {
        return object.load16(60);
    }

    private static Address header(Address object, int s) {
        return object.plus(object.load64(40) + 64L * s);
    }

    public static int sectionType(Address object, int s) {
        return header(object, s).load32(4);
    }

    public static long sectionFlags(Address object, int s) {
        return header(object, s).load64(8);
    }

    public static long sectionOffset(Address object, int s) {
        return header(object, s).load64(24);
    }

    public static long sectionSize(Address object, int s) {
        return header(object, s).load64(32);
    }

    public static int sectionLink(Address object, int s) {
        return header(object, s).load32(40);
    }

    public static int sectionInfo(Address object, int s) {
        return header(object, s).load32(44);
    }

    public static long sectionAlign(Address object, int s) {
        return header(object, s).load64(48);
    }

    /** Whether section {@code s} has bytes in the file (not .bss). */
    public static boolean hasBytes(Address object, int s) {
        return sectionType(object, s) != SHT_NOBITS;
    }

    /** The region an allocated section is loaded into: 0 text, 1 rodata, 2 data; -1 if not loaded. */
    public static int region(Address object, int s) {
        long flags = sectionFlags(object, s);
        if ((flags & SHF_ALLOC) == 0 || sectionSize(object, s) == 0) {
            return -1;
        }
        if ((flags & SHF_EXECINSTR) != 0) {
            return 0;
        }
        return (flags & SHF_WRITE) != 0 ? 2 : 1;
    }

    private static final byte[] EMPTY = new byte[1];

    /** The C string at {@code offset} in string table section {@code strtab}; "" if that is outside the table. */
    public static Address string(Address object, int strtab, int offset) {
        long at = offset & 0xFFFFFFFFL;
        if (strtab <= 0 || strtab >= sections(object) || at >= sectionSize(object, strtab)
                || object.load8(sectionOffset(object, strtab) + sectionSize(object, strtab) - 1) != 0) {
            return Address.of(org.zeptux.rt.Memory.addressOf(EMPTY) + 16);
        }
        return object.plus(sectionOffset(object, strtab) + at);
    }
}
