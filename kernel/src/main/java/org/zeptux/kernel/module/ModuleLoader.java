package org.zeptux.kernel.module;

import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.dev.Ata;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.pool.Buffers;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.kernel.module.loader.ModuleMemory;
import org.zeptux.rt.Address;
import org.zeptux.rt.PhysAddr;

/**
 * Kernel modules loaded at run time (docs/modules.md): {@code insmod} and {@code rmmod}.
 * {@code insmod NAME} reads the module archive zeptuxc packed into the disk image (over ATA)
 * into a byte buffer, has the safe parser find and check NAME's module file
 * ({@link ModuleArchive}, {@link ModuleManifest}, {@link ModuleLayout}: they lay the module
 * out as an image in another buffer, relocated for its slot of the module area against the
 * kernel's export table), has {@link ModuleMemory} (the raw step, an unsafe package) copy that
 * image into one buddy block, maps it (text read+execute, rodata read-only, data and .bss
 * read-write, no-execute) and runs its init; {@code rmmod NAME} runs its exit, unmaps it and
 * returns every page. Nothing here parses the module: what is read from the disk reaches this
 * class only as checked offsets and sizes.
 *
 * <p>A module that cannot be loaded is refused with one line ({@code insmod: NAME: why}) and
 * the kernel carries on. Memory: the buffers (archive, object, image; owner "modules") are
 * freed before insmod returns, whatever happens; the module's own pages are one buddy block
 * freed by rmmod (or at once, when init fails); the module area's page tables were made at
 * boot. So every refusal, and every insmod/rmmod cycle, leaves free memory exactly as it was.
 * Each load starts from fresh parser state: the parser objects below are reset by each step.
 */
public final class ModuleLoader {
    private ModuleLoader() {}

    static final int SLOTS = Paging.MODULE_SLOTS;
    static final int NAME = ModuleManifest.MAX_NAME + 1;
    /** The largest archive read: 4 MiB. */
    static final long MAX_ARCHIVE = 4L << 20;
    static final int ARCHIVE_FIELD = 0x1B0;
    /** Sectors read at a time into the scratch page. */
    private static final int CHUNK = (int) (Phys.PAGE_SIZE / Ata.SECTOR);

    private static final boolean[] USED = new boolean[SLOTS];
    private static final long[] BLOCK = new long[SLOTS];
    private static final int[] ORDER = new int[SLOTS];
    private static final long[] SIZE = new long[SLOTS];
    private static final long[] EXIT = new long[SLOTS];
    /** Whether the module in a slot was built with zeptuxc module --unsafe (its manifest's unsafe=1). */
    private static final boolean[] UNSAFE = new boolean[SLOTS];
    private static final byte[] NAMES = new byte[SLOTS * NAME];
    private static final byte[] VERSIONS = new byte[SLOTS * NAME];

    /** The parser's state for the load under way (each step resets what it sets). */
    private static final byte[] REQUESTED = new byte[NAME];
    private static final ModuleArchive ARCHIVE = new ModuleArchive();
    private static final ModuleManifest MANIFEST = new ModuleManifest();
    private static final ModuleLayout LAYOUT = new ModuleLayout();
    private static final KernelSymbols EXPORTS = new Exports();

    /** {@code insmod}: loads module {@code name} (its first {@code length} bytes) from the image's archive. */
    public static void insmod(byte[] name, int length) {
        if (length <= 0 || length >= NAME) {
            refuse(name, length, "not a module name");
            return;
        }
        for (int i = 0; i < NAME; i++) {
            REQUESTED[i] = i < length ? name[i] : 0;
        }
        if (find(name, length) >= 0) {
            refuse(name, length, "already loaded");
            return;
        }
        byte[] archive = readArchive(name, length);
        if (archive == null) {
            return;
        }
        String why = ARCHIVE.find(archive, REQUESTED, length, MANIFEST);
        if (why == null && ARCHIVE.objectLength < Elf.HEADER) {
            why = "corrupt module: not an ELF object";
        }
        byte[] object = null;
        if (why == null) {
            object = Buffers.bytes(ARCHIVE.objectLength, Owner.MODULES);
            if (object == null) {
                why = "no memory for the module file";
            } else {
                ARCHIVE.copyObject(archive, object);
            }
        }
        Buffers.free(archive, Owner.MODULES);
        if (why != null) {
            refuse(name, length, why);
            return;
        }
        load(name, length, object);
        Buffers.free(object, Owner.MODULES);
    }

