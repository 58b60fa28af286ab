package org.zeptux.kernel.proc;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.sched.TaskBody;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.kernel.smp.Smp;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * The events the process paths sleep for ({@link Event}), in the test kernel (SmpIT runs it with
 * four CPUs): a signal after the ticket ends the await at once, a timeout ends it without one,
 * and 5000 ping-pongs between the boot CPU and the last one, whose conditions are plain fields
 * under no lock, lose no wake-up (each await has a one-second limit, so a lost one would count,
 * not hang).
 */
public final class EventKTests {
    private EventKTests() {}

    private static final String REASON = "sleeps and switches kernel stacks (assembly); the JVM has one stack per thread";
    private static final Event PINGS = new Event("ktest pings");
    private static final Event PONGS = new Event("ktest pongs");
    private static final Event ALONE = new Event("ktest event");
    /** The round the pinger asked for, and the last the ponger answered: no lock guards them. */
    private static volatile long asked;
    private static volatile long answered;
    /** Awaits of the ponger that ran out of time (a lost wake-up). */
    private static volatile long pongerTimeouts;

    /** Answers rounds 1..arg: waits until it is asked for each, answers, signals. Returns its CPU. */
    private static final class Ponger implements TaskBody {
        @Override
        public long run(Task self, long arg) {
            for (long i = 1; i <= arg; i++) {
                while (true) {
                    int ticket = PINGS.ticket();
                    if (asked >= i) {
                        break;
                    }
                    if (!PINGS.await(ticket, Timer.HZ)) {
                        pongerTimeouts++;
                    }
                }
                answered = i;
                PONGS.signal();
            }
            return PerCpu.index();
        }
    }

    private static final TaskBody PONGER = new Ponger();

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void aSignalAfterTheTicketEndsTheAwaitAtOnce() {
        int ticket = ALONE.ticket();
        ALONE.signal();
        long t0 = Timer.ticks();
        Check.isTrue(ALONE.await(ticket, 10 * Timer.HZ), "woken, not timed out");
        Check.isTrue(Timer.ticks() - t0 < Timer.HZ, "at once");
        ticket = ALONE.ticket();
        Check.isTrue(!ALONE.await(ticket, 2), "no signal since the ticket: the time runs out");
    }

    @KTest(only = KTest.World.KERNEL, reason = REASON)
    static void pingPongsAcrossCpusLoseNoWakeUp() {
        int last = 63 - Long.numberOfLeadingZeros(Smp.onlineMask());
        long rounds = 5000;
        asked = 0;
        answered = 0;
        pongerTimeouts = 0;
        Task t = Scheduler.spawnOn("ponger", PONGER, rounds, 0, false, 1L << last);
        Check.isTrue(t != null, "spawned");
        long timeouts = 0;
        for (long i = 1; i <= rounds; i++) {
            asked = i;
            PINGS.signal();
            while (true) {
                int ticket = PONGS.ticket();
                if (answered >= i) {
                    break;
                }
                if (!PONGS.await(ticket, Timer.HZ)) {
                    timeouts++;
                }
            }
        }
        Check.equal(last, Scheduler.join(t), "the ponger ran on the last CPU");
        Check.equal(rounds, answered, "every round answered");
        Check.equal(0, timeouts, "no await of the pinger ran out of time");
        Check.equal(0, pongerTimeouts, "no await of the ponger ran out of time");
    }
}
