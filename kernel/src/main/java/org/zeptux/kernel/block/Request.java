package org.zeptux.kernel.block;

import org.zeptux.rt.PhysAddr;

/**
 * One disk command in a channel's {@link RequestQueue}: a run of sectors moved between a disk and
 * part of one page, or a cache flush. A driver owns a fixed set of them (made at build time);
 * every field is written under the channel's lock by the task that queued it or by the driver
 * (its interrupt handler, or a task that found it timed out).
 *
 * <pre>
 *   FREE --take--> QUEUED --start--> ACTIVE --interrupt / error / timeout--> DONE --release--> FREE
 * </pre>
 */
public final class Request {
    public static final int FREE = 0;
    public static final int QUEUED = 1;
    public static final int ACTIVE = 2;
    public static final int DONE = 3;

    public static final int READ = 0;
    public static final int WRITE = 1;
    public static final int FLUSH = 2;

    /** What and where: READ, WRITE or FLUSH; the drive on the channel (0 master, 1 slave). */
    public int op;
    public int drive;
    public long lba;
    public int count;
    public PhysAddr page;
    public int offset;
    /** A run of whole pages instead of {@link #page}: their physical addresses {@code pages[0 .. count / 8)}, or null. */
    public long[] pages;
    /** Whether the driver runs it by bus-master DMA (else PIO). */
    public boolean dma;
    /** Sectors moved so far (PIO). */
    public int done;
    /** FREE, QUEUED, ACTIVE or DONE; volatile: its waiter reads it without the lock, on any CPU. */
    public volatile int state;
    /** 0 or -errno, once DONE. */
    public int result;
    /** The tick at which it became ACTIVE (for the timeout). */
    public long started;
    /** The next in the queue (QUEUED). */
    Request next;
}
