package org.zeptux.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.zeptux.kernel.debug.Monitor;

/** The kernel's boot and console, run on the JVM over a simulated PC. */
class KmainTests {
    @Test
    void bootsPrintsTheMapAndPowersOff() {
        SimulatedPc pc = new SimulatedPc().qemu128M();
        SimulatedPc.Run run = pc.boot("hello\rpoweroff\r");
        assertEquals(33, run.qemuStatus(), run.output());
        String[] expected = {
            "Zeptux " + Version.VERSION + " (x86_64)",
            "cpu: ZeptuxSimCPU",
            "e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
            "e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
            "e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
            "e820: [mem 0x0000000000100000-0x0000000007fdffff] usable",
            "e820: [mem 0x0000000007fe0000-0x0000000007ffffff] reserved",
            "e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved",
            "memory: 130559 KiB usable",
            "boot: image read by PIO (no bus-master IDE controller)",   // the simulated stage 2 leaves offset 36 zero
            "Memory: 129280K/130556K available (536K firmware, 4K boot info, 32K boot loader, 64K boot page tables,"
                    + " 128K kernel image, 512K page frame db, 1276K reserved)",
            "Zeptux ready",
            "zeptux> hello",
            "unknown command: hello",
            "type 'help' for the commands",
            "zeptux> poweroff",
            "Powering off",
            "",
        };
        assertArrayEquals(expected, run.lines(), run.output());
        assertTrue(run.output().contains("\r\n"), "the serial console sends CR LF");
    }

    @Test
    void programsCom1For115200EightNOne() {
        SimulatedPc pc = new SimulatedPc().qemu128M();
        pc.boot("poweroff\n");
        assertEquals(1, pc.uart.divisor(), "115200 baud");
        assertEquals(0x03, pc.uart.lineControl(), "8N1, DLAB off");
        assertEquals(0xC7, pc.uart.fifoControl(), "FIFOs on and cleared");
        assertEquals(0x00, pc.uart.interruptEnable(), "polled: no UART interrupts");
    }

    @Test
    void badBootInfoPanics() {
        SimulatedPc pc = new SimulatedPc().qemu128M();
        pc.machine.store(SimulatedPc.BOOT_INFO, 8, 0x1234);
        SimulatedPc.Run run = pc.boot("");
        assertEquals(35, run.qemuStatus(), run.output());
        assertTrue(run.output().contains("\r\npanic: bad boot info magic\r\n"), run.output());
        assertTrue(!run.output().contains("Zeptux ready"), run.output());
    }

    @Test
    void backspaceDeleteAndEmptyLinesEditTheLine() {
        SimulatedPc pc = new SimulatedPc().qemu128M();
        SimulatedPc.Run run = pc.boot("\r\npox\bwerz\u007foff\r");
        assertEquals(33, run.qemuStatus(), run.output());
        assertTrue(run.output().contains("x\b \bwerz\b \boff"), "erased characters are rubbed out: " + run.output());
        assertTrue(!run.output().contains("unknown command"), run.output());
    }

    @Test
    void aTooLongLineIsRefusedAndTheConsoleGoesOn() {
        SimulatedPc pc = new SimulatedPc().qemu128M();
        char[] longLine = new char[Monitor.MAX_LINE + 10];
        Arrays.fill(longLine, 'a');
        SimulatedPc.Run run = pc.boot(new String(longLine) + "\rpoweroff\r");
        assertEquals(33, run.qemuStatus(), run.output());
        assertTrue(run.output().contains("line too long (at most 127 characters)"), run.output());
    }

    @Test
    void withoutInputTheConsoleWaits() {
        SimulatedPc.Run run = new SimulatedPc().qemu128M().boot("");
        assertEquals("input exhausted", run.stopReason());
        assertTrue(run.output().endsWith("Zeptux ready\r\nzeptux> "), run.output());
    }
}
