package org.zeptux.kernel.hw;

import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Platform;

/**
 * The CPU's side of user mode: the SYSCALL/SYSRET machinery (MSRs STAR, LSTAR, FMASK and
 * EFER.SCE; Intel SDM vol. 3, 5.8.8), the per-CPU block boot/user.asm finds through GS, the
 * kernel stack an entry from user mode lands on (the TSS's RSP0 and the per-CPU block), the
 * user's FS base (thread-local storage), SMEP and SMAP, and the first entry into user mode.
 */
public final class UserMode {
    private UserMode() {}

    static final int EFER = 0xC0000080;
    static final int STAR = 0xC0000081;
    static final int LSTAR = 0xC0000082;
    static final int FMASK = 0xC0000084;
    static final int FS_BASE = 0xC0000100;
    static final long EFER_SCE = 1;
    static final long CR4_SMEP = 1L << 20;
    static final long CR4_SMAP = 1L << 21;
    /** RFLAGS cleared on SYSCALL: TF, IF, DF, IOPL, NT, RF, AC, ID (the kernel starts clean, interrupts off). */
    static final long SYSCALL_MASK = 0x100 | 0x200 | 0x400 | 0x3000 | 0x4000 | 0x10000 | 0x40000 | 0x200000;

    private static boolean smep;
    private static boolean smap;

    @Export("zeptux_syscall_entry_address")
    private static native long syscallEntry();

    @Export("zeptux_enter_user")
    private static native void enterUser(long stackTop, long rip, long rsp);

    @Export("zeptux_resume_user")
    private static native void resumeUser(long stackTop, long frame);

    @Export("zeptux_fpu_save")
    private static native void fxsave(long area);

    @Export("zeptux_fpu_restore")
    private static native void fxrstor(long area);

    @Export("zeptux_fpu_reset")
    private static native void fpuReset();

    /** Bytes of a buffer that holds an FXSAVE area (512 bytes, 16-byte aligned) wherever the buffer lies. */
    public static final int FPU_BUFFER = 512 + 16;
    static final long CR0_MP = 1 << 1;
    static final long CR0_EM = 1 << 2;
    static final long CR4_OSFXSR = 1 << 9;
    static final long CR4_OSXMMEXCPT = 1 << 10;

    /** The 16-byte-aligned FXSAVE area inside {@code buffer} (FPU_BUFFER bytes). */
    private static long area(byte[] buffer) {
        if (buffer.length < FPU_BUFFER) {
            throw new ArrayIndexOutOfBoundsException("an FPU buffer too small");
        }
        return (Memory.addressOf(buffer) + 16 + 15) & -16L;
    }

    /** Saves the user's x87/SSE registers into {@code buffer} (a switch away from a user thread). */
    public static void saveFpu(byte[] buffer) {
        if (!Platform.simulated()) {
            fxsave(area(buffer));
        }
    }

    /** Loads the user's x87/SSE registers from {@code buffer}, saved by {@link #saveFpu}. */
    public static void restoreFpu(byte[] buffer) {
        if (!Platform.simulated()) {
            fxrstor(area(buffer));
        }
    }

    /** The offset in {@code buffer}, at or after {@code from}, of a 16-byte-aligned FXSAVE area (512 bytes must fit). */
    public static int fpuOffset(byte[] buffer, int from) {
        long start = Memory.addressOf(buffer) + 16 + from;
        int offset = from + (int) (((start + 15) & -16L) - start);
        if (from < 0 || offset > buffer.length - 512) {
            throw new ArrayIndexOutOfBoundsException("an FPU area outside the buffer");
        }
        return offset;
    }

    /** Saves the live x87/SSE registers (the user's: the kernel never uses them) into {@code buffer} at {@link #fpuOffset}; returns that offset. */
    public static int saveFpuInto(byte[] buffer, int from) {
        int offset = fpuOffset(buffer, from);
        if (!Platform.simulated()) {
            fxsave(Memory.addressOf(buffer) + 16 + offset);
        }
        return offset;
    }

