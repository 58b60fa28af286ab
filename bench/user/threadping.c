/* threadping [N [RUNS]]: threads' costs. The futex round trip between two threads of one process
   (each waits with FUTEX_WAIT on its word until the other sets it and wakes it with FUTEX_WAKE:
   two wake-ups and two switches a round trip), N (10000) round trips per run; and
   pthread_create + pthread_join of a thread that returns at once, N / 10 per run. RUNS runs (7),
   after one to warm up; prints the medians on "bench: " lines. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static _Atomic int ping;                /* 1: the echo thread's turn */
static _Atomic int pong;                /* 1: the main thread's turn */
static int rounds;

static void wait_for(_Atomic int *word) {
    while (atomic_load(word) == 0) {
        syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    }
    atomic_store(word, 0);
}

static void hand_to(_Atomic int *word) {
    atomic_store(word, 1);
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *echo(void *arg) {
    (void) arg;
    for (;;) {
        wait_for(&ping);
        if (rounds < 0) {
            return NULL;
        }
        hand_to(&pong);
    }
}

static void *nothing(void *arg) {
    return arg;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (n < 10 || runs < 1 || runs > 100) {
        fprintf(stderr, "usage: threadping [N >= 10 [RUNS <= 100]]\n");
        return 2;
    }
    static double trip[100], make[100];
    pthread_t t;
    if (pthread_create(&t, NULL, echo, NULL) != 0) {
        perror("threadping: pthread_create");
        return 1;
    }
    for (int r = 0; r <= runs; r++) {              /* run 0 warms up */
        long t0 = now_ns();
        for (int i = 0; i < n; i++) {
            hand_to(&ping);
            wait_for(&pong);
        }
        if (r > 0) {
            trip[r - 1] = (now_ns() - t0) / 1e3 / n;
        }
    }
    rounds = -1;
    hand_to(&ping);
    pthread_join(t, NULL);
    for (int r = 0; r <= runs; r++) {
        long t0 = now_ns();
        for (int i = 0; i < n / 10; i++) {
            pthread_t u;
            if (pthread_create(&u, NULL, nothing, NULL) != 0 || pthread_join(u, NULL) != 0) {
                fprintf(stderr, "threadping: pthread_create failed at %d\n", i);
                return 1;
            }
        }
        if (r > 0) {
            make[r - 1] = (now_ns() - t0) / 1e3 / (n / 10);
        }
    }
    qsort(trip, runs, sizeof trip[0], by_value);
    qsort(make, runs, sizeof make[0], by_value);
    printf("bench: futex round trip between two threads: %.2f us (min %.2f, max %.2f; %d runs of %d)\n",
            trip[runs / 2], trip[0], trip[runs - 1], runs, n);
    printf("bench: pthread_create+join: %.2f us (min %.2f, max %.2f; %d runs of %d)\n",
            make[runs / 2], make[0], make[runs - 1], runs, n / 10);
    return 0;
}
