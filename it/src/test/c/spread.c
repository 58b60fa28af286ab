/* spread: processes on several CPUs at once. Children pinned with sched_setaffinity to each CPU
   the caller may use (at most 4) run there (getcpu and sched_getcpu, after a spin of their own,
   and after an execve, which keeps the mask) and /proc/stat's user time of each of those CPUs
   grows; a ring of processes pinned round the CPUs passes 256 KiB through pipes, each adding 1 to
   every byte, and every byte is checked at the end; processes spinning in user mode and
   processes blocked in a pipe read on other CPUs are killed; all of it three rounds. Every line
   is a relation, the same with one CPU or many. */
#include "check.h"
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_CPUS 4
#define RING 8
#define BYTES (256 * 1024)
#define ROUNDS 3

static int cpus[MAX_CPUS];
static int ncpus;

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static int pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

static unsigned current_cpu(void) {
    unsigned cpu = 1000;
    syscall(SYS_getcpu, &cpu, NULL, NULL);
    return cpu;
}

/* The "user" field of /proc/stat's line "cpuN", or -1. */
static long user_ticks(int cpu) {
    static char buf[8192];
    FILE *f = fopen("/proc/stat", "r");
    if (f == NULL) {
        return -1;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char name[16];
    snprintf(name, sizeof name, "\ncpu%d ", cpu);
    char *at = strstr(buf, name);
    return at == NULL ? -1 : strtol(at + strlen(name), NULL, 10);
}

/* Writes all of buf[0, n) to fd; 0, or -1. */
static int write_all(int fd, const unsigned char *buf, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w <= 0) {
            return -1;
        }
        buf += w;
        n -= (size_t) w;
    }
    return 0;
}

/* A stage of the ring: pinned to CPU cpu, copies in to out adding 1 to each byte; its exit status 0 when it saw EOF. */
static void stage(int cpu, int in, int out) {
    if (pin(cpu) != 0) {
        _exit(10);
    }
    unsigned char buf[3000];
    long total = 0;
    while (1) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0) {
            _exit(11);
        }
        if (r == 0) {
            break;
        }
        for (ssize_t i = 0; i < r; i++) {
            buf[i]++;
        }
        if (write_all(out, buf, (size_t) r) != 0) {
            _exit(12);
        }
        total += r;
    }
    _exit(total == BYTES && current_cpu() == (unsigned) cpu ? 0 : 13);
}

static unsigned char pattern(long i) {
    return (unsigned char) (i * 13 + i / 251);
}

