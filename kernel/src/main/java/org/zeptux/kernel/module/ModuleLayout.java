package org.zeptux.kernel.module;

import org.zeptux.kernel.lib.Elf;

/**
 * A module's ELF relocatable object laid out as the image the kernel maps (docs/modules.md):
 * three page-aligned regions, text, rodata and data with .bss, at the start of a module
 * slot. Safe code: it reads the object and writes the image, both {@code byte[]}s, and knows
 * nothing of pages or mappings.
 *
 * <pre>
 *   0            base[RODATA]       base[DATA]              size
 *   | text (r-x) | rodata (r--)     | data, .bss (rw-)      |
 * </pre>
 *
 * <p>Two steps, each null or one reason string ({@link Elf}'s or those below; an unknown
 * symbol's name is then at {@link #unknownAt} in the object):
 * <ul>
 *   <li>{@link #plan}: checks the object (ELF header and sections, {@link Elf#check}; every
 *   allocated section PROGBITS or NOBITS, not both writable and executable, aligned to at
 *   most a page, each and all together within the slot; one symbol table, every symbol's
 *   name inside its string table and every defined symbol's value inside its section; every
 *   relocation section a RELA table of that symbol table for an existing section; the
 *   manifest's init and exit defined in text) and computes the layout: {@link #size},
 *   {@link #init}, {@link #exit}.</li>
 *   <li>{@link #link}: copies the sections into the image and applies the relocations of the
 *   allocated sections ({@code R_X86_64_64}, {@code PC32}, {@code PLT32}, {@code 32S}), each
 *   inside its section, against a symbol of the table, resolving undefined ones with
 *   {@link KernelSymbols}; a 32-bit result that does not fit is refused.</li>
 * </ul>
 *
 * <p>State: {@code plan} sets every field, so nothing of an earlier load survives it;
 * {@code link} uses what {@code plan} set for the same object.
 */
public final class ModuleLayout {
    public static final int MAX_SECTIONS = 64;
    public static final int TEXT = 0;
    public static final int RODATA = 1;
    public static final int DATA = 2;
    public static final long PAGE = 4096;

    public static final String BAD_SECTION_TYPE = "an allocated section that is neither PROGBITS nor NOBITS";
    public static final String WRITABLE_TEXT = "a section that is both writable and executable";
    public static final String BAD_ALIGNMENT = "a section's alignment is not a power of two up to 4096";
    public static final String TOO_BIG = "the module does not fit a 2 MiB module slot";
    public static final String NO_TEXT = "the module has no code";
    public static final String SYMBOL_TABLES = "not exactly one symbol table";
    public static final String REL = "SHT_REL relocations (zeptuxc module writes RELA)";
    public static final String BAD_RELOCATIONS = "a relocation section that is not one (entry size, symbol table or target)";
    public static final String BAD_SYMBOL_NAME = "a symbol whose name is outside its string table";
    public static final String BAD_SYMBOL_SECTION = "a symbol in a reserved or missing section";
    public static final String SYMBOL_OUTSIDE = "a symbol whose value is outside its section";
    public static final String NO_INIT = "init= names no function in the module's text";
    public static final String NO_EXIT = "exit= names no function in the module's text";
    public static final String RELOCATION_OUTSIDE = "a relocation outside its section";
    public static final String RELOCATION_SYMBOL = "a relocation names a symbol outside the symbol table";
    public static final String SYMBOL_NOT_LOADED = "a relocation against a symbol in a section that is not loaded";
    public static final String RELOCATION_TYPE = "relocation type not supported (build modules with zeptuxc module)";
    public static final String PC32_RANGE = "a 32-bit PC-relative relocation out of range";
    public static final String S32_RANGE = "a 32-bit signed relocation out of range";
    public static final String UNKNOWN_SYMBOL = "unknown symbol ";
    public static final String IMAGE_SIZE = "the image buffer is smaller than the layout";

    /** Per section: its region (TEXT, RODATA, DATA; -1 not loaded) and its offset in the image. */
    private final int[] region = new int[MAX_SECTIONS];
    private final long[] offset = new long[MAX_SECTIONS];
    /** While planning: how many bytes of each region the sections so far take. */
    private final long[] used = new long[3];
    /** Where each region starts in the image (page-aligned; base[TEXT] is 0). */
    public final long[] base = new long[3];
    /** The image's size in bytes: whole pages, at most the slot. */
    public long size;
    /** The symbol table. */
    private int symtab;
    /** Where init and exit are in the image (inside text). */
    public long init;
    public long exit;
    /** After UNKNOWN_SYMBOL: where the symbol's name is in the object, and its length; else -1 and 0. */
    public int unknownAt;
    public int unknownLength;

