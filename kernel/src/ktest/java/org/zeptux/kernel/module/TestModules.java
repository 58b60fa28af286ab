package org.zeptux.kernel.module;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A small module for the loader's tests, made at build time (the static initialiser runs on
 * the JVM): an ELF64 relocatable object with every kind of section and relocation the loader
 * handles, its module file and an archive holding it, plus the offsets of the fields the
 * tests corrupt. The same bytes in both worlds.
 *
 * <pre>
 *   section 1 .text     AX  16 bytes: init at 0 (call kernel.f: PLT32 at 1), exit at 8 (mov from .bss: PC32 at 10)
 *   section 2 .rodata   A   16 bytes: kernel.g (R_X86_64_64 at 0), the address of exit (R_X86_64_64 at 8)
 *   section 3 .data     WA  8 bytes:  the address of .rodata (R_X86_64_32S at 0)
 *   section 4 .bss      WA  NOBITS, 4 bytes
 *   section 5-7         .rela.text, .rela.rodata, .rela.data
 *   section 8 .symtab   null, the sections .text .rodata .data .bss, init, exit, kernel.f, kernel.g (undefined)
 *   section 9 .strtab
 * </pre>
 */
final class TestModules {
    private TestModules() {}

    static final int TEXT = 1;
    static final int RODATA = 2;
    static final int DATA = 3;
    static final int BSS = 4;
    static final int RELA_TEXT = 5;
    static final int RELA_RODATA = 6;
    static final int RELA_DATA = 7;
    static final int SYMTAB = 8;
    static final int STRTAB = 9;
    static final int SECTIONS = 10;
    /** Symbols. */
    static final int SYM_INIT = 5;
    static final int SYM_EXIT = 6;
    static final int SYM_KERNEL_F = 7;
    static final int SYM_KERNEL_G = 8;

    /** Where the kernel's two symbols are in tests. */
    static final long KERNEL_F = 0xFFFFFFFF80101000L;
    static final long KERNEL_G = 0xFFFFFFFF80200000L;
    /** The slot the tests link for. */
    static final long VA = 0xFFFFFFFFC0000000L;

    static final String MANIFEST_TEXT =
            "name=test\nversion=1.0\napi=1\ninit=init\nexit=exit\ndepends=\nuses=kernel.f,kernel.g\n";

    /** The object, and where its section header table starts. */
    static final byte[] OBJECT;
    static final int SHOFF;
    /** The module file and the archive with it (the object starts at OBJECT_IN_ARCHIVE). */
    static final byte[] FILE;
    static final byte[] ARCHIVE;
    static final int OBJECT_IN_ARCHIVE;
    static final byte[] MANIFEST;

