package org.zeptux.kernel.arch;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.FirmwareView;
import org.zeptux.kernel.hw.Gdt;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.Memory;

/** Interrupt and exception logic: descriptor encodings, ACPI parsing, dispatch, the serial ring. */
public final class InterruptKTests {
    private InterruptKTests() {}

    /** A MADT as QEMU's pc machine has it: one CPU, one I/O APIC, five overrides, a NMI entry. */
    static final byte[] MADT_SAMPLE = madt();
    /** Room for an RSDP at offset 16 of the array's elements, 16-byte aligned relative to them. */
    static final byte[] RSDP_SAMPLE = rsdp(true);
    static final byte[] RSDP_CORRUPT = rsdp(false);
    private static final long[] FRAME = new long[TrapFrame.SIZE / 8];
    /** A view of the samples. */
    private static final FirmwareView SAMPLE = FirmwareView.empty();

    /** A handler that counts its calls and the frames and vectors it was given. */
    static final class Counting implements InterruptHandler {
        int calls;
        long lastFrame;
        int lastVector;

        public void handle(long frame, int vector) {
            calls++;
            lastFrame = frame;
            lastVector = vector;
        }

        public String name() {
            return "test";
        }

        public boolean needsEoi() {
            return false;                           // a test dispatch, no controller involved
        }
    }

    static final Counting COUNTING = new Counting();

    private static byte[] madt() {
        byte[] t = new byte[44 + 8 + 12 + 5 * 10 + 6];
        put(t, 0, 4, Acpi.MADT);
        put(t, 4, 4, t.length);
        t[8] = 1;
        put(t, 36, 4, 0xFEE00000L);
        put(t, 40, 4, 1);                               // PCAT_COMPAT
        int p = 44;
        t[p] = 0;                                       // local APIC: processor 0, APIC 0, enabled
        t[p + 1] = 8;
        put(t, p + 4, 4, 1);
        p += 8;
        t[p] = 1;                                       // I/O APIC 0 at 0xFEC00000, GSI base 0
        t[p + 1] = 12;
        put(t, p + 4, 4, 0xFEC00000L);
        p += 12;
        int[][] overrides = {{0, 2, 0}, {5, 5, 0xD}, {9, 9, 0xD}, {10, 10, 0xD}, {11, 11, 0xD}};
        for (int[] o : overrides) {
            t[p] = 2;
            t[p + 1] = 10;
            t[p + 3] = (byte) o[0];
            put(t, p + 4, 4, o[1]);
            put(t, p + 8, 2, o[2]);
            p += 10;
        }
        t[p] = 4;                                       // local APIC NMI (ignored)
        t[p + 1] = 6;
        t[9] = (byte) -sum(t, 0, t.length);             // the checksum
        return t;
    }

    private static byte[] rsdp(boolean valid) {
        byte[] b = new byte[64];
        byte[] sig = {'R', 'S', 'D', ' ', 'P', 'T', 'R', ' '};
        System.arraycopy(sig, 0, b, 16, 8);
        put(b, 16 + 16, 4, 0x7FE1234);                  // the RSDT's address
        b[16 + 8] = (byte) -sum(b, 16, 20);             // checksum over the first 20 bytes
        if (!valid) {
            b[16 + 8]++;
        }
        return b;
    }

    private static void put(byte[] b, int at, int size, long v) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static int sum(byte[] b, int from, int length) {
        int s = 0;
        for (int i = from; i < from + length; i++) {
            s += b[i] & 0xFF;
        }
        return s;
    }

    @KTest
    static void gatesAndTssDescriptorsEncodeAsTheSdmSays() {
        Check.equalHex(0x80128E0100183456L, Descriptors.gateLow(0xFFFFFFFF80123456L, 0x18, 1), "interrupt gate, IST 1");
        Check.equalHex(0x00008E0000180000L, Descriptors.gateLow(0, 0x18, 0), "gate to offset 0");
        Check.equal(Gdt.IST_DOUBLE_FAULT, Descriptors.ist(Exceptions.DOUBLE_FAULT), "#DF has its own stack");
        Check.equal(Gdt.IST_NMI, Descriptors.ist(Exceptions.NMI), "NMI has its own stack");
        Check.equal(Gdt.IST_MACHINE_CHECK, Descriptors.ist(Exceptions.MACHINE_CHECK), "#MC has its own stack");
        Check.equal(0, Descriptors.ist(Exceptions.PAGE_FAULT), "#PF stays on the current stack");
        Check.equalHex(0x8000891500000067L, Descriptors.tssLow(0xFFFFFFFF80150000L, 103), "available 64-bit TSS");
    }

    @KTest
    static void ioApicRedirectionEntriesFollowTheMpsFlags() {
        Check.equalHex(0x24, IoApic.redirection(0x24, 0), "ISA default: edge, active high, unmasked");
        Check.equalHex(0x8029, IoApic.redirection(0x29, 0xD), "level, active high");
        Check.equalHex(0xA021, IoApic.redirection(0x21, 0xF), "level, active low");
        Check.equalHex(0x2022, IoApic.redirection(0x22, 0x3), "edge, active low");
    }

