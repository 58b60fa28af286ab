package org.zeptux.kernel.proc;

/**
 * Process groups and sessions (setpgid, getpgid, setsid, getsid), with Linux's rules: a
 * process may move itself or a child of its own session into an existing group of that session
 * or a new one named by its pid; a group leader cannot start a session.
 */
final class Groups {
    private Groups() {}

    static long setpgid(Process p, long pid, long pgid) {
        if (pgid < 0) {
            return -Errno.EINVAL;
        }
        Process t = pid == 0 ? p : Processes.byPid((int) pid);
        if (t == null || t != p && t.parent != p) {
            return -Errno.ESRCH;
        }
        if (t.sid != p.sid || t.pid == t.sid) {
            return -Errno.EPERM;                    // another session, or a session leader
        }
        int group = pgid == 0 ? t.pid : (int) pgid;
        if (group != t.pid) {
            boolean exists = false;
            for (int slot = 0; slot < Processes.MAX && !exists; slot++) {
                Process q = Processes.slot(slot);
                exists = q != null && !q.zombie && q.pgid == group && q.sid == p.sid;
            }
            if (!exists) {
                return -Errno.EPERM;
            }
        }
        t.pgid = group;
        return 0;
    }

    /** Whether process group {@code group} has a live member in session {@code sid}. */
    static boolean exists(int group, int sid) {
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process q = Processes.slot(slot);
            if (q != null && !q.zombie && q.pgid == group && q.sid == sid) {
                return true;
            }
        }
        return false;
    }

    static long getpgid(Process p, long pid) {
        Process t = pid == 0 ? p : Processes.byPid((int) pid);
        return t == null ? -Errno.ESRCH : t.pgid;
    }

    static long getsid(Process p, long pid) {
        Process t = pid == 0 ? p : Processes.byPid((int) pid);
        return t == null ? -Errno.ESRCH : t.sid;
    }

    static long setsid(Process p) {
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process q = Processes.slot(slot);
            if (q != null && q.pgid == p.pid) {
                return -Errno.EPERM;                // already leads a group
            }
        }
        p.sid = p.pid;
        p.pgid = p.pid;
        return p.pid;
    }
}
