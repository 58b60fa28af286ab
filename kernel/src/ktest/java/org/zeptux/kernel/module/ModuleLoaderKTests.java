package org.zeptux.kernel.module;

import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * The module loader's parser (archive, manifest, ELF object, layout, relocation) on
 * {@link TestModules}' module and on copies of it with one field corrupted: one test per
 * class of bug issue 20 found, each refused with its reason and nothing else, in both worlds.
 */
public final class ModuleLoaderKTests {
    private ModuleLoaderKTests() {}

    private static final byte[] WORK = new byte[TestModules.OBJECT.length];
    private static final byte[] ARCHIVE = new byte[TestModules.ARCHIVE.length];
    private static final byte[] IMAGE = new byte[8 * 4096];
    private static final byte[] NAME = {'t', 'e', 's', 't'};
    private static final ModuleManifest MANIFEST = new ModuleManifest();
    private static final ModuleLayout LAYOUT = new ModuleLayout();
    private static final ModuleArchive FINDER = new ModuleArchive();
    private static final long SLOT = 2L << 20;

    private static final byte[] NUL_NAME = bytes("name=te\0st\nversion=1\napi=1\ninit=i\nexit=e\ndepends=\n");
    private static final byte[] WRAPPING_API = bytes("name=test\nversion=1\napi=4294967297\ninit=i\nexit=e\ndepends=\n");
    private static final byte[] NO_INIT = bytes("name=test\nversion=1\napi=1\nexit=e\ndepends=\n");
    private static final byte[] TWICE = bytes("name=test\nversion=1\napi=1\ninit=i\ninit=j\nexit=e\ndepends=\n");
    private static final byte[] LONG_NAME = bytes("name=abcdefghijklmnopqrstuvwxyz0123456\nversion=1\napi=1\ninit=i\nexit=e\ndepends=\n");
    private static final byte[] NOT_KEY_VALUE = bytes("name=test\nversion=1\napi=1\ninit=i\nexit=e\ndepends=\nrubbish\n");

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Checks that the reason is {@code expected} (null: accepted), printing the actual one if not. */
    private static void reason(String expected, String actual, String what) {
        Check.isTrue(expected == actual, what);
        if (expected != actual) {
            Print.str("    # reason: ");
            Print.str(actual == null ? "(accepted)" : actual);
            Print.nl();
        }
    }

    /** A fresh copy of the test object in WORK, its manifest in MANIFEST. */
    private static byte[] object() {
        for (int i = 0; i < WORK.length; i++) {
            WORK[i] = TestModules.OBJECT[i];
        }
        MANIFEST.parse(TestModules.MANIFEST, 0, TestModules.MANIFEST.length);
        return WORK;
    }

    /** Plans and links WORK; the first reason, or null. */
    private static String load(KernelSymbols kernel) {
        for (int i = 0; i < IMAGE.length; i++) {
            IMAGE[i] = 0;
        }
        String why = LAYOUT.plan(WORK, MANIFEST, SLOT);
        return why != null ? why : LAYOUT.link(WORK, IMAGE, TestModules.VA, kernel);
    }

    private static void sectionField(int s, int field, long value) {
        Elf.put64(WORK, TestModules.header(s) + field, value);
    }

    @KTest
    static void theTestModuleLoadsAndIsRelocated() {
        object();
        reason(null, load(TestModules.KERNEL), "accepted");
        Check.equal(3 * 4096, LAYOUT.size, "three pages: text, rodata, data");
        Check.equal(0, LAYOUT.init, "init at the start of text");
        Check.equal(8, LAYOUT.exit, "exit");
        long va = TestModules.VA;
        Check.equalHex(TestModules.KERNEL_F - 4 - (va + 1), Elf.i32(IMAGE, 1), "PLT32 to kernel.f");
        Check.equalHex(va + 8192 + 8 - 4 - (va + 10), Elf.i32(IMAGE, 10), "PC32 to .bss");
        Check.equalHex(TestModules.KERNEL_G, Elf.u64(IMAGE, 4096), "R_X86_64_64 to kernel.g");
        Check.equalHex(va + 8, Elf.u64(IMAGE, 4096 + 8), "R_X86_64_64 to exit");
        Check.equalHex(va + 4096, Elf.i32(IMAGE, 8192), "R_X86_64_32S to .rodata");
        Check.equal(0xE8, IMAGE[0] & 0xFF, "text copied");
    }

