package org.zeptux.kernel.hw;

import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Address;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

/**
 * The registers boot/trap.asm saves on an interrupt or exception, at the frame address it
 * passes to the dispatcher: the general registers it pushes, the vector and error code (0
 * where the CPU pushes none), and what the CPU pushed (RIP, CS, RFLAGS, RSP, SS). Read through
 * the struct view {@link Registers}; its layout is trap.asm's push order.
 */
public final class TrapFrame {
    private TrapFrame() {}

    /** The frame's size in bytes. */
    public static final int SIZE = 176;
    /** The vector of a frame boot/user.asm's system-call entry saved (no IDT vector is this large). */
    public static final int SYSCALL = 0x100;

    /** A saved frame, field by field (boot/trap.asm pushes them in reverse). */
    @Struct(size = SIZE)
    public interface Registers {
        @Offset(0) long r15();

        @Offset(8) long r14();

        @Offset(16) long r13();

        @Offset(24) long r12();

        @Offset(32) long r11();

        void r11(long v);

        @Offset(40) long r10();

        void r10(long v);

        @Offset(48) long r9();

        void r9(long v);

        @Offset(56) long r8();

        void r8(long v);

        @Offset(64) long rbp();

        @Offset(72) long rdi();

        void rdi(long v);

        @Offset(80) long rsi();

        void rsi(long v);

        @Offset(88) long rdx();

        void rdx(long v);

        @Offset(96) long rcx();

        void rcx(long v);

        @Offset(104) long rbx();

        @Offset(112) long rax();

        void rax(long v);

        @Offset(120) long vector();

        void vector(long v);

        @Offset(128) long error();

        @Offset(136) long rip();

        void rip(long v);

        @Offset(144) long cs();

        void cs(long v);

        @Offset(152) long rflags();

        void rflags(long v);

        @Offset(160) long rsp();

        void rsp(long v);

        @Offset(168) long ss();

        void ss(long v);
    }

    /** The frame at {@code frame}. */
    public static Registers at(long frame) {
        return Structs.at(Address.of(frame), Registers.class);
    }

    public static int vector(long frame) {
        return (int) at(frame).vector();
    }

    /** Whether the frame was saved on an entry from user mode (its CS has RPL 3). */
    public static boolean fromUser(long frame) {
        return (at(frame).cs() & 3) == 3;
    }

    /** The stack pointer the trap interrupted. */
    public static long rsp(long frame) {
        return at(frame).rsp();
    }

    /** RAX: a system call's number, and its result once {@link #setResult} wrote it. */
    public static long rax(long frame) {
        return at(frame).rax();
    }

    /**
     * System-call argument {@code i} (0..5) by the Linux x86-64 convention: RDI, RSI, RDX, R10,
     * R8, R9.
     */
    public static long argument(long frame, int i) {
        Registers r = at(frame);
        switch (i) {
            case 0: return r.rdi();
            case 1: return r.rsi();
            case 2: return r.rdx();
            case 3: return r.r10();
            case 4: return r.r8();
            default: return r.r9();
        }
    }

    /** Copies the frame at {@code frame} into {@code dst}[0, SIZE) (a fork's child starts from it). */
    public static void save(long frame, byte[] dst) {
        if (dst.length < SIZE) {
            throw new ArrayIndexOutOfBoundsException("a frame buffer too small");
        }
        Builtins.memcpy(Memory.addressOf(dst) + 16, frame, SIZE);
    }

    /** Offsets in a saved frame ({@link #save}): RAX and RSP. */
    public static final int RAX = 112;
    public static final int RSP = 160;
    public static final int RIP = 136;
    public static final int RFLAGS = 152;

    /**
     * Makes the system call's frame at {@code frame} return into a new program: at {@code rip}
     * with stack {@code rsp}, every general register 0, RFLAGS IF only, user selectors (execve).
     */
    public static void resetForExec(long frame, long rip, long rsp) {
        Builtins.memset(frame, 0, 120);             // r15 .. rax
        Registers r = at(frame);
        r.rip(rip);
        r.cs(Gdt.USER_CODE);
        r.rflags(0x202);
        r.rsp(rsp);
        r.ss(Gdt.USER_DATA);
    }

    /** A frame vector that makes the return to user mode take IRETQ (every register restored: after rt_sigreturn). */
    public static final int FULL_RESTORE = 0x101;

