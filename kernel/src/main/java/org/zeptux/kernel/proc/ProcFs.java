package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.PageCache;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Smp;
import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.block.BlockDevices;
import org.zeptux.kernel.block.Disk;
import org.zeptux.kernel.block.Partition;
import org.zeptux.kernel.Version;
import org.zeptux.kernel.arch.InterruptHandler;
import org.zeptux.kernel.arch.Interrupts;
import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.fs.DirEntry;
import org.zeptux.kernel.fs.FileSystem;
import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.fs.Mount;
import org.zeptux.kernel.fs.Mounts;
import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Zone;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.sched.Scheduler;

/**
 * procfs: the kernel's state as files, in Linux's formats (proc(5), fs/proc), so that programs
 * written for Linux read them — busybox's ps, free, uptime and top among them:
 *
 * <pre>
 *   /proc/meminfo buddyinfo slabinfo interrupts uptime cpuinfo mounts stat loadavg version filesystems partitions
 *   /proc/self -> PID                 the reading process
 *   /proc/PID/stat status cmdline comm maps task
 *   /proc/PID/task/TID/...            each thread of the process, as /proc/TID (a thread's id works there too)
 * </pre>
 *
 * Nodes are made on each lookup and go with their last reference (nothing is cached: processes
 * come and go behind the VFS's back); a file's text is generated again for each read
 * ({@link Text}), so a read sees the state of that moment. A process's files read as ESRCH
 * once it is gone. Nothing here can be created (ENOENT: names it does not have are not there),
 * written (EIO) or removed (EPERM).
 */
public final class ProcFs extends FileSystem {
    public static final ProcFs PROC = new ProcFs();

    static final int ROOT = 1;
    static final int SELF = 2;
    static final int MEMINFO = 3;
    static final int BUDDYINFO = 4;
    static final int SLABINFO = 5;
    static final int INTERRUPTS = 6;
    static final int UPTIME = 7;
    static final int CPUINFO = 8;
    static final int MOUNTS = 9;
    static final int STAT = 10;
    static final int LOADAVG = 11;
    static final int VERSION = 12;
    static final int FILESYSTEMS = 13;
    static final int VMSTAT = 14;
    static final int PARTITIONS = 15;
    static final int PID_DIR = 20;
    static final int PID_CMDLINE = 21;
    static final int PID_COMM = 22;
    static final int PID_MAPS = 23;
    static final int PID_STAT = 24;
    static final int PID_STATUS = 25;
    /** /proc/PID/task: a directory of the process's threads, each a PID_DIR of its tid. */
    static final int PID_TASK = 26;

    static final String[] ROOT_NAMES = {"self", "meminfo", "buddyinfo", "slabinfo", "interrupts", "uptime", "cpuinfo",
        "mounts", "stat", "loadavg", "version", "filesystems", "vmstat", "partitions"};
    static final int[] ROOT_KINDS = {SELF, MEMINFO, BUDDYINFO, SLABINFO, INTERRUPTS, UPTIME, CPUINFO, MOUNTS, STAT, LOADAVG,
        VERSION, FILESYSTEMS, VMSTAT, PARTITIONS};
    static final String[] PID_NAMES = {"cmdline", "comm", "maps", "stat", "status", "task"};
    static final int[] PID_KINDS = {PID_CMDLINE, PID_COMM, PID_MAPS, PID_STAT, PID_STATUS, PID_TASK};
    /** readdir positions from here on are processes: PID_BASE + pid. */
    static final long PID_BASE = 1000;
    /** Inode numbers: the fixed nodes by kind; a process's from 0x10000 + 16 * pid. */
    static final long PID_INO = 0x10000;
    /** Clock ticks per second (sysconf(_SC_CLK_TCK), AT_CLKTCK). */
    static final long CLK_TCK = 100;

    private ProcFs() {
        super("proc");
    }

    @Override
    protected Inode mountRoot(Mount m) {
        Inode root = Vfs.newInode(m, Vfs.S_IFDIR | 0555);
        if (root != null) {
            Vfs.describe(root, ROOT, 0, 1);
            Vfs.setParent(root, root);
            Vfs.setLinks(root, 2);
        }
        return root;
    }

    @Override
    protected void unmount(Mount m) {
        Vfs.put(m.root());                          // the mount's reference: no other node is left
    }

    @Override
    protected boolean cacheable() {
        return false;
    }

    @Override
    protected boolean negativeEntries() {
        return false;
    }

    /** A process's files refuse a change of attributes (proc_setattr); the others take it and forget it. */
    @Override
    protected int setattr(Inode n) {
        return n.kind() >= PID_DIR ? -Errno.EPERM : 0;
    }

    /** Opened for writing they may be (root may), but nothing here takes a write. */
    @Override
    protected long write(Inode file, long offset, byte[] src, int at, int n) {
        return -Errno.EIO;
    }

