package org.zeptux.kernel.proc;

/** Linux's error numbers (asm-generic/errno-base.h, errno.h): a system call returns -errno. */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int ENOTBLK = 15;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int EOVERFLOW = 75;
    public static final int EOPNOTSUPP = 95;
    public static final int ETIMEDOUT = 110;
    /**
     * Not an errno a program ever sees (Linux's ERESTARTSYS): a blocking call a signal interrupted
     * returns it; on the way back to user mode it becomes a restart of the call (the handler has
     * SA_RESTART, or no handler ran) or -EINTR ({@link Signals#deliver}).
     */
    public static final int ERESTARTSYS = 512;
    /** As ERESTARTSYS, but -EINTR whenever a handler runs, SA_RESTART or not (pause, rt_sigsuspend, an absolute clock_nanosleep). */
    public static final int ERESTARTNOHAND = 514;
    /**
     * A relative nanosleep a signal interrupted: -EINTR when a handler runs; else the call goes on
     * through restart_syscall(2) with the time it had left ({@link TimeCalls#restart}).
     */
    public static final int ERESTART_RESTARTBLOCK = 516;
}
