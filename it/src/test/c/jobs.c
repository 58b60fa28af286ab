/* jobs: job control's stops and continues — SIGSTOP, SIGTSTP and SIGCONT, wait4's WUNTRACED and
   WCONTINUED, waitid's WSTOPPED and WCONTINUED (si_code, si_status), SIGCHLD for a stop and a
   continue and SA_NOCLDSTOP, a stopped process not running, SIGKILL ending a stopped process,
   SIGCONT's handler, a nanosleep going on after a stop, SIGTSTP discarded in an orphaned group,
   and an orphaned group with a stopped member hung up (SIGHUP, then SIGCONT). Each child moves
   into a process group of its own, so its group is not orphaned on either kernel. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile int chld;
static volatile int chld_code;

static void on_chld(int sig, siginfo_t *info, void *uc) {
    (void) sig;
    (void) uc;
    chld++;
    chld_code = info->si_code;
}

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, ms % 1000 * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int out_fd = -1;

/* A child that writes a byte to out_fd every 10 ms, in a group of its own. */
static pid_t ticker(void) {
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        for (int i = 0; i < 1000; i++) {
            if (write(out_fd, "t", 1) != 1) {
                _exit(2);
            }
            sleep_ms(10);
        }
        _exit(0);
    }
    setpgid(pid, pid);
    return pid;
}

/* Bytes waiting in the non-blocking pipe at fd (read and dropped). */
static int drain(int fd) {
    char buf[256];
    int total = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        total += (int) n;
    }
    return total;
}

static int cont_pipe = -1;

static void on_cont(int sig) {
    (void) sig;
    if (write(cont_pipe, "C", 1) != 1) {
        _exit(4);
    }
}

static void on_hup(int sig) {
    (void) sig;
    if (write(cont_pipe, "H", 1) != 1) {
        _exit(4);
    }
    _exit(0);
}

