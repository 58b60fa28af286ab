package org.zeptux.kernel.proc;

import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.BuddyArena;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * Pipes through their kernel-buffer entry points (which never wait): the ring fills to 64 KiB
 * and wraps, a write of at most PIPE_BUF goes in whole or not at all, a larger one in part,
 * reads take what is there, end of file once the writer is gone, EPIPE once the reader is,
 * poll's events at each step, and the ring's pages back when both ends are closed.
 */
public final class PipeKTests {
    private PipeKTests() {}

    private static final byte[] OUT = new byte[Pipe.CAPACITY];
    private static final byte[] IN = new byte[Pipe.CAPACITY];

    @KTest
    static void theRingFillsWrapsAndKeepsPipeBufWritesWhole() {
        BuddyArena.live();
        long heap = Buddy.used(Owner.KERNEL_HEAP);
        Pipe pipe = Pipe.create();
        Check.isTrue(pipe != null, "made");
        Check.equal(Poll.POLLOUT | Poll.POLLWRNORM, pipe.events(true), "empty: writable");
        Check.equal(0, pipe.events(false), "empty: nothing to read");
        Check.equal(-Errno.EAGAIN, pipe.readKernel(IN, 0, 10), "an empty pipe with a writer: EAGAIN (would wait)");
        for (int i = 0; i < OUT.length; i++) {
            OUT[i] = (byte) (i * 13 + i / 251);
        }
        Check.equal(Pipe.CAPACITY - 100, pipe.writeKernel(OUT, 0, Pipe.CAPACITY - 100), "all but 100 bytes");
        Check.equal(Poll.POLLIN | Poll.POLLRDNORM, pipe.events(false), "readable");
        Check.equal(0, pipe.events(true), "less than PIPE_BUF of room: not writable");
        Check.equal(-Errno.EAGAIN, pipe.writeKernel(OUT, 0, 200), "200 bytes into 100 of room: atomic, so none");
        Check.equal(100, pipe.writeKernel(OUT, Pipe.CAPACITY - 100, 5000), "a write above PIPE_BUF goes in part");
        Check.equal(-Errno.EAGAIN, pipe.writeKernel(OUT, 0, 1), "full");
        Check.equal(1000, pipe.readKernel(IN, 0, 1000), "1000 read");
        // IN[0, 1000) now holds bytes 0..999; the ring holds 1000 .. CAPACITY - 1, then bytes 0..999 again.
        Check.equal(1000, pipe.writeKernel(OUT, 0, 1000), "1000 written across the ring's end");
        long got = 1000;
        while (got < Pipe.CAPACITY + 1000) {
            int at = (int) (got % Pipe.CAPACITY);
            long n = pipe.readKernel(IN, at, (int) Math.min(Math.min(4000, Pipe.CAPACITY - at), Pipe.CAPACITY + 1000 - got));
            Check.isTrue(n > 0, "a read");
            if (n <= 0) {
                break;
            }
            got += n;
        }
        boolean same = true;
        for (int i = 0; i < Pipe.CAPACITY; i++) {
            same &= IN[i] == OUT[i];
        }
        Check.isTrue(same, "every byte in order, across the wrap");
        Pipe.close(pipe, true);
        Check.equal(Poll.POLLHUP, pipe.events(false), "no writer: hang-up");
        Check.equal(0, pipe.readKernel(IN, 0, 10), "end of file");
        Pipe.close(pipe, false);
        Buddy.drainAll(Buddy.DRAIN_POOLS);
        Check.equal(heap, Buddy.used(Owner.KERNEL_HEAP), "the ring and the pipe back");
    }

    @KTest
    static void aWriteWithNoReaderIsEpipe() {
        BuddyArena.live();
        long heap = Buddy.used(Owner.KERNEL_HEAP);
        Pipe pipe = Pipe.create();
        Check.equal(5, pipe.writeKernel(OUT, 0, 5), "written");
        Pipe.close(pipe, false);
        Check.equal(-Errno.EPIPE, pipe.writeKernel(OUT, 0, 5), "no reader: EPIPE");
        Check.isTrue((pipe.events(true) & Poll.POLLERR) != 0, "POLLERR for the writer");
        Pipe.close(pipe, true);
        Buddy.drainAll(Buddy.DRAIN_POOLS);
        Check.equal(heap, Buddy.used(Owner.KERNEL_HEAP), "everything back");
    }
}
