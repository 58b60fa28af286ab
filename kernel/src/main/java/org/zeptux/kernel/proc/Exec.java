package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.lib.ElfExecutable;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.sync.Mutex;
import org.zeptux.rt.BuildTime;

/**
 * Loads a static ELF64 executable (ET_EXEC, or ET_DYN with no interpreter: a static PIE, at
 * {@link AddressSpace#PIE_BASE}) from the root file system into a new process's address space
 * and lays out its initial stack as the System V x86-64 ABI (3.4.1) and Linux's binfmt_elf do:
 *
 * <pre>
 *   STACK_TOP          8 zero bytes
 *                      strings: argv[0..], envp[0..], "x86_64", 16 random bytes (AT_RANDOM),
 *                      the path (AT_EXECFN)
 *                      (padding to 16)
 *                      auxv: (type, value) pairs, AT_NULL last
 *                      0, envp pointers
 *                      0, argv pointers
 *   rsp (16-aligned) → argc
 * </pre>
 *
 * <p>Every segment is mapped with its own rights (W^X: the executable reader refuses a
 * segment that is both), its file bytes copied in and the rest zero; the break starts on the
 * page after the highest segment. A file that is not such an executable is refused with the
 * executable reader's one-line reason; a program that does not fit the process's memory limit
 * is refused as out of memory.
 */
public final class Exec {
    private Exec() {}

    public static final int AT_NULL = 0;
    public static final int AT_PHDR = 3;
    public static final int AT_PHENT = 4;
    public static final int AT_PHNUM = 5;
    public static final int AT_PAGESZ = 6;
    public static final int AT_BASE = 7;
    public static final int AT_FLAGS = 8;
    public static final int AT_ENTRY = 9;
    public static final int AT_UID = 11;
    public static final int AT_EUID = 12;
    public static final int AT_GID = 13;
    public static final int AT_EGID = 14;
    public static final int AT_PLATFORM = 15;
    public static final int AT_HWCAP = 16;
    public static final int AT_CLKTCK = 17;
    public static final int AT_SECURE = 23;
    public static final int AT_RANDOM = 25;
    public static final int AT_HWCAP2 = 26;
    public static final int AT_EXECFN = 31;

    /** The most bytes of argument strings (argv) a program is started with. */
    public static final int MAX_ARGS_BYTES = 2048;
    public static final int MAX_ARGS = 64;

    public static final String NOT_FOUND = "no such file or directory";
    public static final String NOT_REGULAR = "not a regular file";
    public static final String NOT_PERMITTED = "permission denied (no execute permission)";
    public static final String NO_MEMORY = "out of memory (the process's limit, or the machine's)";
    public static final String TOO_BIG = "argument list too long";

    /** The environment every program starts with: Linux's for init (HOME=/, TERM=linux). */
    static final byte[] ENVIRONMENT = ascii("HOME=/\0TERM=linux\0");
    static final int ENVIRONMENT_COUNT = 2;
    static final byte[] PLATFORM = ascii("x86_64\0");

    /** One executable read at a time: the reader's description and the lock that guards it. */
    private static final ElfExecutable ELF = new ElfExecutable();
    private static final Mutex LOCK = new Mutex("exec");

    @BuildTime
    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    static long entryOf(Process p) {
        return p.entry;
    }

    static long stackOf(Process p) {
        return p.stackPointer;
    }

    /** The most argument and environment strings together (the pointer vectors fit the staging buffer). */
    public static final int MAX_STRINGS = 400;

    /**
     * Loads the program named by the first of the {@code argc} NUL-terminated strings in
     * {@code args}[0, {@code length}) (its path, and argv[0]) into {@code p}, whose address
     * space must be empty, with those strings as its arguments and Linux's init environment.
     * {@code args} must have room for the environment after {@code length}. Returns null, or why not.
     */
    public static String load(Process p, byte[] args, int length, int argc) {
        if (argc < 1 || argc > MAX_ARGS || length > MAX_ARGS_BYTES || length + ENVIRONMENT.length > args.length) {
            return TOO_BIG;
        }
        int pathLength = 0;
        while (pathLength < length && args[pathLength] != 0) {
            pathLength++;
        }
        for (int i = 0; i < ENVIRONMENT.length; i++) {
            args[length + i] = ENVIRONMENT[i];
        }
        return loadInto(p, p.space, args, 0, pathLength, 0, length, argc, ENVIRONMENT.length, ENVIRONMENT_COUNT);
    }

