/* signals: rt_sigaction and rt_sigprocmask record what they are given and report it back.
   (No signal is delivered here: fault and loop are killed by theirs.) */
#include "check.h"
#include <signal.h>

static void handler(int sig) {
    (void) sig;
}

static int contains(const sigset_t *set, int sig) {
    return sigismember(set, sig) == 1;
}

int main(int argc, char **argv) {
    start(argc, argv);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1: a handler");
    CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == handler && (old.sa_flags & SA_RESTART)
          && contains(&old.sa_mask, SIGUSR2), "sigaction reads back the handler, SA_RESTART and the mask");
    sa.sa_handler = SIG_IGN;
    CHECK(sigaction(SIGUSR1, &sa, &old) == 0 && old.sa_handler == handler, "sigaction SIG_IGN returns the old handler");
    CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == SIG_IGN, "and SIG_IGN is recorded");
    CHECK(sigaction(SIGTERM, NULL, &old) == 0 && old.sa_handler == SIG_DFL, "SIGTERM's action is SIG_DFL");
    ERR(sigaction(SIGKILL, &sa, NULL), EINVAL, "sigaction SIGKILL");
    ERR(sigaction(SIGSTOP, &sa, NULL), EINVAL, "sigaction SIGSTOP");
    ERR(syscall(SYS_rt_sigaction, 0, NULL, NULL, 8), EINVAL, "rt_sigaction of signal 0");
    ERR(syscall(SYS_rt_sigaction, 65, NULL, NULL, 8), EINVAL, "rt_sigaction of signal 65");
    ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4), EINVAL, "rt_sigaction with a sigset size of 4");
    ERR(syscall(SYS_rt_sigaction, SIGUSR1, (void *) 1, NULL, 8), EFAULT, "rt_sigaction from address 1");

    sigset_t set, now;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGKILL);
    CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask SIG_BLOCK SIGUSR1 and SIGKILL");
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 && contains(&now, SIGUSR1) && !contains(&now, SIGKILL),
          "the mask holds SIGUSR1 but not SIGKILL, which cannot be blocked");
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    CHECK(sigprocmask(SIG_SETMASK, &set, &now) == 0 && contains(&now, SIGUSR1), "SIG_SETMASK returns the old mask");
    CHECK(sigprocmask(SIG_UNBLOCK, &set, &now) == 0 && contains(&now, SIGUSR2) && !contains(&now, SIGUSR1),
          "SIG_UNBLOCK returns the mask SIG_SETMASK set");
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 && !contains(&now, SIGUSR2), "and leaves it empty");
    ERR(syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8), EINVAL, "rt_sigprocmask with how = 7");
    ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), EINVAL, "rt_sigprocmask with a sigset size of 4");
    ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *) 1, NULL, 8), EFAULT, "rt_sigprocmask from address 1");
    return done("signals");
}