    static {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[64]);
        int text = o.size();
        o.writeBytes(new byte[] {(byte) 0xE8, 0, 0, 0, 0, 0x31, (byte) 0xC0, (byte) 0xC3,
            (byte) 0x8B, 0x05, 0, 0, 0, 0, (byte) 0xC3, (byte) 0x90});
        int rodata = o.size();
        o.writeBytes(new byte[16]);
        int data = o.size();
        o.writeBytes(new byte[8]);
        int relaText = o.size();
        o.writeBytes(rela(1, SYM_KERNEL_F, 4, -4));
        o.writeBytes(rela(10, 4, 2, -4));                        // .bss's section symbol
        int relaRodata = o.size();
        o.writeBytes(rela(0, SYM_KERNEL_G, 1, 0));
        o.writeBytes(rela(8, 1, 1, 8));                          // .text + 8: exit
        int relaData = o.size();
        o.writeBytes(rela(0, 2, 11, 0));                         // .rodata, 32S
        int symtab = o.size();
        byte[] strings = "\0init\0exit\0kernel.f\0kernel.g\0".getBytes(StandardCharsets.US_ASCII);
        o.writeBytes(symbol(0, 0, 0, 0));
        o.writeBytes(symbol(0, 3, TEXT, 0));                     // STT_SECTION
        o.writeBytes(symbol(0, 3, RODATA, 0));
        o.writeBytes(symbol(0, 3, DATA, 0));
        o.writeBytes(symbol(0, 3, BSS, 0));
        o.writeBytes(symbol(1, 0x12, TEXT, 0));                  // init: GLOBAL FUNC
        o.writeBytes(symbol(6, 0x12, TEXT, 8));                  // exit
        o.writeBytes(symbol(11, 0x10, 0, 0));                    // kernel.f: GLOBAL, undefined
        o.writeBytes(symbol(20, 0x10, 0, 0));                    // kernel.g
        int strtab = o.size();
        o.writeBytes(strings);
        while (o.size() % 8 != 0) {
            o.write(0);
        }
        int shoff = o.size();
        o.writeBytes(new byte[64]);
        o.writeBytes(section(1, 6, text, 16, 0, 0, 16, 0));       // .text: ALLOC|EXECINSTR
        o.writeBytes(section(1, 2, rodata, 16, 0, 0, 8, 0));
        o.writeBytes(section(1, 3, data, 8, 0, 0, 8, 0));         // WRITE|ALLOC
        o.writeBytes(section(8, 3, data + 8, 4, 0, 0, 4, 0));     // NOBITS
        o.writeBytes(section(4, 0x40, relaText, 48, SYMTAB, TEXT, 8, 24));
        o.writeBytes(section(4, 0x40, relaRodata, 48, SYMTAB, RODATA, 8, 24));
        o.writeBytes(section(4, 0x40, relaData, 24, SYMTAB, DATA, 8, 24));
        o.writeBytes(section(2, 0, symtab, 9 * 24, STRTAB, 5, 8, 24));
        o.writeBytes(section(3, 0, strtab, strings.length, 0, 0, 1, 0));
        byte[] object = o.toByteArray();
        ByteBuffer h = ByteBuffer.wrap(object).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 0x464C457F).put(4, (byte) 2).put(5, (byte) 1).put(6, (byte) 1);
        h.putShort(16, (short) 1).putShort(18, (short) 62).putInt(20, 1).putLong(40, shoff);
        h.putShort(52, (short) 64).putShort(58, (short) 64).putShort(60, (short) SECTIONS);
        OBJECT = object;
        SHOFF = shoff;
        MANIFEST = MANIFEST_TEXT.getBytes(StandardCharsets.US_ASCII);
        FILE = file(MANIFEST, object);
        ARCHIVE = archive(FILE);
        OBJECT_IN_ARCHIVE = 16 + 16 + MANIFEST.length;
    }

    private static byte[] rela(long offset, int symbol, int type, long addend) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(offset).putLong((long) symbol << 32 | type).putLong(addend).array();
    }

    private static byte[] symbol(int name, int info, int section, long value) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(name).put((byte) info).put((byte) 0).putShort((short) section).putLong(value).putLong(0).array();
    }

    private static byte[] section(int type, long flags, long offset, long size, int link, int info, long align, long entsize) {
        return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(type).putLong(flags).putLong(0)
                .putLong(offset).putLong(size).putInt(link).putInt(info).putLong(align).putLong(entsize).array();
    }

    /** A module file: "ZMOD", format 1, the manifest, the object. */
    static byte[] file(byte[] manifest, byte[] object) {
        return ByteBuffer.allocate(16 + manifest.length + object.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(ModuleArchive.MODULE_MAGIC).putInt(1).putInt(manifest.length).put(manifest)
                .putInt(object.length).put(object).array();
    }

    /** An archive of one module file, as zeptuxc image --pack writes it (the file 8-byte aligned). */
    static byte[] archive(byte[] file) {
        return ByteBuffer.allocate(16 + file.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(ModuleArchive.MAGIC).putInt(1).putInt(16).putInt(file.length).put(file).array();
    }

    /** Where section {@code s}'s header is in {@link #OBJECT}. */
    static int header(int s) {
        return SHOFF + 64 * s;
    }

    /** Where symbol {@code i} is in {@link #OBJECT}. */
    static int symbol(int i) {
        return (int) org.zeptux.kernel.lib.Elf.u64(OBJECT, header(SYMTAB) + 24) + 24 * i;
    }

    /** Where relocation {@code i} of section {@code rela} is in {@link #OBJECT}. */
    static int relocation(int rela, int i) {
        return (int) org.zeptux.kernel.lib.Elf.u64(OBJECT, header(rela) + 24) + 24 * i;
    }

    /** kernel.f and kernel.g, for {@link ModuleLayout#link}; {@link #G_AT_ZERO} puts kernel.g at address 0. */
    static final class Symbols implements KernelSymbols {
        private static final byte[] F = "kernel.f".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] G = "kernel.g".getBytes(StandardCharsets.US_ASCII);
        private final long g;

        Symbols(long g) {
            this.g = g;
        }

        @Override
        public int find(byte[] object, int at, int length) {
            if (same(object, at, length, F)) {
                return 0;
            }
            return same(object, at, length, G) ? 1 : -1;
        }

        @Override
        public long address(int index) {
            return index == 0 ? KERNEL_F : g;
        }

        private static boolean same(byte[] object, int at, int length, byte[] name) {
            if (length != name.length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (object[at + i] != name[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    static final Symbols KERNEL = new Symbols(KERNEL_G);
    static final Symbols G_AT_ZERO = new Symbols(0);
}