    /**
     * Loads the program at path {@code b}[pathAt, pathAt + pathLength) into {@code space} (empty)
     * for {@code p}: its arguments are the {@code argc} NUL-terminated strings at
     * {@code b}[argsAt, argsAt + argBytes), its environment the {@code envc} strings right after
     * them ({@code envBytes}). Sets {@code p}'s entry and stack pointer and names it after the
     * path. Returns null, or why not (one of this class's reasons or the executable reader's).
     */
    static String loadInto(Process p, AddressSpace space, byte[] b, int pathAt, int pathLength, int argsAt, int argBytes,
            int argc, int envBytes, int envc) {
        if (argc + envc > MAX_STRINGS) {
            return TOO_BIG;
        }
        Vfs.lock();                                 // the working directory, pinned: another thread may chdir meanwhile
        Inode cwd = Files.cwd(p);
        Vfs.pin(cwd);
        Vfs.unlock();
        Inode file = Vfs.lookupKernel(cwd, b, pathAt, pathLength);   // pinned while it loads
        Vfs.unpinKernel(cwd);
        if (file == null) {
            return NOT_FOUND;
        }
        if (!file.isRegular()) {
            Vfs.unpinKernel(file);
            return NOT_REGULAR;
        }
        if ((file.mode() & 0111) == 0) {
            Vfs.unpinKernel(file);
            return NOT_PERMITTED;
        }
        LOCK.lock();
        String why;
        try {
            why = loadLocked(p, space, file, b, pathAt, pathLength, argsAt, argBytes, argc, envBytes, envc);
        } finally {
            LOCK.unlock();
            Vfs.unpinKernel(file);
        }
        if (why == null) {
            Processes.setName(p, b, pathAt, pathLength);
        }
        return why;
    }

    private static String loadLocked(Process p, AddressSpace space, Inode file, byte[] b, int pathAt, int pathLength,
            int argsAt, int argBytes, int argc, int envBytes, int envc) {
        byte[] io = p.io;
        ElfExecutable elf = ELF;
        int head = (int) Math.max(0, Vfs.readKernel(file, 0, io, 0, io.length));
        String why = elf.read(io, head, file.size());
        if (why != null) {
            return why;
        }
        long bias = elf.type == ElfExecutable.ET_DYN ? AddressSpace.PIE_BASE - elf.low : 0;
        long phdr = 0;
        for (int s = 0; s < elf.segments; s++) {
            long va = elf.vaddr[s] + bias;
            long start = va & -AddressSpace.PAGE;
            long end = (va + elf.memsz[s] + AddressSpace.PAGE - 1) & -AddressSpace.PAGE;
            int f = elf.flags[s];
            int prot = AddressSpace.PROT_READ | ((f & ElfExecutable.PF_W) != 0 ? AddressSpace.PROT_WRITE : 0)
                    | ((f & ElfExecutable.PF_X) != 0 ? AddressSpace.PROT_EXEC : 0);
            int error = space.map(start, end - start, prot, AddressSpace.PROGRAM);
            if (error != 0) {
                return error == -AddressSpace.ENOMEM ? NO_MEMORY : ElfExecutable.BAD_SEGMENT;
            }
            long done = 0;
            while (done < elf.filesz[s]) {
                int chunk = (int) Math.min(io.length, elf.filesz[s] - done);
                int n = (int) Vfs.readKernel(file, elf.offset[s] + done, io, 0, chunk);
                if (n <= 0 || !space.write(va + done, io, 0, n)) {
                    return ElfExecutable.BAD_SEGMENT;
                }
                done += n;
            }
            if (elf.phoff >= elf.offset[s] && elf.phoff - elf.offset[s] < elf.filesz[s]) {
                phdr = va + (elf.phoff - elf.offset[s]);
            }
        }
        space.setBreak(elf.high + bias);
        int error = space.map(AddressSpace.STACK_TOP - AddressSpace.STACK_BYTES, AddressSpace.STACK_BYTES,
                AddressSpace.PROT_READ | AddressSpace.PROT_WRITE, AddressSpace.STACK);
        if (error != 0) {
            return NO_MEMORY;
        }
        p.entry = elf.entry + bias;
        return stack(p, space, b, pathAt, pathLength, argsAt, argBytes, argc, envBytes, envc, phdr, elf.phnum);
    }

