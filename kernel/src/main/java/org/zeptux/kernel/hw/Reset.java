package org.zeptux.kernel.hw;

import org.zeptux.rt.Cpu;
import org.zeptux.rt.Memory;

/** Resetting the machine. */
public final class Reset {
    private Reset() {}

    /** An IDT descriptor with limit 0: loaded, every interrupt faults. */
    private static final long[] EMPTY_IDT = new long[2];

    /**
     * Resets the machine: the 8042 keyboard controller's reset line (command 0xFE, after its
     * input buffer is empty), then, if that did nothing, a triple fault (an empty IDT). Does
     * not return.
     */
    public static void machine() {
        Cpu.cli();
        for (int i = 0; i < 100000 && (Ports.KEYBOARD_CONTROLLER.in8(0) & 0x02) != 0; i++) {
            Cpu.pause();
        }
        Ports.KEYBOARD_CONTROLLER.out8(0, 0xFE);
        for (int i = 0; i < 100000; i++) {
            Ports.POST.in8(0);              // about 100 ms for the reset to happen
        }
        Cpu.lidt(Memory.addressOf(EMPTY_IDT) + 16);
        Cpu.int3();                         // no IDT: #GP, #DF, then the shutdown that resets
        while (true) {
            Cpu.hlt();
        }
    }
}
