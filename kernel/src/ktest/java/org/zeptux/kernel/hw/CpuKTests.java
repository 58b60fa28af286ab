package org.zeptux.kernel.hw;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.KTest;

/** Kernel tests that need the real processor, or the simulated one. */
public final class CpuKTests {
    private CpuKTests() {}

    @KTest(only = KTest.World.KERNEL, reason = "needs the real CPU: the frame-pointer chain and CPUID leaves")
    static void frameChainAndCpuidOnTheRealCpu() {
        long frame = Cpu.frameAddress();
        Check.isTrue((frame >>> 32) == 0xFFFFFFFFL, "the frame is on the kernel's higher-half stack");
        Check.isTrue(Cpu.cpuidEax(0, 0) >= 1, "CPUID leaf 1 exists");
        Check.isTrue((Cpu.cpuidEdx(1, 0) & (1 << 5)) != 0, "the CPU has MSRs (CPUID.1:EDX.MSR)");
        long efer = Cpu.readMsr(0xC0000080);
        Check.isTrue((efer & (1 << 10)) != 0, "EFER.LMA: long mode is active");
    }

    @KTest(only = KTest.World.JVM, reason = "the simulated TSC advances by exactly 1000 per read")
    static void simulatedTscIsDeterministic() {
        long t = Cpu.rdtsc();
        Check.equal(t + 1000, Cpu.rdtsc(), "the next read");
    }
}
