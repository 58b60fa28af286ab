package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.BuildTime;
import org.zeptux.rt.UserPtr;

/**
 * futex(2) as Linux's x86-64 ABI has it — FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE,
 * FUTEX_CMP_REQUEUE, FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, with FUTEX_PRIVATE_FLAG and
 * FUTEX_CLOCK_REALTIME — and what a thread's end does to user memory: clear_child_tid
 * (set_tid_address, CLONE_CHILD_CLEARTID: 0 written and one waiter woken, pthread_join's wait)
 * and the robust list (set_robust_list: every futex on it owned by the ending thread gets
 * FUTEX_OWNER_DIED and a waiter woken, Documentation/locking/robust-futex-ABI.rst).
 *
 * <p>Waiters are threads ({@link Process}) in {@link #BUCKETS} hashed lists, keyed by the address
 * space and the user address — a shared futex (no FUTEX_PRIVATE_FLAG) in a MAP_SHARED mapping by
 * its physical address instead, so processes sharing the page meet. Each list has its spinlock:
 * a wait reads the word and queues itself under the lock, so no wake between the look and the
 * queueing is lost; a wake takes waiters off under it and wakes them where they sleep (the
 * thread's signal-and-timer event, {@link Signals#sleep}), and a waiter that finds itself
 * off the list was woken. A signal ends a wait with -ERESTARTSYS (no timeout) or a restart
 * through restart_syscall(2) to the same end (with one), as Linux's futex_wait; the end of a
 * timeout is -ETIMEDOUT; a word that differs -EAGAIN.
 *
 * <p>Not done: FUTEX_WAKE_OP and the priority-inheritance operations (-ENOSYS; musl needs
 * neither).
 */
final class Futex {
    private Futex() {}

    static final int WAIT = 0;
    static final int WAKE = 1;
    static final int REQUEUE = 3;
    static final int CMP_REQUEUE = 4;
    static final int WAIT_BITSET = 9;
    static final int WAKE_BITSET = 10;
    static final int PRIVATE_FLAG = 128;
    static final int CLOCK_REALTIME = 256;
    static final int BITSET_MATCH_ANY = -1;
    static final int FUTEX_WAITERS = 0x80000000;
    static final int FUTEX_OWNER_DIED = 0x40000000;
    static final int FUTEX_TID_MASK = 0x3fffffff;
    /** sizeof(struct robust_list_head) on x86-64. */
    static final long ROBUST_LIST_HEAD = 24;
    /** Linux's ROBUST_LIST_LIMIT: at most this many entries are walked at a thread's end. */
    static final int ROBUST_LIST_LIMIT = 2048;

    static final int BUCKETS = 64;
    private static final SpinLock[] LOCKS = locks();
    private static final Process[] HEADS = new Process[BUCKETS];
    private static long waits;
    private static long wakes;

    @BuildTime
    private static SpinLock[] locks() {
        SpinLock[] l = new SpinLock[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            l[i] = new SpinLock("futex bucket");
        }
        return l;
    }

    /** {@link #key}'s success (the key is in the thread's futexKeySpace and futexKeyAddress). */
    private static final int KEY_OK = 0;

