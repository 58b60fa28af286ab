package org.zeptux.kernel.lib;

/**
 * Reading ELF64 files (the System V gABI and the x86-64 psABI) held in a {@code byte[]}: the
 * header, section headers, symbol tables and string tables. Safe code: every read is a Java
 * array access, so a wrong offset can only ever be a bounds check, never a stray load.
 *
 * <p>Contract: {@link #check} first. It returns null only for an x86-64, little-endian ELF64
 * file of the type asked for whose section header table and every section with bytes in the
 * file lie inside it; after that the section accessors below read inside the array for any
 * section index below {@link #sections}. Symbol and string tables are checked when used
 * ({@link #checkSymbols}, {@link #checkStrings}). Every range check is written so that it
 * cannot overflow ({@link #inside}): file fields are 64-bit and may hold anything.
 *
 * <p>Failures are one of the reason strings below ({@code NOT_ELF}, ...): a constant a caller
 * prints as it is and a test compares with {@code ==}.
 */
public final class Elf {
    private Elf() {}

    public static final int ET_REL = 1;
    public static final int EM_X86_64 = 62;
    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final long SHF_WRITE = 1;
    public static final long SHF_ALLOC = 2;
    public static final long SHF_EXECINSTR = 4;
    /** Section index of an undefined symbol. */
    public static final int SHN_UNDEF = 0;
    /** Section indexes from here up are reserved (absolute, common, extended). */
    public static final int SHN_LORESERVE = 0xFF00;
    /** Section index of an absolute symbol. */
    public static final int SHN_ABS = 0xFFF1;
    public static final int R_X86_64_64 = 1;
    public static final int R_X86_64_PC32 = 2;
    public static final int R_X86_64_PLT32 = 4;
    public static final int R_X86_64_32S = 11;
    /** Sizes of an ELF64 header, section header, symbol and relocation with addend. */
    public static final int HEADER = 64;
    public static final int SECTION = 64;
    public static final int SYMBOL = 24;
    public static final int RELA = 24;

    public static final String NOT_ELF = "not an ELF object";
    public static final String NOT_ELF64 = "not a little-endian ELF64 object";
    public static final String WRONG_TYPE = "not an x86-64 relocatable object";
    public static final String BAD_SECTION_TABLE = "section headers out of bounds";
    public static final String BAD_SECTION = "a section out of bounds";
    public static final String BAD_ALIGNMENT = "a section's alignment is not a power of two";
    public static final String BAD_STRINGS = "a string table that is not one (type, bounds or final NUL)";
    public static final String BAD_SYMBOLS = "a symbol table that is not one (type, entry size or string table)";

    /**
     * Whether {@code [offset, offset + size)} lies inside {@code [0, length)}, for any values
     * (negative ones are huge unsigned file fields: outside). Never overflows.
     */
    public static boolean inside(long offset, long size, long length) {
        return offset >= 0 && size >= 0 && offset <= length && size <= length - offset;
    }

    // ---- little-endian fields; the caller has checked the range ----

    public static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    public static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    /** The 32-bit field at {@code at}, as its bits (see {@link #u32}). */
    public static int i32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /** The 32-bit field at {@code at}, unsigned. */
    public static long u32(byte[] b, int at) {
        return i32(b, at) & 0xFFFFFFFFL;
    }

    public static long u64(byte[] b, int at) {
        return u32(b, at) | (long) i32(b, at + 4) << 32;
    }

    public static void put16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    public static void put32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    public static void put64(byte[] b, int at, long v) {
        put32(b, at, (int) v);
        put32(b, at + 4, (int) (v >>> 32));
    }

    /**
     * Null if {@code file} is an x86-64 little-endian ELF64 file of type {@code type} (e.g.
     * {@link #ET_REL}) with 1 to {@code maxSections} section headers, all inside the file,
     * every section with bytes in the file inside it and every alignment 0 or a power of two;
     * else the reason.
     */
    public static String check(byte[] file, int type, int maxSections) {
        if (file.length < HEADER || i32(file, 0) != 0x464C457F) {
            return NOT_ELF;
        }
        if (u8(file, 4) != 2 || u8(file, 5) != 1 || u8(file, 6) != 1) {
            return NOT_ELF64;
        }
        if (u16(file, 16) != type || u16(file, 18) != EM_X86_64) {
            return WRONG_TYPE;
        }
        long shoff = u64(file, 40);
        int shnum = u16(file, 60);
        if (u16(file, 58) != SECTION || shnum == 0 || shnum > maxSections || shoff < HEADER
                || !inside(shoff, (long) SECTION * shnum, file.length)) {
            return BAD_SECTION_TABLE;
        }
        for (int s = 0; s < shnum; s++) {
            if (sectionType(file, s) != SHT_NOBITS && !inside(sectionOffset(file, s), sectionSize(file, s), file.length)) {
                return BAD_SECTION;
            }
            long align = sectionAlign(file, s);
            if (align < 0 || (align & (align - 1)) != 0) {
                return BAD_ALIGNMENT;
            }
        }
        return null;
    }

