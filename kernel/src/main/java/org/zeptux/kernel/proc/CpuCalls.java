package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Smp;
import org.zeptux.rt.UserPtr;

/**
 * sched_setaffinity and sched_getaffinity with Linux's cpu-mask rules (kernel/sched/core.c): a
 * mask of {@code unsigned long}s, bit n for CPU n; the kernel's mask is {@link #MASK_BYTES}
 * long. A thread may run on the CPUs online ({@link Smp#taskCpus}): a new mask is cut to them,
 * one that leaves none is EINVAL, and the thread moves at once if it runs elsewhere. The mask a
 * thread gets back is the one it runs under (its own, cut to the CPUs online); threads of one
 * process each have their own, as Linux's.
 */
final class CpuCalls {
    private CpuCalls() {}

    /** Linux's cpumask_size(): whole longs for the possible CPUs (at most 64 here). */
    static final int MASK_BYTES = 8;

    /** sched_getaffinity(pid, len, mask): the bytes written (8), or -EINVAL, -ESRCH, -EFAULT. */
    static long getaffinity(Process p, int pid, long len, UserPtr mask) {
        if (len * 8 < Smp.online() || (len & 7) != 0) {
            return -Errno.EINVAL;
        }
        Process t = pid == 0 ? p : pid > 0 ? Processes.hold(pid) : null;
        if (t == null) {
            return -Errno.ESRCH;
        }
        Elf.put64(p.io, 0, Processes.cpusOf(t));
        if (pid != 0) {
            Processes.put(t);
        }
        int n = (int) Math.min(len, MASK_BYTES);
        return UserAccess.copyTo(mask, p.io, 0, n) ? n : -Errno.EFAULT;
    }

    /**
     * getcpu(cpu, node, cache): the CPU the caller runs on (as it returns: it may move at once
     * after) and node 0, each stored where its pointer is not null; 0 or -EFAULT.
     */
    static long getcpu(Process p, UserPtr cpu, UserPtr node) {
        Elf.put32(p.io, 0, PerCpu.index());
        Elf.put32(p.io, 4, 0);
        if (cpu.toLong() != 0 && !UserAccess.copyTo(cpu, p.io, 0, 4)) {
            return -Errno.EFAULT;
        }
        if (node.toLong() != 0 && !UserAccess.copyTo(node, p.io, 4, 4)) {
            return -Errno.EFAULT;
        }
        return 0;
    }

    /** sched_setaffinity(pid, len, mask): 0, or -EFAULT, -ESRCH, -EINVAL (no CPU of the mask may run the task). */
    static long setaffinity(Process p, int pid, long len, UserPtr mask) {
        int n = (int) Math.min(len, MASK_BYTES);   // shorter than the kernel's mask: the rest is clear (Linux's get_user_cpu_mask)
        Elf.put64(p.io, 0, 0);
        if (n > 0 && !UserAccess.copyFrom(p.io, 0, mask, n)) {
            return -Errno.EFAULT;
        }
        long wanted = Elf.u64(p.io, 0);
        Process t = pid == 0 ? p : pid > 0 ? Processes.hold(pid) : null;
        if (t == null) {
            return -Errno.ESRCH;
        }
        wanted &= Smp.taskCpus();
        if (wanted != 0) {
            Processes.setCpus(p, t, wanted);
        }
        if (pid != 0) {
            Processes.put(t);
        }
        return wanted == 0 ? -Errno.EINVAL : 0;
    }
}
