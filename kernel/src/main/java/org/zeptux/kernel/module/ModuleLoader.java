package org.zeptux.kernel.module;

import org.zeptux.kernel.dev.Ata;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Paging;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Address;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.PhysAddr;

/**
 * Kernel modules loaded at run time (docs/modules.md): {@code insmod NAME} reads the module
 * archive zeptuxc packed into the disk image (over ATA), finds NAME's module file, checks its
 * format and API version, lays its ELF sections out in a slot of the module area (text
 * read+execute, rodata read-only, data and .bss read-write, no-execute), applies its
 * relocations, resolving undefined symbols against the kernel's export table, and runs its
 * init; {@code rmmod NAME} runs its exit, unmaps it and returns every page. A module that
 * cannot be loaded is refused with one line and the kernel carries on.
 *
 * <p>Memory: the archive is read into pages freed again before insmod returns; the module's
 * own pages are one buddy block (owner "modules") freed by rmmod; the module area's page
 * tables were made at boot. So an insmod/rmmod cycle leaves free memory exactly as it was.
 */
public final class ModuleLoader {
    private ModuleLoader() {}

    static final int SLOTS = Paging.MODULE_SLOTS;
    static final int NAME = 32;
    static final int MAX_SECTIONS = 64;
    /** The largest archive read (pages of one buddy block: order 10, 4 MiB). */
    static final int MAX_ARCHIVE_ORDER = 10;
    static final int ARCHIVE_FIELD = 0x1B0;

    private static final boolean[] USED = new boolean[SLOTS];
    private static final long[] BLOCK = new long[SLOTS];
    private static final int[] ORDER = new int[SLOTS];
    private static final long[] SIZE = new long[SLOTS];
    private static final long[] EXIT = new long[SLOTS];
    private static final byte[] NAMES = new byte[SLOTS * NAME];
    private static final byte[] VERSIONS = new byte[SLOTS * NAME];

    /** Per section while loading: its region (0 text, 1 rodata, 2 data; -1 not loaded) and offset in it. */
    private static final int[] REGION = new int[MAX_SECTIONS];
    private static final long[] OFFSET = new long[MAX_SECTIONS];
    private static final long[] REGION_BASE = new long[3];
    private static final long[] REGION_SIZE = new long[3];

    @Export("zeptux_exports")
    private static native long exports();

    // ---- the manifest of the module being loaded ----
    private static Address manifest;
    private static int manifestLength;

    /** {@code insmod}: loads module {@code name} ({@code length} bytes at {@code name}) from the image's archive. */
    public static void insmod(Address name, int length) {
        if (length <= 0 || length >= NAME) {
            refuse(name, length, "not a module name");
            return;
        }
        if (find(name, length) >= 0) {
            refuse(name, length, "already loaded");
            return;
        }
        PhysAddr scratch = Buddy.alloc(0, Owner.MODULES);
        if (scratch == null) {
            refuse(name, length, "no memory");
            return;
        }
        Address sector = Phys.virt(scratch);
        int r = Ata.read(0, 1, sector);
        long lba = sector.load32(ARCHIVE_FIELD) & 0xFFFFFFFFL;
        long sectors = sector.load32(ARCHIVE_FIELD + 4) & 0xFFFFFFFFL;
        Buddy.free(scratch, 0, Owner.MODULES);
        if (r != Ata.OK) {
            refuse(name, length, "cannot read the disk");
            return;
        }
        if (sectors == 0) {
            refuse(name, length, "the disk image has no module archive (zeptuxc image --pack)");
            return;
        }
        int order = orderFor((sectors * Ata.SECTOR + Phys.PAGE_SIZE - 1) / Phys.PAGE_SIZE);
        if (order > MAX_ARCHIVE_ORDER) {
            refuse(name, length, "the module archive is too large");
            return;
        }
        PhysAddr block = Buddy.alloc(order, Owner.MODULES);
        if (block == null) {
            refuse(name, length, "no memory for the module archive");
            return;
        }
        Address archive = Phys.virt(block);
        boolean read = true;
        for (long s = 0; s < sectors && read; s += 256) {
            int n = (int) Math.min(256, sectors - s);
            read = Ata.read(lba + s, n, archive.plus(s * Ata.SECTOR)) == Ata.OK;
        }
        if (!read) {
            refuse(name, length, "cannot read the module archive");
        } else {
            loadFromArchive(archive, sectors * Ata.SECTOR, name, length);
        }
        Buddy.free(block, order, Owner.MODULES);
    }