    /** The number of section headers (after {@link #check}). */
    public static int sections(byte[] file) {
        return u16(file, 60);
    }

    /** Where section {@code s}'s header is in the file (inside it after {@link #check}). */
    private static int header(byte[] file, int s) {
        return (int) (u64(file, 40) + (long) SECTION * s);
    }

    public static int sectionType(byte[] file, int s) {
        return i32(file, header(file, s) + 4);
    }

    public static long sectionFlags(byte[] file, int s) {
        return u64(file, header(file, s) + 8);
    }

    public static long sectionOffset(byte[] file, int s) {
        return u64(file, header(file, s) + 24);
    }

    /** The section's size; a NOBITS section's size is not checked against the file. */
    public static long sectionSize(byte[] file, int s) {
        return u64(file, header(file, s) + 32);
    }

    /** sh_link, unsigned (so a huge value is no valid index). */
    public static long sectionLink(byte[] file, int s) {
        return u32(file, header(file, s) + 40);
    }

    /** sh_info, unsigned. */
    public static long sectionInfo(byte[] file, int s) {
        return u32(file, header(file, s) + 44);
    }

    /** sh_addralign: 0 or a power of two after {@link #check} (0 and 1 both mean none). */
    public static long sectionAlign(byte[] file, int s) {
        return u64(file, header(file, s) + 48);
    }

    public static long sectionEntrySize(byte[] file, int s) {
        return u64(file, header(file, s) + 56);
    }

    /** Whether {@code index} (unsigned) names a section other than the null section 0. */
    public static boolean isSection(byte[] file, long index) {
        return index > 0 && index < sections(file);
    }

    /**
     * Null if section {@code s} is a string table: SHT_STRTAB, bytes in the file, not empty,
     * ending with a NUL (so every string in it ends inside it); else {@link #BAD_STRINGS}.
     */
    public static String checkStrings(byte[] file, long s) {
        if (!isSection(file, s)) {
            return BAD_STRINGS;
        }
        int i = (int) s;
        long size = sectionSize(file, i);
        if (sectionType(file, i) != SHT_STRTAB || size == 0 || file[(int) (sectionOffset(file, i) + size - 1)] != 0) {
            return BAD_STRINGS;
        }
        return null;
    }

    /**
     * Null if section {@code s} is a symbol table: SHT_SYMTAB, entries of {@link #SYMBOL}
     * bytes filling it exactly, linked to a string table ({@link #checkStrings}); else the reason.
     */
    public static String checkSymbols(byte[] file, long s) {
        if (!isSection(file, s)) {
            return BAD_SYMBOLS;
        }
        int i = (int) s;
        if (sectionType(file, i) != SHT_SYMTAB || sectionEntrySize(file, i) != SYMBOL || sectionSize(file, i) % SYMBOL != 0) {
            return BAD_SYMBOLS;
        }
        return checkStrings(file, sectionLink(file, i)) == null ? null : BAD_SYMBOLS;
    }

    /** The number of symbols of symbol table {@code symtab} (after {@link #checkSymbols}). */
    public static int symbols(byte[] file, int symtab) {
        return (int) (sectionSize(file, symtab) / SYMBOL);
    }

    /** Where symbol {@code i} of {@code symtab} is in the file ({@code 0 <= i < symbols}). */
    private static int symbol(byte[] file, int symtab, int i) {
        return (int) (sectionOffset(file, symtab) + (long) SYMBOL * i);
    }

    /** st_name: the offset of the symbol's name in the linked string table, unsigned. */
    public static long symbolName(byte[] file, int symtab, int i) {
        return u32(file, symbol(file, symtab, i));
    }

    /** st_info: binding in the high nibble, type in the low one. */
    public static int symbolInfo(byte[] file, int symtab, int i) {
        return u8(file, symbol(file, symtab, i) + 4);
    }

    /** st_shndx: the section the symbol is defined in, or SHN_UNDEF, or a reserved index. */
    public static int symbolSection(byte[] file, int symtab, int i) {
        return u16(file, symbol(file, symtab, i) + 6);
    }

    public static long symbolValue(byte[] file, int symtab, int i) {
        return u64(file, symbol(file, symtab, i) + 8);
    }

    /**
     * Where the string at {@code offset} (unsigned) of string table {@code strtab} starts in
     * the file (after {@link #checkStrings}), or -1 if the offset is outside the table.
     */
    public static int string(byte[] file, int strtab, long offset) {
        if (offset < 0 || offset >= sectionSize(file, strtab)) {
            return -1;
        }
        return (int) (sectionOffset(file, strtab) + offset);
    }

    /** The length of the NUL-terminated string at {@code at} (one from {@link #string}: it ends in the file). */
    public static int stringLength(byte[] file, int at) {
        int n = 0;
        while (file[at + n] != 0) {
            n++;
        }
        return n;
    }

    /** Whether the NUL-terminated string at {@code at} is exactly the {@code length} bytes of {@code s}. */
    public static boolean stringIs(byte[] file, int at, byte[] s, int length) {
        if (file.length - at <= length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (file[at + i] != s[i]) {
                return false;
            }
        }
        return file[at + length] == 0;
    }
}
