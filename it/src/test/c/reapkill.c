/* reapkill: system calls that name a process by its pid, aimed at children being reaped at the
   same moment on other CPUs. The parent forks short-lived children and reaps each at once; a
   killer process, pinned to another CPU when there is one, reads each new pid from shared memory
   and sends it SIGCONT, tkill, tgkill, sched_getaffinity, getpgid, getsid and reads its
   /proc/PID/stat, over and over, while it ends and is reaped. Every call must give its answer or
   ESRCH (or ENOENT for the /proc open), and the kernel must go on (before the lookups held their process, a
   reap between a lookup and its use freed the process under it). The lines are the same with one
   CPU or many. */
#include "check.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define CHILDREN 1500

struct shared {
    atomic_int pid;          /* the newest child's pid (0: none yet) */
    atomic_int stop;
    atomic_long calls;
    atomic_long wrong;       /* an answer other than success or ESRCH/ENOENT */
};

static int pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

static void note(struct shared *s, long r, int ok_errno) {
    atomic_fetch_add(&s->calls, 1);
    if (r < 0 && errno != ESRCH && errno != ok_errno) {      /* Linux's open of /proc/PID/stat may say either */
        atomic_fetch_add(&s->wrong, 1);
    }
}

static void killer(struct shared *s, int cpu) {
    if (cpu >= 0) {
        pin(cpu);
    }
    char path[64];
    char buf[512];
    cpu_set_t set;
    while (!atomic_load(&s->stop)) {
        int pid = atomic_load(&s->pid);
        if (pid <= 0) {
            continue;
        }
        note(s, kill(pid, SIGCONT), ESRCH);
        note(s, syscall(SYS_tkill, pid, SIGCONT), ESRCH);
        note(s, syscall(SYS_tgkill, pid, pid, SIGCONT), ESRCH);
        note(s, sched_getaffinity(pid, sizeof set, &set), ESRCH);
        note(s, getpgid(pid), ESRCH);
        note(s, getsid(pid), ESRCH);
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        int fd = open(path, O_RDONLY);
        note(s, fd, ENOENT);
        if (fd >= 0) {
            note(s, read(fd, buf, sizeof buf), ESRCH);
            close(fd);
        }
    }
    _exit(0);
}

int main(int argc, char **argv) {
    start(argc, argv);
    cpu_set_t mask;
    int cpus[2] = {-1, -1};
    int n = 0;
    if (sched_getaffinity(0, sizeof mask, &mask) == 0) {
        for (int c = 0; c < CPU_SETSIZE && n < 2; c++) {
            if (CPU_ISSET(c, &mask)) {
                cpus[n++] = c;
            }
        }
    }
    struct shared *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(s != MAP_FAILED, "mmap a shared page");
    if (s == MAP_FAILED) {
        return done("reapkill");
    }
    if (n == 2) {
        pin(cpus[0]);
    }
    pid_t k = fork();
    if (k == 0) {
        killer(s, n == 2 ? cpus[1] : -1);
    }
    CHECK(k > 0, "fork the killer");
    int forked = 0;
    int reaped = 0;
    for (int i = 0; i < CHILDREN; i++) {
        pid_t c = fork();
        if (c == 0) {
            _exit(7);
        }
        if (c < 0) {
            break;
        }
        forked++;
        atomic_store(&s->pid, c);
        if (n < 2 && i % 16 == 0) {
            sched_yield();                          /* one CPU: let the killer in now and then */
        }
        int status;
        if (waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 7) {
            reaped++;
        }
    }
    atomic_store(&s->stop, 1);
    int status;
    CHECK(forked == CHILDREN && reaped == CHILDREN, "%d children forked and each reaped at once, exit status 7", CHILDREN);
    CHECK(waitpid(k, &status, 0) == k && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the killer ends by itself");
    CHECK(atomic_load(&s->calls) > 0 && atomic_load(&s->wrong) == 0,
          "kill, tkill, tgkill, sched_getaffinity, getpgid, getsid and /proc/PID/stat of them meanwhile: an answer, ESRCH or ENOENT");
    CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD, "no child left: ECHILD");
    return done("reapkill");
}
