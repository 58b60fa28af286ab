package org.zeptux.kernel.hw;

import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Address;
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

    /** A saved frame, field by field (boot/trap.asm pushes them in reverse). */
    @Struct(size = SIZE)
    public interface Registers {
        @Offset(0) long r15();

        @Offset(8) long r14();

        @Offset(16) long r13();

        @Offset(24) long r12();

        @Offset(32) long r11();

        @Offset(40) long r10();

        @Offset(48) long r9();

        @Offset(56) long r8();

        @Offset(64) long rbp();

        @Offset(72) long rdi();

        @Offset(80) long rsi();

        @Offset(88) long rdx();

        @Offset(96) long rcx();

        @Offset(104) long rbx();

        @Offset(112) long rax();

        @Offset(120) long vector();

        void vector(long v);

        @Offset(128) long error();

        @Offset(136) long rip();

        @Offset(144) long cs();

        @Offset(152) long rflags();

        @Offset(160) long rsp();

        @Offset(168) long ss();
    }

    /** The frame at {@code frame}. */
    public static Registers at(long frame) {
        return Structs.at(Address.of(frame), Registers.class);
    }

    public static int vector(long frame) {
        return (int) at(frame).vector();
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
