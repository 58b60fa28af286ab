package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.CpuLocal;
import org.zeptux.kernel.hw.Gdt;
import org.zeptux.kernel.hw.Idt;
import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.hw.FirmwareView;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.lib.Log;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Export;
import org.zeptux.rt.InterruptContext;
import org.zeptux.rt.Platform;
import org.zeptux.rt.StackEntry;

/**
 * Interrupts and exceptions: the one dispatcher every IDT stub calls ({@link #trap}), a count
 * per vector, and the handler registered for each device vector.
 *
 * <p>Vectors: 0..31 CPU exceptions (Exceptions); 0x20..0x2F the 16 ISA IRQs, through the I/O
 * APIC or the legacy PICs; 0x30 the local APIC timer; 0xFE APIC errors; 0xFF the local APIC's
 * spurious vector. The interrupt controller is the local APIC with the I/O APICs the ACPI MADT
 * lists when the CPU has an APIC and the firmware a MADT; otherwise the legacy PICs, remapped.
 *
 * <p>Handlers ({@link InterruptHandler} objects, made at build time) are registered by vector;
 * {@link #trap} calls the one registered (an interface call). A handler runs with interrupts
 * off; the end of interrupt is sent after it returns.
 */
public final class Interrupts {
    private Interrupts() {}

    public static final int VECTORS = 256;
    public static final int EXCEPTIONS = 32;
    /** ISA IRQ n arrives at vector IRQ_BASE + n. */
    public static final int IRQ_BASE = 0x20;
    public static final int LAPIC_TIMER = 0x30;
    public static final int APIC_ERROR = 0xFE;
    public static final int SPURIOUS = 0xFF;
    public static final int IRQ_TIMER = 0;
    public static final int IRQ_COM1 = 4;


    /** The controllers in use. */
    public static final int MODE_NONE = 0;
    public static final int MODE_PIC = 1;
    public static final int MODE_APIC = 2;

    /** Arrivals by CPU and vector: each CPU writes only its own row (no lock, no lost count). */
    private static final long[][] COUNTS = new long[PerCpu.MAX_CPUS][VECTORS];
    private static final InterruptHandler[] HANDLERS = new InterruptHandler[VECTORS];
    private static int mode;
    private static long spurious;
    private static long unexpected;

    /**
     * Sets up exceptions (GDT with the TSS, IDT): from here on a fault in the kernel is a
     * readable panic. Call first thing at boot.
     */
    public static void initExceptions() {
        if (Platform.simulated()) {
            return;                                 // the JVM's simulated PC delivers no interrupts
        }
        Gdt.init();
        Idt.init();
        CpuLocal.load(0);                           // GS: the boot CPU's per-CPU block (PerCpu.current())
    }

    /**
     * Finds and programs the interrupt controllers, starts the timer and serial input by
     * interrupt, and enables interrupts. Prints one line per controller and the timer.
     */
    public static void init() {
        if (Platform.simulated()) {
            return;
        }
        Pic.init(IRQ_BASE);                         // remapped and masked, whatever is used
        register(IRQ_BASE + 7, Handlers.PIC_SPURIOUS);
        register(IRQ_BASE + 15, Handlers.PIC_SPURIOUS);
        FirmwareView madt = null;
        boolean cpuHasApic = (Processor.cpuidEdx(1, 0) & (1 << 9)) != 0;
        if (cpuHasApic && Acpi.init()) {
            madt = Acpi.find(Acpi.MADT);
        }
        if (madt != null) {
            Madt.parse(madt);
        }
        if (madt != null && Madt.ioapics() > 0) {
            mode = MODE_APIC;
            Madt.print();
            Lapic.init(Madt.localApic());
            IoApic.init();
            register(SPURIOUS, Handlers.LAPIC_SPURIOUS);
            register(APIC_ERROR, Handlers.LAPIC_ERROR);
            register(LAPIC_TIMER, Handlers.TIMER);
            Printf.printf("interrupts: local APIC %d at 0x%lx, %d I/O APIC(s); legacy PICs masked\n",
                    Lapic.id(), Madt.localApic(), Madt.ioapics());
            Timer.start(true);
        } else {
            mode = MODE_PIC;
            Print.str(cpuHasApic ? "interrupts: no ACPI MADT; legacy PICs at vectors 0x20..0x2f"
                    : "interrupts: no local APIC; legacy PICs at vectors 0x20..0x2f");
            Print.nl();
            register(IRQ_BASE + IRQ_TIMER, Handlers.TIMER);
            Timer.start(false);
            Pic.unmask(IRQ_TIMER);
        }
        Timer.print();
        if (Uart.present()) {
            register(IRQ_BASE + IRQ_COM1, Handlers.COM1);
            enableIsa(IRQ_COM1);
            Uart.enableReceiveInterrupts();
        }
        Processor.sti();
    }

