package org.zeptux.kernel.smp;

import org.zeptux.kernel.arch.InterruptHandler;
import org.zeptux.kernel.arch.Interrupts;
import org.zeptux.kernel.arch.Lapic;
import org.zeptux.kernel.arch.Madt;
import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.hw.ApStart;
import org.zeptux.kernel.hw.CpuLocal;
import org.zeptux.kernel.hw.Gdt;
import org.zeptux.kernel.hw.Idt;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.UserMode;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Stacks;
import org.zeptux.kernel.sched.Task;
import org.zeptux.rt.Export;
import org.zeptux.rt.Platform;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.StackEntry;

/**
 * Starting the application processors (APs) the ACPI MADT lists, by Intel's universal start-up
 * algorithm (SDM vol. 3, 9.4.4 "MP initialization", with the delays of 9.4.4.1): for each AP in
 * turn, an INIT IPI, 10 ms, a start-up IPI (SIPI) naming the trampoline's page, 200 us, a
 * second SIPI, 200 us; then the boot CPU waits up to {@link #ANSWER_MS} for the AP to say it is
 * online. The delays run on the TSC at its calibrated rate (arch.Timer.delayMicros).
 *
 * <p>An AP runs boot/smp.asm's trampoline (16-bit, 32-bit, long mode on the kernel's page
 * tables) and then {@link #apMain} on its idle task's stack: its own GDT and TSS with its own
 * interrupt stacks, the shared IDT, its per-CPU block in GS, the SYSCALL MSRs and SSE as the
 * boot CPU set them, its local APIC and timer; it marks itself online and halts in its idle
 * loop ({@code sti; hlt}), woken by its timer and by IPIs.
 *
 * <p>A CPU that does not answer is reported and left out: if it never ran the trampoline's
 * first instruction it gets another INIT (back to waiting for a SIPI) and the next CPU is
 * tried; if it started but did not finish, it is marked abandoned (it halts if it ever gets
 * to {@link #apMain}) and no further AP is started, since the trampoline's page is its.
 *
 * <p>What runs where (docs/smp.md): tasks run only on the boot CPU so far; the APs take their
 * timer interrupts and IPIs (pings, TLB shootdowns).
 */
public final class Smp {
    private Smp() {}

    /** How long the boot CPU waits for an AP to come online after its SIPIs. */
    static final long ANSWER_MS = 2000;
    static final long INIT_DELAY_US = 10000;
    static final long SIPI_DELAY_US = 200;
    /** The IPI vectors (below the APIC error and spurious vectors, above the device vectors). */
    public static final int IPI_PING = 0xF0;
    public static final int IPI_PONG = 0xF1;
    public static final int IPI_TLB = 0xF2;
    public static final int IPI_RESCHEDULE = 0xF3;
    public static final int IPI_DRAIN = 0xF4;
    /** What {@link #drainOthers} asks for: the pool caches' free objects, the per-CPU lists' pages. */
    public static final int DRAIN_POOLS = 1;
    public static final int DRAIN_PAGES = 2;
    /** How long {@link #drainOthers} waits for the other CPUs. */
    static final long DRAIN_WAIT_US = 10000;

    /** CPUs online, the boot CPU included; written only by the boot CPU during {@link #init}. */
    private static int online = 1;

    private static final InterruptHandler PING = new Ping();
    private static final InterruptHandler PONG = new Pong();
    private static final InterruptHandler WAKE = new Wake();
    private static final InterruptHandler DRAIN = new Drain();

    /** A drain request: this CPU gives back its cached pages and objects (mm.Buddy.drainLocal). */
    static final class Drain implements InterruptHandler {
        public void handle(long frame, int vector) {
            PerCpu p = PerCpu.current();
            p.ipis++;
            serveDrain(p);
        }

        public String name() {
            return "IPI drain";
        }
    }

    /** Gives back what {@code p} (this CPU) was asked to, if anything. */
    private static void serveDrain(PerCpu p) {
        int what = p.drainRequest.getAcquire();
        if (what != 0) {
            Buddy.drainLocal(what);
            p.drainRequest.getAndBitwiseAnd(~what);  // a request made meanwhile stays
        }
    }

