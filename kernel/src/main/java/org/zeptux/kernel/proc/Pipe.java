package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sync.Mutex;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.UserPtr;

/**
 * A pipe (pipe(7)): a ring buffer of {@link #CAPACITY} bytes (Linux's default, 16 pages, one
 * block of the buddy allocator made at the first write, charged to the kernel heap) between a
 * read end and a write end, each an open file ({@link Files.File}) that descriptors share.
 *
 * <ul>
 *   <li>read returns what is there (at most what was asked), waits while the pipe is empty and
 *       a writer is left, and returns 0 (end of file) once the last writer closed;
 *   <li>write waits for room; a write of at most {@link #PIPE_BUF} bytes goes in whole or not
 *       at all (atomic, never interleaved with another's), a larger one as room comes;
 *   <li>with no reader left, write is EPIPE and sends SIGPIPE ({@link #sigpipe});
 *   <li>O_NONBLOCK: EAGAIN instead of waiting; a signal while waiting: -ERESTARTSYS (the call
 *       is made again after a handler with SA_RESTART, else EINTR; what was transferred before is
 *       returned instead, as Linux does).
 * </ul>
 *
 * <p>Waiting, without lost wake-ups from any CPU: the state is read and changed under
 * {@link #LOCK}; a task that must wait records its event in {@code Process.blockedOn} (kill
 * signals it there), takes the event's ticket with the lock still held, checks for a signal,
 * drops the lock and sleeps unless the event was signalled since the ticket ({@link Event}):
 * every change is made under the lock and signalled after, so it is after the ticket. Readers
 * and writers sleep for one of {@link #QUEUES} events chosen by the pipe (hashed, as Linux
 * hashes page wait queues), every change signals it and each checks its own pipe again;
 * {@link Poll}'s waiters are woken too.
 *
 * <p>A FIFO (a tmpfs node of type S_IFIFO, mknod or mkfifo) is a pipe found by its inode in
 * {@link #FIFOS} while any process has it open ({@link #openFifo}): opening it for reading waits
 * until a writer opens it, for writing until a reader does (O_NONBLOCK: a reader goes on at once,
 * a writer gets ENXIO), O_RDWR never waits; a wait ended by a signal is -ERESTARTSYS. Then it is
 * a pipe, and when its last end closes its data goes with it, as Linux's.
 */
final class Pipe {
    static final int CAPACITY = 65536;
    static final int ORDER = 4;
    /** Writes of at most this many bytes are atomic (POSIX's PIPE_BUF, Linux's 4096). */
    static final int PIPE_BUF = 4096;
    static final int SIGPIPE = 13;

    static final Pool<Pipe> POOL = Pool.of("pipes", Pipe.class, Owner.KERNEL_HEAP);
    static final Mutex LOCK = new Mutex("pipes");
    static final Event[] QUEUES = {
        new Event("pipe 0"), new Event("pipe 1"), new Event("pipe 2"), new Event("pipe 3"),
        new Event("pipe 4"), new Event("pipe 5"), new Event("pipe 6"), new Event("pipe 7"),
    };
    private static long serial;
    /** The FIFOs open now, each the pipe of its {@link #fifo} inode; changed under {@link #LOCK}. */
    static final int MAX_FIFOS = 32;
    private static final Pipe[] FIFOS = new Pipe[MAX_FIFOS];

    /** The ring (a block of 2^ORDER pages) or null until the first write. */
    PhysAddr ring;
    /** Bytes ever written and read: the ring holds [tail, head). */
    long head;
    long tail;
    int readers;
    int writers;
    /** Its number: its inode number in fstat, and which of {@link #QUEUES} it uses. */
    long ino;
    /** The FIFO it is the pipe of, or null (pipe(2)'s). */
    Inode fifo;
    /** Opens of its read end and its write end so far (a FIFO's opener waits for the other's to change). */
    long readerOpens;
    long writerOpens;

    private static void lock() {
        if (Scheduler.running()) {
            LOCK.lock();
        }
    }

    private static void unlock() {
        if (Scheduler.running()) {
            LOCK.unlock();
        }
    }

    /** A new pipe with one reader and one writer; null when out of memory. */
    static Pipe create() {
        Pipe pipe = POOL.alloc();
        if (pipe == null) {
            return null;
        }
        lock();
        serial++;
        pipe.ino = serial;
        unlock();
        pipe.readers = 1;
        pipe.writers = 1;
        return pipe;
    }

    private Event queue() {
        return QUEUES[(int) (ino & (QUEUES.length - 1))];
    }

    /** Wakes whoever waits on this pipe, and poll(2)'s waiters. */
    private void wake() {
        queue().signal();
        Poll.wake();
    }

    /** Closes one end; the pipe goes when both are closed. */
    static void close(Pipe pipe, boolean writeEnd) {
        lock();
        if (writeEnd) {
            pipe.writers--;
        } else {
            pipe.readers--;
        }
        boolean gone = pipe.readers == 0 && pipe.writers == 0;
        if (gone) {
            forget(pipe);
        }
        unlock();
        if (gone) {
            if (pipe.ring != null) {
                Buddy.free(pipe.ring, ORDER, Owner.KERNEL_HEAP);
            }
            POOL.free(pipe);
        } else {
            pipe.wake();
        }
    }

