/* pipeping [N [RUNS]]: the pipe round trip between two processes. A child echoes each byte it
   reads from one pipe into another; the parent writes a byte and reads it back, N times (10000)
   per run, RUNS runs (7); prints the median time of one round trip on a "bench: " line. Both
   processes block in read on an empty pipe every time: each round trip is two wake-ups and two
   switches. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (n < 1 || runs < 1 || runs > 100) {
        fprintf(stderr, "usage: pipeping [N [RUNS <= 100]]\n");
        return 2;
    }
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) {
        perror("pipeping: pipe");
        return 1;
    }
    pid_t child = fork();
    if (child == 0) {
        char c;
        close(to[1]);
        close(from[0]);
        while (read(to[0], &c, 1) == 1) {
            if (write(from[1], &c, 1) != 1) {
                _exit(1);
            }
        }
        _exit(0);
    }
    close(to[0]);
    close(from[1]);
    static double us[100];
    char c = 'x';
    for (int r = 0; r <= runs; r++) {              /* run 0 warms up */
        long t0 = now_ns();
        for (int i = 0; i < n; i++) {
            if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1) {
                fprintf(stderr, "pipeping: the round trip failed at %d\n", i);
                return 1;
            }
        }
        if (r > 0) {
            us[r - 1] = (now_ns() - t0) / 1e3 / n;
        }
    }
    close(to[1]);
    int status;
    waitpid(child, &status, 0);
    qsort(us, runs, sizeof us[0], by_value);
    printf("bench: pipe round trip between two processes: %.2f us (median of %d runs of %d; min %.2f, max %.2f)\n",
           us[runs / 2], runs, n, us[0], us[runs - 1]);
    return 0;
}
