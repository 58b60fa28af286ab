package org.zeptux.kernel.hw;

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
}