    /**
     * Writes the frame's registers into {@code dst} at {@code at} as a struct sigcontext
     * (x86-64: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags, then cs, gs, fs, ss
     * as 16-bit values, err, trapno).
     */
    public static void saveSigcontext(long frame, byte[] dst, int at) {
        if (at < 0 || at > dst.length - 176) {
            throw new ArrayIndexOutOfBoundsException("a sigcontext outside the buffer");
        }
        Registers r = at(frame);
        long[] order = SIGCONTEXT_ORDER;
        long base = Memory.addressOf(dst) + 16 + at;
        for (int i = 0; i < order.length; i++) {
            Memory.store64(base + 8L * i, Memory.load64(frame + order[i]));
        }
        Memory.store16(base + 144, (int) r.cs());
        Memory.store16(base + 150, (int) r.ss());
        Memory.store64(base + 152, r.error());
        Memory.store64(base + 160, r.vector() & 0xFF);
    }

    /** Where sigcontext's 18 words come from in a frame: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags. */
    private static final long[] SIGCONTEXT_ORDER = {56, 48, 40, 32, 24, 16, 8, 0, 72, 80, 64, 104, 88, 112, 96, 160, 136, 152};

    /**
     * Loads the frame's registers from the struct sigcontext in {@code src} at {@code at}
     * (rt_sigreturn): the general registers, RIP and RSP as given, of RFLAGS only the bits in
     * {@code userFlags} (IF stays set), the user selectors whatever it says; the return takes
     * IRETQ so that RCX and R11 come back too.
     */
    public static void restoreSigcontext(long frame, byte[] src, int at, long userFlags) {
        if (at < 0 || at > src.length - 176) {
            throw new ArrayIndexOutOfBoundsException("a sigcontext outside the buffer");
        }
        Registers r = at(frame);
        long flags = r.rflags();
        long base = Memory.addressOf(src) + 16 + at;
        long[] order = SIGCONTEXT_ORDER;
        for (int i = 0; i < order.length - 1; i++) {
            Memory.store64(frame + order[i], Memory.load64(base + 8L * i));
        }
        long wanted = Memory.load64(base + 8L * 17);
        r.rflags((flags & ~userFlags) | (wanted & userFlags) | 0x202);
        r.cs(Gdt.USER_CODE);
        r.ss(Gdt.USER_DATA);
        r.vector(FULL_RESTORE);
    }

    /**
     * Makes the frame enter a signal handler: RIP {@code handler}, RSP {@code sp} (the
     * rt_sigframe), RDI the signal, RSI the siginfo, RDX the ucontext, RAX 0, DF and TF clear.
     */
    public static void enterHandler(long frame, long handler, long sp, long sig, long info, long context) {
        Registers r = at(frame);
        r.rip(handler);
        r.rsp(sp);
        r.rdi(sig);
        r.rsi(info);
        r.rdx(context);
        r.rax(0);
        r.rflags((r.rflags() & ~(0x100L | 0x400L | 0x10000L)) | 0x202);
        r.vector(FULL_RESTORE);
    }

    /** Sets what a system call returns in RAX. */
    public static void setResult(long frame, long value) {
        at(frame).rax(value);
    }

    /** Resumes the frame at {@code rip} (the fixup of a faulting user-memory access). */
    public static void setRip(long frame, long rip) {
        at(frame).rip(rip);
    }


    public static long error(long frame) {
        return at(frame).error();
    }

    public static long rip(long frame) {
        return at(frame).rip();
    }

    /**
     * A trap frame made in {@code words} (at least {@link #SIZE} bytes) for a test of the
     * dispatcher, its vector set to {@code vector}; returns its address.
     */
    public static long inArray(long[] words, int vector) {
        Registers registers = Structs.over(words, Registers.class);
        registers.vector(vector);
        return Structs.addressOf(registers).toLong();
    }

    /** The frame pointer (RBP) the trap interrupted: where the backtrace of its frames starts. */
    public static long rbp(long frame) {
        return at(frame).rbp();
    }

    /** Prints every register in the frame at {@code frame}, as a panic report shows them (seven lines). */
    public static void print(long frame) {
        Registers r = at(frame);
        Printf.printf("  rip=%016lx cs=%04lx rflags=%016lx error=%lx\n", r.rip(), r.cs(), r.rflags(), r.error());
        Printf.printf("  rsp=%016lx ss=%04lx rbp=%016lx\n", r.rsp(), r.ss(), r.rbp());
        Printf.printf("  rax=%016lx rbx=%016lx rcx=%016lx\n", r.rax(), r.rbx(), r.rcx());
        Printf.printf("  rdx=%016lx rsi=%016lx rdi=%016lx\n", r.rdx(), r.rsi(), r.rdi());
        Printf.printf("  r8=%016lx  r9=%016lx  r10=%016lx\n", r.r8(), r.r9(), r.r10());
        Printf.printf("  r11=%016lx r12=%016lx r13=%016lx\n", r.r11(), r.r12(), r.r13());
        Printf.printf("  r14=%016lx r15=%016lx\n", r.r14(), r.r15());
    }
}
