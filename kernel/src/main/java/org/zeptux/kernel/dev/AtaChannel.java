package org.zeptux.kernel.dev;

import org.zeptux.kernel.arch.InterruptHandler;
import org.zeptux.kernel.arch.Interrupts;
import org.zeptux.kernel.arch.Pic;
import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.block.Request;
import org.zeptux.kernel.block.RequestQueue;
import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.hw.PortRange;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.WaitQueue;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.MaySleep;
import org.zeptux.rt.PhysAddr;

/**
 * One ATA channel (ATA/ATAPI-6; bus-master DMA after SFF-8038i): its two devices, its request
 * queue and its interrupt. The queue is the only way to the hardware once the kernel has
 * started: a task queues a request ({@link #submit}) and sleeps on {@link #finished}; the
 * interrupt handler reads or writes the next PIO sector or stops the DMA engine, completes the
 * request and starts the next one. One command is outstanding at a time (the channel's two
 * devices share its registers).
 *
 * <p>Locking: {@link #lock} (a spin lock, interrupts off) covers the registers, {@link #active},
 * the queue and every request's fields; the interrupt handler takes it too, so it may run on any
 * CPU. A task never sleeps holding it: it queues, unlocks, then waits with interrupts disabled
 * for its request's state to become DONE, for at most {@link #WAIT_TICKS} at a time, and
 * checks the active request's age each time it wakes.
 *
 * <p>Failure: a device error (ERR or DF in the status, the DMA engine's error bit), a missing
 * DRQ, or no interrupt within {@link #TIMEOUT_TICKS} fails the request with -EIO and resets
 * the channel (SRST) before the next one starts; nothing waits without a bound, and nothing
 * panics.
 */
public final class AtaChannel implements InterruptHandler {
    /** Command block registers. */
    static final int DATA = 0;
    static final int ERROR = 1;
    static final int COUNT = 2;
    static final int LBA_LOW = 3;
    static final int LBA_MID = 4;
    static final int LBA_HIGH = 5;
    static final int DRIVE = 6;
    static final int STATUS = 7;
    static final int COMMAND = 7;
    /** Status bits. */
    static final int BSY = 0x80;
    static final int DRDY = 0x40;
    static final int DF = 0x20;
    static final int DRQ = 0x08;
    static final int ERR = 0x01;
    /** Device control bits. */
    static final int NIEN = 0x02;
    static final int SRST = 0x04;
    /** Commands. */
    static final int READ_SECTORS = 0x20;
    static final int READ_SECTORS_EXT = 0x24;
    static final int WRITE_SECTORS = 0x30;
    static final int WRITE_SECTORS_EXT = 0x34;
    static final int READ_DMA = 0xC8;
    static final int READ_DMA_EXT = 0x25;
    static final int WRITE_DMA = 0xCA;
    static final int WRITE_DMA_EXT = 0x35;
    static final int FLUSH_CACHE = 0xE7;
    static final int FLUSH_CACHE_EXT = 0xEA;
    static final int IDENTIFY = 0xEC;
    static final int IDENTIFY_PACKET = 0xA1;
    /** Bus-master registers (SFF-8038i): command (start, read-to-memory), status, PRD table address. */
    static final int BM_COMMAND = 0;
    static final int BM_STATUS = 2;
    static final int BM_PRD = 4;
    static final int BM_START = 0x01;
    static final int BM_TO_MEMORY = 0x08;
    static final int BM_ERROR = 0x02;
    static final int BM_INTERRUPT = 0x04;

    static final int SECTOR = 512;
    static final int PAGE_SECTORS = 4096 / SECTOR;
    static final int EIO = 5;
    /** A command not finished after this many ticks (5 s) fails and resets the channel. */
    static final int TIMEOUT_TICKS = 5 * Timer.HZ;
    /** A waiting task looks at the clock at least this often (ticks). */
    static final int WAIT_TICKS = Timer.HZ / 4;
    /** Requests per channel. */
    static final int REQUESTS = 16;

    /** 0 primary (ata1), 1 secondary (ata2). */
    final int index;
    /** Set by Ata's probe while the kernel starts, not written afterwards. */
    PortRange command;
    PortRange control;
    PortRange busMaster;
    int irq;
    /** The PRD table: one 8-byte entry at word {@link #prdIndex} of page {@link #prdPage} (below 4 GiB). */
    PhysAddr prdPage;
    int prdIndex;
    final AtaDisk[] drives = new AtaDisk[2];
    /** Whether the probe found any device (then the interrupt is set up). */
    boolean used;
    /** The other channel when both are in native mode on one PCI interrupt line (its handler is this one's), or null. */
    AtaChannel shares;

