/* exectime [PROGRAM [N]]: exec-to-exit time. N times (200), starts PROGRAM (/bin/nop) with
   posix_spawn (musl: clone(CLONE_VM|CLONE_VFORK) and execve) and waits for its exit with
   waitpid, each iteration timed with clock_gettime(CLOCK_MONOTONIC); prints the median on one
   "bench: " line. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_ITERATIONS 10000

extern char **environ;

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    long x = *(const long *) a, y = *(const long *) b;
    return (x > y) - (x < y);
}

/* One start and wait; -1 if PROGRAM could not be started or did not exit with status 0. */
static long once(const char *program) {
    char *argv[] = {(char *) program, NULL};
    pid_t pid;
    int status;
    long t0 = now_ns();
    if (posix_spawn(&pid, program, NULL, NULL, argv, environ) != 0 || waitpid(pid, &status, 0) != pid
        || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return -1;
    }
    return now_ns() - t0;
}

int main(int argc, char **argv) {
    const char *program = argc > 1 ? argv[1] : "/bin/nop";
    int n = argc > 2 ? atoi(argv[2]) : 200;
    if (n < 1 || n > MAX_ITERATIONS) {
        fprintf(stderr, "usage: exectime [PROGRAM [N <= %d]]\n", MAX_ITERATIONS);
        return 2;
    }
    static long ns[MAX_ITERATIONS];
    if (once(program) < 0) { /* a first start pulls the program into the page cache */
        fprintf(stderr, "exectime: %s did not start and exit with status 0\n", program);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        if ((ns[i] = once(program)) < 0) {
            fprintf(stderr, "exectime: %s failed at iteration %d\n", program, i);
            return 1;
        }
    }
    qsort(ns, n, sizeof ns[0], by_value);
    printf("bench: exec-to-exit (posix_spawn and waitpid of %s): %.1f us (median of %d; min %.1f, max %.1f)\n",
           program, ns[n / 2] / 1e3, n, ns[0] / 1e3, ns[n - 1] / 1e3);
    return 0;
}
