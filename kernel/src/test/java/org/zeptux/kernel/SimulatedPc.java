package org.zeptux.kernel;

import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.rt.host.DebugExit;
import org.zeptux.rt.host.Machine;
import org.zeptux.rt.host.MachineExit;
import org.zeptux.rt.host.MachineStopped;
import org.zeptux.rt.host.Uart16550;

/** A simulated PC as QEMU presents it to the kernel: COM1, isa-debug-exit, and a BootInfo at 0x1000. */
final class SimulatedPc {
    static final long BOOT_INFO = 0x1000;

    final Machine machine = new Machine();
    final Uart16550 uart = new Uart16550();
    private int entries;

    SimulatedPc() {
        machine.attach(0x3F8, 8, uart).attach(0xF4, 4, new DebugExit());
        machine.store(BOOT_INFO, 8, BootInfo.MAGIC);
        machine.store(BOOT_INFO + 8, 4, BootInfo.VERSION);
        machine.store(BOOT_INFO + 16, 8, 0x100000);
        machine.store(BOOT_INFO + 24, 8, 0x120000);
        machine.store(BOOT_INFO + 32, 4, 0x80);
    }

    /** Adds an e820 entry. */
    SimulatedPc e820(long base, long length, int type) {
        long e = BootInfo.e820Entry(BOOT_INFO, entries);
        machine.store(e, 8, base);
        machine.store(e + 8, 8, length);
        machine.store(e + 16, 4, type);
        machine.store(e + 20, 4, 1);
        entries++;
        machine.store(BOOT_INFO + 12, 4, entries);
        return this;
    }

    /** The map SeaBIOS gives QEMU's -M pc with -m 128M. */
    SimulatedPc qemu128M() {
        return e820(0, 0x9fc00, 1).e820(0x9fc00, 0x400, 2).e820(0xf0000, 0x10000, 2)
                .e820(0x100000, 0x7ee0000, 1).e820(0x7fe0000, 0x20000, 2).e820(0xfffc0000L, 0x40000, 2);
    }

    /** The outcome of running the kernel until the simulated machine stops. */
    record Run(String output, int qemuStatus, String stopReason) {
        /** Output lines without the serial line's CR. */
        String[] lines() {
            return output.replace("\r\n", "\n").split("\n", -1);
        }
    }

    /** Boots Kmain.main on this machine with {@code input} typed on COM1. */
    Run boot(String input) {
        uart.feed(input);
        try (var ignored = Machine.install(machine)) {
            Kmain.main(BOOT_INFO);
            return new Run(uart.transmitted(), -1, "kmain returned");
        } catch (MachineExit e) {
            return new Run(uart.transmitted(), e.qemuStatus(), e.getMessage());
        } catch (MachineStopped e) {
            return new Run(uart.transmitted(), -1, e.getMessage());
        }
    }
}
