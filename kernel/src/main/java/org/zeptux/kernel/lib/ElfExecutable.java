package org.zeptux.kernel.lib;

/**
 * Reading a static ELF64 executable for exec (the System V gABI and the x86-64 psABI): the
 * header and the program header table, checked, into a description of what to map. Static
 * programs only: ET_EXEC at its link addresses, or ET_DYN without an interpreter (static-PIE,
 * loaded at a base the caller picks). The file is untrusted input: {@link #read} checks
 * every field it uses, overflow-proof, and answers with one reason when something is wrong.
 *
 * <p>What it requires of the loadable segments: file bytes inside the file; {@code filesz <=
 * memsz}; virtual address and file offset congruent modulo the page size; addresses inside
 * the user half (below {@link #USER_END}, including a static-PIE's span); segments in
 * ascending order and not overlapping; none both writable and executable (W^X); and the
 * entry point inside an executable segment.
 *
 * <p>An instance is a description filled by {@link #read}; its segment arrays are fields, so
 * instances are made at build time (one per exec that can be in progress at once).
 */
public final class ElfExecutable {
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int PT_LOAD = 1;
    public static final int PT_INTERP = 3;
    public static final int PT_TLS = 7;
    public static final int PT_GNU_STACK = 0x6474E551;
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;
    public static final int PHDR = 56;
    public static final long PAGE = 4096;
    /** The end of the user half of the address space (x86-64, 4-level paging: 128 TiB). */
    public static final long USER_END = 0x0000_8000_0000_0000L;
    /** The most loadable segments (real static programs have 2 to 5). */
    public static final int MAX_SEGMENTS = 16;
    /** The most program headers read. */
    public static final int MAX_PHDRS = 64;

    public static final String NOT_ELF = "not an ELF file";
    public static final String NOT_ELF64 = "not a little-endian ELF64 file for this ABI";
    public static final String NOT_EXECUTABLE = "not an x86-64 executable (ET_EXEC or ET_DYN)";
    public static final String BAD_PHDRS = "program headers out of bounds or of the wrong size";
    public static final String DYNAMIC = "dynamically linked (it names an interpreter): only static programs run";
    public static final String NO_SEGMENTS = "no loadable segment";
    public static final String TOO_MANY = "too many loadable segments";
    public static final String BAD_SEGMENT = "a loadable segment out of bounds (file bytes, sizes or addresses)";
    public static final String MISALIGNED = "a loadable segment whose address and file offset differ modulo the page size";
    public static final String OVERLAP = "loadable segments out of order or overlapping";
    public static final String WX = "a loadable segment both writable and executable";
    public static final String BAD_ENTRY = "the entry point is not in an executable segment";

    /** ET_EXEC or ET_DYN. */
    public int type;
    public long entry;
    /** Where the program headers are in the file, their count (for AT_PHDR, AT_PHNUM). */
    public long phoff;
    public int phnum;
    /** The loadable segments, in address order. */
    public int segments;
    public final long[] vaddr = new long[MAX_SEGMENTS];
    public final long[] memsz = new long[MAX_SEGMENTS];
    public final long[] offset = new long[MAX_SEGMENTS];
    public final long[] filesz = new long[MAX_SEGMENTS];
    public final int[] flags = new int[MAX_SEGMENTS];
    /** The lowest page and the end of the highest, over the loadable segments. */
    public long low;
    public long high;
    /** Whether the program has thread-local storage (PT_TLS), and whether its stack may be executable (PT_GNU_STACK). */
    public boolean tls;
    public boolean executableStack;

    /**
     * Reads the executable whose first {@code length} bytes are in {@code head} (at least the
     * header and program header table; {@code fileSize} is the whole file's size) into this
     * description; null, or why it cannot be run.
     */
    public String read(byte[] head, int length, long fileSize) {
        segments = 0;
        tls = false;
        executableStack = false;
        if (length > head.length || length < Elf.HEADER || fileSize < length) {
            return NOT_ELF;
        }
        if (Elf.i32(head, 0) != 0x464C457F) {
            return NOT_ELF;
        }
        int osabi = Elf.u8(head, 7);
        if (Elf.u8(head, 4) != 2 || Elf.u8(head, 5) != 1 || Elf.u8(head, 6) != 1 || (osabi != 0 && osabi != 3)) {
            return NOT_ELF64;
        }
        type = Elf.u16(head, 16);
        if (type != ET_EXEC && type != ET_DYN || Elf.u16(head, 18) != Elf.EM_X86_64 || Elf.u32(head, 20) != 1) {
            return NOT_EXECUTABLE;
        }
        entry = Elf.u64(head, 24);
        phoff = Elf.u64(head, 32);
        int phentsize = Elf.u16(head, 54);
        phnum = Elf.u16(head, 56);
        if (phentsize != PHDR || phnum == 0 || phnum > MAX_PHDRS || !Elf.inside(phoff, (long) phnum * PHDR, length)) {
            return BAD_PHDRS;
        }
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + i * PHDR;
            int ptype = Elf.i32(head, at);
            if (ptype == PT_INTERP) {
                return DYNAMIC;
            }
            if (ptype == PT_TLS) {
                tls = true;
            }
            if (ptype == PT_GNU_STACK) {
                executableStack = (Elf.i32(head, at + 4) & PF_X) != 0;
            }
            if (ptype != PT_LOAD) {
                continue;
            }
            long memSize = Elf.u64(head, at + 40);
            long fileSize0 = Elf.u64(head, at + 32);
            if (memSize == 0) {
                continue;                           // nothing to map
            }
            if (segments == MAX_SEGMENTS) {
                return TOO_MANY;
            }
            int f = Elf.i32(head, at + 4);
            long off = Elf.u64(head, at + 8);
            long va = Elf.u64(head, at + 16);
            if (!Elf.inside(off, fileSize0, fileSize) || fileSize0 > memSize
                    || !Elf.inside(va, memSize, USER_END)) {
                return BAD_SEGMENT;
            }
            if (((va - off) & (PAGE - 1)) != 0) {
                return MISALIGNED;
            }
            if ((f & PF_W) != 0 && (f & PF_X) != 0) {
                return WX;
            }
            long start = va & -PAGE;
            if (segments > 0 && start < pageUp(vaddr[segments - 1] + memsz[segments - 1])) {
                return OVERLAP;
            }
            vaddr[segments] = va;
            memsz[segments] = memSize;
            offset[segments] = off;
            filesz[segments] = fileSize0;
            flags[segments] = f;
            segments++;
        }
        if (segments == 0) {
            return NO_SEGMENTS;
        }
        low = vaddr[0] & -PAGE;
        high = pageUp(vaddr[segments - 1] + memsz[segments - 1]);
        if (high > USER_END || high <= low) {
            return BAD_SEGMENT;
        }
        for (int s = 0; s < segments; s++) {
            if ((flags[s] & PF_X) != 0 && entry >= vaddr[s] && entry - vaddr[s] < memsz[s]) {
                return null;
            }
        }
        return BAD_ENTRY;
    }

    /** {@code x} rounded up to a page ({@code x} below {@link #USER_END}: never overflows). */
    private static long pageUp(long x) {
        return (x + PAGE - 1) & -PAGE;
    }
}