    /**
     * Loads the x87/SSE registers from the FXSAVE image in {@code buffer} at {@link #fpuOffset}
     * (a signal frame's, which user mode may have written): MXCSR's reserved bits are cleared
     * first, so the load cannot fault (SDM vol. 1, 10.5.1.2).
     */
    public static void restoreFpuFrom(byte[] buffer, int from) {
        int offset = fpuOffset(buffer, from);
        long area = Memory.addressOf(buffer) + 16 + offset;
        Memory.store32(area + 24, Memory.load32(area + 24) & 0xFFBF);
        if (!Platform.simulated()) {
            fxrstor(area);
        }
    }

    /** Resets the x87/SSE registers for a new program. */
    public static void resetFpu() {
        if (!Platform.simulated()) {
            fpuReset();
        }
    }

    @Export("zeptux_set_smap")
    private static native void setSmap(int on);

    /**
     * Enables SYSCALL with the kernel's entry and turns SMEP and SMAP on where the CPU has them
     * (CPUID.(EAX=7,ECX=0):EBX bits 7 and 20). Once, at boot, on the boot CPU, after the GDT
     * (whose user selectors STAR names) and the per-CPU block (GS, {@link CpuLocal}) are loaded.
     */
    public static void init() {
        if (Platform.simulated()) {
            return;
        }
        boolean hasLeaf7 = Cpu.cpuidEax(0, 0) >= 7;
        int features = hasLeaf7 ? Cpu.cpuidEbx(7, 0) : 0;
        smep = (features & (1 << 7)) != 0;
        smap = (features & (1 << 20)) != 0;
        initCpu();
    }

    /**
     * This CPU's side of {@link #init}: the SYSCALL MSRs, SSE and SMEP/SMAP in CR0 and CR4, as
     * the boot CPU found them. An application processor runs it at its start.
     */
    public static void initCpu() {
        if (Platform.simulated()) {
            return;
        }
        Cpu.writeMsr(EFER, Cpu.readMsr(EFER) | EFER_SCE);
        // SYSCALL: CS = 0x18 (kernel code), SS = 0x20. SYSRET: CS = 0x38 + 16, SS = 0x38 + 8, RPL 3.
        Cpu.writeMsr(STAR, ((long) Gdt.USER_BASE << 48) | ((long) Gdt.KERNEL_CODE << 32));
        Cpu.writeMsr(LSTAR, syscallEntry());
        Cpu.writeMsr(FMASK, SYSCALL_MASK);
        // SSE for user programs (the System V ABI assumes it): FXSAVE/FXRSTOR and SSE on, x87 not emulated.
        Cpu.writeCr0((Cpu.readCr0() & ~CR0_EM) | CR0_MP);
        long cr4 = Cpu.readCr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
        if (smep) {
            cr4 |= CR4_SMEP;
        }
        if (smap) {
            cr4 |= CR4_SMAP;
            setSmap(1);
        }
        Cpu.writeCr4(cr4);
    }

    /** Whether the kernel cannot execute user pages (SMEP on). */
    public static boolean smep() {
        return smep;
    }

    /** Whether the kernel cannot read or write user pages outside the user-copy routines (SMAP on). */
    public static boolean smap() {
        return smap;
    }

    /** Makes {@code top} the kernel stack entries from user mode use: at every switch to a task. */
    public static void setKernelStack(long top) {
        if (Platform.simulated()) {
            return;
        }
        Gdt.setUserEntryStack(top);
        CpuLocal.setKernelStack(top);
    }

    /** Sets the user's FS base (ARCH_SET_FS: its thread pointer). */
    public static void setFsBase(long base) {
        if (!Platform.simulated()) {
            Cpu.writeMsr(FS_BASE, base);
        }
    }

    /**
     * Returns to user mode on the running task with the registers saved in {@code frame}
     * ({@link TrapFrame#SIZE} bytes, {@link TrapFrame#save}'s copy: a forked child's), its kernel
     * stack (top {@code stackTop}) left empty. Does not return.
     */
    public static void resume(long stackTop, byte[] frame) {
        if (frame.length < TrapFrame.SIZE) {
            throw new ArrayIndexOutOfBoundsException("a frame buffer too small");
        }
        resumeUser(stackTop, Memory.addressOf(frame) + 16);
    }

    /**
     * Starts user mode on the running task at {@code rip} with stack {@code rsp}, every register
     * 0, its kernel stack (top {@code stackTop}) left empty for the entries from user mode.
     * Does not return.
     */
    public static void start(long stackTop, long rip, long rsp) {
        enterUser(stackTop, rip, rsp);
    }
}