    /** Delivers ISA IRQ {@code irq} at vector IRQ_BASE + irq on this CPU. */
    public static void enableIsa(int irq) {
        if (mode == MODE_APIC) {
            IoApic.route(Madt.isaGsi(irq), IRQ_BASE + irq, Madt.isaFlags(irq), Lapic.id());
        } else {
            Pic.unmask(irq);
        }
    }

    /** The controllers in use: MODE_NONE before {@link #init}, MODE_PIC or MODE_APIC. */
    public static int mode() {
        return mode;
    }

    /** Makes {@code handler} the handler of {@code vector} (null: none). */
    public static void register(int vector, InterruptHandler handler) {
        HANDLERS[vector] = handler;
    }

    /** The handler registered for {@code vector}, or null. */
    public static InterruptHandler handler(int vector) {
        return HANDLERS[vector];
    }

    static void countSpurious() {
        spurious++;
    }

    static void countUnexpected() {
        unexpected++;
    }

    /** How often {@code vector} has arrived, on every CPU. */
    public static long count(int vector) {
        long sum = 0;
        for (int cpu = 0; cpu < PerCpu.MAX_CPUS; cpu++) {
            sum += COUNTS[cpu][vector];
        }
        return sum;
    }

    /**
     * The dispatcher: boot/trap.asm calls it for every vector with the saved registers at {@code frame},
     * on the interrupted stack, or on a 16 KiB IST stack for a double fault, an NMI or a machine check
     * (boot/trap.asm). Interrupt context: nothing it reaches may sleep.
     */
    @Export("zeptux_trap")
    @StackEntry(bytes = 16384)
    @InterruptContext
    public static void trap(long frame) {
        int vector = TrapFrame.vector(frame) & 0xFF;
        PerCpu cpu = PerCpu.current();
        COUNTS[cpu.index][vector]++;
        cpu.interrupts++;
        if (vector < EXCEPTIONS) {
            Exceptions.handle(frame, vector);
            return;
        }
        InterruptHandler handler = HANDLERS[vector];
        if (handler == null) {
            unexpected++;
            if (unexpected <= 3) {
                Log.warn("unexpected interrupt on vector 0x%x", vector);
            }
            eoi(vector);
            return;
        }
        handler.handle(frame, vector);
        if (handler.needsEoi()) {
            eoi(vector);
        }
        Scheduler.preemptIfNeeded();            // the interrupt's end: a switch the tick or a wake-up asked for
    }

    /** The end of interrupt for {@code vector}, for a handler whose {@link InterruptHandler#needsEoi} is false. */
    public static void eoi(int vector) {
        if (mode == MODE_APIC) {
            Lapic.eoi();
        } else if (mode == MODE_PIC && vector >= IRQ_BASE && vector < IRQ_BASE + 16) {
            Pic.eoi(vector - IRQ_BASE);
        }
    }

    /** The {@code irqs} view: every vector that has a handler or has arrived, with its count. */
    public static void print() {
        Print.str("vector       count  handler");
        Print.nl();
        for (int v = 0; v < VECTORS; v++) {
            if (v < EXCEPTIONS) {
                if (count(v) != 0) {
                    Printf.printf("  0x%02x %11d  %s %s\n", v, count(v), Printf.s(Exceptions.mnemonic(v)),
                            Printf.s(Exceptions.name(v)));
                }
            } else if (HANDLERS[v] != null || count(v) != 0) {
                Printf.printf("  0x%02x %11d  %s\n", v, count(v),
                        Printf.s(HANDLERS[v] == null ? "unexpected" : HANDLERS[v].name()));
            }
        }
        Printf.printf("spurious: %d, unexpected: %d\n", spurious, unexpected);
    }
}