    private static void loadFromArchive(Address archive, long size, Address name, int length) {
        if (size < 8 || archive.load32() != 0x4352415A) {          // "ZARC"
            refuse(name, length, "the module archive is corrupt");
            return;
        }
        int count = archive.load32(4);
        for (int i = 0; i < count && 8 + 8L * i + 8 <= size; i++) {
            long offset = archive.load32(8 + 8L * i) & 0xFFFFFFFFL;
            long fileLength = archive.load32(12 + 8L * i) & 0xFFFFFFFFL;
            if (offset + fileLength > size || fileLength < 16) {
                refuse(name, length, "the module archive is corrupt");
                return;
            }
            Address file = archive.plus(offset);
            if (file.load32() != 0x444F4D5A || file.load32(4) != 1) {   // "ZMOD", format 1
                continue;
            }
            manifestLength = file.load32(8);
            if (manifestLength < 0 || 12 + (long) manifestLength + 4 > fileLength) {
                continue;
            }
            manifest = file.plus(12);
            if (field("name=", name, length)) {
                long objectLength = file.load32(12 + manifestLength) & 0xFFFFFFFFL;
                if (12 + manifestLength + 4 + objectLength != fileLength) {
                    refuse(name, length, "corrupt module file (its object is truncated)");
                    return;
                }
                load(name, length, file.plus(16 + manifestLength), objectLength);
                return;
            }
        }
        refuse(name, length, "no such module in the image");
    }

