package org.zeptux.kernel.sched;

/** What a kernel thread runs: {@code run} gets its task and the argument it was spawned with; returning exits it. */
public interface TaskBody {
    /** The thread's work; the value returned is its exit status (for {@link Scheduler#join}). */
    long run(Task self, long arg);
}