    @Override
    protected int truncate(Inode file, long size) {
        return 0;
    }

    /** A new node of {@code kind} under {@code dir}. */
    private static Inode node(Inode dir, int kind, int pid, int mode, long ino) {
        Inode n = Vfs.newInode(dir.mount(), mode);
        if (n == null) {
            return null;
        }
        Vfs.describe(n, kind, pid, ino);
        if ((mode & Vfs.S_IFMT) == Vfs.S_IFDIR) {
            Vfs.setParent(n, dir);
            Vfs.setLinks(n, 2);
        }
        return n;
    }

    /** Room for a name or a piece of a command line (used with the VFS lock held). */
    private static final byte[] SCRATCH = new byte[256];

    private static boolean named(String s, byte[] name, int at, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number {@code name}[at, at + length), or -1. */
    private static int number(byte[] name, int at, int length) {
        if (length == 0 || length > 9 || name[at] == '0') {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < length; i++) {
            int c = name[at + i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + c - '0';
        }
        return v;
    }

    @Override
    protected Inode lookup(Inode dir, byte[] name, int at, int length) {
        if (dir.kind() == ROOT) {
            for (int i = 0; i < ROOT_NAMES.length; i++) {
                if (named(ROOT_NAMES[i], name, at, length)) {
                    int kind = ROOT_KINDS[i];
                    return node(dir, kind, 0, kind == SELF ? Vfs.S_IFLNK | 0777 : Vfs.S_IFREG | 0444, kind);
                }
            }
            int pid = number(name, at, length);
            if (pid > 0 && Processes.byPid(pid) != null) {
                return node(dir, PID_DIR, pid, Vfs.S_IFDIR | 0555, PID_INO + 16L * pid);
            }
        } else if (dir.kind() == PID_DIR && Processes.byPid(dir.pid()) != null) {
            for (int i = 0; i < PID_NAMES.length; i++) {
                if (named(PID_NAMES[i], name, at, length)) {
                    int mode = PID_KINDS[i] == PID_TASK ? Vfs.S_IFDIR | 0555 : Vfs.S_IFREG | 0444;
                    return node(dir, PID_KINDS[i], dir.pid(), mode, PID_INO + 16L * dir.pid() + 1 + i);
                }
            }
        } else if (dir.kind() == PID_TASK) {
            Process p = Processes.hold(dir.pid());
            int tid = number(name, at, length);
            Process t = tid > 0 ? Processes.hold(tid) : null;
            boolean found = p != null && t != null && t.group == p.group && !(t == t.group && t.threadDone);
            Processes.put(t);
            Processes.put(p);
            if (found) {
                return node(dir, PID_DIR, tid, Vfs.S_IFDIR | 0555, PID_INO + 16L * tid);
            }
        }
        Vfs.failure = Errno.ENOENT;
        return null;
    }

    @Override
    protected int readlink(Inode link, byte[] dst, int at, int max) {
        Process p = Processes.current();
        if (link.kind() != SELF || p == null) {
            return -Errno.ENOENT;
        }
        int n = Vfs.decimal(p.group.pid, dst, at);
        return Math.min(n, max);
    }

    @Override
    protected long readdir(Inode dir, long position, DirEntry out) {
        if (dir.kind() == ROOT) {
            long index = position - 2;
            if (index < ROOT_NAMES.length) {
                int kind = ROOT_KINDS[(int) index];
                out.set(kind, kind == SELF ? DirEntry.DT_LNK : DirEntry.DT_REG, ROOT_NAMES[(int) index]);
                return position + 1;
            }
            int pid = Processes.nextPid((int) Math.max(1, position - PID_BASE));
            if (pid < 0) {
                return 0;
            }
            out.setNumber(PID_INO + 16L * pid, DirEntry.DT_DIR, pid);
            return PID_BASE + pid + 1;
        }
        if (dir.kind() == PID_DIR) {
            long index = position - 2;
            if (index < PID_NAMES.length) {
                int type = PID_KINDS[(int) index] == PID_TASK ? DirEntry.DT_DIR : DirEntry.DT_REG;
                out.set(PID_INO + 16L * dir.pid() + 1 + index, type, PID_NAMES[(int) index]);
                return position + 1;
            }
        }
        if (dir.kind() == PID_TASK) {
            Process p = Processes.holdGroup(dir.pid());
            int tid = p == null ? -1 : Processes.nextPid((int) Math.max(1, position - PID_BASE), p);
            Processes.put(p);
            if (tid < 0) {
                return 0;
            }
            out.setNumber(PID_INO + 16L * tid, DirEntry.DT_DIR, tid);
            return PID_BASE + tid + 1;
        }
        return 0;
    }

    @Override
    protected int nameOf(Inode dir, Inode child, byte[] dst, int at) {
        if (child.kind() == PID_DIR) {
            return Vfs.decimal(child.pid(), dst, at);
        }
        return -1;
    }

    // ---- contents ----
    //
    // Each file is generated by printf-style lines (Text.f: one call of Printf's formatter per
    // line), so the generators stay small code: literal text in format strings, not unrolled loops.

    private static final Text TEXT = new Text();
    private static long s(String v) {
        return Printf.s(v);
    }

    @Override
    protected long read(Inode file, long offset, byte[] dst, int at, int n) {
        if (offset < 0 || n < 0) {
            return -Errno.EINVAL;
        }
        Text t = TEXT;
        t.begin(dst, at, offset, n);
        int kind = file.kind();
        if (kind >= PID_DIR) {
            Process p = Processes.hold(file.pid());     // a reap on another CPU meanwhile cannot free it
            if (p == null) {
                return -Errno.ESRCH;
            }
            switch (kind) {
                case PID_CMDLINE: cmdline(t, p); break;
                case PID_COMM: comm(t, p); t.nl(); break;
                case PID_MAPS: maps(t, p); break;
                case PID_STAT: stat(t, p); break;
                case PID_STATUS: status(t, p); break;
                default: break;
            }
            Processes.put(p);
            return t.copied();
        }
        switch (kind) {
            case MEMINFO: meminfo(t); break;
            case BUDDYINFO: buddyinfo(t); break;
            case SLABINFO: slabinfo(t); break;
            case INTERRUPTS: interrupts(t); break;
            case UPTIME: uptime(t); break;
            case CPUINFO: cpuinfo(t); break;
            case MOUNTS: mounts(t); break;
            case STAT: procStat(t); break;
            case LOADAVG: loadavg(t); break;
            case VERSION:
                t.f("Linux version 6.1.0-zeptux (zeptux@zeptux) (zeptuxc %s) %s\n", s(Version.VERSION), s(Version.UNAME), 0);
                break;
            case FILESYSTEMS: t.f("nodev\ttmpfs\nnodev\tdevtmpfs\nnodev\tproc\n\text2\n", 0); break;
            case VMSTAT: vmstat(t); break;
            case PARTITIONS: partitions(t); break;
            default: break;
        }
        return t.copied();
    }

    /** Pages to kB. */
    private static long kb(long pages) {
        return pages * 4;
    }

    /** meminfo's lines, in Linux's order; the figure of each is {@link #meminfoValue}'s. */
    static final String[] MEMINFO_NAMES = {"MemTotal:", "MemFree:", "MemAvailable:", "Buffers:", "Cached:", "SwapCached:",
        "Active:", "Inactive:", "Active(anon):", "Inactive(anon):", "Active(file):", "Inactive(file):", "Unevictable:",
        "Mlocked:", "SwapTotal:", "SwapFree:", "Dirty:", "Writeback:", "AnonPages:", "Mapped:", "Shmem:", "KReclaimable:",
        "Slab:", "SReclaimable:", "SUnreclaim:", "KernelStack:", "PageTables:", "NFS_Unstable:", "Bounce:",
        "WritebackTmp:", "CommitLimit:", "Committed_AS:", "VmallocTotal:", "VmallocUsed:", "VmallocChunk:"};

    /** Pages for meminfo line {@code i}: the buddy allocator's figures by owner. */
    private static long meminfoValue(int i) {
        Zone z = Buddy.ZONE;
        switch (i) {
            case 0: return z.managedPages();
            case 1:
            case 2: return z.freePages();
            case 4: return z.used(Owner.TMPFS) + PageCache.cachedPages();
            case 20: return z.used(Owner.TMPFS);
            case 6: return z.used(Owner.USER) + z.used(Owner.TMPFS) + PageCache.activePages();
            case 7:
            case 11: return PageCache.inactivePages();
            case 8: return z.used(Owner.USER) + z.used(Owner.TMPFS);
            case 10: return PageCache.activePages();
            case 16: return PageCache.dirtyPages();
            case 17: return PageCache.writebackPages();
            case 18:
            case 31: return z.used(Owner.USER);
            case 22:
            case 24: return z.used(Owner.KERNEL_HEAP);
            case 25: return z.used(Owner.KERNEL_STACKS);
            case 26: return z.used(Owner.PAGE_TABLES);
            case 30: return z.managedPages();
            default: return 0;
        }
    }

    /** /proc/meminfo (fs/proc/meminfo.c): the name and colon in 15 columns, a space, the value in 8, " kB". */
    static void meminfo(Text t) {
        for (int i = 0; i < MEMINFO_NAMES.length; i++) {
            t.f("%-15s %8lu kB\n", s(MEMINFO_NAMES[i]), kb(meminfoValue(i)), 0);
        }
    }

    /** /proc/vmstat (mm/vmstat.c's names): the page cache's and reclaim's counters, one "name value" a line. */
    static void vmstat(Text t) {
        t.f("nr_free_pages %lu\n", Buddy.ZONE.freePages());
        t.f("nr_file_pages %lu\n", PageCache.cachedPages() + Buddy.ZONE.used(Owner.TMPFS));
        t.f("nr_active_file %lu\nnr_inactive_file %lu\n", PageCache.activePages(), PageCache.inactivePages(), 0);
        t.f("nr_dirty %lu\nnr_writeback %lu\n", PageCache.dirtyPages(), PageCache.writebackPages(), 0);
        t.f("nr_shmem %lu\n", Buddy.ZONE.used(Owner.TMPFS));
        t.f("pgpgin %lu\npgpgout %lu\n", PageCache.pgpgin(), PageCache.pgpgout(), 0);
        t.f("pgactivate %lu\npgdeactivate %lu\n", PageCache.pgactivate(), PageCache.pgdeactivate(), 0);
        t.f("pgscan_direct %lu\npgsteal_direct %lu\n", PageCache.pgscan(), PageCache.pgsteal(), 0);
        t.f("allocstall_normal %lu\nallocstall_ms %lu\n", PageCache.allocstall(), PageCache.stallNanos() / 1_000_000, 0);
        t.f("pagecache_hits %lu\npagecache_misses %lu\n", PageCache.hits(), PageCache.misses(), 0);
        t.f("pagecache_read_requests %lu\npagecache_readahead_pages %lu\n", PageCache.readRequests(),
                PageCache.readaheadPages(), 0);
        t.f("pagecache_write_requests %lu\n", PageCache.writeRequests());
    }

    /** /proc/buddyinfo: {@code Node 0, zone   Normal} and the free blocks per order as {@code %6lu }. */
    static void buddyinfo(Text t) {
        t.f("Node 0, zone %8s ", s("Normal"));
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            t.f("%6lu ", Buddy.ZONE.freeBlocks(k));
        }
        t.nl();
    }

    /** /proc/slabinfo, version 2.1: a line per pool. */
    static void slabinfo(Text t) {
        t.f("slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>", 0);
        t.f(" : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n", 0);
        for (int i = 0; i < Pool.pools() && !t.full(); i++) {
            Pool<?> p = Pool.pool(i);
            t.f("%-17s %6lu %6lu %6d %4d %4d", s(p.name()), p.active(), p.objects(), p.objectSize(), p.perSlab(),
                    p.pagesPerSlab());
            t.f(" : tunables %4d %4d %4d : slabdata %6lu %6lu %6d\n", 0, 0, 0, p.slabs(), p.slabs(), 0);
        }
    }

    /** /proc/interrupts: a line per interrupt line with a handler, then the local timer and spurious ones. */
    static void interrupts(Text t) {
        t.f("           CPU0       \n", 0);
        String chip = Interrupts.mode() == Interrupts.MODE_APIC ? "IO-APIC" : "XT-PIC";
        for (int v = Interrupts.IRQ_BASE; v < Interrupts.IRQ_BASE + 16; v++) {
            InterruptHandler h = Interrupts.handler(v);
            if (h == null && Interrupts.count(v) == 0) {
                continue;
            }
            int irq = v - Interrupts.IRQ_BASE;
            t.f("%3d: %10lu %9s %3d-edge      %s\n", irq, Interrupts.count(v), s(chip), irq,
                    s(h == null ? "unexpected" : h.name()), 0);
        }
        t.f("LOC: %10lu   Local timer interrupts\nSPU: %10lu   Spurious interrupts\nERR: %10lu\n",
                Interrupts.count(Interrupts.LAPIC_TIMER), Interrupts.count(Interrupts.SPURIOUS),
                Interrupts.count(Interrupts.APIC_ERROR));
    }

    /** Hundredths of a second since boot. */
    private static long uptimeHundredths() {
        return Clock.monotonicNanos() / 10_000_000L;
    }

    /**
     * Hundredths of a second counted for CPU {@code cpu}: since boot, on the monotonic clock as
     * its idle time is (an AP's time before it came online counts as busy: a constant, well
     * under a second).
     */
    private static long cpuElapsed(int cpu, long up) {
        return up;
    }

    /**
     * Hundredths of a second CPU {@code cpu} ran its idle task (at most its time online). The rest
     * is reported as user time in /proc/stat: processes run on every CPU, and kernel threads'
     * time is not told apart yet.
     */
    private static long cpuIdle(int cpu, long up) {
        return Math.min(cpuElapsed(cpu, up), Clock.cyclesToNanos(Scheduler.idleCycles(cpu)) / 10_000_000L);
    }

    private static long idleHundredths(long up) {
        return Math.min(up, Clock.cyclesToNanos(Scheduler.idleCycles()) / 10_000_000L);
    }

    /**
     * /proc/partitions (block/genhd.c show_partition): a heading, then each disk and its partitions
     * as major, minor, size in 1 KiB blocks, name.
     */
    static void partitions(Text t) {
        t.f("major minor  #blocks  name\n\n", 0);
        for (int i = 0; i < BlockDevices.count(); i++) {
            BlockDevice d = BlockDevices.get(i);
            if (d instanceof Disk) {
                partition(t, d);
                for (int k = 0; k < BlockDevices.count(); k++) {
                    BlockDevice p = BlockDevices.get(k);
                    if (p instanceof Partition && ((Partition) p).disk() == d) {
                        partition(t, p);
                    }
                }
            }
        }
    }

    private static void partition(Text t, BlockDevice d) {
        t.f("%4d  %7d %10lu %s\n", d.dev() >> 8, d.dev() & 0xFF, d.sectors() >> 1, s(d.name()), 0, 0);
    }

    /** /proc/uptime: seconds since boot and seconds idle, with two decimals. */
    static void uptime(Text t) {
        long up = uptimeHundredths();
        long idle = idleHundredths(up);
        t.f("%lu.%02lu %lu.%02lu\n", up / 100, up % 100, idle / 100, idle % 100, 0, 0);
    }

    private static int lastPid() {
        int last = 0;
        for (int pid = Processes.nextPid(1); pid > 0; pid = Processes.nextPid(pid + 1)) {
            last = pid;
        }
        return last;
    }

    /** /proc/loadavg: no load average is kept yet; runnable/total tasks and the last pid. */
    static void loadavg(Text t) {
        t.f("0.00 0.00 0.00 1/%d %d\n", Scheduler.count(), lastPid(), 0);
    }

    /** /proc/stat: CPU time (ticks), interrupts, context switches, boot time, processes. */
    static void procStat(Text t) {
        long up = uptimeHundredths();
        long busy = 0;
        long idle = 0;
        for (int cpu = 0; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (cpu == 0 || PerCpu.of(cpu).isOnline()) {
                idle += cpuIdle(cpu, up);
                busy += cpuElapsed(cpu, up) - cpuIdle(cpu, up);
            }
        }
        t.f("cpu  %lu 0 0 %lu 0 0 0 0 0 0\n", busy, idle, 0, 0, 0, 0);
        for (int cpu = 0; cpu < PerCpu.MAX_CPUS; cpu++) {
            if (cpu == 0 || PerCpu.of(cpu).isOnline()) {
                long idleHere = cpuIdle(cpu, up);
                t.f("cpu%d %lu 0 0 %lu 0 0 0 0 0 0\n", cpu, cpuElapsed(cpu, up) - idleHere, idleHere, 0, 0, 0);
            }
        }
        long total = 0;
        for (int v = 0; v < Interrupts.VECTORS; v++) {
            total += Interrupts.count(v);
        }
        t.f("intr %lu\nctxt %lu\nbtime %lu\nprocesses %lu\nprocs_running 1\nprocs_blocked 0\n", total, Scheduler.switches(),
                (Clock.realtimeNanos() - Clock.monotonicNanos()) / 1_000_000_000L, Processes.started(), 0, 0);
    }

    /** /proc/mounts: {@code SOURCE TARGET TYPE OPTIONS 0 0} per mount, in mount order, with \040-style escapes. */
    static void mounts(Text t) {
        byte[] path = org.zeptux.kernel.fs.Walk.PATHS.alloc();
        byte[] name = org.zeptux.kernel.fs.Walk.PATHS.alloc();
        if (path == null || name == null) {
            if (path != null) {
                org.zeptux.kernel.fs.Walk.PATHS.free(path);
            }
            return;
        }
        for (Mount m = Mounts.next(0); m != null && !t.full(); m = Mounts.next(Mounts.sequenceOf(m))) {
            int n = Mounts.source(m, path, 0);
            escaped(t, path, n);
            t.chr(' ');
            n = Vfs.pathOf(m.root(), Vfs.root(), path, name);
            if (n > 0) {
                escaped(t, path, n - 1);
            }
            int f = Mounts.flags(m);
            t.f(" %s %s%s%s%s", s(Mounts.typeName(m)), s((f & Mounts.MS_RDONLY) != 0 ? "ro" : "rw"),
                    s((f & Mounts.MS_NOSUID) != 0 ? ",nosuid" : ""), s((f & Mounts.MS_NODEV) != 0 ? ",nodev" : ""),
                    s((f & Mounts.MS_NOEXEC) != 0 ? ",noexec" : ""), 0);
            t.f("%s%s 0 0\n", s((f & Mounts.MS_SYNCHRONOUS) != 0 ? ",sync" : ""),
                    s((f & Mounts.MS_NOATIME) != 0 ? ",noatime" : (f & Mounts.MS_STRICTATIME) == 0 ? ",relatime" : ""), 0);
        }
        org.zeptux.kernel.fs.Walk.PATHS.free(path);
        org.zeptux.kernel.fs.Walk.PATHS.free(name);
    }

    /** {@code b}[0, n) with space, tab, newline and backslash as octal escapes (Linux's mangle). */
    private static void escaped(Text t, byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
                t.f("\\%03o", c);
            } else {
                t.chr(c);
            }
        }
    }

    /**
     * sysinfo(2) (struct sysinfo, 112 bytes on x86-64): seconds since boot, no load average yet,
     * memory in bytes (mem_unit 1, as Linux gives on 64-bit), shared = tmpfs, no swap, processes.
     */
    static long sysinfo(Process p, org.zeptux.rt.UserPtr buf) {
        byte[] io = p.io;
        FileCalls.clear(io, 112);
        Zone z = Buddy.ZONE;
        org.zeptux.kernel.lib.Elf.put64(io, 0, Clock.monotonicNanos() / 1_000_000_000L);
        org.zeptux.kernel.lib.Elf.put64(io, 32, z.managedPages() * 4096);
        org.zeptux.kernel.lib.Elf.put64(io, 40, z.freePages() * 4096);
        org.zeptux.kernel.lib.Elf.put64(io, 48, z.used(Owner.TMPFS) * 4096);
        org.zeptux.kernel.lib.Elf.put16(io, 80, Processes.count());
        org.zeptux.kernel.lib.Elf.put32(io, 104, 1);
        return org.zeptux.kernel.hw.UserAccess.copyTo(buf, io, 0, 112) ? 0 : -Errno.EFAULT;
    }

    // ---- /proc/cpuinfo ----

    static final String[] EDX1 = {"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", null, "sep", "mtrr",
        "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", null, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht",
        "tm", "ia64", "pbe"};
    static final String[] EDX_EXT = {null, null, null, null, null, null, null, null, null, null, null, "syscall", null, null,
        null, null, null, null, null, null, "nx", null, "mmxext", null, null, "fxsr_opt", "pdpe1gb", "rdtscp", null, "lm",
        "3dnowext", "3dnow"};
    static final String[] ECX1 = {"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3",
        "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", null, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
        "tsc_deadline_timer", "aes", "xsave", null, "avx", "f16c", "rdrand", "hypervisor"};
    static final String[] EBX7 = {"fsgsbase", null, null, "bmi1", "hle", "avx2", null, "smep", "bmi2", "erms", "invpcid",
        "rtm", null, null, "mpx", null, "avx512f", "avx512dq", "rdseed", "adx", "smap", null, null, "clflushopt", "clwb",
        null, "avx512pf", "avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl"};

    private static void register(Text t, int value) {
        for (int shift = 0; shift < 32; shift += 8) {
            int c = (value >>> shift) & 0xFF;
            if (c != 0) {
                t.chr(c >= 0x20 && c < 0x7F ? c : '?');
            }
        }
    }

    private static void flags(Text t, String[] names, int bits) {
        for (int i = 0; i < 32; i++) {
            if ((bits & (1 << i)) != 0 && names[i] != null) {
                t.f(" %s", s(names[i]));
            }
        }
    }

    /**
     * /proc/cpuinfo: what CPUID says, in Linux's x86 layout, a block per CPU online (one
     * package, a core each; CPUID is read on the reading CPU: Zeptux starts only CPUs alike).
     */
    static void cpuinfo(Text t) {
        int online = Smp.online();
        for (int cpu = 0; cpu < PerCpu.MAX_CPUS; cpu++) {
            PerCpu p = PerCpu.of(cpu);
            if ((p.isOnline() || cpu == 0) && !t.full()) {
                cpuinfo(t, cpu, p.apicId, online);
            }
        }
    }

    private static void cpuinfo(Text t, int cpu, int apicId, int online) {
        int max = Processor.cpuidEax(0, 0);
        int eax1 = max >= 1 ? Processor.cpuidEax(1, 0) : 0;
        int family = (eax1 >> 8) & 15;
        int model = (eax1 >> 4) & 15;
        if (family == 6 || family == 15) {
            model += ((eax1 >> 16) & 15) << 4;
        }
        if (family == 15) {
            family += (eax1 >> 20) & 0xFF;
        }
        t.f("processor\t: %d\nvendor_id\t: ", cpu);
        register(t, Processor.cpuidEbx(0, 0));
        register(t, Processor.cpuidEdx(0, 0));
        register(t, Processor.cpuidEcx(0, 0));
        t.f("\ncpu family\t: %d\nmodel\t\t: %d\nmodel name\t: ", family, model, 0);
        int maxExt = Processor.cpuidEax(0x80000000, 0);
        if (Integer.compareUnsigned(maxExt, 0x80000004) >= 0) {
            for (int leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
                register(t, Processor.cpuidEax(leaf, 0));
                register(t, Processor.cpuidEbx(leaf, 0));
                register(t, Processor.cpuidEcx(leaf, 0));
                register(t, Processor.cpuidEdx(leaf, 0));
            }
        } else {
            t.f("unknown", 0);
        }
        long khz = Timer.tscPerSecond() / 1000;
        t.f("\nstepping\t: %d\ncpu MHz\t\t: %lu.%03lu\n", eax1 & 15, khz / 1000, khz % 1000);
        t.f("physical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\napicid\t\t: %d\ninitial apicid\t: %d\n", online, cpu,
                online, apicId, apicId, 0);
        t.f("fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %d\nwp\t\t: yes\nflags\t\t:", max);
        flags(t, EDX1, max >= 1 ? Processor.cpuidEdx(1, 0) : 0);
        flags(t, EDX_EXT, Integer.compareUnsigned(maxExt, 0x80000001) >= 0 ? Processor.cpuidEdx(0x80000001, 0) : 0);
        flags(t, ECX1, max >= 1 ? Processor.cpuidEcx(1, 0) : 0);
        flags(t, EBX7, max >= 7 ? Processor.cpuidEbx(7, 0) : 0);
        long bogo = 2 * khz;
        int sizes = Integer.compareUnsigned(maxExt, 0x80000008) >= 0 ? Processor.cpuidEax(0x80000008, 0) : 0x3028;
        t.f("\nbogomips\t: %lu.%02lu\nclflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: %d bits physical, %d bits virtual\n",
                bogo / 1000, bogo % 1000 / 10, sizes & 0xFF, (sizes >> 8) & 0xFF, 0, 0);
        t.f("power management:\n\n", 0);
    }

    // ---- a process's files ----


    /** The process's name (comm). */
    private static void comm(Text t, Process p) {
        byte[] name = SCRATCH;
        Processes.copyName(p, name);
        int n = 0;
        while (n < Processes.NAME && name[n] != 0) {
            n++;
        }
        t.bytes(name, 0, n);
    }

    /** /proc/PID/cmdline: the argument strings, each with its NUL, read from the process's memory. */
    static void cmdline(Text t, Process p) {
        AddressSpace space = Processes.holdSpace(p);
        if (space != null) {
            cmdline(t, p, space);
            Processes.dropSpace(space);
        }
    }

    private static void cmdline(Text t, Process p, AddressSpace space) {
        if (p.argEnd <= p.argStart) {
            return;
        }
        byte[] chunk = SCRATCH;
        for (long a = p.argStart; a < p.argEnd && !t.full(); a += chunk.length) {
            int n = (int) Math.min(chunk.length, p.argEnd - a);
            if (!space.read(a, chunk, 0, n)) {
                return;
            }
            t.bytes(chunk, 0, n);
        }
    }

    /** The state letter: R running, S sleeping, Z a zombie (ended, not yet reaped). */
    private static int state(Process p) {
        return (int) Processes.taskStat(p, Processes.TASK_STATE);
    }

    private static long cpuTicks(Process p) {
        return Clock.cyclesToNanos(Processes.taskStat(p, Processes.TASK_CYCLES)) / (1_000_000_000L / CLK_TCK);
    }

    /** /proc/PID/stat: the 52 fields of Linux's (fs/proc/array.c do_task_stat). */
    static void stat(Text t, Process p) {
        AddressSpace space = Processes.holdSpace(p);
        stat(t, p, space);
        if (space != null) {
            Processes.dropSpace(space);
        }
    }

    private static void stat(Text t, Process p, AddressSpace space) {
        t.f("%d (", p.pid);
        comm(t, p);
        t.f(") %c %d %d %d %d %d", state(p), p.group.ppid, p.group.pgid, p.group.sid, Devices.CONSOLE,
                Terminal.foregroundGroupOrNone());
        t.f(" %u 0 0 0 0 %lu 0 0 0 20 0 %d 0 %lu", 0x400000, cpuTicks(p), Processes.threadCount(p),
                p.startTime / (1_000_000_000L / CLK_TCK), 0, 0);
        long code = space == null ? -1 : space.nextMapping(0);
        t.f(" %lu %lu 18446744073709551615 %lu %lu %lu", space == null ? 0 : space.mappedBytes(),
                space == null ? 0 : space.userPages(), code < 0 ? 0 : code, code < 0 ? 0 : space.mappingEnd(code),
                space == null ? 0 : AddressSpace.STACK_TOP, 0);
        t.f(" 0 0 %lu %lu %lu %lu 0 0 0 17 0 0 0 0 0 0", Signals.pending(p) & 0x7FFFFFFFL, p.signalMask & 0x7FFFFFFFL,
                handlers(p, true) & 0x7FFFFFFFL, handlers(p, false) & 0x7FFFFFFFL, 0, 0);
        t.f(" 0 0 %lu %lu %lu %lu %lu", space == null ? 0 : space.breakStart(), p.argStart, p.argEnd, p.argEnd, p.argEnd,
                0);
        t.f(" %d\n", p.zombie ? p.waitStatus : 0);
    }

    /** /proc/PID/status (fs/proc/array.c proc_pid_status), the fields a one-thread process without capabilities has. */
    static void status(Text t, Process p) {
        AddressSpace space = Processes.holdSpace(p);
        status(t, p, space);
        if (space != null) {
            Processes.dropSpace(space);
        }
    }

    private static void status(Text t, Process p, AddressSpace space) {
        t.f("Name:\t", 0);
        comm(t, p);
        int s = state(p);
        t.f("\nUmask:\t%04o\nState:\t%c %s\n", p.group.umask, s, s(s == 'R' ? "(running)" : s == 'S' ? "(sleeping)" : "(zombie)"));
        t.f("Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\n",
                p.group.pid, p.pid, p.group.ppid, Files.MAX_FDS, 0, 0);
        t.f("Groups:\t \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", p.group.pid, p.pid, p.group.pgid,
                p.group.sid, 0, 0);
        if (space != null) {
            long size = space.mappedBytes() / 1024;
            t.f("VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8lu kB\nVmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n",
                    size, size, 0, 0, kb(space.peakPages()), kb(space.userPages()));
            t.f("RssAnon:\t%8lu kB\nRssFile:\t%8lu kB\nRssShmem:\t%8lu kB\n", kb(space.userPages()), 0, 0);
            t.f("VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\nVmLib:\t%8lu kB\nVmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n",
                    (space.mappedBytes(AddressSpace.HEAP) + space.mappedBytes(AddressSpace.ANONYMOUS)) / 1024,
                    space.mappedBytes(AddressSpace.STACK) / 1024, space.mappedBytes(AddressSpace.PROGRAM) / 1024, 0,
                    kb(space.tablePages()), 0);
        }
        t.f("Threads:\t%d\nSigQ:\t0/0\nSigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\nSigIgn:\t%016lx\n",
                Processes.threadCount(p), p.pendingSignals, p.group.sharedPending, p.signalMask, handlers(p, true), 0);
        t.f("SigCgt:\t%016lx\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n",
                handlers(p, false));
        t.f("CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n", 0);
        t.f("Cpus_allowed:\t1\nCpus_allowed_list:\t0\nvoluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t0\n",
                Processes.taskStat(p, Processes.TASK_SWITCHES));
    }

    /** The signals {@code p} ignores ({@code ignored}) or catches, as a mask (bit n-1: signal n). */
    private static long handlers(Process p, boolean ignored) {
        long mask = 0;
        for (int sig = 1; p.group.actions != null && sig <= Signals.SIGNALS; sig++) {
            long h = org.zeptux.kernel.lib.Elf.u64(p.group.actions, (sig - 1) * Signals.ACTION);
            if (ignored ? h == 1 : h > 1) {
                mask |= 1L << (sig - 1);
            }
        }
        return mask;
    }

    /** /proc/PID/maps: {@code start-end rwxp offset dev inode}, then from column 74 the name ([heap], [stack], the program's). */
    static void maps(Text t, Process p) {
        AddressSpace space = Processes.holdSpace(p);
        if (space != null) {
            maps(t, p, space);
            Processes.dropSpace(space);
        }
    }

    private static void maps(Text t, Process p, AddressSpace space) {
        long at = space.nextMapping(0);
        while (at >= 0 && !t.full()) {
            long end = space.mappingEnd(at);
            int prot = space.mappingProt(at);
            int kind = space.mappingKind(at);
            t.f("%08lx-%08lx %c%c%cp 00000000 00:00 0", at, end, (prot & AddressSpace.PROT_READ) != 0 ? 'r' : '-',
                    (prot & AddressSpace.PROT_WRITE) != 0 ? 'w' : '-', (prot & AddressSpace.PROT_EXEC) != 0 ? 'x' : '-', 0);
            if (kind == AddressSpace.HEAP || kind == AddressSpace.STACK || kind == AddressSpace.PROGRAM) {
                t.padTo(72).chr(' ');
                if (kind == AddressSpace.PROGRAM) {
                    comm(t, p);
                } else {
                    t.f("%s", s(kind == AddressSpace.HEAP ? "[heap]" : "[stack]"));
                }
            }
            t.nl();
            at = space.nextMapping(end);
        }
    }
}