    /** Closes the ends an open file of access mode {@code access} holds (O_RDWR: both). */
    static void closeEnds(Pipe pipe, int access) {
        if (access == Files.O_RDWR) {
            close(pipe, false);
        }
        close(pipe, access != Files.O_RDONLY);
    }

    /** Takes a FIFO's pipe out of {@link #FIFOS} (the lock held); nothing for pipe(2)'s. */
    private static void forget(Pipe pipe) {
        if (pipe.fifo == null) {
            return;
        }
        for (int i = 0; i < MAX_FIFOS; i++) {
            if (FIFOS[i] == pipe) {
                FIFOS[i] = null;
            }
        }
        pipe.fifo = null;
    }

    /**
     * Opens FIFO {@code n} (pinned by the caller) with access mode {@code access} (Files.O_RDONLY,
     * O_WRONLY or O_RDWR): its pipe, found or made, with the end counted — after waiting, unless
     * {@code nonblock} or O_RDWR, for the other end to be opened. Null with -errno in
     * {@code p.lookupError}: ENXIO (O_WRONLY | O_NONBLOCK and no reader), ENOMEM, ENFILE (too many
     * FIFOs open), ERESTARTSYS (a signal while it waited: the end is not counted any more).
     */
    static Pipe openFifo(Process p, Inode n, int access, boolean nonblock) {
        lock();
        Pipe pipe = null;
        int free = -1;
        for (int i = 0; i < MAX_FIFOS; i++) {
            if (FIFOS[i] != null && FIFOS[i].fifo == n) {
                pipe = FIFOS[i];
            } else if (FIFOS[i] == null && free < 0) {
                free = i;
            }
        }
        if (access == Files.O_WRONLY && nonblock && (pipe == null || pipe.readers == 0)) {
            unlock();
            p.lookupError = -Errno.ENXIO;
            return null;
        }
        if (pipe == null) {
            pipe = free < 0 ? null : POOL.alloc();
            if (pipe == null) {
                unlock();
                p.lookupError = free < 0 ? -Errno.ENFILE : -Errno.ENOMEM;
                return null;
            }
            serial++;
            pipe.ino = serial;
            pipe.fifo = n;
            FIFOS[free] = pipe;
        }
        if (access != Files.O_WRONLY) {
            pipe.readers++;
            pipe.readerOpens++;
        }
        if (access != Files.O_RDONLY) {
            pipe.writers++;
            pipe.writerOpens++;
        }
        pipe.wake();
        if (access == Files.O_RDONLY && !nonblock) {
            long seen = pipe.writerOpens;
            while (pipe.writers == 0 && pipe.writerOpens == seen) {
                if (!pipe.sleep(p)) {
                    lock();
                    pipe.readers--;
                    return gaveUp(p, pipe);
                }
            }
        } else if (access == Files.O_WRONLY) {
            long seen = pipe.readerOpens;
            while (pipe.readers == 0 && pipe.readerOpens == seen) {
                if (!pipe.sleep(p)) {
                    lock();
                    pipe.writers--;
                    return gaveUp(p, pipe);
                }
            }
        }
        unlock();
        return pipe;
    }

    /** A FIFO open a signal ended (the lock held, the end already uncounted): the pipe goes if no one else has it. */
    private static Pipe gaveUp(Process p, Pipe pipe) {
        boolean gone = pipe.readers == 0 && pipe.writers == 0;
        if (gone) {
            forget(pipe);
        }
        unlock();
        if (gone) {
            if (pipe.ring != null) {
                Buddy.free(pipe.ring, ORDER, Owner.KERNEL_HEAP);
            }
            POOL.free(pipe);
        } else {
            pipe.wake();
        }
        p.lookupError = -Errno.ERESTARTSYS;
        return null;
    }

    /**
     * Sleeps on the pipe's queue until woken (the lock held on entry and on return); false when
     * a signal it does not block (or a kill) came for the process (then the lock is not held).
     */
    private boolean sleep(Process p) {
        Event q = queue();
        p.blockedOn = q;
        int ticket = q.ticket();                    // under the lock: every change of the pipe comes after it
        if (Signals.interrupted(p)) {
            p.blockedOn = null;
            unlock();
            return false;
        }
        unlock();
        q.await(ticket);
        p.blockedOn = null;
        lock();
        return true;
    }

    /** read(2) of at most {@code n} bytes into user {@code buf}. */
    long read(Process p, UserPtr buf, long n, boolean nonblock) {
        return read(p, buf, null, 0, n, nonblock);
    }

    /** write(2) of {@code n} bytes from user {@code buf}. */
    long write(Process p, UserPtr buf, long n, boolean nonblock) {
        return write(p, buf, null, 0, n, nonblock);
    }

    /** A read into kernel array {@code dst[at..]} (the kernel's own readers, tests); never waits. */
    long readKernel(byte[] dst, int at, int n) {
        return read(null, UserPtr.of(0), dst, at, n, true);
    }