/* The ring: RING stages, stage k on cpus[k % ncpus]; the parent feeds it and checks what comes out. */
static void ring(int round) {
    int fds[RING + 1][2];
    for (int k = 0; k <= RING; k++) {
        if (pipe(fds[k]) != 0) {
            CHECK(0, "round %d: pipe", round);
            return;
        }
    }
    pid_t pids[RING];
    for (int k = 0; k < RING; k++) {
        pids[k] = fork();
        if (pids[k] == 0) {
            for (int j = 0; j <= RING; j++) {
                if (j != k) {
                    close(fds[j][0]);
                }
                if (j != k + 1) {
                    close(fds[j][1]);
                }
            }
            stage(cpus[k % ncpus], fds[k][0], fds[k + 1][1]);
        }
    }
    for (int k = 0; k <= RING; k++) {
        if (k != 0) {
            close(fds[k][1]);
        }
        if (k != RING) {
            close(fds[k][0]);
        }
    }
    pid_t feeder = fork();
    if (feeder == 0) {
        close(fds[RING][0]);
        static unsigned char chunk[5000];
        long sent = 0;
        int size = 1;
        while (sent < BYTES) {
            int n = size;
            if (n > BYTES - sent) {
                n = (int) (BYTES - sent);
            }
            for (int i = 0; i < n; i++) {
                chunk[i] = pattern(sent + i);
            }
            if (write_all(fds[0][1], chunk, (size_t) n) != 0) {
                _exit(1);
            }
            sent += n;
            size = size * 3 % 4999 + 1;         /* sizes from 1 byte to past PIPE_BUF */
        }
        _exit(0);
    }
    close(fds[0][1]);
    static unsigned char got[4096];
    long received = 0;
    long wrong = 0;
    while (1) {
        ssize_t r = read(fds[RING][0], got, sizeof got);
        if (r <= 0) {
            break;
        }
        for (ssize_t i = 0; i < r; i++) {
            if (got[i] != (unsigned char) (pattern(received + i) + RING)) {
                wrong++;
            }
        }
        received += r;
    }
    close(fds[RING][0]);
    int statuses_ok = 1;
    int status;
    for (int k = 0; k < RING; k++) {
        statuses_ok &= waitpid(pids[k], &status, 0) == pids[k] && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    statuses_ok &= waitpid(feeder, &status, 0) == feeder && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    CHECK(received == BYTES && wrong == 0, "round %d: 256 KiB through a ring of %d processes on the CPUs: every byte as sent", round, RING);
    CHECK(statuses_ok, "round %d: every stage ran on its CPU, saw the end and exited 0", round);
}

/* Children pinned to each CPU spin for 200 ms and report where they ran; /proc/stat's user time of each grows. */
static void placement(int round) {
    long before[MAX_CPUS];
    for (int i = 0; i < ncpus; i++) {
        before[i] = user_ticks(cpus[i]);
    }
    pid_t pids[MAX_CPUS];
    for (int i = 0; i < ncpus; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            if (pin(cpus[i]) != 0) {
                _exit(20);
            }
            long end = now_ms() + 200;
            volatile unsigned long x = 1;
            while (now_ms() < end) {
                for (int k = 0; k < 10000; k++) {
                    x = x * 6364136223846793005UL + 1;
                }
            }
            int here = current_cpu() == (unsigned) cpus[i] && sched_getcpu() == cpus[i];
            _exit(here ? 0 : 21);
        }
    }
    int all_there = 1;
    for (int i = 0; i < ncpus; i++) {
        int status;
        all_there &= waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    CHECK(all_there, "round %d: a child pinned to each CPU ran there (getcpu, sched_getcpu)", round);
    int grew = 1;
    for (int i = 0; i < ncpus; i++) {
        long after = user_ticks(cpus[i]);
        grew &= before[i] >= 0 && after > before[i];
    }
    CHECK(grew, "round %d: /proc/stat: the user time of each of those CPUs grew", round);
}

/* A child pinned to each CPU execs this program, which checks it still runs on that CPU. */
static void exec_pinned(int round, const char *self) {
    int all = 1;
    for (int i = 0; i < ncpus; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            if (pin(cpus[i]) != 0) {
                _exit(30);
            }
            char arg[16];
            snprintf(arg, sizeof arg, "%d", cpus[i]);
            char *argv[] = {(char *) self, (char *) data_dir, "pinned", arg, NULL};
            execv(self, argv);
            _exit(31);
        }
        int status;
        all &= waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    CHECK(all, "round %d: after execve a pinned child keeps its CPU and its mask", round);
}

/* Children spinning in user mode and children blocked in a read, one of each on every CPU, killed. */
static void kills(int round) {
    int fds[2];
    if (pipe(fds) != 0) {
        CHECK(0, "round %d: pipe", round);
        return;
    }
    pid_t spinners[MAX_CPUS];
    pid_t readers[MAX_CPUS];
    int ready[2];
    if (pipe(ready) != 0) {
        CHECK(0, "round %d: pipe", round);
        return;
    }
    for (int i = 0; i < ncpus; i++) {
        spinners[i] = fork();
        if (spinners[i] == 0) {
            pin(cpus[i]);
            write(ready[1], "s", 1);
            volatile unsigned long x = 1;
            while (1) {
                x = x * 3 + 1;
            }
        }
        readers[i] = fork();
        if (readers[i] == 0) {
            pin(cpus[i]);
            close(fds[1]);
            write(ready[1], "r", 1);
            char c;
            read(fds[0], &c, 1);
            _exit(40);
        }
    }
    char c;
    for (int i = 0; i < 2 * ncpus; i++) {
        read(ready[0], &c, 1);
    }
    struct timespec settle = {0, 50 * 1000000L};
    nanosleep(&settle, NULL);                    /* the readers block, the spinners spin */
    int killed = 1;
    for (int i = 0; i < ncpus; i++) {
        kill(spinners[i], SIGKILL);
        kill(readers[i], SIGTERM);
    }
    for (int i = 0; i < ncpus; i++) {
        int status;
        killed &= waitpid(spinners[i], &status, 0) == spinners[i] && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        killed &= waitpid(readers[i], &status, 0) == readers[i] && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
    }
    close(fds[0]);
    close(fds[1]);
    close(ready[0]);
    close(ready[1]);
    CHECK(killed, "round %d: spinning and blocked children on every CPU are killed", round);
}

int main(int argc, char **argv) {
    if (argc > 3 && strcmp(argv[2], "pinned") == 0) {
        int cpu = atoi(argv[3]);
        cpu_set_t set;
        CPU_ZERO(&set);
        int ok = sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) == 1 && CPU_ISSET(cpu, &set)
                && current_cpu() == (unsigned) cpu;
        _exit(ok ? 0 : 1);
    }
    start(argc, argv);
    cpu_set_t set;
    CPU_ZERO(&set);
    CHECK(sched_getaffinity(0, sizeof set, &set) == 0, "sched_getaffinity");
    for (int cpu = 0; cpu < CPU_SETSIZE && ncpus < MAX_CPUS; cpu++) {
        if (CPU_ISSET(cpu, &set)) {
            cpus[ncpus++] = cpu;
        }
    }
    CHECK(ncpus >= 1, "the process may run on a CPU");
    for (int round = 1; round <= ROUNDS; round++) {
        placement(round);
        ring(round);
        exec_pinned(round, argv[0]);
        kills(round);
    }
    CHECK(sched_setaffinity(0, sizeof set, &set) == 0, "the mask back as it was");
    return done("spread");
}