    /**
     * The module archive, read from the disk into a buffer the caller frees; null (refused
     * with its line) if there is none or it cannot be read.
     */
    private static byte[] readArchive(byte[] name, int length) {
        PhysAddr scratch = Buddy.alloc(0, Owner.MODULES);
        if (scratch == null) {
            refuse(name, length, "no memory");
            return null;
        }
        Address page = Phys.virt(scratch);
        int r = Ata.read(0, 1, scratch);
        long lba = ModuleMemory.pageU32(page, ARCHIVE_FIELD);
        long sectors = ModuleMemory.pageU32(page, ARCHIVE_FIELD + 4);
        byte[] archive = null;
        String why = null;
        if (r != Ata.OK) {
            why = "cannot read the disk";
        } else if (sectors == 0) {
            why = "the disk image has no module archive (zeptuxc image --pack)";
        } else if (sectors > MAX_ARCHIVE / Ata.SECTOR) {
            why = "the module archive is too large";
        } else {
            archive = Buffers.bytes((int) (sectors * Ata.SECTOR), Owner.MODULES);
            if (archive == null) {
                why = "no memory for the module archive";
            }
        }
        for (long s = 0; why == null && s < sectors; s += CHUNK) {
            int n = (int) Math.min(CHUNK, sectors - s);
            if (Ata.read(lba + s, n, scratch) != Ata.OK) {
                why = "cannot read the module archive";
            }
            if (why == null) {
                ModuleMemory.copyFromPage(page, archive, (int) (s * Ata.SECTOR), n * Ata.SECTOR);
            }
        }
        Buddy.free(scratch, 0, Owner.MODULES);
        if (why != null) {
            if (archive != null) {
                Buffers.free(archive, Owner.MODULES);
            }
            refuse(name, length, why);
            return null;
        }
        return archive;
    }

    /** Lays out, maps and starts the module whose ELF object is {@code object} (the manifest is {@link #MANIFEST}). */
    private static void load(byte[] name, int length, byte[] object) {
        if (MANIFEST.api != Api.VERSION) {
            refuse(name, length, "");
            Printf.printf("built for kernel API %d, this kernel has %d\n", MANIFEST.api, Api.VERSION);
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
        String why = LAYOUT.plan(object, MANIFEST, Paging.MODULE_SLOT);
        if (why != null) {
            refuse(name, length, "");
            Print.str(why == ModuleLayout.TOO_BIG ? "" : "corrupt module: ");
            Print.str(why);
            Print.nl();
            return;
        }
        long va = Paging.MODULE_AREA + (long) slot * Paging.MODULE_SLOT;
        long total = LAYOUT.size;
        byte[] image = Buffers.bytes((int) total, Owner.MODULES);
        if (image == null) {
            refuse(name, length, "no memory for the module");
            return;
        }
        why = LAYOUT.link(object, image, va, EXPORTS);
        if (why != null) {
            Buffers.free(image, Owner.MODULES);
            refuse(name, length, "");
            Print.str(why == ModuleLayout.UNKNOWN_SYMBOL ? "" : "corrupt module: ");
            Print.str(why);
            for (int i = 0; i < LAYOUT.unknownLength; i++) {
                Print.chr(object[LAYOUT.unknownAt + i] & 0xFF);
            }
            Print.nl();
            return;
        }
        int order = orderFor(total / Phys.PAGE_SIZE);
        PhysAddr block = Buddy.alloc(order, Owner.MODULES);
        if (block == null) {
            Buffers.free(image, Owner.MODULES);
            refuse(name, length, "no memory for the module");
            return;
        }
        ModuleMemory.fill(block, order, image, total);
        Buffers.free(image, Owner.MODULES);
        long rodata = LAYOUT.base[ModuleLayout.RODATA];
        long data = LAYOUT.base[ModuleLayout.DATA];
        Paging.mapModule(va, block, rodata, Paging.TEXT);
        Paging.mapModule(va + rodata, block.plus(rodata), data - rodata, Paging.RODATA);
        Paging.mapModule(va + data, block.plus(data), total - data, Paging.DATA);
        USED[slot] = true;
        BLOCK[slot] = block.toLong();
        ORDER[slot] = order;
        SIZE[slot] = total;
        EXIT[slot] = va + LAYOUT.exit;
        UNSAFE[slot] = MANIFEST.unsafe;
        copyName(MANIFEST.name, MANIFEST.nameLength, NAMES, slot);
        copyName(MANIFEST.version, MANIFEST.versionLength, VERSIONS, slot);
        Print.str("insmod: ");
        printBytes(name, length);
        Printf.printf(" at 0x%lx (%lu KiB text, %lu KiB rodata, %lu KiB data%s): init\n", va,
                rodata >>> 10, (data - rodata) >>> 10, (total - data) >>> 10,
                Printf.s(UNSAFE[slot] ? ", unsafe" : ""));
        int result = (int) ModuleMemory.call(va + LAYOUT.init);
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

    /** The kernel's export table as {@link KernelSymbols}. */
    private static final class Exports implements KernelSymbols {
        @Override
        public int find(byte[] object, int at, int length) {
            return ModuleMemory.findExport(object, at, length);
        }

        @Override
        public long address(int index) {
            return ModuleMemory.exportAddress(index);
        }
    }

    /** {@code rmmod}: runs module {@code name}'s exit and unloads it. */
    public static void rmmod(byte[] name, int length) {
        int slot = find(name, length);
        if (slot < 0) {
            Print.str("rmmod: ");
            printBytes(name, length);
            Print.str(": not loaded");
            Print.nl();
            return;
        }
        rmmod(slot);
    }

    /** Runs the exit of the module in {@code slot} and unloads it. */
    private static void rmmod(int slot) {
        ModuleMemory.call(EXIT[slot]);
        unload(slot);
        Print.str("rmmod: ");
        printName(NAMES, slot);
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
                rmmod(slot);
            }
        }
    }

