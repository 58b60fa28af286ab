/* handlers: signal delivery to handlers on the user stack and rt_sigreturn: the handler gets its
   signal number, siginfo and ucontext; the interrupted code's registers and FPU state come back;
   the mask is extended while the handler runs and restored after; SA_NODEFER, SA_RESETHAND,
   SIG_IGN, blocked signals delivered when unblocked, SIGCHLD from an exiting child, EINTR, a
   SIGSEGV handler that leaves with siglongjmp. */
#include "check.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile sig_atomic_t count;
static volatile int last;
static volatile int blocked_inside;
static volatile int code;
static volatile double fpu_in_handler;
static sigjmp_buf escape;

static void counter(int sig, siginfo_t *info, void *uc) {
    count++;
    last = sig;
    code = info != NULL && uc != NULL ? info->si_signo : -1;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    blocked_inside = sigismember(&now, sig) + 2 * sigismember(&now, SIGUSR2);
    volatile double x = 1.0;
    for (int i = 0; i < 10; i++) {
        x = x * 3.0 + 1.0;            /* the handler uses the FPU too */
    }
    fpu_in_handler = x;
}

static void on_segv(int sig) {
    siglongjmp(escape, sig);
}

static struct sigaction with(void (*h)(int, siginfo_t *, void *), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    return sa;
}

int main(int argc, char **argv) {
    start(argc, argv);
    struct sigaction sa = with(counter, 0);
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "a SIGUSR1 handler");
    volatile double kept = 2.5;
    CHECK(raise(SIGUSR1) == 0 && count == 1 && last == SIGUSR1 && code == SIGUSR1, "raise runs the handler with siginfo");
    CHECK(blocked_inside == 3, "inside it, SIGUSR1 and sa_mask's SIGUSR2 were blocked");
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    CHECK(!sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2), "after it, the mask is as before");
    CHECK(kept * 2.0 == 5.0 && fpu_in_handler > 1000.0, "the FPU registers of both sides survived");

    /* A blocked signal waits until it is unblocked. */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    kill(getpid(), SIGUSR1);
    CHECK(count == 1, "a blocked signal is not delivered");
    sigset_t pending;
    sigpending(&pending);
    CHECK(sigismember(&pending, SIGUSR1), "it is pending");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    CHECK(count == 2, "unblocking delivers it");

    /* SA_NODEFER, SA_RESETHAND. */
    sa = with(counter, SA_NODEFER | SA_RESETHAND);
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    CHECK(count == 3 && last == SIGUSR2 && (blocked_inside & 1) == 0, "SA_NODEFER: not blocked in its own handler");
    struct sigaction old;
    sigaction(SIGUSR2, NULL, &old);
    CHECK(old.sa_handler == SIG_DFL, "SA_RESETHAND: the action is back to SIG_DFL");

    /* SIG_IGN */
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    CHECK(count == 3, "an ignored signal does nothing");

    /* SIGCHLD from an exiting child. */
    sa = with(counter, 0);
    sigaction(SIGCHLD, &sa, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK(last == SIGCHLD && count == 4, "SIGCHLD when a child exits");
    signal(SIGCHLD, SIG_DFL);

    /* A signal interrupts nanosleep: EINTR (the sender is a child). */
    sa = with(counter, 0);
    sigaction(SIGUSR1, &sa, NULL);
    pid_t parent = getpid();
    pid = fork();
    if (pid == 0) {
        usleep(20000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    struct timespec t = {5, 0};
    ERR(nanosleep(&t, NULL), EINTR, "nanosleep of 5 s interrupted by a signal");
    CHECK(last == SIGUSR1 && count == 5, "and the handler ran");
    waitpid(pid, &status, 0);

    /* wait4 interrupted. */
    pid = fork();
    if (pid == 0) {
        usleep(20000);
        kill(parent, SIGUSR1);
        usleep(40000);
        _exit(0);
    }
    ERR(waitpid(pid, &status, 0), EINTR, "wait4 interrupted by a signal");
    CHECK(waitpid(pid, &status, 0) == pid, "then waited for again");

    /* With SA_RESTART the interrupted wait4 is made again: it returns the child. */
    sa = with(counter, SA_RESTART);
    sigaction(SIGUSR1, &sa, NULL);
    int before = count;
    pid = fork();
    if (pid == 0) {
        usleep(20000);
        kill(parent, SIGUSR1);
        usleep(40000);
        _exit(5);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 5 && count == before + 1,
          "SA_RESTART: the handler ran and wait4 went on to return the child");

    /* A fault caught: SIGSEGV's handler leaves by siglongjmp. */
    signal(SIGSEGV, on_segv);
    int sig = sigsetjmp(escape, 1);
    if (sig == 0) {
        volatile int *volatile nowhere = (volatile int *) 8;
        *nowhere = 1;
        CHECK(0, "the null write faults");
    } else {
        CHECK(sig == SIGSEGV, "a null write runs the SIGSEGV handler, which jumps out");
    }
    ERR(kill(getpid(), 65), EINVAL, "kill with signal 65");
    return done("handlers");
}