    /**
     * Checks {@code object} and lays it out for a slot of {@code slotSize} bytes, with the
     * init and exit {@code manifest} names: null, or why the module is refused.
     */
    public String plan(byte[] object, ModuleManifest manifest, long slotSize) {
        clear();
        String why = Elf.check(object, Elf.ET_REL, MAX_SECTIONS);
        if (why != null) {
            return why;
        }
        int sections = Elf.sections(object);
        int symtabs = 0;
        for (int s = 1; s < sections; s++) {
            int type = Elf.sectionType(object, s);
            long flags = Elf.sectionFlags(object, s);
            if (type == Elf.SHT_REL) {
                return REL;
            }
            if (type == Elf.SHT_SYMTAB) {
                symtab = s;
                symtabs++;
            }
            if ((flags & Elf.SHF_ALLOC) == 0) {
                continue;
            }
            if (type != Elf.SHT_PROGBITS && type != Elf.SHT_NOBITS) {
                return BAD_SECTION_TYPE;
            }
            boolean code = (flags & Elf.SHF_EXECINSTR) != 0;
            boolean writable = (flags & Elf.SHF_WRITE) != 0;
            if (code && writable) {
                return WRITABLE_TEXT;
            }
            long align = Math.max(1, Elf.sectionAlign(object, s));
            long length = Elf.sectionSize(object, s);
            if (align > PAGE) {
                return BAD_ALIGNMENT;
            }
            if (length < 0 || length > slotSize) {
                return TOO_BIG;
            }
            int r = code ? TEXT : writable ? DATA : RODATA;
            // At most 63 sections of at most a slot each: these sums cannot overflow.
            region[s] = r;
            offset[s] = (used[r] + align - 1) & -align;
            used[r] = offset[s] + length;
        }
        base[RODATA] = pageUp(used[TEXT]);
        base[DATA] = base[RODATA] + pageUp(used[RODATA]);
        size = base[DATA] + pageUp(used[DATA]);
        if (size > slotSize) {
            return TOO_BIG;
        }
        if (used[TEXT] == 0) {
            return NO_TEXT;
        }
        for (int s = 1; s < sections; s++) {
            if (region[s] >= 0) {
                offset[s] += base[region[s]];
            }
        }
        if (symtabs != 1) {
            return SYMBOL_TABLES;
        }
        why = Elf.checkSymbols(object, symtab);
        if (why != null) {
            return why;
        }
        why = checkRelocationSections(object);
        if (why != null) {
            return why;
        }
        why = checkSymbols(object);
        if (why != null) {
            return why;
        }
        init = function(object, manifest.init, manifest.initLength);
        if (init < 0) {
            return NO_INIT;
        }
        exit = function(object, manifest.exit, manifest.exitLength);
        if (exit < 0) {
            return NO_EXIT;
        }
        return null;
    }

    private void clear() {
        for (int s = 0; s < MAX_SECTIONS; s++) {
            region[s] = -1;
            offset[s] = 0;
        }
        for (int r = TEXT; r <= DATA; r++) {
            base[r] = 0;
            used[r] = 0;
        }
        size = 0;
        symtab = 0;
        init = -1;
        exit = -1;
        unknownAt = -1;
        unknownLength = 0;
    }

    private static long pageUp(long n) {
        return (n + PAGE - 1) & -PAGE;
    }

    /** Every RELA section: entries of 24 bytes filling it, of the symbol table, for an existing section other than itself. */
    private String checkRelocationSections(byte[] object) {
        int sections = Elf.sections(object);
        for (int s = 1; s < sections; s++) {
            if (Elf.sectionType(object, s) != Elf.SHT_RELA) {
                continue;
            }
            long target = Elf.sectionInfo(object, s);
            if (Elf.sectionEntrySize(object, s) != Elf.RELA || Elf.sectionSize(object, s) % Elf.RELA != 0
                    || Elf.sectionLink(object, s) != symtab || !Elf.isSection(object, target) || target == s) {
                return BAD_RELOCATIONS;
            }
        }
        return null;
    }

    /** Every symbol's name inside the string table; every defined symbol in a section, its value inside it. */
    private String checkSymbols(byte[] object) {
        int strtab = (int) Elf.sectionLink(object, symtab);
        int n = Elf.symbols(object, symtab);
        for (int i = 1; i < n; i++) {
            if (Elf.string(object, strtab, Elf.symbolName(object, symtab, i)) < 0) {
                return BAD_SYMBOL_NAME;
            }
            int section = Elf.symbolSection(object, symtab, i);
            if (section == Elf.SHN_UNDEF || section == Elf.SHN_ABS) {
                continue;
            }
            if (section >= Elf.SHN_LORESERVE || !Elf.isSection(object, section)) {
                return BAD_SYMBOL_SECTION;
            }
            long value = Elf.symbolValue(object, symtab, i);
            if (value < 0 || value > Elf.sectionSize(object, section)) {
                return SYMBOL_OUTSIDE;
            }
        }
        return null;
    }