    final SpinLock lock;
    private final RequestQueue queue = new RequestQueue(REQUESTS);
    /** Tasks whose request is queued or active. */
    private final WaitQueue finished;
    /** Tasks waiting for a free request. */
    private final WaitQueue slots;
    /** The request the hardware works on, or null: under {@link #lock}. */
    private Request active;
    /** Counters, under {@link #lock}. */
    long interrupts;
    long unexpected;
    long resets;
    long timeouts;
    long errors;

    AtaChannel(int index) {
        this.index = index;
        this.lock = new SpinLock(index == 0 ? "ata1" : "ata2");
        this.finished = new WaitQueue(index == 0 ? "ata1 requests" : "ata2 requests");
        this.slots = new WaitQueue(index == 0 ? "ata1 free requests" : "ata2 free requests");
    }

    /**
     * Runs one command for {@code disk} and waits for it: {@code op} READ or WRITE of
     * {@code count} sectors from {@code lba} to or from {@code page} at {@code offset} (the
     * caller has checked the range), or FLUSH; with {@code pages} not null the sectors are those
     * of whole pages {@code pages[0 .. count / 8)} instead (at most 256 sectors, one command).
     * Returns 0 or -EIO. From a task only.
     */
    @MaySleep
    int submit(AtaDisk disk, int op, long lba, int count, PhysAddr page, int offset, long[] pages) {
        return await(start(disk, op, lba, count, page, offset, pages));
    }

    /**
     * Queues the command {@link #submit} describes and returns its request without waiting for it
     * (after waiting for a free request if all {@link #REQUESTS} are taken); the caller gives it to
     * {@link #await} exactly once. A request started and not yet awaited keeps its slot, so the
     * callers that hold requests while doing other work (asynchronous readahead: at most {@code
     * PageCache.WINDOWS} of them) hold fewer than the channel has, and every other task still gets one.
     */
    @MaySleep
    Request start(AtaDisk disk, int op, long lba, int count, PhysAddr page, int offset, long[] pages) {
        lock.lock();
        Request r = queue.take();
        while (r == null) {
            lock.unlock();
            long flags = Scheduler.irqSave();
            slots.waitLockedTimeout(WAIT_TICKS);    // a request is released, or look again
            Scheduler.irqRestore(flags);
            lock.lock();
            r = queue.take();
        }
        r.op = op;
        r.drive = disk.drive;
        r.lba = lba;
        r.count = count;
        r.page = page;
        r.offset = offset;
        r.pages = pages;
        r.dma = op != Request.FLUSH && disk.dma && below4G(page, offset, count, pages);   // the PRD holds 32-bit addresses
        queue.add(r);
        if (active == null) {
            startNext();
        }
        lock.unlock();
        return r;
    }

    /** Waits until {@code r} (from {@link #start}) is DONE, counts it, and gives it back: 0 or -EIO. */
    @MaySleep
    int await(Request r) {
        finished.lock();                            // finish() sets DONE, then wakes under this lock: no wake-up lost
        while (r.state != Request.DONE) {
            if (!finished.waitHeldTimeout(WAIT_TICKS)) {
                finished.unlock();
                checkTimeout();
                finished.lock();
            }
        }
        finished.unlock();
        lock.lock();
        AtaDisk disk = drives[r.drive];
        int op = r.op;
        int count = r.count;
        int result = r.result;
        if (result == 0) {
            if (op == Request.READ) {
                disk.reads++;
                disk.sectorsRead += count;
            } else if (op == Request.WRITE) {
                disk.writes++;
                disk.sectorsWritten += count;
            } else {
                disk.flushes++;
            }
        } else {
            disk.failures++;
        }
        queue.release(r);
        slots.wakeOneLocked();
        lock.unlock();
        return result;
    }

    /** Whether the memory of a transfer lies below 4 GiB (bus-master DMA reaches it). */
    private static boolean below4G(PhysAddr page, int offset, int count, long[] pages) {
        if (pages == null) {
            return page.toLong() + offset + (long) count * SECTOR <= 0x1_0000_0000L;
        }
        for (int i = 0; i < count / PAGE_SECTORS; i++) {
            if (pages[i] + 4096 > 0x1_0000_0000L) {
                return false;
            }
        }
        return true;
    }

    /** A waiting task's look at the clock: the active request, if too old, fails and the channel is reset. */
    private void checkTimeout() {
        lock.lock();
        Request r = active;
        if (r != null && Timer.ticks() - r.started >= TIMEOUT_TICKS) {
            timeouts++;
            resets++;
            Printf.printf("ata%d.%02d: command timed out (status 0x%x): resetting the channel\n", index + 1, r.drive,
                    control.in8(0));
            reset();
            finish(r, -EIO);
            startNext();
        }
        lock.unlock();
    }

