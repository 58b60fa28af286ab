package org.zeptux.rt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Port;

class MachineTests {
    @Test
    void memoryIsLittleEndianSparseAndCrossesPages() {
        try (var ignored = Machine.install(new Machine())) {
            assertEquals(0, Memory.load64(0x12345678L), "never written reads as zero");
            Memory.store64(0xFFCL, 0x1122334455667788L);    // crosses the page at 0x1000
            assertEquals(0x1122334455667788L, Memory.load64(0xFFCL));
            assertEquals(0x88, Memory.load8(0xFFCL));
            assertEquals(0x55667788, Memory.load32(0xFFCL));
            assertEquals(0x1122, Memory.load16(0x1002L));
            Memory.store8(0x2000L, 0x1FF);
            assertEquals(0xFF, Memory.load8(0x2000L), "narrow loads zero-extend");
            Memory.store32(0xFFFFFFFFFFFFF000L, -2);
            assertEquals(-2, Memory.load32(0xFFFFFFFFFFFFF000L), "the top of the address space works");
        }
    }

    @Test
    void unclaimedPortsFloatHighAndDevicesSeeOffsets() {
        Machine m = new Machine();
        int[] seen = new int[3];
        m.attach(0x100, 4, new PortDevice() {
            @Override
            public int in(int offset, int size) {
                return 0x12345600 | offset;
            }

            @Override
            public void out(int offset, int size, int value) {
                seen[0] = offset;
                seen[1] = size;
                seen[2] = value;
            }
        });
        try (var ignored = Machine.install(m)) {
            assertEquals(0xFF, Port.in8(0x80));
            assertEquals(0xFFFF, Port.in16(0x80));
            assertEquals(-1, Port.in32(0x80));
            assertEquals(0x02, Port.in8(0x102), "8-bit read of a wider value keeps the low byte");
            Port.out16(0x103, 0x1ABCD);
            assertEquals(3, seen[0]);
            assertEquals(2, seen[1]);
            assertEquals(0xABCD, seen[2]);
        }
        assertThrows(IllegalArgumentException.class, () -> m.attach(0x103, 2, new DebugExit()));
    }

    @Test
    void noMachineIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Port.in8(0x3F8));
        assertTrue(e.getMessage().contains("Machine.install"), e.getMessage());
    }

    @Test
    void hltWithInterruptsOffStopsAndDebugExitReportsQemusStatus() {
        Machine m = new Machine().attach(0xF4, 4, new DebugExit());
        try (var ignored = Machine.install(m)) {
            Cpu.sti();
            Cpu.hlt();
            Cpu.cli();
            assertThrows(MachineStopped.class, Cpu::hlt);
            assertEquals(2, m.halts());
            MachineExit exit = assertThrows(MachineExit.class, () -> Port.out8(0xF4, 0x10));
            assertEquals(0x10, exit.value());
            assertEquals(33, exit.qemuStatus());
        }
    }

    @Test
    void uartKeepsItsRegistersTransmitsAndReceivesScriptedInput() {
        Uart16550 uart = new Uart16550();
        Machine m = new Machine().attach(0x3F8, 8, uart);
        try (var ignored = Machine.install(m)) {
            uart.feed("ab");
            Port.out8(0x3FB, 0x80);
            Port.out8(0x3F8, 0x01);
            Port.out8(0x3F9, 0x00);
            assertEquals(0x01, Port.in8(0x3F8), "DLAB set: the divisor reads back");
            Port.out8(0x3FB, 0x03);
            Port.out8(0x3FA, 0xC7);                      // clears the (empty) FIFO, not the wire
            assertEquals(1, uart.divisor());
            assertEquals(0x03, uart.lineControl());
            Port.out8(0x3F8, 'H');
            Port.out8(0x3F8, 'i');
            assertEquals("Hi", uart.transmitted());
            assertEquals(0x61, Port.in8(0x3FD), "data ready, THR empty");
            assertEquals('a', Port.in8(0x3F8));
            assertEquals(0x61, Port.in8(0x3FD));
            assertEquals('b', Port.in8(0x3F8));
            assertEquals(0x60, Port.in8(0x3FD), "nothing left");
            assertThrows(MachineStopped.class, () -> {
                while (true) {
                    Port.in8(0x3FD);
                }
            });
        }
    }

    @Test
    void cpuStateIsSimulated() {
        Machine m = new Machine();
        try (var ignored = Machine.install(m)) {
            long t1 = Cpu.rdtsc();
            assertTrue(Cpu.rdtsc() > t1, "the TSC advances");
            assertEquals(0x7470655A, Cpu.cpuidEbx(0, 0), "vendor 'Zept'...");
            assertEquals(0x69537875, Cpu.cpuidEdx(0, 0), "'uxSi'...");
            assertEquals(0x5550436D, Cpu.cpuidEcx(0, 0), "'mCPU'");
            m.setCpuid(0x80000001, 0, 0, 0, 0, 1 << 29);
            assertEquals(1 << 29, Cpu.cpuidEdx(0x80000001, 0));
            assertEquals(0, Cpu.cpuidEax(7, 0), "unset leaves are zero");
            Cpu.writeMsr(0xC0000080, 0x500);
            assertEquals(0x500, Cpu.readMsr(0xC0000080));
            Cpu.writeCr3(0x10000);
            assertEquals(0x10000, Cpu.readCr3());
            Cpu.invlpg(0x1000);
            assertEquals(1, m.invalidations());
            Memory.store16(0x500, 0xFFF);
            Memory.store64(0x502, 0x123000);
            Cpu.lgdt(0x500);
            assertEquals(0x123000, m.gdtBase());
            Cpu.mfence();
            assertEquals(1, m.fences());
            Memory.mmioStore32(0x2000, 7);
            assertEquals(7, Memory.mmioLoad32(0x2000));
        }
    }
}