    @KTest
    static void theArchiveFindsTheModuleAndItsManifest() {
        reason(null, FINDER.find(TestModules.ARCHIVE, NAME, 4, MANIFEST), "found");
        Check.equal(TestModules.OBJECT_IN_ARCHIVE, FINDER.objectAt, "object offset");
        Check.equal(TestModules.OBJECT.length, FINDER.objectLength, "object length");
        Check.equal(1, MANIFEST.api, "api");
        Check.equal(4, MANIFEST.initLength, "init's name");
        reason(ModuleArchive.NOT_FOUND, FINDER.find(TestModules.ARCHIVE, NAME, 3, MANIFEST), "another name");
    }

    /** Bounds written as offset + size > length wrapped for huge 64-bit fields. */
    @KTest
    static void hugeOffsetsDoNotWrapPastTheChecks() {
        object();
        Elf.put64(WORK, 40, -64);                                   // e_shoff
        reason(Elf.BAD_SECTION_TABLE, load(TestModules.KERNEL), "section header table at 2^64 - 64");
        object();
        sectionField(TestModules.TEXT, 24, -8);                      // sh_offset
        reason(Elf.BAD_SECTION, load(TestModules.KERNEL), "section at 2^64 - 8");
        object();
        sectionField(TestModules.RODATA, 32, Long.MAX_VALUE);        // sh_size
        reason(Elf.BAD_SECTION, load(TestModules.KERNEL), "section of 2^63 - 1 bytes");
        object();
        Elf.put64(WORK, TestModules.relocation(TestModules.RELA_RODATA, 0), -4);    // r_offset
        reason(ModuleLayout.RELOCATION_OUTSIDE, load(TestModules.KERNEL), "relocation at 2^64 - 4");
        object();
        Elf.put64(WORK, TestModules.relocation(TestModules.RELA_RODATA, 0), 12);    // 8 bytes at 12 of 16
        reason(ModuleLayout.RELOCATION_OUTSIDE, load(TestModules.KERNEL), "relocation across the section's end");
    }

    /** NOBITS sizes were never checked: a huge .bss passed and the layout sum wrapped. */
    @KTest
    static void nobitsSectionsAreBounded() {
        object();
        sectionField(TestModules.BSS, 32, -4096);
        reason(ModuleLayout.TOO_BIG, load(TestModules.KERNEL), ".bss of 2^64 - 4096 bytes");
        object();
        sectionField(TestModules.BSS, 32, (2L << 20) - 4096);
        reason(ModuleLayout.TOO_BIG, load(TestModules.KERNEL), ".bss that fits alone but not with the rest");
        object();
        sectionField(TestModules.BSS, 32, 8192);
        reason(null, load(TestModules.KERNEL), "a larger .bss is fine (it gets zeroed pages)");
        Check.equal(5 * 4096, LAYOUT.size, "five pages: .data and .bss take three");
    }

    /** A NOBITS or non-STRTAB section was accepted as a string table. */
    @KTest
    static void stringTablesMustBeStringTables() {
        object();
        Elf.put32(WORK, TestModules.header(TestModules.SYMTAB) + 40, TestModules.BSS);
        reason(Elf.BAD_SYMBOLS, load(TestModules.KERNEL), "NOBITS .bss as string table");
        object();
        Elf.put32(WORK, TestModules.header(TestModules.SYMTAB) + 40, TestModules.TEXT);
        reason(Elf.BAD_SYMBOLS, load(TestModules.KERNEL), ".text as string table");
        object();
        Elf.put32(WORK, TestModules.header(TestModules.SYMTAB) + 40, 0x7FFFFFFF);
        reason(Elf.BAD_SYMBOLS, load(TestModules.KERNEL), "a string table index past the sections");
        object();
        int strtab = (int) Elf.u64(WORK, TestModules.header(TestModules.STRTAB) + 24);
        int size = (int) Elf.u64(WORK, TestModules.header(TestModules.STRTAB) + 32);
        WORK[strtab + size - 1] = 'x';
        reason(Elf.BAD_SYMBOLS, load(TestModules.KERNEL), "a string table without its final NUL");
        object();
        Elf.put32(WORK, TestModules.symbol(TestModules.SYM_KERNEL_G), 1000);
        reason(ModuleLayout.BAD_SYMBOL_NAME, load(TestModules.KERNEL), "a name past the string table");
    }

