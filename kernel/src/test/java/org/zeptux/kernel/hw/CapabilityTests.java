package org.zeptux.kernel.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.mm.E820;
import org.zeptux.kernel.mm.E820Map;
import org.zeptux.rt.host.Machine;
import org.zeptux.rt.host.PortDevice;

/**
 * The raw layer's capabilities on the simulated PC: a port range reaches its device's ports
 * and no other, an MMIO region its registers (never RAM), a firmware view its structure.
 */
class CapabilityTests {
    private final Machine m = new Machine();

    /** A device that records every access as "in OFFSET/SIZE" or "out OFFSET/SIZE=VALUE". */
    static final class Recorder implements PortDevice {
        final List<String> log = new ArrayList<>();

        public int in(int offset, int size) {
            log.add("in " + offset + "/" + size);
            return 0x40 + offset;
        }

        public void out(int offset, int size, int value) {
            log.add("out " + offset + "/" + size + "=" + value);
        }
    }

    @Test
    void aPortRangeReachesItsDeviceAndNothingElse() {
        Recorder pic = new Recorder();
        Recorder next = new Recorder();
        m.attach(0x20, 2, pic).attach(0x22, 2, next);
        try (var ignored = Machine.install(m)) {
            Ports.PIC_MASTER.out8(1, 0xFF);
            assertEquals(0x40, Ports.PIC_MASTER.in8(0));
            assertEquals(List.of("out 1/1=255", "in 0/1"), pic.log);
            assertThrows(IndexOutOfBoundsException.class, () -> Ports.PIC_MASTER.out8(2, 0), "the next device's port");
            assertThrows(IndexOutOfBoundsException.class, () -> Ports.PIC_MASTER.in8(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> Ports.PIC_MASTER.in16(1), "a 16-bit access past the end");
            assertEquals(List.of(), next.log, "nothing reached past the range");
        }
    }

    @Test
    void aFirmwareViewReadsInsideItsStructureOnly() {
        try (var ignored = Machine.install(m)) {
            m.store(0x5000, 8, 0x1122334455667788L);
            FirmwareView v = FirmwareView.empty().map(0x5000, 8);
            assertEquals(0x88, v.load8(0));
            assertEquals(0x11223344L, v.load32u(4));
            assertEquals(0x1122334455667788L, v.load64(0));
            assertThrows(IndexOutOfBoundsException.class, () -> v.load64(1), "8 bytes at 1 pass the end");
            assertThrows(IndexOutOfBoundsException.class, () -> v.load8(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> FirmwareView.empty().load8(0), "an empty view");
            assertThrows(IllegalArgumentException.class, () -> FirmwareView.empty().mapLow(0xFFFF0, 0x20),
                    "past the first MiB");
        }
    }

    @Test
    void anMmioRegionIsMappedOutsideRamAndUsedAlignedAndInside() {
        try (var ignored = Machine.install(m)) {
            long info = 0x1000;
            BootInfo.write(info, 0x100000, 0x120000);
            BootInfo.addE820(info, 0, 0x9fc00, E820.USABLE);
            BootInfo.addE820(info, 0x100000, 0x7ee0000, E820.USABLE);
            BootInfo.addE820(info, 0xfec00000L, 0x1000, E820.RESERVED);
            E820Map.sanitize(info);
            MmioRegion ram = new MmioRegion(0x20);
            assertThrows(IllegalArgumentException.class, () -> ram.map(0x200000), "usable RAM is not a device");
            assertThrows(IllegalArgumentException.class, () -> ram.map(0xFFFF0), "nor a range that runs into it");
            assertThrows(IllegalStateException.class, () -> ram.load32(0), "used before it is mapped");
            MmioRegion ioapic = new MmioRegion(0x20);
            ioapic.map(0xfec00000L);
            ioapic.store32(0x10, 7);
            assertEquals(7, ioapic.load32(0x10));
            assertEquals(7, (int) m.load(0xfec00010L, 4), "the register is the device's memory");
            assertThrows(IndexOutOfBoundsException.class, () -> ioapic.load32(0x20), "past the region");
            assertThrows(IndexOutOfBoundsException.class, () -> ioapic.store32(2, 0), "misaligned");
        }
    }
}