int main(int argc, char **argv) {
    start(argc, argv);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    CHECK(sigaction(SIGCHLD, &sa, NULL) == 0, "a SIGCHLD handler");
    int fds[2];
    CHECK(pipe(fds) == 0 && fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0, "a pipe, its read end non-blocking");
    out_fd = fds[1];

    /* SIGSTOP: the child stops, wait4 WUNTRACED reports it once, the parent gets SIGCHLD. */
    pid_t pid = ticker();
    sleep_ms(50);
    chld = 0;
    int status = 0;
    CHECK(kill(pid, SIGSTOP) == 0, "kill SIGSTOP");
    CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP,
          "waitpid WUNTRACED: WIFSTOPPED, WSTOPSIG SIGSTOP");
    CHECK(status == 0x137f, "the stop status is SIGSTOP << 8 | 0x7f (0x%x)", status);
    sleep_ms(20);
    CHECK(chld == 1 && chld_code == CLD_STOPPED, "the parent got one SIGCHLD, si_code CLD_STOPPED");
    CHECK(waitpid(pid, &status, WUNTRACED | WNOHANG) == 0, "the stop is reported once");
    CHECK(waitpid(pid, &status, WNOHANG) == 0, "waitpid without WUNTRACED does not see a stop");
    drain(fds[0]);
    sleep_ms(100);
    CHECK(drain(fds[0]) == 0, "a stopped process does not run (no byte in 100 ms)");

    /* SIGCONT: it runs again, WCONTINUED reports it once, CLD_CONTINUED. */
    chld = 0;
    CHECK(kill(pid, SIGCONT) == 0, "kill SIGCONT");
    CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status) && status == 0xffff,
          "waitpid WCONTINUED: WIFCONTINUED, status 0xffff");
    sleep_ms(100);
    CHECK(drain(fds[0]) > 0, "the continued process runs again");
    CHECK(chld == 1 && chld_code == CLD_CONTINUED, "the parent got one SIGCHLD, si_code CLD_CONTINUED");
    CHECK(waitpid(pid, &status, WCONTINUED | WNOHANG) == 0, "the continue is reported once");

    /* SIGTSTP and waitid WSTOPPED / WCONTINUED. */
    CHECK(kill(pid, SIGTSTP) == 0, "kill SIGTSTP");
    siginfo_t info;
    memset(&info, 0, sizeof info);
    CHECK(waitid(P_PID, pid, &info, WSTOPPED) == 0 && info.si_pid == pid && info.si_signo == SIGCHLD
          && info.si_code == CLD_STOPPED && info.si_status == SIGTSTP,
          "waitid WSTOPPED: si_code CLD_STOPPED, si_status SIGTSTP, si_pid the child");
    memset(&info, 0, sizeof info);
    CHECK(waitid(P_PID, pid, &info, WSTOPPED | WNOHANG) == 0 && info.si_pid == 0, "waitid WNOHANG: reported once (si_pid 0)");
    kill(pid, SIGCONT);
    memset(&info, 0, sizeof info);
    CHECK(waitid(P_PID, pid, &info, WCONTINUED) == 0 && info.si_pid == pid && info.si_code == CLD_CONTINUED
          && info.si_status == SIGCONT, "waitid WCONTINUED: si_code CLD_CONTINUED, si_status SIGCONT");
    ERR(waitid(P_PID, pid, &info, WNOHANG), EINVAL, "waitid with none of WEXITED, WSTOPPED, WCONTINUED");

    /* SIGKILL ends a stopped process. */
    kill(pid, SIGSTOP);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status), "stopped again");
    CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
          "SIGKILL ends the stopped process");
    pid = ticker();
    kill(pid, SIGSTOP);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status), "another child stopped");
    CHECK(kill(pid, SIGTERM) == 0, "kill SIGTERM to the stopped child");
    sleep_ms(50);
    CHECK(waitpid(pid, &status, WNOHANG) == 0, "it stays stopped, SIGTERM pending");
    CHECK(kill(pid, SIGCONT) == 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
          "SIGCONT: it dies of the pending SIGTERM");
    sleep_ms(20);

    /* SA_NOCLDSTOP: no SIGCHLD for a stop or a continue, one for the exit. */
    sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    pid = ticker();
    chld = 0;
    kill(pid, SIGSTOP);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status), "SA_NOCLDSTOP: the stop still reaches wait");
    kill(pid, SIGCONT);
    CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status), "and the continue");
    sleep_ms(20);
    CHECK(chld == 0, "SA_NOCLDSTOP: no SIGCHLD for either");
    kill(pid, SIGTERM);
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "SIGTERM ends it");
    sleep_ms(20);
    CHECK(chld == 1 && chld_code == CLD_KILLED, "one SIGCHLD for its end, si_code CLD_KILLED");
    drain(fds[0]);

    /* A nanosleep goes on after a stop and a continue (no handler ran): it returns 0 after its whole time. */
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        long long t0 = now_ns();
        struct timespec t = {0, 400000000L};
        int r = nanosleep(&t, NULL);
        _exit(r == 0 && now_ns() - t0 >= 400000000LL ? 0 : r == 0 ? 1 : 2);
    }
    setpgid(pid, pid);
    sleep_ms(50);
    kill(pid, SIGSTOP);
    waitpid(pid, &status, WUNTRACED);
    sleep_ms(50);
    kill(pid, SIGCONT);
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "a nanosleep stopped and continued returns 0 after its whole time (status %d)", WEXITSTATUS(status));

    /* poll without a timeout goes on after a stop and a continue: it returns when the byte comes. */
    int qfds[2];
    CHECK(pipe(qfds) == 0, "a third pipe");
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        struct pollfd pfd = {qfds[0], POLLIN, 0};
        int r = poll(&pfd, 1, -1);
        _exit(r == 1 ? 0 : r == 0 ? 1 : 2);
    }
    setpgid(pid, pid);
    sleep_ms(50);
    kill(pid, SIGSTOP);
    waitpid(pid, &status, WUNTRACED);
    kill(pid, SIGCONT);
    sleep_ms(50);
    CHECK(write(qfds[1], "p", 1) == 1 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "poll stopped and continued goes on and returns the ready descriptor (status %d)", WEXITSTATUS(status));
    close(qfds[0]);
    close(qfds[1]);

    /* poll with a timeout goes on to the end it had. */
    CHECK(pipe(qfds) == 0, "a fourth pipe");
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        struct pollfd pfd = {qfds[0], POLLIN, 0};
        long long t0 = now_ns();
        int r = poll(&pfd, 1, 400);
        _exit(r == 0 && now_ns() - t0 >= 400000000LL ? 0 : r == 0 ? 1 : 2);
    }
    setpgid(pid, pid);
    sleep_ms(50);
    kill(pid, SIGSTOP);
    waitpid(pid, &status, WUNTRACED);
    sleep_ms(50);
    kill(pid, SIGCONT);
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "poll of 400 ms stopped and continued returns 0 after its whole time (status %d)", WEXITSTATUS(status));
    close(qfds[0]);
    close(qfds[1]);

    /* pause goes on after a stop and a continue: only the handled signal ends it. */
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        int r = pause();
        _exit(r == -1 && errno == EINTR ? 0 : 1);
    }
    setpgid(pid, pid);
    sleep_ms(50);
    kill(pid, SIGSTOP);
    waitpid(pid, &status, WUNTRACED);
    kill(pid, SIGCONT);
    sleep_ms(100);
    CHECK(waitpid(pid, &status, WNOHANG) == 0, "pause stopped and continued is still pausing");
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);

    /* SIGCONT's handler runs once the process continues. */
    int cfds[2];
    CHECK(pipe(cfds) == 0, "another pipe");
    cont_pipe = cfds[1];
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        struct sigaction c;
        memset(&c, 0, sizeof c);
        c.sa_handler = on_cont;
        sigaction(SIGCONT, &c, NULL);
        if (write(cont_pipe, "R", 1) != 1) {
            _exit(3);
        }
        for (int i = 0; i < 200; i++) {
            sleep_ms(10);
        }
        _exit(0);
    }
    setpgid(pid, pid);
    char c = 0;
    CHECK(read(cfds[0], &c, 1) == 1 && c == 'R', "the child is ready");
    kill(pid, SIGSTOP);
    waitpid(pid, &status, WUNTRACED);
    kill(pid, SIGCONT);
    CHECK(read(cfds[0], &c, 1) == 1 && c == 'C', "its SIGCONT handler ran after the continue");
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);

    /* SIGTSTP in an orphaned group (a new session's) is discarded: the process goes on and exits. */
    pid = fork();
    if (pid == 0) {
        setsid();
        raise(SIGTSTP);
        _exit(5);
    }
    CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 5,
          "SIGTSTP in an orphaned group does not stop it");

    /* A group left orphaned with a stopped member: SIGHUP, then SIGCONT (its SIGHUP handler runs). */
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        pid_t grandchild = fork();
        if (grandchild == 0) {
            struct sigaction h;
            memset(&h, 0, sizeof h);
            h.sa_handler = on_hup;
            sigaction(SIGHUP, &h, NULL);
            raise(SIGSTOP);
            _exit(6);
        }
        int st;
        waitpid(grandchild, &st, WUNTRACED);
        _exit(WIFSTOPPED(st) ? 0 : 7);         /* its group loses its link to our session */
    }
    setpgid(pid, pid);
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "the middle process saw its child stop and exited");
    c = 0;
    CHECK(read(cfds[0], &c, 1) == 1 && c == 'H', "the stopped orphan got SIGHUP and SIGCONT: its handler ran");
    close(fds[0]);
    close(fds[1]);
    close(cfds[0]);
    close(cfds[1]);
    return done("jobs");
}
