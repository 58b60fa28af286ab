package org.zeptux.kernel.proc;

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
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;

/**
 * procfs: the kernel's state as files, in Linux's formats (proc(5), fs/proc), so that programs
 * written for Linux read them — busybox's ps, free, uptime and top among them:
 *
 * <pre>
 *   /proc/meminfo buddyinfo slabinfo interrupts uptime cpuinfo mounts stat loadavg version filesystems
 *   /proc/self -> PID                 the reading process
 *   /proc/PID/stat status cmdline comm maps
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
    static final int PID_DIR = 20;
    static final int PID_CMDLINE = 21;
    static final int PID_COMM = 22;
    static final int PID_MAPS = 23;
    static final int PID_STAT = 24;
    static final int PID_STATUS = 25;

    static final String[] ROOT_NAMES = {"self", "meminfo", "buddyinfo", "slabinfo", "interrupts", "uptime", "cpuinfo",
        "mounts", "stat", "loadavg", "version", "filesystems"};
    static final int[] ROOT_KINDS = {SELF, MEMINFO, BUDDYINFO, SLABINFO, INTERRUPTS, UPTIME, CPUINFO, MOUNTS, STAT, LOADAVG,
        VERSION, FILESYSTEMS};
    static final String[] PID_NAMES = {"cmdline", "comm", "maps", "stat", "status"};
    static final int[] PID_KINDS = {PID_CMDLINE, PID_COMM, PID_MAPS, PID_STAT, PID_STATUS};
    /** readdir positions from here on are processes: PID_BASE + pid. */
    static final long PID_BASE = 1000;
    /** Inode numbers: the fixed nodes by kind; a process's from 0x10000 + 16 * pid. */
    static final long PID_INO = 0x10000;
    /** Clock ticks per second (sysconf(_SC_CLK_TCK), AT_CLKTCK). */
    static final long CLK_TCK = 100;

    private static final Text TEXT = new Text();

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
                    return node(dir, PID_KINDS[i], dir.pid(), Vfs.S_IFREG | 0444, PID_INO + 16L * dir.pid() + 1 + i);
                }
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
        int n = Vfs.decimal(p.pid, dst, at);
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
                out.set(PID_INO + 16L * dir.pid() + 1 + index, DirEntry.DT_REG, PID_NAMES[(int) index]);
                return position + 1;
            }
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

    @Override
    protected long read(Inode file, long offset, byte[] dst, int at, int n) {
        if (offset < 0 || n < 0) {
            return -Errno.EINVAL;
        }
        Text t = TEXT;
        t.begin(dst, at, offset, n);
        int kind = file.kind();
        if (kind >= PID_DIR) {
            Process p = Processes.byPid(file.pid());
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
            case VERSION: t.str("Linux version 6.1.0-zeptux (zeptux@zeptux) (zeptuxc ").str(Version.VERSION).str(") ")
                    .str(Version.UNAME).nl(); break;
            case FILESYSTEMS: t.str("nodev\ttmpfs\nnodev\tdevtmpfs\nnodev\tproc\n"); break;
            default: break;
        }
        return t.copied();
    }

    /** Pages to kB. */
    private static long kb(long pages) {
        return pages * 4;
    }

    /** A meminfo line: the name and colon in 15 columns, a space, the value in 8, " kB". */
    private static void line(Text t, String name, long kb) {
        t.str(name).chr(':');
        for (int i = name.length() + 1; i < 15; i++) {
            t.chr(' ');
        }
        t.chr(' ').udec(kb, 8).str(" kB").nl();
    }

    /** /proc/meminfo (fs/proc/meminfo.c): the buddy allocator's figures by owner. */
    static void meminfo(Text t) {
        Zone z = Buddy.ZONE;
        long total = z.managedPages();
        long free = z.freePages();
        long tmpfs = z.used(Owner.TMPFS);
        long user = z.used(Owner.USER);
        long slab = z.used(Owner.KERNEL_HEAP);
        line(t, "MemTotal", kb(total));
        line(t, "MemFree", kb(free));
        line(t, "MemAvailable", kb(free));
        line(t, "Buffers", 0);
        line(t, "Cached", kb(tmpfs));
        line(t, "SwapCached", 0);
        line(t, "Active", kb(user + tmpfs));
        line(t, "Inactive", 0);
        line(t, "Active(anon)", kb(user + tmpfs));
        line(t, "Inactive(anon)", 0);
        line(t, "Active(file)", 0);
        line(t, "Inactive(file)", 0);
        line(t, "Unevictable", 0);
        line(t, "Mlocked", 0);
        line(t, "SwapTotal", 0);
        line(t, "SwapFree", 0);
        line(t, "Dirty", 0);
        line(t, "Writeback", 0);
        line(t, "AnonPages", kb(user));
        line(t, "Mapped", 0);
        line(t, "Shmem", kb(tmpfs));
        line(t, "KReclaimable", 0);
        line(t, "Slab", kb(slab));
        line(t, "SReclaimable", 0);
        line(t, "SUnreclaim", kb(slab));
        line(t, "KernelStack", kb(z.used(Owner.KERNEL_STACKS)));
        line(t, "PageTables", kb(z.used(Owner.PAGE_TABLES)));
        line(t, "NFS_Unstable", 0);
        line(t, "Bounce", 0);
        line(t, "WritebackTmp", 0);
        line(t, "CommitLimit", kb(total));
        line(t, "Committed_AS", kb(user));
        line(t, "VmallocTotal", 0);
        line(t, "VmallocUsed", 0);
        line(t, "VmallocChunk", 0);
    }

    /** /proc/buddyinfo: {@code Node 0, zone   Normal} and the free blocks per order as {@code %6lu }. */
    static void buddyinfo(Text t) {
        t.str("Node 0, zone   Normal ");
        for (int k = 0; k < Zone.MAX_ORDER; k++) {
            t.udec(Buddy.ZONE.freeBlocks(k), 6).chr(' ');
        }
        t.nl();
    }

    /** /proc/slabinfo, version 2.1: a line per pool. */
    static void slabinfo(Text t) {
        t.str("slabinfo - version: 2.1\n");
        t.str("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
                + " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
        for (int i = 0; i < Pool.pools() && !t.full(); i++) {
            Pool<?> p = Pool.pool(i);
            t.left(p.name(), 17).chr(' ').udec(p.active(), 6).chr(' ').udec(p.objects(), 6).chr(' ')
                    .udec(p.objectSize(), 6).chr(' ').udec(p.perSlab(), 4).chr(' ').udec(p.pagesPerSlab(), 4);
            t.str(" : tunables ").udec(0, 4).chr(' ').udec(0, 4).chr(' ').udec(0, 4).str(" : slabdata ")
                    .udec(p.slabs(), 6).chr(' ').udec(p.slabs(), 6).chr(' ').udec(0, 6).nl();
        }
    }

    /** /proc/interrupts: a line per interrupt line with a handler, then the local timer and spurious ones. */
    static void interrupts(Text t) {
        t.str("           CPU0       \n");
        for (int v = Interrupts.IRQ_BASE; v < Interrupts.IRQ_BASE + 16; v++) {
            InterruptHandler h = Interrupts.handler(v);
            if (h == null && Interrupts.count(v) == 0) {
                continue;
            }
            int irq = v - Interrupts.IRQ_BASE;
            t.udec(irq, 3).str(": ").udec(Interrupts.count(v), 10).chr(' ');
            t.str(Interrupts.mode() == Interrupts.MODE_APIC ? "  IO-APIC " : "   XT-PIC ");
            t.udec(irq, 3).str("-edge      ").str(h == null ? "unexpected" : h.name()).nl();
        }
        t.str("LOC: ").udec(Interrupts.count(Interrupts.LAPIC_TIMER), 10).str("   Local timer interrupts\n");
        t.str("SPU: ").udec(Interrupts.count(Interrupts.SPURIOUS), 10).str("   Spurious interrupts\n");
        t.str("ERR: ").udec(Interrupts.count(Interrupts.APIC_ERROR), 10).nl();
    }

    /** Ticks of {@link #CLK_TCK} per second since boot. */
    private static long uptimeHundredths() {
        return Clock.monotonicNanos() / 10_000_000L;
    }

    /** /proc/uptime: seconds since boot and seconds idle, with two decimals. */
    static void uptime(Text t) {
        long up = uptimeHundredths();
        long idle = Math.min(up, Clock.cyclesToNanos(Scheduler.idleCycles()) / 10_000_000L);
        t.hundredths(up).chr(' ').hundredths(idle).nl();
    }

    /** /proc/loadavg: no load average is kept yet; runnable/total tasks and the last pid. */
    static void loadavg(Text t) {
        t.str("0.00 0.00 0.00 1/").udec(Scheduler.count()).chr(' ').udec(lastPid()).nl();
    }

    private static int lastPid() {
        int last = 0;
        for (int pid = Processes.nextPid(1); pid > 0; pid = Processes.nextPid(pid + 1)) {
            last = pid;
        }
        return last;
    }

    /** /proc/stat: CPU time (ticks), interrupts, context switches, boot time, processes. */
    static void procStat(Text t) {
        long up = uptimeHundredths();
        long idle = Math.min(up, Clock.cyclesToNanos(Scheduler.idleCycles()) / 10_000_000L);
        long busy = up - idle;
        t.str("cpu  ").udec(busy).str(" 0 0 ").udec(idle).str(" 0 0 0 0 0 0\n");
        t.str("cpu0 ").udec(busy).str(" 0 0 ").udec(idle).str(" 0 0 0 0 0 0\n");
        long total = 0;
        for (int v = 0; v < Interrupts.VECTORS; v++) {
            total += Interrupts.count(v);
        }
        t.str("intr ").udec(total).nl();
        t.str("ctxt ").udec(Scheduler.switches()).nl();
        t.str("btime ").udec((Clock.realtimeNanos() - Clock.monotonicNanos()) / 1_000_000_000L).nl();
        t.str("processes ").udec(Processes.started()).nl();
        t.str("procs_running 1\nprocs_blocked 0\n");
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
            t.chr(' ').str(Mounts.typeName(m)).chr(' ');
            int f = Mounts.flags(m);
            t.str((f & Mounts.MS_RDONLY) != 0 ? "ro" : "rw");
            if ((f & Mounts.MS_NOSUID) != 0) {
                t.str(",nosuid");
            }
            if ((f & Mounts.MS_NODEV) != 0) {
                t.str(",nodev");
            }
            if ((f & Mounts.MS_NOEXEC) != 0) {
                t.str(",noexec");
            }
            if ((f & Mounts.MS_SYNCHRONOUS) != 0) {
                t.str(",sync");
            }
            if ((f & Mounts.MS_NOATIME) != 0) {
                t.str(",noatime");
            } else if ((f & Mounts.MS_STRICTATIME) == 0) {
                t.str(",relatime");
            }
            t.str(" 0 0\n");
        }
        org.zeptux.kernel.fs.Walk.PATHS.free(path);
        org.zeptux.kernel.fs.Walk.PATHS.free(name);
    }

    /** {@code b}[0, n) with space, tab, newline and backslash as octal escapes (Linux's mangle). */
    private static void escaped(Text t, byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
                t.chr('\\').chr('0' + (c >> 6)).chr('0' + (c >> 3 & 7)).chr('0' + (c & 7));
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
                t.chr(' ').str(names[i]);
            }
        }
    }

    /** /proc/cpuinfo: what CPUID says, in Linux's x86 layout (one processor). */
    static void cpuinfo(Text t) {
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
        t.str("processor\t: 0\nvendor_id\t: ");
        register(t, Processor.cpuidEbx(0, 0));
        register(t, Processor.cpuidEdx(0, 0));
        register(t, Processor.cpuidEcx(0, 0));
        t.str("\ncpu family\t: ").udec(family).str("\nmodel\t\t: ").udec(model).str("\nmodel name\t: ");
        int maxExt = Processor.cpuidEax(0x80000000, 0);
        if (Integer.compareUnsigned(maxExt, 0x80000004) >= 0) {
            for (int leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
                register(t, Processor.cpuidEax(leaf, 0));
                register(t, Processor.cpuidEbx(leaf, 0));
                register(t, Processor.cpuidEcx(leaf, 0));
                register(t, Processor.cpuidEdx(leaf, 0));
            }
        } else {
            t.str("unknown");
        }
        long khz = Timer.tscPerSecond() / 1000;
        t.str("\nstepping\t: ").udec(eax1 & 15);
        t.str("\ncpu MHz\t\t: ").udec(khz / 1000).chr('.').udec(khz % 1000 / 100).udec(khz % 100 / 10).udec(khz % 10);
        t.str("\nphysical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\napicid\t\t: 0\ninitial apicid\t: 0");
        t.str("\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: ").udec(max).str("\nwp\t\t: yes\nflags\t\t:");
        flags(t, EDX1, max >= 1 ? Processor.cpuidEdx(1, 0) : 0);
        flags(t, EDX_EXT, Integer.compareUnsigned(maxExt, 0x80000001) >= 0 ? Processor.cpuidEdx(0x80000001, 0) : 0);
        flags(t, ECX1, max >= 1 ? Processor.cpuidEcx(1, 0) : 0);
        flags(t, EBX7, max >= 7 ? Processor.cpuidEbx(7, 0) : 0);
        long bogo = 2 * khz;
        t.str("\nbogomips\t: ").udec(bogo / 1000).chr('.').udec(bogo % 1000 / 100).udec(bogo % 100 / 10);
        t.str("\nclflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: ");
        int sizes = Integer.compareUnsigned(maxExt, 0x80000008) >= 0 ? Processor.cpuidEax(0x80000008, 0) : 0x3028;
        t.udec(sizes & 0xFF).str(" bits physical, ").udec((sizes >> 8) & 0xFF).str(" bits virtual\npower management:\n\n");
    }

    // ---- a process's files ----

    /** The process's name (comm). */
    private static void comm(Text t, Process p) {
        byte[] name = SCRATCH;
        Processes.copyName(p, name);
        for (int i = 0; i < Processes.NAME && name[i] != 0; i++) {
            t.chr(name[i] & 0xFF);
        }
    }

    /** /proc/PID/cmdline: the argument strings, each with its NUL, read from the process's memory. */
    static void cmdline(Text t, Process p) {
        AddressSpace space = p.space;
        if (space == null || p.argEnd <= p.argStart) {
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

    /** The state letter and word: R running, S sleeping, Z a zombie (ended, not yet reaped). */
    private static int state(Process p) {
        Task task = p.task;
        if (task == null || p.space == null || task.state() == Task.DEAD) {
            return 'Z';
        }
        return task.state() == Task.SLEEPING ? 'S' : 'R';
    }

    private static long cpuTicks(Process p) {
        Task task = p.task;
        return task == null ? 0 : Clock.cyclesToNanos(task.cpuCycles()) / (1_000_000_000L / CLK_TCK);
    }

    /** /proc/PID/stat: the 52 fields of Linux's (fs/proc/array.c do_task_stat). */
    static void stat(Text t, Process p) {
        AddressSpace space = p.space;
        t.udec(p.pid).str(" (");
        comm(t, p);
        t.str(") ").chr(state(p)).chr(' ').dec(p.ppid).chr(' ').dec(p.pgid).chr(' ').dec(p.sid).chr(' ')
                .dec(Devices.CONSOLE).chr(' ').dec(Terminal.foregroundGroupOrNone()).chr(' ').udec(0x400000);
        t.str(" 0 0 0 0 ").udec(cpuTicks(p)).str(" 0 0 0 20 0 1 0 ").udec(p.startTime / (1_000_000_000L / CLK_TCK));
        t.chr(' ').udec(space == null ? 0 : space.mappedBytes()).chr(' ').udec(space == null ? 0 : space.userPages());
        t.str(" 18446744073709551615 ");
        long code = space == null ? -1 : space.nextMapping(0);
        t.udec(code < 0 ? 0 : code).chr(' ').udec(code < 0 ? 0 : space.mappingEnd(code)).chr(' ')
                .udec(space == null ? 0 : AddressSpace.STACK_TOP);
        t.str(" 0 0 0 ").udec(p.signalMask & 0x7FFFFFFFL).str(" 0 0 0 0 0 17 0 0 0 0 0 0 0 0 ")
                .udec(space == null ? 0 : space.breakStart()).chr(' ').udec(p.argStart).chr(' ').udec(p.argEnd)
                .chr(' ').udec(p.argEnd).chr(' ').udec(p.argEnd).str(" 0\n");
    }

    /** A status line {@code Name:\t   N kB} (the value in 8 columns). */
    private static void vm(Text t, String name, long kb) {
        t.str(name).str(":\t").udec(kb, 8).str(" kB\n");
    }

    /** /proc/PID/status (fs/proc/array.c proc_pid_status), the fields a one-thread process without capabilities has. */
    static void status(Text t, Process p) {
        AddressSpace space = p.space;
        t.str("Name:\t");
        comm(t, p);
        t.str("\nUmask:\t0").chr('0' + (p.umask >> 6 & 7)).chr('0' + (p.umask >> 3 & 7)).chr('0' + (p.umask & 7));
        int s = state(p);
        t.str("\nState:\t").chr(s).str(s == 'R' ? " (running)" : s == 'S' ? " (sleeping)" : " (zombie)");
        t.str("\nTgid:\t").udec(p.pid).str("\nNgid:\t0\nPid:\t").udec(p.pid).str("\nPPid:\t").udec(p.ppid);
        t.str("\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t").udec(Files.MAX_FDS);
        t.str("\nGroups:\t \nNStgid:\t").udec(p.pid).str("\nNSpid:\t").udec(p.pid).str("\nNSpgid:\t").udec(p.pgid)
                .str("\nNSsid:\t").udec(p.sid).nl();
        if (space != null) {
            long size = space.mappedBytes() / 1024;
            vm(t, "VmPeak", size);
            vm(t, "VmSize", size);
            vm(t, "VmLck", 0);
            vm(t, "VmPin", 0);
            vm(t, "VmHWM", kb(space.peakPages()));
            vm(t, "VmRSS", kb(space.userPages()));
            vm(t, "RssAnon", kb(space.userPages()));
            vm(t, "RssFile", 0);
            vm(t, "RssShmem", 0);
            vm(t, "VmData", (space.mappedBytes(AddressSpace.HEAP) + space.mappedBytes(AddressSpace.ANONYMOUS)) / 1024);
            vm(t, "VmStk", space.mappedBytes(AddressSpace.STACK) / 1024);
            vm(t, "VmExe", space.mappedBytes(AddressSpace.PROGRAM) / 1024);
            vm(t, "VmLib", 0);
            vm(t, "VmPTE", kb(space.tablePages()));
            vm(t, "VmSwap", 0);
        }
        t.str("Threads:\t1\nSigQ:\t0/0\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t")
                .hex(p.signalMask, 16).str("\nSigIgn:\t").hex(handlers(p, true), 16).str("\nSigCgt:\t")
                .hex(handlers(p, false), 16);
        t.str("\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n"
                + "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n"
                + "Cpus_allowed:\t1\nCpus_allowed_list:\t0\nvoluntary_ctxt_switches:\t");
        t.udec(p.task == null ? 0 : p.task.switches()).str("\nnonvoluntary_ctxt_switches:\t0\n");
    }

    /** The signals {@code p} ignores ({@code ignored}) or catches, as a mask (bit n-1: signal n). */
    private static long handlers(Process p, boolean ignored) {
        long mask = 0;
        for (int sig = 1; p.actions != null && sig <= Signals.SIGNALS; sig++) {
            long h = org.zeptux.kernel.lib.Elf.u64(p.actions, (sig - 1) * Signals.ACTION);
            if (ignored ? h == 1 : h > 1) {
                mask |= 1L << (sig - 1);
            }
        }
        return mask;
    }

    /** /proc/PID/maps: {@code start-end rwxp offset dev inode name} per mapping, the name from column 74. */
    static void maps(Text t, Process p) {
        AddressSpace space = p.space;
        if (space == null) {
            return;
        }
        long at = space.nextMapping(0);
        while (at >= 0 && !t.full()) {
            long end = space.mappingEnd(at);
            int prot = space.mappingProt(at);
            int kind = space.mappingKind(at);
            t.hex(at, 8).chr('-').hex(end, 8).chr(' ').chr((prot & AddressSpace.PROT_READ) != 0 ? 'r' : '-')
                    .chr((prot & AddressSpace.PROT_WRITE) != 0 ? 'w' : '-').chr((prot & AddressSpace.PROT_EXEC) != 0 ? 'x' : '-')
                    .str("p 00000000 00:00 0");
            if (kind == AddressSpace.HEAP || kind == AddressSpace.STACK || kind == AddressSpace.PROGRAM) {
                int column = 73 - 25 - 2 * 8;       // the name starts where Linux's does after the fields above
                for (int i = 0; i < column; i++) {
                    t.chr(' ');
                }
                if (kind == AddressSpace.PROGRAM) {
                    comm(t, p);
                } else {
                    t.str(kind == AddressSpace.HEAP ? "[heap]" : "[stack]");
                }
            }
            t.nl();
            at = space.nextMapping(end);
        }
    }
}
