package org.zeptux.kernel.sync;

import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.sched.Task;

/** What lock misuse reports print. */
final class Locks {
    private Locks() {}

    /** Prints {@code  (task T NAME; held by task U NAME)}, the holder part only when there is one. */
    static void printTasks(Task self, Task owner) {
        Print.str(" (");
        task(self);
        if (owner != null) {
            Print.str("; held by ");
            task(owner);
        }
        Print.str(")");
    }

    private static void task(Task t) {
        if (t == null) {
            Print.str("no task");
        } else {
            Printf.printf("task %d %s", t.tid(), Printf.s(t.name()));
        }
    }
}