    /** Starts queued requests until one is running or none is left (lock held). */
    private void startNext() {
        while (active == null) {
            Request r = queue.poll();
            if (r == null) {
                return;
            }
            issue(r);
        }
    }

    /** Sends {@code r}'s command (lock held); on a failure it is DONE with -EIO and the channel reset. */
    private void issue(Request r) {
        r.state = Request.ACTIVE;
        r.started = Timer.ticks();
        active = r;
        AtaDisk d = drives[r.drive];
        boolean ext = d.lba48 && (r.lba + r.count > (1L << 28) || r.op == Request.FLUSH);
        if (!waitIdle()) {
            fail(r, "busy before the command");
            return;
        }
        command.out8(DRIVE, 0xE0 | r.drive << 4 | (ext ? 0 : (int) (r.lba >>> 24) & 0x0F));
        delay400();
        if (!waitIdle()) {
            fail(r, "busy after selecting the device");
            return;
        }
        if (r.op == Request.FLUSH) {
            command.out8(COMMAND, ext ? FLUSH_CACHE_EXT : FLUSH_CACHE);
            return;
        }
        if (ext) {
            command.out8(COUNT, r.count >>> 8 & 0xFF);
            command.out8(LBA_LOW, (int) (r.lba >>> 24) & 0xFF);
            command.out8(LBA_MID, (int) (r.lba >>> 32) & 0xFF);
            command.out8(LBA_HIGH, (int) (r.lba >>> 40) & 0xFF);
        }
        command.out8(COUNT, r.count & 0xFF);
        command.out8(LBA_LOW, (int) r.lba & 0xFF);
        command.out8(LBA_MID, (int) (r.lba >>> 8) & 0xFF);
        command.out8(LBA_HIGH, (int) (r.lba >>> 16) & 0xFF);
        boolean write = r.op == Request.WRITE;
        if (r.dma) {
            if (r.pages == null) {
                long at = r.page.toLong() + r.offset;
                FilePages.store64(prdPage, prdIndex, at | (long) (r.count * SECTOR) << 32 | 1L << 63);   // one entry, EOT
            } else {
                // An entry a page (SFF-8038i: a region may not cross a 64 KiB boundary; a page does not).
                int n = r.count / PAGE_SECTORS;
                for (int i = 0; i < n; i++) {
                    FilePages.store64(prdPage, prdIndex + i, r.pages[i] | 4096L << 32 | (i == n - 1 ? 1L << 63 : 0));
                }
            }
            busMaster.out8(BM_COMMAND, write ? 0 : BM_TO_MEMORY);                                   // stopped, direction
            busMaster.out32(BM_PRD, (int) (prdPage.toLong() + 8L * prdIndex));
            busMaster.out8(BM_STATUS, busMaster.in8(BM_STATUS) | BM_ERROR | BM_INTERRUPT);          // write 1 to clear
            command.out8(COMMAND, write ? (ext ? WRITE_DMA_EXT : WRITE_DMA) : (ext ? READ_DMA_EXT : READ_DMA));
            busMaster.out8(BM_COMMAND, (write ? 0 : BM_TO_MEMORY) | BM_START);
            return;
        }
        command.out8(COMMAND, write ? (ext ? WRITE_SECTORS_EXT : WRITE_SECTORS) : (ext ? READ_SECTORS_EXT : READ_SECTORS));
        if (write) {
            // The first sector goes without an interrupt: when the device asks for it (DRQ).
            delay400();
            int status = waitStatus();
            if ((status & (BSY | ERR | DF | DRQ)) != DRQ) {
                fail(r, "no data request for the first sector");
                return;
            }
            move(r);
        }
    }

    /** The interrupt: the active request's next step. */
    @Override
    public void handle(long frame, int vector) {
        if (irq == 15 && Interrupts.mode() == Interrupts.MODE_PIC && Pic.spurious(15)) {
            lock.lock();
            unexpected++;                           // a spurious IRQ 15 of the slave 8259 (the master had its EOI)
            lock.unlock();
            return;
        }
        lock.lock();
        interrupts++;
        service();
        lock.unlock();
        AtaChannel other = shares;
        if (other != null) {                       // a shared line: the other channel looks too (DMA: its BM interrupt bit)
            other.lock.lock();
            other.interrupts++;
            other.service();
            other.lock.unlock();
        }
        Interrupts.eoi(vector);
    }

    @Override
    public String name() {
        return index == 0 ? "ata1 (primary ATA channel)" : "ata2 (secondary ATA channel)";
    }

    /** The end of interrupt is sent by {@link #handle}, which knows a spurious IRQ 15 needs none. */
    @Override
    public boolean needsEoi() {
        return false;
    }