    @KTest
    static void madtGivesApicsAndIsaOverrides() {
        FirmwareView table = SAMPLE.array(MADT_SAMPLE);
        Check.equal(0, Acpi.checksum(table, 0, MADT_SAMPLE.length), "the sample's checksum");
        Madt.parse(table);
        Check.equalHex(0xFEE00000L, Madt.localApic(), "local APIC address");
        Check.isTrue(Madt.legacyPics(), "PCAT_COMPAT");
        Check.equal(1, Madt.cpus(), "CPUs");
        Check.equal(1, Madt.ioapics(), "I/O APICs");
        Check.equalHex(0xFEC00000L, Madt.ioapicAddress(0), "I/O APIC address");
        Check.equal(0, Madt.ioapicGsiBase(0), "GSI base");
        Check.equal(2, Madt.isaGsi(0), "IRQ 0 arrives at GSI 2");
        Check.equal(4, Madt.isaGsi(4), "IRQ 4 is not overridden");
        Check.equal(0, Madt.isaFlags(4), "IRQ 4: bus defaults");
        Check.equal(0xD, Madt.isaFlags(9), "IRQ 9: level, active high");
        restoreMadt();
    }

    /** In the kernel, the real MADT again: the sample must not outlive the test. */
    private static void restoreMadt() {
        FirmwareView real = Acpi.find(Acpi.MADT);
        if (real != null) {
            Madt.parse(real);
        }
    }

    @KTest
    static void rsdpNeedsSignatureAndChecksum() {
        Check.equal(16, Acpi.scan(SAMPLE.array(RSDP_SAMPLE)), "found at its 16-byte boundary");
        Check.equal(-1, Acpi.scan(SAMPLE.array(RSDP_CORRUPT)), "a bad checksum is not an RSDP");
    }

    @KTest
    static void exceptionNames() {
        Check.isTrue("#PF".equals(Exceptions.mnemonic(14)), "#PF");
        Check.isTrue("page fault".equals(Exceptions.name(14)), "page fault");
        Check.isTrue("#DF".equals(Exceptions.mnemonic(8)), "#DF");
        Check.isTrue("#??".equals(Exceptions.mnemonic(15)), "15 is reserved");
        Check.isTrue(Exceptions.hasSelectorError(13) && !Exceptions.hasSelectorError(14), "selector error codes");
    }

    @KTest
    static void theDispatcherCountsAndCallsTheRegisteredHandler() {
        int vector = 0x41;
        long frame = TrapFrame.inArray(FRAME, vector);
        long before = Interrupts.count(vector);
        int calls = COUNTING.calls;
        Interrupts.register(vector, COUNTING);
        Check.isTrue(Interrupts.handler(vector) == COUNTING, "registered");
        Interrupts.trap(frame);
        Interrupts.trap(frame);
        Check.equal(before + 2, Interrupts.count(vector), "two interrupts counted");
        Check.equal(calls + 2, COUNTING.calls, "the handler ran twice");
        Check.equal(vector, COUNTING.lastVector, "with its vector");
        Check.equalHex(frame, COUNTING.lastFrame, "and the frame");
        Check.isTrue("test".equals(Interrupts.handler(vector).name()), "its name, for irqs");
        Interrupts.register(vector, null);
        Check.isTrue(Interrupts.handler(vector) == null, "unregistered");
    }

    @KTest
    static void serialRingKeepsOrderAndCountsDrops() {
        Processor.cli();
        while (Uart.take() >= 0) {
            // start empty
        }
        long dropped = Uart.dropped();
        for (int i = 0; i < Uart.RING + 3; i++) {
            Uart.put(i & 0xFF);
        }
        Check.equal(dropped + 3, Uart.dropped(), "three bytes past a full ring are dropped");
        boolean inOrder = true;
        for (int i = 0; i < Uart.RING; i++) {
            inOrder &= Uart.take() == (i & 0xFF);
        }
        Check.isTrue(inOrder, "bytes come out in order");
        Check.equal(-1, Uart.take(), "then the ring is empty");
        Processor.sti();
    }

    @KTest
    static void udiv128DividesAHundredAndTwentyEightBitValue() {
        Check.equalHex(1L << 63, Processor.udiv128(1, 0, 2), "2^64 / 2");
        Check.equal(14, Processor.udiv128(0, 100, 7), "100 / 7");
        Check.equal(5, Processor.udiv128(5, 0, -1), "5 * 2^64 / (2^64 - 1)");
        Check.equalHex(-1, Processor.udiv128(0xFFFFFFFEL, -1, 0xFFFFFFFFL), "the largest quotient that fits");
    }

    @KTest(only = KTest.World.KERNEL, reason = "needs real interrupts: the timer and int3")
    static void interruptsAreOnTheTimerTicksAndInt3ReturnsHere() {
        Check.isTrue((Processor.readFlags() & (1 << 9)) != 0, "RFLAGS.IF: interrupts are enabled");
        long start = Timer.ticks();
        for (int i = 0; i < 100 && Timer.ticks() == start; i++) {
            Processor.stiHlt();
        }
        Check.isTrue(Timer.ticks() > start, "the timer ticked while we halted");
        long breakpoints = Interrupts.count(Exceptions.BREAKPOINT);
        Processor.breakpoint();
        Check.equal(breakpoints + 1, Interrupts.count(Exceptions.BREAKPOINT), "int3 counted, and execution went on");
        Check.isTrue(Interrupts.mode() == Interrupts.MODE_APIC || Interrupts.mode() == Interrupts.MODE_PIC,
                "an interrupt controller is in use");
    }
}