    /** Lists the loaded modules (for lsmod). */
    public static void list() {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (!USED[slot]) {
                continue;
            }
            Modules.pad(21 - printName(NAMES, slot));
            Modules.pad(11 - printName(VERSIONS, slot));
            Printf.printf("live (loaded, %s%lu KiB at 0x%lx)\n", Printf.s(UNSAFE[slot] ? "unsafe, " : ""),
                    SIZE[slot] >>> 10, Paging.MODULE_AREA + (long) slot * Paging.MODULE_SLOT);
        }
    }

    private static int find(byte[] name, int length) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (USED[slot] && nameLength(NAMES, slot) == length && sameBytes(NAMES, slot, name, length)) {
                return slot;
            }
        }
        return -1;
    }

    // ---- small helpers over names ----

    /** The smallest order whose block holds {@code pages} pages. */
    static int orderFor(long pages) {
        int order = 0;
        while ((1L << order) < pages) {
            order++;
        }
        return order;
    }

    /** The length of the name in {@code slot} of {@code names} (NAME bytes a slot, NUL-padded). */
    private static int nameLength(byte[] names, int slot) {
        int n = 0;
        while (n < NAME && names[slot * NAME + n] != 0) {
            n++;
        }
        return n;
    }

    private static boolean sameBytes(byte[] names, int slot, byte[] name, int length) {
        for (int i = 0; i < length; i++) {
            if (names[slot * NAME + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static void copyName(byte[] from, int length, byte[] to, int slot) {
        for (int i = 0; i < NAME; i++) {
            to[slot * NAME + i] = i < length ? from[i] : 0;
        }
    }

    private static void printBytes(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            Print.chr(bytes[i] & 0xFF);
        }
    }

    /** Prints the name in {@code slot} of {@code names}; returns its length. */
    private static int printName(byte[] names, int slot) {
        int n = nameLength(names, slot);
        for (int i = 0; i < n; i++) {
            Print.chr(names[slot * NAME + i] & 0xFF);
        }
        return n;
    }

    /** Starts the one-line refusal {@code insmod: NAME: WHY}; an empty WHY leaves the line open. */
    private static void refuse(byte[] name, int length, String why) {
        Print.str("insmod: ");
        printBytes(name, length);
        Print.str(": ");
        if (!why.isEmpty()) {
            Print.str(why);
            Print.nl();
        }
    }
}
