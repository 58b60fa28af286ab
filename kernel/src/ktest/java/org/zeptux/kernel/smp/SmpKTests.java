package org.zeptux.kernel.smp;

import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.PhysAddr;

/**
 * Kernel tests of several CPUs at once (SmpIT boots the test kernel with four): every CPU
 * allocates and frees buddy blocks and pool objects at the same time, each object and block
 * marked with its CPU, so one handed to two CPUs is found; afterwards every page and object is
 * back. With one CPU the boot CPU runs the same work alone.
 */
public final class SmpKTests {
    private SmpKTests() {}

    private static final String REASON = "needs the machine's CPUs and their interrupts";
    static final int HOLD = 16;
    static final long ROUNDS = 3000;
    static final int MARK = 1000;

    /** What the stress holds: a CPU and a round, checked before the free. */
    static final class Node {
        long cpu;
        long round;
    }

    static final Pool<Node> NODES = Pool.of("smp stress", Node.class, Owner.TEST);
    private static final Node[][] HELD_NODES = new Node[PerCpu.MAX_CPUS][HOLD];
    private static final long[][] HELD_PAGES = new long[PerCpu.MAX_CPUS][HOLD];
    private static final long[] ERRORS = new long[PerCpu.MAX_CPUS];
    private static final long[] FAILED = new long[PerCpu.MAX_CPUS];

    /** The stress as work for an AP. */
    static final class Stress implements CpuWork {
        @Override
        public void run(int cpu, long rounds) {
            stress(cpu, rounds);
        }
    }

    private static final CpuWork STRESS = new Stress();

    private static int order(int slot) {
        return slot % 3;
    }

    /** {@code rounds} times: frees what a slot held (checking its marks), allocates a node and a block into it. */
    static void stress(int cpu, long rounds) {
        Node[] nodes = HELD_NODES[cpu];
        long[] pages = HELD_PAGES[cpu];
        for (long r = 0; r < rounds + HOLD; r++) {
            int slot = (int) (r % HOLD);
            Node old = nodes[slot];
            if (old != null) {
                if (old.cpu != cpu || old.round != r - HOLD) {
                    ERRORS[cpu]++;
                }
                NODES.free(old);
                nodes[slot] = null;
            }
            if (pages[slot] != 0) {
                PhysAddr p = PhysAddr.of(pages[slot]);
                if (Buddy.mapCount(p) != MARK + cpu) {
                    ERRORS[cpu]++;
                }
                Buddy.setMapCount(p, 0);
                Buddy.free(p, order(slot), Owner.TEST);
                pages[slot] = 0;
            }
            if (r >= rounds) {
                continue;                           // the last HOLD rounds only free
            }
            Node n = NODES.alloc();
            if (n == null) {
                FAILED[cpu]++;
            } else {
                n.cpu = cpu;
                n.round = r;
                nodes[slot] = n;
            }
            PhysAddr p = Buddy.alloc(order(slot), Owner.TEST);
            if (p == null) {
                FAILED[cpu]++;
            } else {
                if (Buddy.mapCount(p) != 0) {
                    ERRORS[cpu]++;
                }
                Buddy.setMapCount(p, MARK + cpu);
                pages[slot] = p.toLong();
            }
        }
    }

    /**
     * Has every CPU flush its pool caches, asking again while some did not answer (drainAll waits
     * 10 ms, and a loaded host may not run a virtual CPU for longer); the CPUs that never did.
     */
    private static int drainEveryCpu() {
        int left = Buddy.drainAll(Buddy.DRAIN_POOLS);
        for (int i = 0; i < 500 && left > 0; i++) {
            left = Buddy.drainAll(Buddy.DRAIN_POOLS);
        }
        return left;
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void everyCpuAllocatesAtOnceAndEveryPageAndObjectComesBack() {
        Check.equal(0, drainEveryCpu(), "tasks of earlier tests ran on every CPU: their caches first");
        long free = Buddy.freePages();
        long test = Buddy.used(Owner.TEST);
        long objects = NODES.active();
        int posted = 0;
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            ERRORS[cpu] = 0;
            FAILED[cpu] = 0;
            if (PerCpu.of(cpu).isOnline() && Smp.post(cpu, STRESS, ROUNDS)) {
                posted++;
            }
        }
        Check.equal(Smp.online() - 1, posted, "the stress posted to every other CPU");
        ERRORS[0] = 0;
        FAILED[0] = 0;
        stress(0, ROUNDS);
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (PerCpu.of(cpu).isOnline()) {
                Check.isTrue(Smp.collect(cpu, 120000), "the CPU ended its stress");
            }
        }
        for (int cpu = 0; cpu < PerCpu.MAX_CPUS; cpu++) {
            Check.equal(0, ERRORS[cpu], "no node or block was another CPU's");
            Check.equal(0, FAILED[cpu], "no allocation failed");
        }
        Check.equal(objects, NODES.active(), "every node back in the pool");
        Check.equal(0, drainEveryCpu(), "every CPU flushed its pool caches");
        Check.equal(test, Buddy.used(Owner.TEST), "every test page back");
        Check.equal(free, Buddy.freePages(), "the free pages balance");
        Check.equal(0, Buddy.ZONE.verify(), "the buddy allocator's invariants hold");
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void everyOtherCpuAnswersPingsAndShootdowns() {
        long shootdowns = Shootdown.count();
        for (int cpu = 1; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (!PerCpu.of(cpu).isOnline()) {
                continue;
            }
            long served = PerCpu.of(cpu).shootdowns;
            Check.isTrue(Ipi.roundTrip(cpu) > 0, "a pong came back");
            Shootdown.kernelRange(org.zeptux.kernel.hw.Paging.MODULE_AREA, 1);
            Check.equal(served + 1, PerCpu.of(cpu).shootdowns, "the CPU served the shootdown");
        }
        Check.isTrue(Smp.online() == 1 || Shootdown.count() > shootdowns, "shootdowns were sent with other CPUs online");
        Check.equal(0, PerCpu.current().index, "the tests run on the boot CPU");
    }
}