    /** Loads the ELF object {@code object} of {@code objectLength} bytes into a free slot and runs its init. */
    private static void load(Address name, int length, Address object, long objectLength) {
        long api = number(fieldValue("api="));
        if (api != Api.VERSION) {
            refuse(name, length, "");
            Printf.printf("built for kernel API %d, this kernel has %d\n", api, Api.VERSION);
            return;
        }
        int slot = -1;
        for (int i = SLOTS - 1; i >= 0; i--) {
            if (!USED[i]) {
                slot = i;
            }
        }
        if (slot < 0) {
            refuse(name, length, "all module slots are in use");
            return;
        }
        String why = Elf.check(object, objectLength, MAX_SECTIONS);
        if (why != null) {
            refuse(name, length, "");
            Print.str("corrupt module: ");
            Print.str(why);
            Print.nl();
            return;
        }
        // Layout: text, rodata, data (with .bss), each region page-aligned.
        long[] sizes = REGION_SIZE;
        sizes[0] = 0;
        sizes[1] = 0;
        sizes[2] = 0;
        int sections = Elf.sections(object);
        for (int s = 0; s < sections; s++) {
            REGION[s] = Elf.region(object, s);
            if (REGION[s] < 0) {
                continue;
            }
            long align = Math.max(1, Elf.sectionAlign(object, s));
            if (align > Phys.PAGE_SIZE || (align & (align - 1)) != 0) {
                refuse(name, length, "corrupt module: a section's alignment is not a power of two up to 4096");
                return;
            }
            OFFSET[s] = (sizes[REGION[s]] + align - 1) & -align;
            sizes[REGION[s]] = OFFSET[s] + Elf.sectionSize(object, s);
        }
        REGION_BASE[0] = 0;
        REGION_BASE[1] = Phys.pageUp(sizes[0]);
        REGION_BASE[2] = REGION_BASE[1] + Phys.pageUp(sizes[1]);
        long total = REGION_BASE[2] + Phys.pageUp(sizes[2]);
        if (total == 0 || total > Paging.MODULE_SLOT) {
            refuse(name, length, "the module does not fit a 2 MiB module slot");
            return;
        }
        int order = orderFor(total / Phys.PAGE_SIZE);
        PhysAddr block = Buddy.alloc(order, Owner.MODULES);
        if (block == null) {
            refuse(name, length, "no memory for the module");
            return;
        }
        Address image = Phys.virt(block);
        for (long off = 0; off < (Phys.PAGE_SIZE << order); off += 8) {
            image.store64(off, 0);
        }
        long va = Paging.MODULE_AREA + (long) slot * Paging.MODULE_SLOT;
        for (int s = 0; s < sections; s++) {
            if (REGION[s] >= 0 && Elf.hasBytes(object, s)) {
                Address from = object.plus(Elf.sectionOffset(object, s));
                Address to = image.plus(REGION_BASE[REGION[s]] + OFFSET[s]);
                long n = Elf.sectionSize(object, s);
                for (long b = 0; b < n; b++) {
                    to.store8(b, from.load8(b));
                }
            }
        }
        unresolvedName = null;
        why = relocate(object, image, va);
        long init = why == null ? symbol(object, va, fieldValue("init=")) : 0;
        long exit = why == null ? symbol(object, va, fieldValue("exit=")) : 0;
        if (why == null && (init == 0 || exit == 0)) {
            why = "its init or exit function is missing";
        }
        if (why != null) {
            Buddy.free(block, order, Owner.MODULES);
            refuse(name, length, "");
            Print.str(why);
            if (unresolvedName != null) {
                Modules.printString(unresolvedName.toLong());
            }
            Print.nl();
            return;
        }
        Paging.mapModule(va, block, REGION_BASE[1], Paging.TEXT);
        Paging.mapModule(va + REGION_BASE[1], block.plus(REGION_BASE[1]), REGION_BASE[2] - REGION_BASE[1], Paging.RODATA);
        Paging.mapModule(va + REGION_BASE[2], block.plus(REGION_BASE[2]), total - REGION_BASE[2], Paging.DATA);
        USED[slot] = true;
        BLOCK[slot] = block.toLong();
        ORDER[slot] = order;
        SIZE[slot] = total;
        EXIT[slot] = exit;
        copyName(name, length, NAMES, slot);
        Address version = fieldValue("version=");
        int versionLength = lineLength(version);
        copyName(version, Math.min(versionLength, NAME - 1), VERSIONS, slot);
        Print.str("insmod: ");
        printBytes(name, length);
        Printf.printf(" at 0x%lx (%lu KiB text, %lu KiB rodata, %lu KiB data): init\n", va,
                REGION_BASE[1] >>> 10, (REGION_BASE[2] - REGION_BASE[1]) >>> 10, (total - REGION_BASE[2]) >>> 10);
        int result = (int) Modules.call(init);
        if (result != 0) {
            Print.str("insmod: ");
            printBytes(name, length);
            Printf.printf(": init failed (%d); unloaded\n", result);
            unload(slot);
            return;
        }
        Print.str("insmod: ");
        printBytes(name, length);
        Print.str(": live");
        Print.nl();
    }

    /** Applies every relocation of the sections loaded; null, or why it cannot. */
    private static String relocate(Address object, Address image, long va) {
        int sections = Elf.sections(object);
        for (int s = 0; s < sections; s++) {
            if (Elf.sectionType(object, s) != Elf.SHT_RELA) {
                continue;
            }
            int target = Elf.sectionInfo(object, s);
            if (target <= 0 || target >= sections || REGION[target] < 0) {
                continue;                               // relocations of debug information
            }
            int symtab = Elf.sectionLink(object, s);
            if (symtab <= 0 || symtab >= sections || Elf.sectionType(object, symtab) != Elf.SHT_SYMTAB) {
                return "a relocation section without a symbol table";
            }
            Address relocs = object.plus(Elf.sectionOffset(object, s));
            long n = Elf.sectionSize(object, s) / 24;
            long targetBase = REGION_BASE[REGION[target]] + OFFSET[target];
            for (long i = 0; i < n; i++) {
                long offset = relocs.load64(24 * i);
                long info = relocs.load64(24 * i + 8);
                long addend = relocs.load64(24 * i + 16);
                int sym = (int) (info >>> 32);
                int type = (int) info;
                if (offset < 0 || offset + (type == Elf.R_X86_64_64 ? 8 : 4) > Elf.sectionSize(object, target)) {
                    return "a relocation outside its section";
                }
                long value = symbolValue(object, symtab, sym, va);
                if (value == 0) {
                    return unresolved;
                }
                long s2 = value + addend;
                long place = va + targetBase + offset;
                Address at = image.plus(targetBase + offset);
                switch (type) {
                    case Elf.R_X86_64_64 -> at.store64(s2);
                    case Elf.R_X86_64_PC32, Elf.R_X86_64_PLT32 -> {
                        long v = s2 - place;
                        if (v != (int) v) {
                            return "a 32-bit PC-relative relocation out of range";
                        }
                        at.store32((int) v);
                    }
                    case Elf.R_X86_64_32S -> {
                        if (s2 != (int) s2) {
                            return "a 32-bit signed relocation out of range";
                        }
                        at.store32((int) s2);
                    }
                    default -> {
                        return "relocation type not supported (build modules with zeptuxc module)";
                    }
                }
            }
        }
        return null;
    }