    /**
     * Asks every other CPU online to give back what it caches ({@code what}: {@link #DRAIN_POOLS},
     * {@link #DRAIN_PAGES}) and waits up to {@link #DRAIN_WAIT_US} for them, on the TSC (interrupts
     * may be off), serving a request made of this CPU meanwhile (two CPUs draining at once).
     * Returns how many did not answer in time (each still drains when it takes the IPI). Any CPU.
     */
    public static int drainOthers(int what) {
        if (online <= 1) {
            return 0;
        }
        long flags = Scheduler.irqSave();
        int self = PerCpu.index();
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            PerCpu p = PerCpu.of(i);
            if (i != self && p.isOnline()) {
                p.drainRequest.getAndBitwiseOr(what);
                Lapic.sendFixed(p.apicId, IPI_DRAIN);
            }
        }
        long t0 = Processor.rdtsc();
        long limit = Timer.tscPerSecond() / 1000000 * DRAIN_WAIT_US;
        int left;
        while (true) {
            serveDrain(PerCpu.of(self));
            left = 0;
            for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
                PerCpu p = PerCpu.of(i);
                if (i != self && p.isOnline() && p.drainRequest.getAcquire() != 0) {
                    left++;
                }
            }
            if (left == 0 || Processor.rdtsc() - t0 > limit) {
                break;
            }
            Processor.pause();
        }
        Scheduler.irqRestore(flags);
        return left;
    }

    /** A wake-up: the interrupt itself ends the AP's hlt; its idle loop then looks for work. */
    static final class Wake implements InterruptHandler {
        public void handle(long frame, int vector) {
            PerCpu.current().ipis++;
        }

        public String name() {
            return "IPI reschedule";
        }
    }

    /** A ping: counted, answered with a pong to the boot CPU (the IPI round trip). */
    static final class Ping implements InterruptHandler {
        public void handle(long frame, int vector) {
            PerCpu.current().ipis++;
            Lapic.sendFixed(PerCpu.of(0).apicId, IPI_PONG);
        }

        public String name() {
            return "IPI ping";
        }
    }

    /** A pong, on the boot CPU: counted (Ipi.roundTrip waits for it). */
    static final class Pong implements InterruptHandler {
        public void handle(long frame, int vector) {
            PerCpu.current().ipis++;
            Ipi.pong();
        }

        public String name() {
            return "IPI pong";
        }
    }

    /** CPUs online. */
    public static int online() {
        return online;
    }

    /**
     * The CPUs user processes may run on, as a mask (bit n for CPU n): every CPU online, since
     * the process paths are locked (docs/smp.md, "What runs where"). sched_setaffinity cuts
     * masks to it.
     */
    public static long taskCpus() {
        return onlineMask();
    }

    /** The CPUs online that schedule tasks, as a mask: kernel threads run on any of them. */
    public static long onlineMask() {
        return Scheduler.onlineMask();
    }

    /**
     * Starts every AP the MADT lists (enabled or online-capable, local APIC or x2APIC entries),
     * one at a time, and prints Linux's {@code smp: Brought up 1 node, N CPUs}. On the boot CPU,
     * after the scheduler (the APs' idle tasks) and user mode (the CR4 the APs copy), with
     * interrupts on. Without a local APIC, or on the JVM, there is one CPU.
     */
    public static void init() {
        PerCpu boot = PerCpu.of(0);
        boot.online.setRelease(1);
        boot.started = true;
        if (Platform.simulated()) {
            return;
        }
        Interrupts.register(IPI_PING, PING);
        Interrupts.register(IPI_PONG, PONG);
        Interrupts.register(IPI_TLB, Shootdown.HANDLER);
        Interrupts.register(IPI_RESCHEDULE, WAKE);
        Interrupts.register(IPI_DRAIN, DRAIN);
        if (Interrupts.mode() == Interrupts.MODE_APIC) {
            boot.apicId = Lapic.id();
            startAll();
        }
        Printf.printf("smp: Brought up 1 node, %d CPU%s\n", online, Printf.s(online > 1 ? "s" : ""));
    }

    private static void startAll() {
        int listed = Madt.listedCpus();
        if (listed <= 1) {
            return;
        }
        if (!ApStart.install()) {
            Print.str("smp: the trampoline does not fit a page; one CPU");
            Print.nl();
            return;
        }
        Print.str("smp: Bringing up secondary CPUs ...");
        Print.nl();
        int bootApic = PerCpu.of(0).apicId;
        for (int i = 0; i < listed; i++) {
            int apicId = Madt.apicId(i);
            if (apicId == bootApic) {
                continue;
            }
            if (apicId > 0xFE) {
                Printf.printf("smp: CPU with x2APIC ID %d left out (the local APIC runs in xAPIC mode)\n", apicId);
                continue;
            }
            if (online == PerCpu.MAX_CPUS) {
                Printf.printf("smp: CPU with APIC ID %d left out (at most %d CPUs)\n", apicId, PerCpu.MAX_CPUS);
                continue;
            }
            int result = start(online, apicId);
            if (result == STARTED) {
                online++;
            } else if (result == HUNG) {
                Print.str("smp: no further CPUs started (the trampoline belongs to the one that hung)");
                Print.nl();
                return;
            }
        }
    }

    static final int STARTED = 0;
    static final int FAILED = 1;
    static final int HUNG = 2;

    /** Starts the AP with APIC ID {@code apicId} as CPU {@code cpu}: STARTED, FAILED (left out) or HUNG. */
    private static int start(int cpu, int apicId) {
        PerCpu p = PerCpu.of(cpu);
        Task idle = Scheduler.createIdle(cpu);
        if (idle == null) {
            Printf.printf("smp: no memory for CPU %d's idle task; APIC ID %d left out\n", cpu, apicId);
            return FAILED;
        }
        if (!allocIst(p)) {
            Scheduler.discardIdle(idle);
            Printf.printf("smp: no memory for CPU %d's interrupt stacks; APIC ID %d left out\n", cpu, apicId);
            return FAILED;
        }
        p.apicId = apicId;
        p.idle = idle;
        p.task = idle;
        p.started = true;
        ApStart.prepare(cpu, Scheduler.stackTop(idle));
        long flags = Scheduler.irqSave();           // the ICR's two halves belong together
        Lapic.clearErrors();
        Lapic.sendInit(apicId);
        waitDelivered();
        Scheduler.irqRestore(flags);
        Timer.delayMicros(INIT_DELAY_US);
        for (int sipi = 0; sipi < 2; sipi++) {
            flags = Scheduler.irqSave();
            Lapic.clearErrors();
            Lapic.sendStartup(apicId, ApStart.SIPI_PAGE);
            waitDelivered();
            Scheduler.irqRestore(flags);
            Timer.delayMicros(SIPI_DELAY_US);
        }
        long deadline = Timer.uptimeMillis() + ANSWER_MS;
        while (!p.isOnline() && Timer.uptimeMillis() < deadline) {
            Processor.pause();
        }
        if (p.isOnline()) {
            return STARTED;
        }
        p.abandoned.setRelease(1);
        p.started = false;
        if (ApStart.alive()) {
            Printf.printf("smp: CPU %d (APIC ID %d) started but did not come online in %d ms; left out\n", cpu, apicId,
                    ANSWER_MS);
            return HUNG;                            // its stack and IST stay its: it may still be running
        }
        flags = Scheduler.irqSave();
        Lapic.sendInit(apicId);                     // back to waiting for a SIPI
        waitDelivered();
        Scheduler.irqRestore(flags);
        Printf.printf("smp: CPU %d (APIC ID %d) did not answer its start-up IPIs; left out\n", cpu, apicId);
        freeIst(p);
        p.idle = null;
        p.task = null;
        p.abandoned.setRelease(0);
        Scheduler.discardIdle(idle);
        return FAILED;
    }

    /** Waits (at most about 10 ms) for the local APIC to have sent the IPI just written. */
    private static void waitDelivered() {
        for (int i = 0; i < 1000 && Lapic.ipiPending(); i++) {
            Timer.delayMicros(10);
        }
    }

    /** Gives {@code p} its three interrupt stacks (IST_SIZE bytes each, from the buddy allocator, charged to kernel stacks). */
    private static boolean allocIst(PerCpu p) {
        int order = istOrder();
        PhysAddr df = Buddy.alloc(order, Owner.KERNEL_STACKS);
        PhysAddr nmi = df == null ? null : Buddy.alloc(order, Owner.KERNEL_STACKS);
        PhysAddr mc = nmi == null ? null : Buddy.alloc(order, Owner.KERNEL_STACKS);
        if (mc == null) {
            if (df != null) {
                Buddy.free(df, order, Owner.KERNEL_STACKS);
            }
            if (nmi != null) {
                Buddy.free(nmi, order, Owner.KERNEL_STACKS);
            }
            return false;
        }
        p.istPhys[0] = df.toLong();
        p.istPhys[1] = nmi.toLong();
        p.istPhys[2] = mc.toLong();
        p.doubleFaultStack = Phys.virt(df).toLong() + Gdt.IST_SIZE;
        p.nmiStack = Phys.virt(nmi).toLong() + Gdt.IST_SIZE;
        p.machineCheckStack = Phys.virt(mc).toLong() + Gdt.IST_SIZE;
        return true;
    }

    private static void freeIst(PerCpu p) {
        int order = istOrder();
        for (int i = 0; i < 3; i++) {
            Buddy.free(PhysAddr.of(p.istPhys[i]), order, Owner.KERNEL_STACKS);
        }
    }

    /** The buddy order of one interrupt stack (IST_SIZE bytes). */
    private static int istOrder() {
        int order = 0;
        while ((Phys.PAGE_SIZE << order) < Gdt.IST_SIZE) {
            order++;
        }
        return order;
    }

    /**
     * An AP's first Java code (boot/smp.asm's zeptux_ap_entry), on its idle task's stack, with
     * interrupts off and the kernel's page tables and the boot CPU's CR4 loaded. Never returns.
     */
    @Export("zeptux_ap_main")
    @StackEntry(bytes = Stacks.STACK_BYTES, interrupts = true)
    static void apMain(long index) {
        int cpu = (int) index;
        PerCpu p = PerCpu.of(cpu);
        if (p.abandoned.getAcquire() != 0) {
            Processor.haltForever();                // given up on: stay out of everything
        }
        Gdt.initCpu(cpu, p.doubleFaultStack, p.nmiStack, p.machineCheckStack);
        Idt.load();
        CpuLocal.load(cpu);                         // PerCpu.current() is p from here on
        UserMode.initCpu();
        Lapic.initAp();
        Timer.startAp();
        Scheduler.startCpu(cpu, p.idle);           // tasks may be placed here from now on
        p.online.setRelease(1);
        Scheduler.idleLoop();
    }

    /**
     * From a CPU's idle loop, with interrupts off: runs the work the boot CPU posted to this AP,
     * if any (with interrupts on, in the idle task: it must not sleep); whether there was some.
     */
    public static boolean runPostedWork(PerCpu p) {
        if (p.index == 0 || p.workState.getAcquire() != 1) {
            return false;
        }
        Processor.sti();
        p.work.run(p.index, p.workArg);
        p.workState.setRelease(2);
        return true;
    }

    /**
     * Posts {@code work} with {@code arg} to application processor {@code cpu} and wakes it;
     * false if the CPU is not online, is this CPU, or has work not yet collected. The boot CPU
     * only. {@link #collect} waits for the end.
     */
    public static boolean post(int cpu, CpuWork work, long arg) {
        if (cpu <= 0 || cpu >= PerCpu.MAX_CPUS || PerCpu.index() != 0) {
            return false;
        }
        PerCpu p = PerCpu.of(cpu);
        if (!p.isOnline() || p.workState.getAcquire() != 0) {
            return false;
        }
        p.work = work;
        p.workArg = arg;
        p.workState.setRelease(1);
        long flags = Scheduler.irqSave();
        Lapic.sendFixed(p.apicId, IPI_RESCHEDULE);
        Scheduler.irqRestore(flags);
        return true;
    }

    /** Waits up to {@code millis} for the work posted to {@code cpu} to end; true if it did (the CPU is free again). */
    public static boolean collect(int cpu, long millis) {
        PerCpu p = PerCpu.of(cpu);
        long deadline = Timer.uptimeMillis() + millis;
        while (p.workState.getAcquire() != 2) {
            if (Timer.uptimeMillis() > deadline) {
                return false;
            }
            Processor.pause();
        }
        p.work = null;
        p.workState.setRelease(0);
        return true;
    }

    /** The {@code cpus} view: a line per CPU online, with its statistics. */
    public static void print() {
        Printf.printf("CPU APIC       ticks  interrupts    switches   IPIs  shootdowns  TASK\n");
        for (int i = 0; i < PerCpu.MAX_CPUS; i++) {
            PerCpu p = PerCpu.of(i);
            if (!p.isOnline()) {
                continue;
            }
            Printf.printf("%3d %4d %11lu %11lu %11lu", i, p.apicId, p.ticks, p.interrupts, p.switches);
            Printf.printf(" %6lu %11lu  %s\n", p.ipis, p.shootdowns, Printf.s(p.task == null ? "-" : p.task.name()));
        }
        Printf.printf("CPUs online: %d\n", online);
    }
}
