package org.zeptux.kernel.arch;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.lib.Log;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.smp.PerCpu;

/** The kernel's interrupt handlers, one object each, made at build time. */
final class Handlers {
    private Handlers() {}

    static final InterruptHandler TIMER = new TimerTick();
    static final InterruptHandler COM1 = new SerialReceive();
    static final InterruptHandler LAPIC_SPURIOUS = new LapicSpurious();
    static final InterruptHandler PIC_SPURIOUS = new PicSpurious();
    static final InterruptHandler LAPIC_ERROR = new LapicError();

    /** The periodic timer: one tick. */
    static final class TimerTick implements InterruptHandler {
        public void handle(long frame, int vector) {
            PerCpu cpu = PerCpu.current();
            cpu.ticks++;
            if (cpu.index == 0) {                   // the clock is the boot CPU's (one writer)
                Timer.tick();
            } else {
                Scheduler.tick();                   // every CPU's run queue: accounting, preemption, balancing
            }
        }

        public String name() {
            return Interrupts.mode() == Interrupts.MODE_APIC ? "timer (local APIC)" : "timer (PIT, IRQ 0)";
        }
    }

    /** COM1 received data: into the ring buffer. */
    static final class SerialReceive implements InterruptHandler {
        public void handle(long frame, int vector) {
            Uart.onInterrupt();
        }

        public String name() {
            return "COM1 receive (IRQ 4)";
        }
    }

    /** The local APIC's spurious vector: counted; no EOI (SDM vol. 3, 11.9). */
    static final class LapicSpurious implements InterruptHandler {
        public void handle(long frame, int vector) {
            Interrupts.countSpurious();
        }

        public String name() {
            return "spurious (local APIC)";
        }

        public boolean needsEoi() {
            return false;
        }
    }

    /**
     * IRQ 7 or 15 of the 8259s: spurious unless its in-service bit is set (then it is a real
     * interrupt nobody handles, which gets its EOI here).
     */
    static final class PicSpurious implements InterruptHandler {
        public void handle(long frame, int vector) {
            if (Interrupts.mode() == Interrupts.MODE_PIC && !Pic.spurious(vector - Interrupts.IRQ_BASE)) {
                Pic.eoi(vector - Interrupts.IRQ_BASE);
                Interrupts.countUnexpected();
            } else {
                Interrupts.countSpurious();
            }
        }

        public String name() {
            return "spurious (8259 PIC)";
        }

        public boolean needsEoi() {
            return false;
        }
    }

    /** A local APIC error: logged with the error status. */
    static final class LapicError implements InterruptHandler {
        public void handle(long frame, int vector) {
            Log.error("local APIC error, status 0x%x", Lapic.errorStatus());
        }

        public String name() {
            return "local APIC error";
        }
    }
}
