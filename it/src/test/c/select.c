/* select: select and pselect6 over pipes and files — fd_set bitmaps in and out, the count, a
   timeout (and the time left written back by the system call), EBADF, EINVAL, EINTR, pselect6's
   signal mask; and statx: STATX_BASIC_STATS, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, agreeing with
   stat. The system calls are made straight (musl's wrappers copy the timeout). */
#include "check.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdint.h>
#include <sys/sysmacros.h>
#include <time.h>

/* struct statx and its mask bits (linux/stat.h; musl 1.2.3 has no statx). */
struct statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t reserved;
};
struct statx {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, spare0;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t spare[14];
};
#define STATX_TYPE 0x1U
#define STATX_BASIC_STATS 0x7ffU

static volatile int handled;

static void on_signal(int sig) {
    (void) sig;
    handled++;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long sys_select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv) {
    return syscall(SYS_select, n, r, w, e, tv);
}

int main(int argc, char **argv) {
    start(argc, argv);
    int p[2];
    CHECK(pipe(p) == 0, "a pipe");
    fd_set r, w, e;

    /* An empty pipe: its write end is ready, its read end is not. */
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(p[0], &r);
    FD_SET(p[1], &w);
    struct timeval tv = {0, 0};
    long n = sys_select(p[1] + 1, &r, &w, NULL, &tv);
    CHECK(n == 1 && !FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w), "select: the write end is ready, the read end's bit is cleared");

    /* A byte in it: both ready, counted per set. */
    CHECK(write(p[1], "x", 1) == 1, "a byte written");
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(p[0], &r);
    FD_SET(p[1], &w);
    FD_SET(p[0], &w);
    n = sys_select(p[1] + 1, &r, &w, NULL, NULL);
    CHECK(n == 2 && FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w) && !FD_ISSET(p[0], &w),
          "select: 2 ready (the read end readable; the read end not writable)");
    FD_ZERO(&e);
    FD_SET(p[0], &e);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    n = sys_select(p[0] + 1, NULL, NULL, &e, &tv);
    CHECK(n == 0 && !FD_ISSET(p[0], &e), "select: no exceptional condition on a pipe");

    /* A timeout: 0 after it, the sets cleared, the time left written back (0). */
    char c;
    CHECK(read(p[0], &c, 1) == 1, "the byte read");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv.tv_sec = 0;
    tv.tv_usec = 100000;
    long long t0 = now_ns();
    n = sys_select(p[0] + 1, &r, NULL, NULL, &tv);
    long long took = now_ns() - t0;
    CHECK(n == 0 && !FD_ISSET(p[0], &r) && took >= 100000000LL, "select 100 ms on an empty pipe: 0 after its time, the set cleared");
    CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "the time left written back: 0");
    tv.tv_sec = 0;
    tv.tv_usec = 1500000;
    FD_ZERO(&w);
    FD_SET(p[1], &w);
    CHECK(sys_select(p[1] + 1, NULL, &w, NULL, &tv) == 1, "tv_usec of 1.5 s is taken as 1.5 s");

    /* Errors. */
    FD_ZERO(&r);
    FD_SET(40, &r);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    ERR(sys_select(41, &r, NULL, NULL, &tv), EBADF, "select of a closed descriptor");
    ERR(sys_select(-1, NULL, NULL, NULL, &tv), EINVAL, "select with n -1");
    tv.tv_sec = -1;
    ERR(sys_select(1, NULL, NULL, NULL, &tv), EINVAL, "select with a negative timeout");
    tv.tv_sec = 0;
    ERR(sys_select(p[0] + 1, (fd_set *) 1, NULL, NULL, &tv), EFAULT, "select with a bad set");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    FD_SET(p[0] + 64, &r);
    CHECK(sys_select(p[0] + 1, &r, NULL, NULL, &tv) == 0, "bits at or above n are not looked at");
    CHECK(sys_select(0, NULL, NULL, NULL, &tv) == 0, "select of nothing with a zero timeout: 0");

    /* A file is always ready. */
    int f = open(at("hello.txt"), O_RDONLY);
    FD_ZERO(&r);
    FD_SET(f, &r);
    CHECK(f >= 0 && sys_select(f + 1, &r, NULL, NULL, NULL) == 1 && FD_ISSET(f, &r), "select: a regular file is readable");

    /* Ready when a child writes; EINTR when a signal's handler runs. */
    pid_t child = fork();
    if (child == 0) {
        struct timespec d = {0, 100000000L};
        nanosleep(&d, NULL);
        if (write(p[1], "y", 1) != 1) {
            _exit(1);
        }
        _exit(0);
    }
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv.tv_sec = 5;
    tv.tv_usec = 0;
    n = sys_select(p[0] + 1, &r, NULL, NULL, &tv);
    CHECK(n == 1 && FD_ISSET(p[0], &r) && tv.tv_sec >= 2 && tv.tv_sec <= 4, "select wakes when a child writes; the time left written back");
    waitpid(child, NULL, 0);
    CHECK(read(p[0], &c, 1) == 1, "its byte read");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGUSR1, &sa, NULL);
    pid_t parent = getpid();
    child = fork();
    if (child == 0) {
        struct timespec d = {0, 100000000L};
        nanosleep(&d, NULL);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv.tv_sec = 5;
    tv.tv_usec = 0;
    handled = 0;
    errno = 0;
    n = sys_select(p[0] + 1, &r, NULL, NULL, &tv);
    int err = errno;
    CHECK(n == -1 && err == EINTR && handled == 1 && FD_ISSET(p[0], &r), "select: EINTR after the handler, the sets left as they were");
    CHECK(tv.tv_sec >= 2 && tv.tv_sec <= 4, "and the time left written back");
    waitpid(child, NULL, 0);

    /* pselect6: its mask lets a blocked signal through only while it waits. */
    sigset_t block, during, after;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigemptyset(&during);
    child = fork();
    if (child == 0) {
        struct timespec d = {0, 100000000L};
        nanosleep(&d, NULL);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    struct {
        const sigset_t *set;
        size_t size;
    } mask = {&during, 8};
    struct timespec ts = {5, 0};
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    handled = 0;
    errno = 0;
    n = syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &mask);
    err = errno;
    sigprocmask(SIG_SETMASK, NULL, &after);
    CHECK(n == -1 && err == EINTR && handled == 1, "pselect6: the signal its mask lets through ends it with EINTR after the handler");
    CHECK(sigismember(&after, SIGUSR1) == 1, "the old mask is back after pselect6");
    CHECK(ts.tv_sec >= 2 && ts.tv_sec <= 4, "pselect6 wrote the time left back");
    waitpid(child, NULL, 0);
    mask.size = 4;
    ts.tv_sec = 0;
    ERR(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &mask), EINVAL, "pselect6 with a sigset size of 4");
    ts.tv_nsec = 1000000000L;
    mask.size = 8;
    ERR(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &mask), EINVAL, "pselect6 with tv_nsec 1e9");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    close(p[0]);
    close(p[1]);

    /* statx. */
    struct statx sx;
    struct stat st;
    memset(&sx, 0, sizeof sx);
    CHECK(syscall(SYS_statx, AT_FDCWD, at("hello.txt"), 0, STATX_BASIC_STATS, &sx) == 0 && stat(at("hello.txt"), &st) == 0,
          "statx and stat of hello.txt");
    CHECK((sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS, "stx_mask has STATX_BASIC_STATS");
    CHECK(sx.stx_size == HELLO_SIZE && (long long) sx.stx_size == (long long) st.st_size, "stx_size %llu", (unsigned long long) sx.stx_size);
    CHECK(sx.stx_mode == st.st_mode && S_ISREG(sx.stx_mode) && (sx.stx_mode & 0777) == 0644, "stx_mode 0%o, as stat's", sx.stx_mode);
    CHECK(sx.stx_ino == st.st_ino && sx.stx_nlink == st.st_nlink && sx.stx_uid == st.st_uid && sx.stx_gid == st.st_gid,
          "stx_ino, stx_nlink, stx_uid, stx_gid as stat's");
    CHECK(sx.stx_blocks == (unsigned long long) st.st_blocks && sx.stx_mtime.tv_sec == st.st_mtim.tv_sec
          && sx.stx_mtime.tv_nsec == (unsigned) st.st_mtim.tv_nsec, "stx_blocks, stx_mtime as stat's");
    CHECK(sx.stx_dev_major == major(st.st_dev) && sx.stx_dev_minor == minor(st.st_dev), "stx_dev as stat's st_dev");
    memset(&sx, 0, sizeof sx);
    CHECK(syscall(SYS_statx, f, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx) == 0 && sx.stx_size == HELLO_SIZE,
          "statx AT_EMPTY_PATH of an open file");
    memset(&sx, 0, sizeof sx);
    CHECK(syscall(SYS_statx, AT_FDCWD, at("link"), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) == 0 && S_ISLNK(sx.stx_mode),
          "statx AT_SYMLINK_NOFOLLOW of a link: the link");
    memset(&sx, 0, sizeof sx);
    CHECK(syscall(SYS_statx, AT_FDCWD, at("link"), 0, STATX_BASIC_STATS, &sx) == 0 && S_ISREG(sx.stx_mode) && sx.stx_size == HELLO_SIZE,
          "statx of a link follows it");
    memset(&sx, 0, sizeof sx);
    CHECK(syscall(SYS_statx, AT_FDCWD, data_dir, 0, STATX_TYPE, &sx) == 0 && S_ISDIR(sx.stx_mode) && (sx.stx_mask & STATX_TYPE),
          "statx of a directory with only STATX_TYPE asked");
    ERR(syscall(SYS_statx, AT_FDCWD, at("missing"), 0, STATX_BASIC_STATS, &sx), ENOENT, "statx of a missing file");
    ERR(syscall(SYS_statx, AT_FDCWD, at("hello.txt"), 0, 0x80000000u, &sx), EINVAL, "statx with STATX__RESERVED");
    ERR(syscall(SYS_statx, AT_FDCWD, at("hello.txt"), 0x12345678, STATX_BASIC_STATS, &sx), EINVAL, "statx with unknown flags");
    ERR(syscall(SYS_statx, AT_FDCWD, at("hello.txt"), 0, STATX_BASIC_STATS, (void *) 1), EFAULT, "statx to a bad buffer");
    ERR(syscall(SYS_statx, 99, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx), EBADF, "statx AT_EMPTY_PATH of a bad descriptor");
    ERR(syscall(SYS_statx, AT_FDCWD, "", 0, STATX_BASIC_STATS, &sx), ENOENT, "statx of an empty path without AT_EMPTY_PATH");
    close(f);

    /* Descriptors past the first word of an fd_set: a pipe's ends at 700 and 900. */
    int hp[2];
    CHECK(pipe(hp) == 0 && dup2(hp[0], 700) == 700 && dup2(hp[1], 900) == 900, "a pipe's ends at descriptors 700 and 900");
    fd_set hr, hw;
    FD_ZERO(&hr);
    FD_ZERO(&hw);
    FD_SET(700, &hr);
    FD_SET(900, &hw);
    struct timeval none = {0, 0};
    CHECK(select(901, &hr, &hw, NULL, &none) == 1 && !FD_ISSET(700, &hr) && FD_ISSET(900, &hw),
          "select of 700 and 900: the write end is ready, the read end not yet");
    CHECK(write(900, "x", 1) == 1, "a byte written at 900");
    FD_ZERO(&hr);
    FD_SET(700, &hr);
    none.tv_sec = 0;
    none.tv_usec = 0;
    CHECK(select(701, &hr, NULL, NULL, &none) == 1 && FD_ISSET(700, &hr), "then 700 is readable");
    FD_ZERO(&hr);
    FD_SET(650, &hr);
    ERR(select(701, &hr, NULL, NULL, &none), EBADF, "select of a closed descriptor, 650");
    close(700);
    close(900);
    close(hp[0]);
    close(hp[1]);
    return done("select");
}
