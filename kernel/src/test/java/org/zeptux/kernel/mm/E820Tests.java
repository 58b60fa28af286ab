package org.zeptux.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.rt.host.Machine;
import org.zeptux.rt.host.Uart16550;

class E820Tests {
    private final Machine machine = new Machine();
    private final Uart16550 uart = new Uart16550();

    E820Tests() {
        machine.attach(0x3F8, 8, uart);
    }

    private void entry(int i, long base, long length, int type) {
        long e = BootInfo.e820Entry(0x1000, i);
        machine.store(e, 8, base);
        machine.store(e + 8, 8, length);
        machine.store(e + 16, 4, type);
        machine.store(0x1000 + 12, 4, i + 1);
    }

    private String print() {
        try (var ignored = Machine.install(machine)) {
            Uart.init();
            E820.print(0x1000);
        }
        return uart.transmitted().replace("\r\n", "\n");
    }

    @Test
    void everyTypeHasLinuxsName() {
        entry(0, 0, 0x1000, 1);
        entry(1, 0x1000, 0x1000, 2);
        entry(2, 0x2000, 0x1000, 3);
        entry(3, 0x3000, 0x1000, 4);
        entry(4, 0x4000, 0x1000, 5);
        entry(5, 0x5000, 0x1000, 17);
        entry(6, 0x6000, 0x1000, -1);
        assertEquals("""
                e820: [mem 0x0000000000000000-0x0000000000000fff] usable
                e820: [mem 0x0000000000001000-0x0000000000001fff] reserved
                e820: [mem 0x0000000000002000-0x0000000000002fff] ACPI data
                e820: [mem 0x0000000000003000-0x0000000000003fff] ACPI NVS
                e820: [mem 0x0000000000004000-0x0000000000004fff] unusable
                e820: [mem 0x0000000000005000-0x0000000000005fff] type 17
                e820: [mem 0x0000000000006000-0x0000000000006fff] type 4294967295
                memory: 4 KiB usable
                """, print());
    }

    @Test
    void memoryAbove4GiBAndTheTopOfTheAddressSpace() {
        entry(0, 0x100000000L, 0x140000000L, 1);
        entry(1, 0xfd00000000L, 0x300000000L, 2);
        entry(2, 0xfffffffffffff000L, 0x1000, 2);
        assertEquals("""
                e820: [mem 0x0000000100000000-0x000000023fffffff] usable
                e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved
                e820: [mem 0xfffffffffffff000-0xffffffffffffffff] reserved
                memory: 5242880 KiB usable
                """, print());
    }

    @Test
    void anEmptyMapHasNoUsableMemory() {
        assertEquals("memory: 0 KiB usable\n", print());
    }
}