    /** Symbol indexes were read as (int) (info >>> 32); REL and bad-target sections were skipped. */
    @KTest
    static void relocationSectionsAndSymbolIndexesAreChecked() {
        object();
        Elf.put32(WORK, TestModules.relocation(TestModules.RELA_TEXT, 0) + 12, -1);  // symbol 0xFFFFFFFF
        reason(ModuleLayout.RELOCATION_SYMBOL, load(TestModules.KERNEL), "symbol index 2^32 - 1");
        object();
        Elf.put32(WORK, TestModules.relocation(TestModules.RELA_TEXT, 0) + 12, 9);   // one past the table
        reason(ModuleLayout.RELOCATION_SYMBOL, load(TestModules.KERNEL), "symbol index = count");
        object();
        Elf.put32(WORK, TestModules.header(TestModules.RELA_DATA) + 4, Elf.SHT_REL);
        reason(ModuleLayout.REL, load(TestModules.KERNEL), "an SHT_REL section");
        object();
        Elf.put32(WORK, TestModules.header(TestModules.RELA_DATA) + 44, 99);
        reason(ModuleLayout.BAD_RELOCATIONS, load(TestModules.KERNEL), "a target past the sections");
        object();
        Elf.put32(WORK, TestModules.header(TestModules.RELA_DATA) + 44, 0);
        reason(ModuleLayout.BAD_RELOCATIONS, load(TestModules.KERNEL), "target 0");
        object();
        Elf.put32(WORK, TestModules.header(TestModules.RELA_DATA) + 40, TestModules.STRTAB);
        reason(ModuleLayout.BAD_RELOCATIONS, load(TestModules.KERNEL), "relocations of a table that is not the symbol table");
        object();
        sectionField(TestModules.RELA_DATA, 56, 16);
        reason(ModuleLayout.BAD_RELOCATIONS, load(TestModules.KERNEL), "entry size 16");
        object();
        Elf.put32(WORK, TestModules.relocation(TestModules.RELA_TEXT, 0) + 8, 10);   // R_X86_64_32
        reason(ModuleLayout.RELOCATION_TYPE, load(TestModules.KERNEL), "an unsupported type");
        object();
        Elf.put64(WORK, TestModules.relocation(TestModules.RELA_DATA, 0) + 16, 1L << 40);
        reason(ModuleLayout.S32_RANGE, load(TestModules.KERNEL), "a 32S value out of range");
    }

    /** "0" was the failure value, and a static unresolved name survived from one load to the next. */
    @KTest
    static void noFailureValueAndNoStateBetweenLoads() {
        object();
        reason(null, load(TestModules.G_AT_ZERO), "a kernel symbol at address 0 is a symbol");
        Check.equal(0, Elf.u64(IMAGE, 4096), "relocated to 0");
        object();
        Elf.put32(WORK, TestModules.symbol(TestModules.SYM_KERNEL_G) + 6, Elf.SHN_ABS);   // an absolute 0
        reason(null, load(TestModules.KERNEL), "an absolute symbol of value 0");
        object();
        WORK[(int) Elf.u64(WORK, TestModules.header(TestModules.STRTAB) + 24) + 20 + 7] = 'x';   // kernel.x
        reason(ModuleLayout.UNKNOWN_SYMBOL, load(TestModules.KERNEL), "kernel.x is unknown");
        Check.equal(8, LAYOUT.unknownLength, "its name's length");
        Check.equal('x', WORK[LAYOUT.unknownAt + 7], "its name");
        object();
        reason(null, load(TestModules.KERNEL), "the next load knows nothing of it");
        Check.equal(-1, LAYOUT.unknownAt, "no name left over");
        reason(ModuleArchive.NOT_FOUND, FINDER.find(TestModules.ARCHIVE, NAME, 2, MANIFEST), "not found");
        reason(null, FINDER.find(TestModules.ARCHIVE, NAME, 4, MANIFEST), "then found");
    }

    /** init/exit and symbol values were not checked to lie in text (resp. their section). */
    @KTest
    static void initExitAndSymbolValuesLieInTheirSections() {
        object();
        Elf.put16(WORK, TestModules.symbol(TestModules.SYM_INIT) + 6, TestModules.RODATA);
        reason(ModuleLayout.NO_INIT, load(TestModules.KERNEL), "init in rodata");
        object();
        Elf.put64(WORK, TestModules.symbol(TestModules.SYM_EXIT) + 8, 16);
        reason(ModuleLayout.NO_EXIT, load(TestModules.KERNEL), "exit at the end of text");
        object();
        Elf.put64(WORK, TestModules.symbol(TestModules.SYM_EXIT) + 8, 17);
        reason(ModuleLayout.SYMBOL_OUTSIDE, load(TestModules.KERNEL), "exit past text");
        object();
        Elf.put16(WORK, TestModules.symbol(TestModules.SYM_INIT) + 6, 0xFFF2);          // SHN_COMMON
        reason(ModuleLayout.BAD_SYMBOL_SECTION, load(TestModules.KERNEL), "a common symbol");
        object();
        Elf.put16(WORK, TestModules.symbol(TestModules.SYM_INIT) + 6, 40);
        reason(ModuleLayout.BAD_SYMBOL_SECTION, load(TestModules.KERNEL), "a section past the table");
        object();
        sectionField(TestModules.TEXT, 8, 7);                                           // WRITE|ALLOC|EXEC
        reason(ModuleLayout.WRITABLE_TEXT, load(TestModules.KERNEL), "writable text");
    }