    private void service() {
        Request r = active;
        if (r == null) {
            command.in8(STATUS);                    // acknowledges whatever it was
            unexpected++;
            return;
        }
        if (r.dma) {
            int bm = busMaster.in8(BM_STATUS);
            if ((bm & BM_INTERRUPT) == 0) {
                unexpected++;                       // not the end of this transfer
                return;
            }
            busMaster.out8(BM_COMMAND, busMaster.in8(BM_COMMAND) & ~BM_START);
            int status = command.in8(STATUS);
            busMaster.out8(BM_STATUS, bm | BM_ERROR | BM_INTERRUPT);
            if ((bm & BM_ERROR) != 0 || (status & (ERR | DF | BSY)) != 0) {
                fail(r, "DMA transfer failed");
            } else {
                r.done = r.count;
                finish(r, 0);
            }
            startNext();
            return;
        }
        int status = command.in8(STATUS);
        if ((status & BSY) != 0) {
            unexpected++;
            return;
        }
        if ((status & (ERR | DF)) != 0) {
            fail(r, "device error");
        } else if (r.op == Request.FLUSH || r.op == Request.WRITE && r.done == r.count) {
            finish(r, 0);
        } else if ((status & DRQ) == 0) {
            fail(r, "no data request");
        } else {
            move(r);
            if (r.op == Request.READ && r.done == r.count) {
                finish(r, 0);
            }
        }
        startNext();
    }

    /** Moves the next sector of PIO request {@code r} through the data register. */
    private void move(Request r) {
        PhysAddr page = r.pages == null ? r.page : PhysAddr.of(r.pages[r.done / PAGE_SECTORS]);
        long at = r.pages == null ? r.offset + (long) r.done * SECTOR : (long) (r.done % PAGE_SECTORS) * SECTOR;
        if (r.op == Request.READ) {
            command.readWords(DATA, Phys.virt(page), at, SECTOR / 2);
        } else {
            command.writeWords(DATA, Phys.virt(page), at, SECTOR / 2);
        }
        r.done++;
    }

    /** {@code r} failed: a line, a reset of the channel, -EIO. */
    private void fail(Request r, String why) {
        errors++;
        resets++;
        Printf.printf("ata%d.%02d: %s (status 0x%x, error 0x%x): resetting the channel\n", index + 1, r.drive,
                Printf.s(why), control.in8(0), command.in8(ERROR));
        reset();
        finish(r, -EIO);
    }

    /** {@code r} is DONE with {@code result}; its waiter wakes. */
    private void finish(Request r, int result) {
        r.result = result;
        r.state = Request.DONE;
        if (active == r) {
            active = null;
        }
        finished.wakeAllLocked();
    }

    /**
     * A software reset of both devices (SRST for at least 5 us, then at least 2 ms before the
     * status is valid), the DMA engine stopped; waits at most a second for BSY to clear.
     */
    void reset() {
        if (busMaster != null) {
            busMaster.out8(BM_COMMAND, 0);
        }
        control.out8(0, SRST | NIEN);
        spin(10);
        control.out8(0, used ? 0 : NIEN);
        spin(2000);
        long start = Processor.rdtsc();
        long limit = Timer.tscPerSecond();
        while ((control.in8(0) & BSY) != 0 && Processor.rdtsc() - start < limit) {
            Processor.pause();
        }
    }

    /** Waits (at most 100 ms) for BSY and DRQ to clear: whether they did. */
    boolean waitIdle() {
        long start = Processor.rdtsc();
        long limit = Timer.tscPerSecond() / 10;
        while (true) {
            int s = control.in8(0);
            if ((s & (BSY | DRQ)) == 0) {
                return true;
            }
            if (Processor.rdtsc() - start > limit) {
                return false;
            }
            Processor.pause();
        }
    }

    /** Waits (at most 100 ms) for BSY to clear; returns the status then (BSY still set: timed out). */
    int waitStatus() {
        long start = Processor.rdtsc();
        long limit = Timer.tscPerSecond() / 10;
        while (true) {
            int s = control.in8(0);
            if ((s & BSY) == 0 || Processor.rdtsc() - start > limit) {
                return s;
            }
            Processor.pause();
        }
    }

    /** About 400 ns: four reads of the alternate status register. */
    void delay400() {
        for (int i = 0; i < 4; i++) {
            control.in8(0);
        }
    }

    /** Spins for {@code us} microseconds (TSC). */
    static void spin(long us) {
        long start = Processor.rdtsc();
        long n = Timer.tscPerSecond() / 1000000 * us;
        while (Processor.rdtsc() - start < n) {
            Processor.pause();
        }
    }

    /** How many requests are queued or active (for {@code disks}). */
    int busy() {
        lock.lock();
        int n = queue.busy();
        lock.unlock();
        return n;
    }
}
