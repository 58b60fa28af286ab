/* forkwait [N]: process creation. N times (200) each: fork, the child _exits at once, the
   parent waits for it (fork+exit+wait); then fork, the child execs /bin/nop, the parent waits
   (fork+exec+wait). Each iteration timed with clock_gettime(CLOCK_MONOTONIC); prints the two
   medians on "bench: " lines. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* One fork and wait (the child execs /bin/nop when exec is set); -1 on a failure. */
static long once(int exec) {
    long t0 = now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        if (exec) {
            char *argv[] = {"/bin/nop", NULL};
            execve("/bin/nop", argv, environ);
            _exit(127);
        }
        _exit(0);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return -1;
    }
    return now_ns() - t0;
}

static int measure(int exec, int n, const char *what) {
    static long ns[MAX_ITERATIONS];
    once(exec);                        /* a first run warms whatever there is to warm */
    for (int i = 0; i < n; i++) {
        if ((ns[i] = once(exec)) < 0) {
            fprintf(stderr, "forkwait: %s failed at iteration %d\n", what, i);
            return 1;
        }
    }
    qsort(ns, n, sizeof ns[0], by_value);
    printf("bench: %s: %.1f us (median of %d; min %.1f, max %.1f)\n", what, ns[n / 2] / 1e3, n, ns[0] / 1e3,
           ns[n - 1] / 1e3);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    if (n < 1 || n > MAX_ITERATIONS) {
        fprintf(stderr, "usage: forkwait [N <= %d]\n", MAX_ITERATIONS);
        return 2;
    }
    return measure(0, n, "fork+exit+wait") || measure(1, n, "fork+exec+wait of /bin/nop");
}
