package org.zeptux.kernel;

import org.zeptux.kernel.arch.CpuInfo;
import org.zeptux.kernel.arch.Interrupts;
import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.boot.CommandLine;
import org.zeptux.kernel.boot.InitramfsBytes;
import org.zeptux.kernel.fs.BootDisk;
import org.zeptux.kernel.fs.Initramfs;
import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.debug.Monitor;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.debug.SysRq;
import org.zeptux.kernel.dev.Ata;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.mm.E820;
import org.zeptux.kernel.mm.MemInit;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.kernel.module.Modules;
import org.zeptux.kernel.proc.Init;
import org.zeptux.kernel.proc.Processes;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.smp.Smp;
import org.zeptux.kernel.test.KTestRunner;
import org.zeptux.rt.Export;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.StackEntry;

/**
 * The kernel's entry point: boot/entry.asm calls {@link #main} on the boot stack, in long
 * mode, with interrupts off and the BootInfo address stage 2 built. It reads as the boot order.
 */
public final class Kmain {
    private Kmain() {}

    /** On the boot stack (boot/entry.asm: 64 KiB), where interrupts arrive too until threads exist. */
    @Export("kmain")
    @StackEntry(bytes = 65536, interrupts = true)
    public static void main(long bootInfo) {
        Uart.init();                            // COM1, 115200 8N1: the console
        Interrupts.initExceptions();            // GDT, TSS, IDT: faults are panics from here on
        Print.str("Zeptux ");                   // the banner
        Print.str(Version.VERSION);
        Print.str(" (x86_64)");
        Print.nl();
        CpuInfo.print();                        // the processor's vendor, from CPUID
        if (!BootInfo.valid(bootInfo)) {        // what stage 2 handed over
            Panic.panic("bad boot info magic");
        }
        E820.print(bootInfo);                   // the BIOS memory map, as Linux prints it
        CommandLine.init(bootInfo);             // the kernel command line, copied out of stage 2's memory
        CommandLine.print();
        BootInfo.printLoad(bootInfo);           // how stage 2 read the image: DMA or PIO
        MemInit.init(bootInfo);                 // memblock, page tables + direct map, page frames, buddy
        Paging.printSummary();
        Interrupts.init();                      // APIC (or PIC), timer, serial input; interrupts on
        Scheduler.init();                       // this code becomes task 0 (kmain); the idle task
        Processes.init();                       // user mode: SYSCALL, SMEP/SMAP, the clocks, Ctrl-C
        Smp.init();                             // the other CPUs the MADT lists, started and idle
        long info = Phys.virt(PhysAddr.of(bootInfo)).toLong();   // BootInfo through the direct map from here on
        if (Vfs.init() && InitramfsBytes.INSTANCE.set(info)) {  // "/" is a tmpfs; the initramfs is unpacked into it
            Initramfs.unpack(InitramfsBytes.INSTANCE);
        }
        Ata.init();                             // the ATA disks and their partitions: block devices, interrupt-driven
        Vfs.mountDevAndProc();                  // devtmpfs on /dev, proc on /proc (as CONFIG_DEVTMPFS_MOUNT)
        BootDisk.init();                        // ram0 (from /ram0.img if the initramfs has it); page-cache writeback
        Modules.initAll();                      // the modules linked into the image, in dependency order
        Print.str("Zeptux ready");
        Print.nl();
        if (KTestRunner.ENABLED) {              // the test kernel: run the KTests, report KTAP, exit
            KTestRunner.runAll();
        }
        if (Init.named()) {                     // init=PATH: process 1 instead of the monitor; its end is a panic
            Monitor.setBootInfo(info);
            SysRq.init();                       // BREAK, then a key: the magic SysRq keys; x, the monitor
            Init.run();
        }
        Monitor.run(info);                      // the command loop; poweroff ends it
        while (true) {                          // no UART to read commands from: idle
            Processor.cli();
            Processor.hlt();
        }
    }
}
