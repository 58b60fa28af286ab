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
        Process t = pid == 0 ? p : Processes.holdGroup((int) pid);
        long r = setpgid(p, t, pgid);
        if (pid != 0) {
            Processes.put(t);
        }
        return r;
    }

    /** setpgid of {@code t} (held, or the caller), or null. */
    private static long setpgid(Process p, Process t, long pgid) {
        if (t == null || t != p && t.parent != p) {
            return -Errno.ESRCH;
        }
        if (t.sid != p.sid || t.pid == t.sid) {
            return -Errno.EPERM;                    // another session, or a session leader
        }
        int group = pgid == 0 ? t.pid : (int) pgid;
        if (group != t.pid && !exists(group, p.sid)) {
            return -Errno.EPERM;
        }
        t.pgid = group;
        return 0;
    }

    /**
     * Whether process group {@code group} has a member in session {@code sid}. A zombie not yet
     * reaped is one, as on Linux (its pid and group stay until the wait): a shell's pipeline
     * whose first process has ended still has its group, which the later ones join (setpgid)
     * and make the terminal's foreground (TIOCSPGRP).
     */
    static boolean exists(int group, int sid) {
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process q = Processes.slot(slot);
            if (q != null && q.group == q && q.pgid == group && q.sid == sid) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether process group {@code group} is orphaned (POSIX), {@code ignore} left out (a process
     * that is ending, or null): no live member has a live parent in another group of the same
     * session. A member with no parent (started by the kernel) links the group to nobody.
     */
    static boolean orphaned(int group, Process ignore) {
        boolean orphan = true;
        Processes.lockTree();
        for (int slot = 0; slot < Processes.MAX && orphan; slot++) {
            Process q = Processes.slot(slot);
            if (q == null || q.zombie || q.group != q || q == ignore || q.pgid != group) {
                continue;
            }
            Process parent = q.parent;
            if (parent != null && parent != ignore && !parent.zombie && parent.pgid != group && parent.sid == q.sid) {
                orphan = false;
            }
        }
        Processes.unlockTree();
        return orphan;
    }

    /** Whether a live member of group {@code group} is stopped. */
    static boolean hasStopped(int group) {
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process q = Processes.slot(slot);
            if (q != null && !q.zombie && q.group == q && q.pgid == group && q.stopped) {
                return true;
            }
        }
        return false;
    }

    /**
     * After {@code p} ended (its children given away): a group it leaves orphaned — its own,
     * when its parent was the group's link, or a child's group of its session — that has a
     * stopped member gets SIGHUP, then SIGCONT (Linux's kill_orphaned_pgrp), so no job stays
     * stopped with no one left to continue it.
     */
    static void orphanedByExit(Process p, Process parent) {
        if (parent != null && parent.pgid != p.pgid && parent.sid == p.sid) {
            hangUpIfStopped(p.pgid, p);
        }
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process c = Processes.slot(slot);
            if (c != null && c.group == c && c.formerParent == p.pid) {
                c.formerParent = 0;
                if (!c.zombie && c.pgid != p.pgid && c.sid == p.sid) {
                    hangUpIfStopped(c.pgid, p);
                }
            }
        }
    }

    private static void hangUpIfStopped(int group, Process ending) {
        if (hasStopped(group) && orphaned(group, ending)) {
            Signals.sendGroup(group, Signals.SIGHUP);
            Signals.sendGroup(group, Signals.SIGCONT);
        }
    }

    static long getpgid(Process p, long pid) {
        if (pid == 0) {
            return p.pgid;
        }
        Process t = Processes.holdGroup((int) pid);
        long r = t == null ? -Errno.ESRCH : t.pgid;
        Processes.put(t);
        return r;
    }

    static long getsid(Process p, long pid) {
        if (pid == 0) {
            return p.sid;
        }
        Process t = Processes.holdGroup((int) pid);
        long r = t == null ? -Errno.ESRCH : t.sid;
        Processes.put(t);
        return r;
    }

    static long setsid(Process p) {
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process q = Processes.slot(slot);
            if (q != null && q.group == q && q.pgid == p.pid) {
                return -Errno.EPERM;                // already leads a group
            }
        }
        p.sid = p.pid;
        p.pgid = p.pid;
        return p.pid;
    }
}