    /**
     * futex(uaddr, op, val, timeout or val2, uaddr2, val3): the operation's result, or -errno.
     */
    static long futex(Process p, UserPtr uaddr, long op, long val, long utime, UserPtr uaddr2, long val3) {
        int cmd = (int) op & ~(PRIVATE_FLAG | CLOCK_REALTIME);
        boolean shared = (op & PRIVATE_FLAG) == 0;
        boolean realtime = (op & CLOCK_REALTIME) != 0;
        if (realtime && cmd != WAIT_BITSET) {
            return -Errno.ENOSYS;
        }
        switch (cmd) {
            case WAIT:
            case WAIT_BITSET: {
                int bitset = cmd == WAIT ? BITSET_MATCH_ANY : (int) val3;
                long deadline = -1;
                if (utime != 0) {
                    if (!UserAccess.copyFrom(p.io, 0, UserPtr.of(utime), 16)) {
                        return -Errno.EFAULT;
                    }
                    long sec = Elf.u64(p.io, 0);
                    long nsec = Elf.u64(p.io, 8);
                    if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
                        return -Errno.EINVAL;
                    }
                    long t = sec > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
                    if (cmd == WAIT) {
                        long now = Clock.monotonicNanos();
                        deadline = t >= Long.MAX_VALUE / 2 - now ? Long.MAX_VALUE / 2 : now + t;
                    } else {
                        deadline = t;                   // absolute, on the clock the operation names
                    }
                }
                if (bitset == 0) {
                    return -Errno.EINVAL;
                }
                return wait(p, uaddr.toLong(), shared, (int) val, bitset, deadline, realtime);
            }
            case WAKE:
            case WAKE_BITSET: {
                int bitset = cmd == WAKE ? BITSET_MATCH_ANY : (int) val3;
                if (bitset == 0) {
                    return -Errno.EINVAL;
                }
                return wake(p, uaddr.toLong(), shared, (int) val, bitset);
            }
            case REQUEUE:
            case CMP_REQUEUE:
                return requeue(p, uaddr.toLong(), uaddr2.toLong(), shared, (int) val, (int) utime, cmd == CMP_REQUEUE,
                        (int) val3);
            default:
                return -Errno.ENOSYS;
        }
    }

    // ---- keys ----

    /**
     * The key of {@code address} for {@code p} into its futexKeySpace and futexKeyAddress: 0, or
     * -EINVAL (not 4-byte aligned), -EFAULT (outside user memory; a shared one not mapped).
     */
    private static int key(Process p, long address, boolean shared) {
        if ((address & 3) != 0) {
            return -Errno.EINVAL;
        }
        if (address < 0 || address > UserAccess.USER_END - 4) {
            return -Errno.EFAULT;
        }
        AddressSpace space = p.group.space;
        long phys = shared ? space.futexKey(address) : AddressSpace.KEY_PRIVATE;  // one look under the space's lock
        if (phys == AddressSpace.KEY_UNMAPPED) {
            return -Errno.EFAULT;                   // Linux looks the page up for a shared key
        }
        if (phys >= 0) {
            p.futexKeySpace = null;
            p.futexKeyAddress = phys;
            return KEY_OK;
        }
        p.futexKeySpace = space;
        p.futexKeyAddress = address;
        return KEY_OK;
    }

    private static int bucket(Object space, long address) {
        long h = address * 0x9E3779B97F4A7C15L;
        if (space != null) {
            h ^= 0x5DEECE66DL;
        }
        return (int) (h >>> 58);                    // 64 buckets
    }

    // ---- wait ----

    static final int RESTART_WAIT = 3;

    /**
     * Waits while the word at {@code address} is {@code val}, until a wake whose bitset meets
     * {@code bitset}, a signal, or {@code deadline} (monotonic, or real time with
     * {@code realtime}; -1 none). 0 when woken.
     */
    static long wait(Process p, long address, boolean shared, int val, int bitset, long deadline, boolean realtime) {
        int r = key(p, address, shared);
        if (r != 0) {
            return r;
        }
        Object space = p.futexKeySpace;
        long keyAddress = p.futexKeyAddress;
        int b = bucket(space, keyAddress);
        SpinLock lock = LOCKS[b];
        int ticket = Signals.sleepTicket(p);        // before it is queued: a wake from then on ends the sleep at once
        lock.lock();
        boolean read = UserAccess.copyFrom(p.io, 0, UserPtr.of(address), 4);
        if (!read || Elf.i32(p.io, 0) != val) {
            lock.unlock();
            return read ? -Errno.EAGAIN : -Errno.EFAULT;
        }
        p.futexSpace = space;
        p.futexAddress = keyAddress;
        p.futexBitset = bitset;
        p.futexBucket = b;
        p.futexNext = HEADS[b];
        HEADS[b] = p;
        p.futexQueued = true;
        waits++;
        lock.unlock();
        boolean timedOut = false;
        while (true) {
            if (!p.futexQueued || Signals.interrupted(p)) {
                break;
            }
            if (deadline != -1) {
                long left = deadline - (realtime ? Clock.realtimeNanos() : Clock.monotonicNanos());
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                Signals.sleep(p, ticket, Signals.deadlineIn(left));
            } else {
                Signals.sleep(p, ticket, -1);
            }
            ticket = Signals.sleepTicket(p);
        }
        lock = LOCKS[p.futexBucket];                // a requeue may have moved it
        lock.lock();
        boolean woken = !p.futexQueued;
        if (!woken) {
            unqueueLocked(p);
        }
        lock.unlock();
        if (woken) {
            return 0;
        }
        if (timedOut) {
            return -Errno.ETIMEDOUT;
        }
        if (deadline == -1) {
            return -Errno.ERESTARTSYS;
        }
        p.restartKind = RESTART_WAIT;
        p.restartRem = address;
        p.restartClock = (long) val << 32 | (bitset & 0xFFFFFFFFL);
        p.restartUntil = deadline;
        p.restartFlags = (shared ? 1 : 0) | (realtime ? 2 : 0);
        return -Errno.ERESTART_RESTARTBLOCK;
    }

    /** restart_syscall(2) of a wait with a timeout a signal interrupted: the same wait, to the same end. */
    static long restart(Process p) {
        int flags = p.restartFlags;
        return wait(p, p.restartRem, (flags & 1) != 0, (int) (p.restartClock >> 32), (int) p.restartClock,
                p.restartUntil, (flags & 2) != 0);
    }

    /** Takes {@code w} off its bucket's list (under the bucket's lock). */
    private static void unqueueLocked(Process w) {
        int b = w.futexBucket;
        if (HEADS[b] == w) {
            HEADS[b] = w.futexNext;
        } else {
            Process q = HEADS[b];
            while (q != null && q.futexNext != w) {
                q = q.futexNext;
            }
            if (q != null) {
                q.futexNext = w.futexNext;
            }
        }
        w.futexNext = null;
        w.futexQueued = false;
    }

    // ---- wake, requeue ----

    /** Wakes up to {@code n} waiters on the word at {@code address} whose bitset meets {@code bitset}; how many. */
    static long wake(Process p, long address, boolean shared, int n, int bitset) {
        int r = key(p, address, shared);
        if (r != 0) {
            return r;
        }
        return wakeKey(p.futexKeySpace, p.futexKeyAddress, n, bitset);
    }

    private static long wakeKey(Object space, long address, int n, int bitset) {
        int b = bucket(space, address);
        SpinLock lock = LOCKS[b];
        lock.lock();
        int woken = 0;
        Process w = HEADS[b];
        while (w != null && woken < n) {
            Process next = w.futexNext;
            if (w.futexSpace == space && w.futexAddress == address && (w.futexBitset & bitset) != 0) {
                unqueueLocked(w);
                Signals.wakeSleeper(w);             // where it sleeps: its signal-and-timer event
                woken++;
            }
            w = next;
        }
        lock.unlock();
        wakes += woken;
        return woken;
    }

    /**
     * FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: wakes up to {@code nWake} waiters on {@code address}
     * and moves up to {@code nRequeue} more to {@code address2}; the number woken and moved.
     * CMP_REQUEUE first checks the word is {@code cmp} (-EAGAIN).
     */
    static long requeue(Process p, long address, long address2, boolean shared, int nWake, int nRequeue,
            boolean compare, int cmp) {
        if (nWake < 0 || nRequeue < 0) {
            return -Errno.EINVAL;
        }
        int r = key(p, address, shared);
        if (r != 0) {
            return r;
        }
        Object space1 = p.futexKeySpace;
        long key1 = p.futexKeyAddress;
        r = key(p, address2, shared);
        if (r != 0) {
            return r;
        }
        Object space2 = p.futexKeySpace;
        long key2 = p.futexKeyAddress;
        int b1 = bucket(space1, key1);
        int b2 = bucket(space2, key2);
        SpinLock first = LOCKS[Math.min(b1, b2)];
        SpinLock second = LOCKS[Math.max(b1, b2)];
        first.lock();                               // both buckets, in index order
        if (second != first) {
            second.lock();
        }
        long result = 0;
        if (compare) {
            boolean read = UserAccess.copyFrom(p.io, 0, UserPtr.of(address), 4);
            if (!read) {
                result = -Errno.EFAULT;
            } else if (Elf.i32(p.io, 0) != cmp) {
                result = -Errno.EAGAIN;
            }
        }
        if (result == 0) {
            int woken = 0;
            int moved = 0;
            Process w = HEADS[b1];
            while (w != null && (woken < nWake || moved < nRequeue)) {
                Process next = w.futexNext;
                if (w.futexSpace == space1 && w.futexAddress == key1) {
                    unqueueLocked(w);
                    if (woken < nWake) {
                        Signals.wakeSleeper(w);
                        woken++;
                    } else {
                        w.futexSpace = space2;      // now waiting on the second word
                        w.futexAddress = key2;
                        w.futexBucket = b2;
                        w.futexNext = HEADS[b2];
                        HEADS[b2] = w;
                        w.futexQueued = true;
                        moved++;
                    }
                }
                w = next;
            }
            wakes += woken;
            result = woken + moved;
        }
        if (second != first) {
            second.unlock();
        }
        first.unlock();
        return result;
    }

    // ---- a thread's end ----

    /**
     * Thread {@code p} ends (exit, exit_group, a fatal signal, another thread's execve): its
     * robust futexes are released, then its clear_child_tid word becomes 0 and one waiter on it
     * is woken — unless the whole process is ending with no other thread to see it.
     */
    static void exitThread(Process p) {
        Process g = p.group;
        if (p.robustList != 0) {
            exitRobustList(p);
            p.robustList = 0;
        }
        if (p.clearChildTid != 0 && g.threads > 1) {
            long at = p.clearChildTid;
            p.clearChildTid = 0;
            Elf.put32(p.io, 0, 0);
            if (UserAccess.copyTo(UserPtr.of(at), p.io, 0, 4)) {
                wake(p, at, true, 1, BITSET_MATCH_ANY);
            }
        }
    }

    /**
     * The robust list (robust-futex-ABI): a list of futex words, each {@code futex_offset} bytes
     * from its entry, plus the one pending; every word whose owner (its low 30 bits) is this
     * thread gets FUTEX_OWNER_DIED set and, if it has waiters, one is woken. At most
     * {@link #ROBUST_LIST_LIMIT} entries; a list that cannot be read ends the walk.
     */
    private static void exitRobustList(Process p) {
        byte[] io = p.io;
        if (!UserAccess.copyFrom(io, 0, UserPtr.of(p.robustList), 24)) {
            return;
        }
        long head = p.robustList;
        long entry = Elf.u64(io, 0);
        long offset = Elf.u64(io, 8);
        long pending = Elf.u64(io, 16);
        int n = 0;
        while (entry != head && n < ROBUST_LIST_LIMIT) {
            long e = entry & ~1L;
            if (!UserAccess.copyFrom(io, 0, UserPtr.of(e), 8)) {
                return;
            }
            long next = Elf.u64(io, 0);
            if (e != pending) {
                ownerDied(p, e + offset);
            }
            entry = next;
            n++;
        }
        if (pending != 0) {
            ownerDied(p, (pending & ~1L) + offset);
        }
    }

    /** One robust futex word at {@code address}: if {@code p} owns it, FUTEX_OWNER_DIED, and a waiter woken. */
    private static void ownerDied(Process p, long address) {
        if ((address & 3) != 0 || !UserAccess.copyFrom(p.io, 0, UserPtr.of(address), 4)) {
            return;
        }
        int word = Elf.i32(p.io, 0);
        if ((word & FUTEX_TID_MASK) != p.pid) {
            return;
        }
        int now = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        Elf.put32(p.io, 0, now);
        if (!UserAccess.copyTo(UserPtr.of(address), p.io, 0, 4)) {
            return;
        }
        if ((word & FUTEX_WAITERS) != 0) {
            wake(p, address, true, 1, BITSET_MATCH_ANY);
        }
    }

    /** set_robust_list(head, len): 0, or -EINVAL for a length that is not sizeof(struct robust_list_head). */
    static long setRobustList(Process p, long head, long length) {
        if (length != ROBUST_LIST_HEAD) {
            return -Errno.EINVAL;
        }
        p.robustList = head;
        return 0;
    }

    /** get_robust_list(pid, head_ptr, len_ptr): of the caller (0) or thread {@code pid}. */
    static long getRobustList(Process p, long pid, UserPtr headPtr, UserPtr lengthPtr) {
        Process t = pid == 0 ? p : Processes.hold((int) pid);
        if (t == null) {
            return -Errno.ESRCH;
        }
        Elf.put64(p.io, 0, t.robustList);
        if (pid != 0) {
            Processes.put(t);
        }
        Elf.put64(p.io, 8, ROBUST_LIST_HEAD);
        if (!UserAccess.copyTo(lengthPtr, p.io, 8, 8) || !UserAccess.copyTo(headPtr, p.io, 0, 8)) {
            return -Errno.EFAULT;
        }
        return 0;
    }

    /** Waits begun, and waiters woken, since boot ({@code procs}). */
    static long waits() {
        return waits;
    }

    static long wakes() {
        return wakes;
    }
}
