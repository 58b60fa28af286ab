/* crunch [PROCESSES [STEPS]]: a CPU-bound workload of several processes. The parent forks
   PROCESSES children (4), each runs STEPS xorshift64 steps (30000000) from a seed of its own and
   exits with the low byte of its result; the parent waits for all and prints the wall time from
   the first fork to the last wait (clock_gettime(CLOCK_MONOTONIC)) and the CPU each child
   finished on (getcpu), on a "bench: " line. With N CPUs and a scheduler that spreads them, the
   time falls towards 1/min(N, PROCESSES) of one CPU's. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCESSES 64

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static uint64_t crunch(uint64_t seed, long steps) {
    uint64_t x = 88172645463325252ULL + seed;
    for (long i = 0; i < steps; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 4;
    long steps = argc > 2 ? atol(argv[2]) : 30000000L;
    if (n < 1 || n > MAX_PROCESSES || steps < 1) {
        fprintf(stderr, "crunch: usage: crunch [PROCESSES (1..%d) [STEPS]]\n", MAX_PROCESSES);
        return 2;
    }
    pid_t pids[MAX_PROCESSES];
    long t0 = now_ns();
    for (int i = 0; i < n; i++) {
        pids[i] = fork();
        if (pids[i] < 0) {
            perror("crunch: fork");
            return 1;
        }
        if (pids[i] == 0) {
            uint64_t x = crunch((uint64_t) i, steps);
            unsigned cpu = 0;
            syscall(SYS_getcpu, &cpu, NULL, NULL);
            /* the exit status carries the CPU (high bits) and the result's low bits */
            _exit((int) ((cpu & 0xF) << 4 | (x & 0xF)));
        }
    }
    unsigned cpus = 0;
    for (int i = 0; i < n; i++) {
        int status;
        if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status)) {
            fprintf(stderr, "crunch: child %d failed\n", i);
            return 1;
        }
        cpus |= 1u << (WEXITSTATUS(status) >> 4);
    }
    long ns = now_ns() - t0;
    printf("bench: %d processes of %ld xorshift steps: %ld ms (finished on %d CPUs)\n", n, steps, ns / 1000000,
           __builtin_popcount(cpus));
    fflush(stdout);
    return 0;
}
