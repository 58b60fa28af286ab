/* sleeps: sleeping for a time or a signal — nanosleep, clock_nanosleep, pause, rt_sigsuspend,
   rt_sigtimedwait, ppoll's mask. A sleeper is woken by its signal or its time, not by looking
   again every tick: how often it ran while it slept comes from /proc/self/status's
   voluntary_ctxt_switches (Linux: once per sleep; a kernel that polls each 10 ms tick: 20 times
   in 200 ms). A signal ends the sleep at once, with the time left written back for nanosleep. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile int handled;
static volatile int last;

static void on_signal(int sig) {
    handled++;
    last = sig;
}

/* The process's voluntary context switches so far, from /proc/self/status; -1 if unreadable. */
static long switches(void) {
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) {
        return -1;
    }
    buf[n] = 0;
    char *at = strstr(buf, "\nvoluntary_ctxt_switches:");
    return at == NULL ? -1 : atol(at + strlen("\nvoluntary_ctxt_switches:"));
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, ms % 1000 * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* A child that sleeps MS milliseconds, then sends SIG to us and exits. */
static pid_t signal_later(long ms, int sig) {
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(ms);
        kill(parent, sig);
        _exit(0);
    }
    return pid;
}

static void reap(pid_t pid) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

int main(int argc, char **argv) {
    start(argc, argv);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;          /* no SA_RESTART: the sleeps end with EINTR */
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    CHECK(switches() >= 0, "/proc/self/status has voluntary_ctxt_switches");

    /* nanosleep for its time: woken once, not every tick. */
    long before = switches();
    long long t0 = now_ns();
    struct timespec req = {0, 200000000L};
    struct timespec rem = {-1, -1};
    int r = nanosleep(&req, &rem);
    long long took = now_ns() - t0;
    long woke = switches() - before;
    CHECK(r == 0 && took >= 200000000LL, "nanosleep 200 ms returns 0 after at least 200 ms");
    CHECK(woke >= 1 && woke <= 3, "nanosleep 200 ms: the sleeper ran at most 3 times, not every tick");
    CHECK(rem.tv_sec == -1 && rem.tv_nsec == -1, "nanosleep that ran its time leaves rem alone");

    /* nanosleep ended by a signal: EINTR at once, the time left in rem. */
    pid_t child = signal_later(100, SIGUSR1);
    handled = 0;
    t0 = now_ns();
    req.tv_sec = 5;
    req.tv_nsec = 0;
    errno = 0;
    r = nanosleep(&req, &rem);
    int e = errno;
    took = now_ns() - t0;
    CHECK(r == -1 && e == EINTR && handled == 1 && last == SIGUSR1, "a signal ends nanosleep 5 s with EINTR after its handler");
    CHECK(took < 3000000000LL, "nanosleep ended well before its time");
    CHECK(rem.tv_sec >= 2 && rem.tv_sec <= 4 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000L,
          "rem holds the time left (between 2 and 5 s)");
    reap(child);

    /* clock_nanosleep TIMER_ABSTIME ended by a signal: EINTR, rem untouched. */
    child = signal_later(100, SIGUSR1);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += 5;
    rem.tv_sec = -1;
    rem.tv_nsec = -1;
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, &rem);
    CHECK(r == EINTR && rem.tv_sec == -1 && rem.tv_nsec == -1, "clock_nanosleep TIMER_ABSTIME: EINTR, rem left alone");
    reap(child);
    ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, NULL, NULL), EFAULT, "clock_nanosleep with a null request");
    req.tv_nsec = 1000000000L;
    ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL, "nanosleep with tv_nsec 1e9");
    req.tv_nsec = 0;
    req.tv_sec = 0;
    CHECK(syscall(SYS_nanosleep, &req, (void *) 1) == 0, "a zero nanosleep returns 0 (its rem is not written)");

    /* pause: woken by the signal, once. */
    child = signal_later(200, SIGUSR2);
    handled = 0;
    before = switches();
    errno = 0;
    r = pause();
    e = errno;
    woke = switches() - before;
    CHECK(r == -1 && e == EINTR && handled == 1 && last == SIGUSR2, "pause returns EINTR after the handler");
    CHECK(woke >= 1 && woke <= 4, "pause: the sleeper ran at most 4 times in 200 ms, not every tick");
    reap(child);

    /* rt_sigsuspend: SIGUSR1 blocked outside, let through inside, blocked again after. */
    sigset_t block, old, during, after;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    child = signal_later(200, SIGUSR1);
    sigemptyset(&during);
    handled = 0;
    before = switches();
    errno = 0;
    r = sigsuspend(&during);
    e = errno;
    woke = switches() - before;
    sigprocmask(SIG_SETMASK, NULL, &after);
    CHECK(r == -1 && e == EINTR && handled == 1 && last == SIGUSR1, "sigsuspend returns EINTR after the handler");
    CHECK(woke >= 1 && woke <= 4, "sigsuspend: the sleeper ran at most 4 times in 200 ms");
    CHECK(sigismember(&after, SIGUSR1) == 1, "after sigsuspend SIGUSR1 is blocked again");
    reap(child);

    /* rt_sigtimedwait: the timeout, then a blocked signal taken without its handler. */
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGUSR1);
    struct timespec wait = {0, 200000000L};
    before = switches();
    t0 = now_ns();
    errno = 0;
    r = sigtimedwait(&wanted, NULL, &wait);
    e = errno;
    took = now_ns() - t0;
    woke = switches() - before;
    CHECK(r == -1 && e == EAGAIN && took >= 200000000LL, "sigtimedwait 200 ms with nothing sent: EAGAIN after its time");
    CHECK(woke >= 1 && woke <= 3, "sigtimedwait: the sleeper ran at most 3 times");
    child = signal_later(100, SIGUSR1);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    wait.tv_sec = 5;
    handled = 0;
    t0 = now_ns();
    r = sigtimedwait(&wanted, &info, &wait);
    took = now_ns() - t0;
    CHECK(r == SIGUSR1 && info.si_signo == SIGUSR1 && handled == 0, "sigtimedwait takes the blocked SIGUSR1 sent meanwhile; no handler runs");
    CHECK(took < 3000000000LL, "it returned as the signal came, well before its timeout");
    reap(child);
    sigaddset(&wanted, SIGCHLD);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, NULL);
    child = fork();
    if (child == 0) {
        sleep_ms(100);
        _exit(7);
    }
    r = sigtimedwait(&wanted, &info, &wait);
    CHECK(r == SIGCHLD, "sigtimedwait takes a blocked SIGCHLD (ignored by default) when a child exits");
    reap(child);

    /* ppoll's mask: in force only while it waits. */
    int fds[2];
    CHECK(pipe(fds) == 0 && write(fds[1], "x", 1) == 1, "a pipe with a byte in it");
    sigprocmask(SIG_BLOCK, &block, NULL);
    kill(getpid(), SIGUSR1);            /* pending, blocked */
    struct pollfd pfd = {fds[0], POLLIN, 0};
    struct timespec pt = {5, 0};
    handled = 0;
    r = ppoll(&pfd, 1, &pt, &during);
    sigset_t pending;
    sigpending(&pending);
    CHECK(r == 1 && (pfd.revents & POLLIN) && handled == 0,
          "ppoll with a ready descriptor returns it; the signal its mask lets through is not delivered");
    CHECK(sigismember(&pending, SIGUSR1) == 1, "the signal is still pending, blocked again");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    CHECK(handled == 1 && last == SIGUSR1, "unblocking it runs the handler");
    sigprocmask(SIG_BLOCK, &block, NULL);
    pfd.fd = fds[1];
    pfd.events = 0;
    child = signal_later(100, SIGUSR1);
    handled = 0;
    before = switches();
    t0 = now_ns();
    errno = 0;
    r = (int) syscall(SYS_ppoll, &pfd, 1, &pt, &during, 8);   /* musl's ppoll passes a copy of the timeout */
    e = errno;
    took = now_ns() - t0;
    sigprocmask(SIG_SETMASK, NULL, &after);
    CHECK(r == -1 && e == EINTR && handled == 1 && took < 3000000000LL, "ppoll waiting with SIGUSR1 let through: EINTR at once after the handler");
    CHECK(sigismember(&after, SIGUSR1) == 1, "after ppoll the old mask is back");
    CHECK(pt.tv_sec >= 2 && pt.tv_sec <= 4, "ppoll (the system call) wrote the time left back");
    reap(child);
    close(fds[0]);
    close(fds[1]);
    sigprocmask(SIG_SETMASK, &old, NULL);
    (void) r;
    return done("sleeps");
}
