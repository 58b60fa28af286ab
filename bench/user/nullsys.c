/* nullsys [CALLS [RUNS]]: the null system call. RUNS times (7), makes CALLS getpid system calls
   (200000) in a loop timed with clock_gettime(CLOCK_MONOTONIC); prints the median time per call
   on one "bench: " line. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>

#define MAX_RUNS 101

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* getpid without libc's wrapper: the system call and nothing else. */
static inline long sys_getpid(void) {
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "0"((long) SYS_getpid) : "rcx", "r11", "memory");
    return ret;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 200000;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (calls < 1 || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: nullsys [CALLS [RUNS <= %d]]\n", MAX_RUNS);
        return 2;
    }
    double ns[MAX_RUNS];
    long pid = sys_getpid();
    for (int r = 0; r < runs; r++) {
        long t0 = now_ns();
        for (long i = 0; i < calls; i++) {
            if (sys_getpid() != pid) {
                fprintf(stderr, "nullsys: getpid changed\n");
                return 1;
            }
        }
        ns[r] = (double) (now_ns() - t0) / calls;
    }
    qsort(ns, runs, sizeof ns[0], by_value);
    printf("bench: null system call (getpid): %.1f ns/call (median of %d runs of %ld calls; min %.1f, max %.1f)\n",
           ns[runs / 2], runs, calls, ns[0], ns[runs - 1]);
    return 0;
}