    private static String unresolved;
    /** The undefined symbol the kernel does not export, for the refusal. */
    private static Address unresolvedName;

    /**
     * The address symbol {@code sym} of {@code symtab} stands for: a section's place in the
     * module, an absolute value, or a kernel export; 0 (and {@link #unresolved} set) if none.
     */
    private static long symbolValue(Address object, int symtab, int sym, long va) {
        Address symbols = object.plus(Elf.sectionOffset(object, symtab));
        if ((long) sym * 24 + 24 > Elf.sectionSize(object, symtab)) {
            unresolved = "a relocation names a symbol outside the symbol table";
            return 0;
        }
        Address entry = symbols.plus(24L * sym);
        int shndx = entry.load16(6);
        long value = entry.load64(8);
        if (shndx == 0) {
            Address name = Elf.string(object, Elf.sectionLink(object, symtab), entry.load32(0));
            long address = lookup(name);
            if (address == 0) {
                unresolved = "unknown symbol ";
                unresolvedName = name;
            }
            return address;
        }
        if (shndx == 0xFFF1) {
            return value;
        }
        if (shndx >= Elf.sections(object) || REGION[shndx] < 0) {
            unresolved = "a symbol in a section that is not loaded";
            return 0;
        }
        return va + REGION_BASE[REGION[shndx]] + OFFSET[shndx] + value;
    }

    /** The address of the defined global symbol named by the manifest line at {@code name}, or 0. */
    private static long symbol(Address object, long va, Address name) {
        int sections = Elf.sections(object);
        int nameLength = lineLength(name);
        for (int s = 0; s < sections; s++) {
            if (Elf.sectionType(object, s) != Elf.SHT_SYMTAB) {
                continue;
            }
            Address symbols = object.plus(Elf.sectionOffset(object, s));
            long n = Elf.sectionSize(object, s) / 24;
            for (long i = 1; i < n; i++) {
                Address entry = symbols.plus(24 * i);
                int shndx = entry.load16(6);
                if (shndx == 0 || shndx >= sections || REGION[shndx] < 0) {
                    continue;
                }
                Address symName = Elf.string(object, Elf.sectionLink(object, s), entry.load32(0));
                if (sameCString(symName, name, nameLength)) {
                    return va + REGION_BASE[REGION[shndx]] + OFFSET[shndx] + entry.load64(8);
                }
            }
        }
        return 0;
    }

    /** The kernel export named by the C string at {@code name}, or 0. */
    private static long lookup(Address name) {
        long table = exports();
        long count = Memory.load64(table);
        for (long i = 0; i < count; i++) {
            Address exported = Address.of(Memory.load64(table + 8 + 16 * i));
            if (cstringEquals(exported, name)) {
                return Memory.load64(table + 16 + 16 * i);
            }
        }
        return 0;
    }

    /** {@code rmmod}: runs module {@code name}'s exit and unloads it. */
    public static void rmmod(Address name, int length) {
        int slot = find(name, length);
        if (slot < 0) {
            Print.str("rmmod: ");
            printBytes(name, length);
            Print.str(": not loaded");
            Print.nl();
            return;
        }
        Modules.call(EXIT[slot]);
        unload(slot);
        Print.str("rmmod: ");
        printBytes(name, length);
        Print.str(": unloaded");
        Print.nl();
    }

    private static void unload(int slot) {
        long va = Paging.MODULE_AREA + (long) slot * Paging.MODULE_SLOT;
        Paging.unmapModule(va, SIZE[slot]);
        Buddy.free(PhysAddr.of(BLOCK[slot]), ORDER[slot], Owner.MODULES);
        USED[slot] = false;
    }

