/* siginfo: what a signal carries to an SA_SIGINFO handler and to rt_sigtimedwait — si_code
   (SI_USER for kill, SI_TKILL for tkill/tgkill, CLD_EXITED and CLD_KILLED for SIGCHLD, SEGV_MAPERR
   and SEGV_ACCERR for faults), si_pid (the sender, the child), si_uid, si_status, si_addr. Pids
   are compared with getpid() and fork's result, never printed. */
#include "check.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

static volatile int got_signo;
static volatile int got_code;
static volatile pid_t got_pid;
static volatile uid_t got_uid;
static volatile int got_status;
static void *volatile got_addr;
static sigjmp_buf back;

static void on_signal(int sig, siginfo_t *info, void *uc) {
    (void) uc;
    got_signo = sig;
    got_code = info->si_code;
    got_pid = info->si_pid;
    got_uid = info->si_uid;
    if (sig == SIGCHLD) {
        got_status = info->si_status;
    }
}

static void on_fault(int sig, siginfo_t *info, void *uc) {
    (void) uc;
    got_signo = sig;
    got_code = info->si_code;
    got_addr = info->si_addr;
    siglongjmp(back, 1);
}

int main(int argc, char **argv) {
    start(argc, argv);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);
    pid_t me = getpid();

    got_code = 99;
    CHECK(kill(me, SIGUSR1) == 0 && got_signo == SIGUSR1 && got_code == SI_USER && got_pid == me && got_uid == getuid(),
          "kill: si_code SI_USER, si_pid the sender, si_uid its uid");
    got_code = 99;
    CHECK(syscall(SYS_tgkill, me, me, SIGUSR1) == 0 && got_code == SI_TKILL && got_pid == me, "tgkill: si_code SI_TKILL, si_pid the sender");
    got_code = 99;
    CHECK(raise(SIGUSR1) == 0 && got_code == SI_TKILL, "raise (tkill): SI_TKILL");

    /* SIGCHLD names the child and how it ended. */
    pid_t pid = fork();
    if (pid == 0) {
        _exit(9);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    CHECK(got_signo == SIGCHLD && got_code == CLD_EXITED && got_pid == pid && got_status == 9,
          "SIGCHLD for an exit: CLD_EXITED, si_pid the child, si_status its exit code");

    pid = fork();
    if (pid == 0) {
        for (;;) {
            pause();
        }
    }
    kill(pid, SIGTERM);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    CHECK(got_signo == SIGCHLD && got_code == CLD_KILLED && got_pid == pid && got_status == SIGTERM,
          "SIGCHLD for a kill: CLD_KILLED, si_status the signal");

    /* rt_sigtimedwait's siginfo: a blocked SIGUSR2 from a child. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    pid = fork();
    if (pid == 0) {
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    siginfo_t info;
    memset(&info, 0x55, sizeof info);
    int r = sigwaitinfo(&set, &info);
    CHECK(r == SIGUSR2 && info.si_signo == SIGUSR2 && info.si_code == SI_USER && info.si_pid == pid && info.si_uid == getuid()
          && info.si_errno == 0, "sigwaitinfo: si_signo, SI_USER, si_pid the child, si_uid, si_errno 0");
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    /* Faults: si_addr is the address, si_code whether it was mapped. */
    struct sigaction f;
    memset(&f, 0, sizeof f);
    f.sa_sigaction = on_fault;
    f.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &f, NULL);
    volatile int *bad = (volatile int *) 0x1000;
    if (sigsetjmp(back, 1) == 0) {
        *bad = 1;
    }
    CHECK(got_signo == SIGSEGV && got_code == SEGV_MAPERR && got_addr == (void *) 0x1000,
          "a write to an unmapped page: SIGSEGV, SEGV_MAPERR, si_addr the address");
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    got_code = 99;
    if (sigsetjmp(back, 1) == 0) {
        ro[8] = 1;
    }
    CHECK(got_signo == SIGSEGV && got_code == SEGV_ACCERR && got_addr == ro + 8,
          "a write to a read-only page: SEGV_ACCERR, si_addr the address");
    munmap(ro, 4096);
    return done("siginfo");
}