    /**
     * Where the defined symbol named by the {@code length} bytes of {@code name} is in the
     * image, if it lies in a text section (strictly inside it: a function has code); else -1.
     */
    private long function(byte[] object, byte[] name, int length) {
        int strtab = (int) Elf.sectionLink(object, symtab);
        int n = Elf.symbols(object, symtab);
        for (int i = 1; i < n; i++) {
            int section = Elf.symbolSection(object, symtab, i);
            if (section == Elf.SHN_UNDEF || section >= Elf.SHN_LORESERVE || region[section] != TEXT) {
                continue;
            }
            int at = Elf.string(object, strtab, Elf.symbolName(object, symtab, i));
            long value = Elf.symbolValue(object, symtab, i);
            if (Elf.stringIs(object, at, name, length) && value < Elf.sectionSize(object, section)) {
                return offset[section] + value;
            }
        }
        return -1;
    }

    /**
     * Copies the sections of {@code object} (the one {@link #plan} accepted) into {@code image}
     * (zeroed, at least {@link #size} bytes) and relocates it for address {@code va}, resolving
     * undefined symbols with {@code kernel}: null, or why the module is refused.
     */
    public String link(byte[] object, byte[] image, long va, KernelSymbols kernel) {
        if (image.length < size) {
            return IMAGE_SIZE;
        }
        int sections = Elf.sections(object);
        for (int s = 1; s < sections; s++) {
            if (region[s] >= 0 && Elf.sectionType(object, s) != Elf.SHT_NOBITS) {
                int from = (int) Elf.sectionOffset(object, s);
                int to = (int) offset[s];
                long length = Elf.sectionSize(object, s);
                for (int b = 0; b < length; b++) {
                    image[to + b] = object[from + b];
                }
            }
        }
        for (int s = 1; s < sections; s++) {
            if (Elf.sectionType(object, s) == Elf.SHT_RELA && region[(int) Elf.sectionInfo(object, s)] >= 0) {
                String why = relocate(object, s, image, va, kernel);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    /** Applies relocation section {@code rela} (its target is loaded). */
    private String relocate(byte[] object, int rela, byte[] image, long va, KernelSymbols kernel) {
        int target = (int) Elf.sectionInfo(object, rela);
        long targetSize = Elf.sectionSize(object, target);
        int symbols = Elf.symbols(object, symtab);
        int at = (int) Elf.sectionOffset(object, rela);
        long n = Elf.sectionSize(object, rela) / Elf.RELA;
        for (int i = 0; i < n; i++, at += Elf.RELA) {
            long where = Elf.u64(object, at);
            long info = Elf.u64(object, at + 8);
            long addend = Elf.u64(object, at + 16);
            long sym = info >>> 32;
            int type = (int) info;
            int width;
            if (type == Elf.R_X86_64_64) {
                width = 8;
            } else if (type == Elf.R_X86_64_PC32 || type == Elf.R_X86_64_PLT32 || type == Elf.R_X86_64_32S) {
                width = 4;
            } else {
                return RELOCATION_TYPE;
            }
            if (!Elf.inside(where, width, targetSize)) {
                return RELOCATION_OUTSIDE;
            }
            if (sym >= symbols) {
                return RELOCATION_SYMBOL;
            }
            int symbol = (int) sym;
            int section = Elf.symbolSection(object, symtab, symbol);
            long value;
            if (symbol == 0) {
                value = 0;                              // STN_UNDEF: the value 0 (gABI)
            } else if (section == Elf.SHN_UNDEF) {
                int name = Elf.string(object, (int) Elf.sectionLink(object, symtab), Elf.symbolName(object, symtab, symbol));
                int length = Elf.stringLength(object, name);
                int index = kernel.find(object, name, length);
                if (index < 0) {
                    unknownAt = name;
                    unknownLength = length;
                    return UNKNOWN_SYMBOL;
                }
                value = kernel.address(index);
            } else if (section == Elf.SHN_ABS) {
                value = Elf.symbolValue(object, symtab, symbol);
            } else if (region[section] < 0) {
                return SYMBOL_NOT_LOADED;
            } else {
                value = va + offset[section] + Elf.symbolValue(object, symtab, symbol);
            }
            long s = value + addend;
            int to = (int) (offset[target] + where);
            if (type == Elf.R_X86_64_64) {
                Elf.put64(image, to, s);
            } else if (type == Elf.R_X86_64_32S) {
                if (s != (int) s) {
                    return S32_RANGE;
                }
                Elf.put32(image, to, (int) s);
            } else {
                long pc = s - (va + offset[target] + where);
                if (pc != (int) pc) {
                    return PC32_RANGE;
                }
                Elf.put32(image, to, (int) pc);
            }
        }
        return null;
    }
}
