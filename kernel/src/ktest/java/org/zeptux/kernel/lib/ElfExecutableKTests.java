package org.zeptux.kernel.lib;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.BuildTime;
import org.zeptux.rt.KTest;

/**
 * The executable reader over ELF files made at build time: a static program as musl's linker
 * lays one out (text R+X, data R+W with .bss), a static-PIE, and one malformed variant per
 * check, each refused with its reason.
 */
public final class ElfExecutableKTests {
    private ElfExecutableKTests() {}

    private static final ElfExecutable EXE = new ElfExecutable();

    /**
     * An executable of {@code type} with {@code entry} and the given program headers (each
     * {type, flags, offset, vaddr, filesz, memsz}), the headers at 64, the file {@code size}
     * bytes long (build time).
     */
    @BuildTime
    private static byte[] elf(int type, long entry, int size, long[]... phdrs) {
        byte[] b = new byte[size];
        java.nio.ByteBuffer w = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        w.putInt(0, 0x464C457F);
        b[4] = 2;
        b[5] = 1;
        b[6] = 1;
        w.putShort(16, (short) type);
        w.putShort(18, (short) 62);
        w.putInt(20, 1);
        w.putLong(24, entry);
        w.putLong(32, 64);
        w.putShort(52, (short) 64);
        w.putShort(54, (short) 56);
        w.putShort(56, (short) phdrs.length);
        for (int i = 0; i < phdrs.length; i++) {
            int at = 64 + 56 * i;
            long[] p = phdrs[i];
            w.putInt(at, (int) p[0]);
            w.putInt(at + 4, (int) p[1]);
            w.putLong(at + 8, p[2]);
            w.putLong(at + 16, p[3]);
            w.putLong(at + 24, p[3]);
            w.putLong(at + 32, p[4]);
            w.putLong(at + 40, p[5]);
            w.putLong(at + 48, 4096);
        }
        return b;
    }

    private static final int RX = ElfExecutable.PF_R | ElfExecutable.PF_X;
    private static final int RW = ElfExecutable.PF_R | ElfExecutable.PF_W;
    private static final long[] TEXT = {1, RX, 0, 0x400000, 0x1800, 0x1800};
    private static final long[] DATA = {1, RW, 0x1800, 0x402800, 0x100, 0x2000};
    private static final long[] STACK = {ElfExecutable.PT_GNU_STACK, RW, 0, 0, 0, 0};

    private static final byte[] STATIC = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, TEXT, DATA, STACK);
    private static final byte[] PIE = elf(ElfExecutable.ET_DYN, 0x1040, 0x1900, new long[] {1, RX, 0, 0, 0x1800, 0x1800},
            new long[] {1, RW, 0x1800, 0x2800, 0x100, 0x300});
    private static final byte[] DYNAMIC = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, new long[] {3, 4, 0x200, 0x400200, 28, 28},
            TEXT, DATA);
    private static final byte[] PAST_FILE = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, TEXT, new long[] {1, RW, 0x1800, 0x402800, 0x200, 0x2000});
    private static final byte[] FILE_OVER_MEM = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, TEXT, new long[] {1, RW, 0x1800, 0x402800, 0x100, 0x80});
    private static final byte[] KERNEL_HALF = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, TEXT, new long[] {1, RW, 0x1800, 0x7FFFFFFFF800L, 0x100, 0x2000});
    private static final byte[] WRAPS = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, TEXT, new long[] {1, RW, 0x1800, 0x402800, 0x100, -1L});
    private static final byte[] SKEWED = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, TEXT, new long[] {1, RW, 0x1800, 0x402900, 0x100, 0x2000});
    private static final byte[] OVERLAPS = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, TEXT, new long[] {1, RW, 0x1800, 0x401800, 0x100, 0x2000});
    private static final byte[] WRITABLE_CODE = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, new long[] {1, RX | RW, 0, 0x400000, 0x1800, 0x1800});
    private static final byte[] ENTRY_IN_DATA = elf(ElfExecutable.ET_EXEC, 0x402900, 0x1900, TEXT, DATA);
    private static final byte[] NO_LOAD = elf(ElfExecutable.ET_EXEC, 0x401000, 0x1900, STACK);
    private static final byte[] RELOCATABLE = elf(1, 0, 0x1900, TEXT);

    private static String read(byte[] file) {
        return EXE.read(file, file.length, file.length);
    }

    @KTest
    static void aStaticProgramIsDescribedSegmentBySegment() {
        Check.isTrue(read(STATIC) == null, "accepted");
        Check.equal(ElfExecutable.ET_EXEC, EXE.type, "ET_EXEC");
        Check.equalHex(0x401000, EXE.entry, "the entry");
        Check.equal(2, EXE.segments, "two loadable segments (the stack note is not one)");
        Check.equalHex(0x400000, EXE.low, "from the text's page");
        Check.equalHex(0x405000, EXE.high, "to the end of .bss, page-aligned");
        Check.equal(0x100, EXE.filesz[1], "data's file bytes");
        Check.equal(0x2000, EXE.memsz[1], "and its memory (the rest is .bss, zero)");
        Check.equal(64, EXE.phoff, "the program headers, for AT_PHDR");
        Check.equal(3, EXE.phnum, "and their count, for AT_PHNUM");
        Check.isTrue(!EXE.executableStack, "PT_GNU_STACK without X: a non-executable stack");
        Check.isTrue(read(PIE) == null, "a static-PIE is accepted");
        Check.equal(ElfExecutable.ET_DYN, EXE.type, "ET_DYN, loaded at a base the caller picks");
        Check.equalHex(0, EXE.low, "linked at 0");
    }

    @KTest
    static void eachMalformedExecutableIsRefusedForWhatItIs() {
        Check.isTrue(read(DYNAMIC) == ElfExecutable.DYNAMIC, "an interpreter: dynamically linked");
        Check.isTrue(read(PAST_FILE) == ElfExecutable.BAD_SEGMENT, "file bytes past the end");
        Check.isTrue(read(FILE_OVER_MEM) == ElfExecutable.BAD_SEGMENT, "filesz above memsz");
        Check.isTrue(read(KERNEL_HALF) == ElfExecutable.BAD_SEGMENT, "past the user half");
        Check.isTrue(read(WRAPS) == ElfExecutable.BAD_SEGMENT, "a size that wraps");
        Check.isTrue(read(SKEWED) == ElfExecutable.MISALIGNED, "address and offset not congruent");
        Check.isTrue(read(OVERLAPS) == ElfExecutable.OVERLAP, "overlapping segments");
        Check.isTrue(read(WRITABLE_CODE) == ElfExecutable.WX, "W^X");
        Check.isTrue(read(ENTRY_IN_DATA) == ElfExecutable.BAD_ENTRY, "the entry in data");
        Check.isTrue(read(NO_LOAD) == ElfExecutable.NO_SEGMENTS, "nothing to load");
        Check.isTrue(read(RELOCATABLE) == ElfExecutable.NOT_EXECUTABLE, "a relocatable object");
        Check.isTrue(EXE.read(STATIC, 40, STATIC.length) == ElfExecutable.NOT_ELF, "shorter than a header");
        Check.isTrue(EXE.read(STATIC, 100, STATIC.length) == ElfExecutable.BAD_PHDRS, "headers past what was read");
    }
}