    /** Runs the exit of every loaded module, from the highest slot down, and unloads it. */
    static void unloadAll() {
        for (int slot = SLOTS - 1; slot >= 0; slot--) {
            if (USED[slot]) {
                Address n = Address.of(Memory.addressOf(NAMES) + 16 + (long) slot * NAME);
                rmmod(n, lineLength(n));
            }
        }
    }

    /** Lists the loaded modules (for lsmod). */
    public static void list() {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (!USED[slot]) {
                continue;
            }
            Modules.pad(21 - Modules.printString(Memory.addressOf(NAMES) + 16 + (long) slot * NAME));
            Modules.pad(11 - Modules.printString(Memory.addressOf(VERSIONS) + 16 + (long) slot * NAME));
            Printf.printf("live (loaded, %lu KiB at 0x%lx)\n", SIZE[slot] >>> 10,
                    Paging.MODULE_AREA + (long) slot * Paging.MODULE_SLOT);
        }
    }

    private static int find(Address name, int length) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (USED[slot]) {
                Address n = Address.of(Memory.addressOf(NAMES) + 16 + (long) slot * NAME);
                if (lineLength(n) == length && sameBytes(n, name, length)) {
                    return slot;
                }
            }
        }
        return -1;
    }

    // ---- small helpers over bytes in memory ----

    /** The smallest order whose block holds {@code pages} pages. */
    static int orderFor(long pages) {
        int order = 0;
        while ((1L << order) < pages) {
            order++;
        }
        return order;
    }

    /** Whether the manifest has the line KEY followed by the {@code length} bytes at {@code value}. */
    private static boolean field(String key, Address value, int length) {
        Address v = fieldValue(key);
        return v != null && lineLength(v) == length && sameBytes(v, value, length);
    }

    /** Where the value of manifest line {@code key} starts, or null. */
    private static Address fieldValue(String key) {
        int i = 0;
        while (i < manifestLength) {
            boolean match = i + key.length() <= manifestLength;
            for (int k = 0; match && k < key.length(); k++) {
                match = manifest.load8(i + k) == key.charAt(k);
            }
            if (match) {
                return manifest.plus(i + key.length());
            }
            while (i < manifestLength && manifest.load8(i) != '\n') {
                i++;
            }
            i++;
        }
        return null;
    }

    /** The length of the line (or C string) at {@code a}: up to '\n' or NUL, at most NAME * 4. */
    private static int lineLength(Address a) {
        if (a == null || a.toLong() == 0) {
            return 0;
        }
        int n = 0;
        while (n < NAME * 4 && a.load8(n) != '\n' && a.load8(n) != 0) {
            n++;
        }
        return n;
    }

    /** A decimal number at the start of a manifest value; -1 if there is none. */
    private static long number(Address a) {
        if (a == null) {
            return -1;
        }
        long v = 0;
        int n = lineLength(a);
        if (n == 0) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            int c = a.load8(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean sameBytes(Address a, Address b, int length) {
        for (int i = 0; i < length; i++) {
            if (a.load8(i) != b.load8(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the C string at {@code c} is the {@code length} bytes at {@code line}. */
    private static boolean sameCString(Address c, Address line, int length) {
        return sameBytes(c, line, length) && c.load8(length) == 0;
    }

    private static boolean cstringEquals(Address a, Address b) {
        for (int i = 0; ; i++) {
            int x = a.load8(i);
            if (x != b.load8(i)) {
                return false;
            }
            if (x == 0) {
                return true;
            }
        }
    }

    private static void copyName(Address from, int length, byte[] to, int slot) {
        for (int i = 0; i < NAME; i++) {
            to[slot * NAME + i] = i < length ? (byte) from.load8(i) : 0;
        }
    }

    private static void printBytes(Address a, int length) {
        for (int i = 0; i < length; i++) {
            Print.chr(a.load8(i));
        }
    }

    /** Starts the one-line refusal {@code insmod: NAME: WHY}; an empty WHY leaves the line open. */
    private static void refuse(Address name, int length, String why) {
        Print.str("insmod: ");
        printBytes(name, length);
        Print.str(": ");
        if (!why.isEmpty()) {
            Print.str(why);
            Print.nl();
        }
    }
}