    /** Lays out the initial stack (the class comment's picture); sets the process's stack pointer. */
    private static String stack(Process p, AddressSpace space, byte[] b, int pathAt, int pathLength, int argsAt,
            int argBytes, int argc, int envBytes, int envc, long phdr, int phnum) {
        byte[] io = p.io;
        long top = AddressSpace.STACK_TOP - 8;
        long execfnAt = top - (pathLength + 1);
        long randomAt = execfnAt - 16;
        long platformAt = randomAt - PLATFORM.length;
        long envAt = platformAt - envBytes;
        long argvAt = envAt - argBytes;
        long strings = argvAt;
        Random.fill(io, 0, 16);
        io[16] = 0;
        p.argStart = argvAt;                    // /proc/PID/cmdline
        p.argEnd = argvAt + argBytes;
        if (!space.write(argvAt, b, argsAt, argBytes + envBytes) || !space.write(platformAt, PLATFORM, 0, PLATFORM.length)
                || !space.write(randomAt, io, 0, 16) || !space.write(execfnAt, b, pathAt, pathLength)
                || !space.write(execfnAt + pathLength, io, 16, 1)) {
            return NO_MEMORY;
        }
        // The words: argc, argv[], 0, envp[], 0, auxv pairs.
        int words = 0;
        Elf.put64(io, 8 * words, argc);
        words++;
        int at = argsAt;
        for (int i = 0; i < argc; i++) {
            Elf.put64(io, 8 * words, argvAt + (at - argsAt));
            words++;
            while (at < argsAt + argBytes && b[at] != 0) {
                at++;
            }
            at++;
        }
        Elf.put64(io, 8 * words, 0);
        words++;
        for (int i = 0; i < envc; i++) {
            Elf.put64(io, 8 * words, argvAt + (at - argsAt));
            words++;
            while (at < argsAt + argBytes + envBytes && b[at] != 0) {
                at++;
            }
            at++;
        }
        Elf.put64(io, 8 * words, 0);
        words++;
        words = aux(io, words, AT_PHDR, phdr);
        words = aux(io, words, AT_PHENT, ElfExecutable.PHDR);
        words = aux(io, words, AT_PHNUM, phnum);
        words = aux(io, words, AT_PAGESZ, AddressSpace.PAGE);
        words = aux(io, words, AT_BASE, 0);
        words = aux(io, words, AT_FLAGS, 0);
        words = aux(io, words, AT_ENTRY, p.entry);
        words = aux(io, words, AT_UID, 0);
        words = aux(io, words, AT_EUID, 0);
        words = aux(io, words, AT_GID, 0);
        words = aux(io, words, AT_EGID, 0);
        words = aux(io, words, AT_SECURE, 0);
        words = aux(io, words, AT_CLKTCK, 100);
        words = aux(io, words, AT_HWCAP, Processor.cpuidEdx(1, 0) & 0xFFFFFFFFL);
        words = aux(io, words, AT_HWCAP2, 0);
        words = aux(io, words, AT_RANDOM, randomAt);
        words = aux(io, words, AT_PLATFORM, platformAt);
        words = aux(io, words, AT_EXECFN, execfnAt);
        words = aux(io, words, AT_NULL, 0);
        long sp = (strings - 8L * words) & -16L;
        if (!space.write(sp, io, 0, 8 * words)) {
            return NO_MEMORY;
        }
        p.stackPointer = sp;
        return null;
    }

    private static int aux(byte[] io, int words, int type, long value) {
        Elf.put64(io, 8 * words, type);
        Elf.put64(io, 8 * words + 8, value);
        return words + 2;
    }
}