    /** A write from kernel array {@code src[at..]} for process {@code p} (sendfile to a pipe). */
    long writeFrom(Process p, byte[] src, int at, int n, boolean nonblock) {
        return write(p, UserPtr.of(0), src, at, n, nonblock);
    }

    /** A write from kernel array {@code src[at..]}; never waits, sends no signal. */
    long writeKernel(byte[] src, int at, int n) {
        return write(null, UserPtr.of(0), src, at, n, true);
    }

    /** Copies {@code count} bytes of the ring from {@code ringAt} to user {@code buf} or {@code kernel[at..]}; how many before a fault. */
    private int copyOut(UserPtr buf, byte[] kernel, int at, int ringAt, int count) {
        if (kernel != null) {
            FilePages.read(ring, ORDER, ringAt, kernel, at, count);
            return count;
        }
        return FilePages.copyToUser(buf, ring, ORDER, ringAt, count);
    }

    private int copyIn(UserPtr buf, byte[] kernel, int at, int ringAt, int count) {
        if (kernel != null) {
            FilePages.write(ring, ORDER, ringAt, kernel, at, count);
            return count;
        }
        return FilePages.copyFromUser(ring, ORDER, ringAt, buf, count);
    }

    private long read(Process p, UserPtr buf, byte[] kernel, int kat, long n, boolean nonblock) {
        if (n == 0) {
            return 0;
        }
        lock();
        while (head == tail) {
            if (writers == 0) {
                unlock();
                return 0;
            }
            if (nonblock) {
                unlock();
                return -Errno.EAGAIN;
            }
            if (!sleep(p)) {
                return -Errno.ERESTARTSYS;
            }
        }
        int count = (int) Math.min(n, head - tail);
        int at = (int) (tail & (CAPACITY - 1));
        int first = Math.min(count, CAPACITY - at);
        int copied = copyOut(buf, kernel, kat, at, first);
        if (copied == first && first < count) {
            copied += copyOut(buf.plus(first), kernel, kat + first, 0, count - first);
        }
        if (copied < count) {
            unlock();
            return -Errno.EFAULT;                   // whole or not at all, as Linux's pipe_read: nothing is taken
        }
        tail += count;
        unlock();
        wake();
        return count;
    }

    private long write(Process p, UserPtr buf, byte[] kernel, int kat, long n, boolean nonblock) {
        if (n == 0) {
            return 0;
        }
        lock();
        long done = 0;
        long result;
        while (true) {
            if (readers == 0) {
                if (p != null) {
                    sigpipe(p);
                }
                result = done > 0 ? done : -Errno.EPIPE;
                break;
            }
            long room = CAPACITY - (head - tail);
            long need = done == 0 && n <= PIPE_BUF ? n : 1;
            if (room >= need) {
                if (ring == null) {
                    ring = Buddy.alloc(ORDER, Owner.KERNEL_HEAP);
                    if (ring == null) {
                        result = done > 0 ? done : -Errno.ENOMEM;
                        break;
                    }
                }
                int count = (int) Math.min(room, n - done);
                int at = (int) (head & (CAPACITY - 1));
                int first = Math.min(count, CAPACITY - at);
                int copied = copyIn(buf.plus(done), kernel, kat + (int) done, at, first);
                if (copied == first && first < count) {
                    copied += copyIn(buf.plus(done + first), kernel, kat + (int) done + first, 0, count - first);
                }
                if (copied < count) {
                    result = done > 0 ? done : -Errno.EFAULT;   // whole or not at all, as Linux's pipe_write
                    break;
                }
                head += count;
                done += count;
                wake();
                if (done == n) {
                    result = done;
                    break;
                }
                continue;
            }
            if (nonblock) {
                result = done > 0 ? done : -Errno.EAGAIN;
                break;
            }
            if (!sleep(p)) {
                return done > 0 ? done : -Errno.ERESTARTSYS;
            }
        }
        unlock();
        return result;
    }

    /** Bytes waiting to be read. */
    long available() {
        return head - tail;
    }

    /** poll(2)'s events for the end {@code writeEnd}: POLLIN when there is data, POLLHUP without writers, POLLOUT when a PIPE_BUF fits, POLLERR without readers. */
    int events(boolean writeEnd) {
        int mask = 0;
        if (writeEnd) {
            if (CAPACITY - (head - tail) >= PIPE_BUF) {
                mask |= Poll.POLLOUT | Poll.POLLWRNORM;
            }
            if (readers == 0) {
                mask |= Poll.POLLERR;
            }
        } else {
            if (head != tail) {
                mask |= Poll.POLLIN | Poll.POLLRDNORM;
            }
            if (writers == 0) {
                mask |= Poll.POLLHUP;
            }
        }
        return mask;
    }

    /** SIGPIPE for a write to a pipe without readers (ignored, caught or blocked as the process has set it). */
    static void sigpipe(Process p) {
        Signals.sendInfo(p, SIGPIPE, Signals.SI_USER, p.pid, 0);   // Linux's send_sig: SI_USER from the writer itself
    }
}