    /** Absurd alignments. */
    @KTest
    static void alignmentsArePowersOfTwoUpToAPage() {
        object();
        sectionField(TestModules.RODATA, 48, 1L << 40);
        reason(ModuleLayout.BAD_ALIGNMENT, load(TestModules.KERNEL), "2^40");
        object();
        sectionField(TestModules.RODATA, 48, 24);
        reason(Elf.BAD_ALIGNMENT, load(TestModules.KERNEL), "24");
        object();
        sectionField(TestModules.RODATA, 48, Long.MIN_VALUE);
        reason(Elf.BAD_ALIGNMENT, load(TestModules.KERNEL), "2^63");
        object();
        sectionField(TestModules.RODATA, 48, 4096);
        reason(null, load(TestModules.KERNEL), "4096");
    }

    /** A missing init= called some other function; api= wrapped; names had NULs. */
    @KTest
    static void manifestsAreCheckedKeyByKey() {
        reason(null, MANIFEST.parse(TestModules.MANIFEST, 0, TestModules.MANIFEST.length), "the test manifest");
        reason(ModuleManifest.NUL, MANIFEST.parse(NUL_NAME, 0, NUL_NAME.length), "a NUL");
        reason(ModuleManifest.NO_API, MANIFEST.parse(WRAPPING_API, 0, WRAPPING_API.length), "api=2^32 + 1");
        reason(ModuleManifest.NO_INIT, MANIFEST.parse(NO_INIT, 0, NO_INIT.length), "no init=");
        Check.equal(0, MANIFEST.initLength, "no init name kept");
        reason(ModuleManifest.TWICE, MANIFEST.parse(TWICE, 0, TWICE.length), "init= twice");
        reason(ModuleManifest.NO_NAME, MANIFEST.parse(LONG_NAME, 0, LONG_NAME.length), "a 37-character name");
        reason(ModuleManifest.BAD_LINE, MANIFEST.parse(NOT_KEY_VALUE, 0, NOT_KEY_VALUE.length), "a line without =");
        reason(ModuleManifest.NO_NAME, MANIFEST.parse(TestModules.MANIFEST, 0, 0), "empty");
    }

    /** Archive tables and module files whose lengths wrap or disagree. */
    @KTest
    static void archiveEntriesAreBounded() {
        for (int i = 0; i < ARCHIVE.length; i++) {
            ARCHIVE[i] = TestModules.ARCHIVE[i];
        }
        Elf.put32(ARCHIVE, 4, -1);                                   // count 2^32 - 1
        reason(ModuleArchive.CORRUPT, FINDER.find(ARCHIVE, NAME, 4, MANIFEST), "a huge count");
        Elf.put32(ARCHIVE, 4, 1);
        Elf.put32(ARCHIVE, 12, -1);                                  // the file's length 2^32 - 1
        reason(ModuleArchive.CORRUPT, FINDER.find(ARCHIVE, NAME, 4, MANIFEST), "a file past the archive");
        Elf.put32(ARCHIVE, 12, TestModules.FILE.length - 1);
        reason(ModuleArchive.TRUNCATED, FINDER.find(ARCHIVE, NAME, 4, MANIFEST), "a file one byte short");
        Elf.put32(ARCHIVE, 12, TestModules.FILE.length);
        Elf.put32(ARCHIVE, 16 + 8, -1);                              // manifest length 2^32 - 1
        reason(ModuleArchive.NOT_FOUND, FINDER.find(ARCHIVE, NAME, 4, MANIFEST), "a manifest past the file");
        Elf.put32(ARCHIVE, 16 + 8, TestModules.MANIFEST.length);
        ARCHIVE[16 + 12 + 26] = 'x';                                 // api=x
        reason(ModuleManifest.NO_API, FINDER.find(ARCHIVE, NAME, 4, MANIFEST), "its manifest's refusal");
    }
}
