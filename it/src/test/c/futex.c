/*
 * futex: futex(2) called straight, its results and errors as Linux gives them. FUTEX_WAIT with a
 * word that differs (EAGAIN), a relative timeout (ETIMEDOUT), FUTEX_WAIT_BITSET's absolute one on
 * CLOCK_MONOTONIC and FUTEX_CLOCK_REALTIME; FUTEX_WAKE and FUTEX_WAKE_BITSET counts and bitsets;
 * FUTEX_REQUEUE and FUTEX_CMP_REQUEUE; a wait ended by a signal (EINTR with a handler, restarted
 * with SA_RESTART), a shared futex in MAP_SHARED memory between two processes; EINVAL, EFAULT
 * and ENOSYS; set_robust_list and get_robust_list, and a robust mutex whose owner thread ended
 * (EOWNERDEAD); clear_child_tid through pthread_join.
 */
#include "check.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

/* <linux/futex.h>'s, which musl-gcc does not see. */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
struct robust_list {
    struct robust_list *next;
};
struct robust_list_head {
    struct robust_list list;
    long futex_offset;
    struct robust_list *list_op_pending;
};

static long futex(void *addr, int op, uint32_t val, const struct timespec *ts, void *addr2, uint32_t val3) {
    return syscall(SYS_futex, addr, op, val, ts, addr2, val3);
}

static long futex_val2(void *addr, int op, uint32_t val, long val2, void *addr2, uint32_t val3) {
    return syscall(SYS_futex, addr, op, val, val2, addr2, val3);
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static long now_ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static struct timespec at_ns(long ns) {
    struct timespec ts = {ns / 1000000000L, ns % 1000000000L};
    return ts;
}

#define P FUTEX_PRIVATE_FLAG

static _Atomic uint32_t word = 1;
static _Atomic uint32_t word2 = 0;

static void test_errors(void) {
    ERR(futex((void *) &word, FUTEX_WAIT | P, 2, NULL, NULL, 0), EAGAIN, "FUTEX_WAIT with a word that differs");
    ERR(futex((char *) &word + 1, FUTEX_WAIT | P, 1, NULL, NULL, 0), EINVAL, "FUTEX_WAIT at an unaligned address");
    ERR(futex((char *) &word + 2, FUTEX_WAKE | P, 1, NULL, NULL, 0), EINVAL, "FUTEX_WAKE at an unaligned address");
    ERR(futex(NULL, FUTEX_WAIT | P, 0, NULL, NULL, 0), EFAULT, "FUTEX_WAIT at address 0");
    CHECK(futex(NULL, FUTEX_WAKE | P, 1, NULL, NULL, 0) == 0, "FUTEX_WAKE private at address 0: 0 woken");
    ERR(futex(NULL, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT, "FUTEX_WAKE shared at address 0");
    ERR(futex((void *) 0xffff800000000000UL, FUTEX_WAKE | P, 1, NULL, NULL, 0), EFAULT,
            "FUTEX_WAKE at a kernel address");
    struct timespec bad = {0, 1000000000L};
    ERR(futex((void *) &word, FUTEX_WAIT | P, 1, &bad, NULL, 0), EINVAL, "FUTEX_WAIT with tv_nsec 1e9");
    struct timespec negative = {-1, 0};
    ERR(futex((void *) &word, FUTEX_WAIT | P, 1, &negative, NULL, 0), EINVAL, "FUTEX_WAIT with a negative time");
    ERR(futex((void *) &word, FUTEX_WAIT | P, 1, (struct timespec *) 1, NULL, 0), EFAULT,
            "FUTEX_WAIT with a bad timeout pointer");
    ERR(futex((void *) &word, FUTEX_WAIT_BITSET | P, 1, NULL, NULL, 0), EINVAL, "FUTEX_WAIT_BITSET with bitset 0");
    ERR(futex((void *) &word, FUTEX_WAKE_BITSET | P, 1, NULL, NULL, 0), EINVAL, "FUTEX_WAKE_BITSET with bitset 0");
    ERR(futex((void *) &word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME | P, 2, NULL, NULL, 0), ENOSYS,
            "FUTEX_WAIT with FUTEX_CLOCK_REALTIME");
    ERR(futex((void *) &word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME | P, 1, NULL, NULL, 0), ENOSYS,
            "FUTEX_WAKE with FUTEX_CLOCK_REALTIME");
    ERR(futex((void *) &word, 99 | P, 1, NULL, NULL, 0), ENOSYS, "an unknown operation");
    ERR(futex_val2((void *) &word, FUTEX_CMP_REQUEUE | P, 1, 1, (void *) &word2, 2), EAGAIN,
            "FUTEX_CMP_REQUEUE with a word that differs");
    ERR(futex_val2((void *) &word, FUTEX_CMP_REQUEUE | P, (uint32_t) -1, 1, (void *) &word2, 1), EINVAL,
            "FUTEX_CMP_REQUEUE with a negative wake count");
    ERR(futex_val2((void *) &word, FUTEX_REQUEUE | P, 1, -1, (void *) &word2, 0), EINVAL,
            "FUTEX_REQUEUE with a negative requeue count");
    ERR(futex_val2((void *) &word, FUTEX_REQUEUE | P, 1, 1, (char *) &word2 + 1, 0), EINVAL,
            "FUTEX_REQUEUE to an unaligned address");
    CHECK(futex((void *) &word, FUTEX_WAKE | P, 10, NULL, NULL, 0) == 0, "FUTEX_WAKE with no waiter: 0");
    CHECK(futex_val2((void *) &word, FUTEX_CMP_REQUEUE | P, 1, 1, (void *) &word2, 1) == 0,
            "FUTEX_CMP_REQUEUE with no waiter: 0");
}

static void test_timeouts(void) {
    struct timespec rel = {0, 30000000L};
    long t0 = now_ns(CLOCK_MONOTONIC);
    ERR(futex((void *) &word, FUTEX_WAIT | P, 1, &rel, NULL, 0), ETIMEDOUT, "FUTEX_WAIT for 30 ms");
    CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 30000000L, "FUTEX_WAIT's timeout is relative: 30 ms passed");
    struct timespec abs_mono = at_ns(now_ns(CLOCK_MONOTONIC) + 30000000L);
    t0 = now_ns(CLOCK_MONOTONIC);
    ERR(futex((void *) &word, FUTEX_WAIT_BITSET | P, 1, &abs_mono, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT,
            "FUTEX_WAIT_BITSET to a CLOCK_MONOTONIC time 30 ms ahead");
    CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 29000000L, "FUTEX_WAIT_BITSET's time is absolute: reached");
    struct timespec past = {0, 1};                  /* a nanosecond after boot */
    ERR(futex((void *) &word, FUTEX_WAIT_BITSET | P, 1, &past, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT,
            "FUTEX_WAIT_BITSET to a time passed");
    struct timespec abs_real = at_ns(now_ns(CLOCK_REALTIME) + 30000000L);
    t0 = now_ns(CLOCK_MONOTONIC);
    ERR(futex((void *) &word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME | P, 1, &abs_real, NULL,
            FUTEX_BITSET_MATCH_ANY), ETIMEDOUT, "FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME 30 ms ahead");
    CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 20000000L, "FUTEX_CLOCK_REALTIME: the real-time deadline reached");
}

/* ---- waiters in threads ---- */

static _Atomic uint32_t fa = 0;
static _Atomic uint32_t fb = 0;
static atomic_int ready;
static long results[8];

struct waiter {
    int index;
    _Atomic uint32_t *addr;
    int op;
    uint32_t bitset;
};

static void *waiter(void *arg) {
    struct waiter *w = arg;
    atomic_fetch_add(&ready, 1);
    long r = futex((void *) w->addr, w->op | P, 0, NULL, NULL, w->bitset);
    results[w->index] = r == 0 ? 0 : -errno;
    return NULL;
}

static void start_waiters(pthread_t *t, struct waiter *w, int n, _Atomic uint32_t *addr, int op, uint32_t bitset) {
    atomic_store(&ready, 0);
    for (int i = 0; i < n; i++) {
        w[i].index = i;
        w[i].addr = addr;
        w[i].op = op;
        w[i].bitset = bitset;
        results[i] = 1;
        pthread_create(&t[i], NULL, waiter, &w[i]);
    }
    while (atomic_load(&ready) < n) {
        sleep_ms(1);
    }
    sleep_ms(100);                                  /* each is in its wait now */
}

static void test_wake(void) {
    pthread_t t[4];
    struct waiter w[4];
    start_waiters(t, w, 3, &fa, FUTEX_WAIT, 0);
    CHECK(futex((void *) &fa, FUTEX_WAKE | P, 1, NULL, NULL, 0) == 1, "FUTEX_WAKE 1 of 3 waiters: 1");
    CHECK(futex((void *) &fa, FUTEX_WAKE | P, 10, NULL, NULL, 0) == 2, "FUTEX_WAKE 10 of the other 2: 2");
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
    }
    CHECK(results[0] == 0 && results[1] == 0 && results[2] == 0, "each woken FUTEX_WAIT returns 0");

    start_waiters(t, w, 2, &fa, FUTEX_WAIT_BITSET, 0x1);
    CHECK(futex((void *) &fa, FUTEX_WAKE_BITSET | P, 10, NULL, NULL, 0x2) == 0,
            "FUTEX_WAKE_BITSET with a bitset no waiter has: 0");
    CHECK(futex((void *) &fa, FUTEX_WAKE_BITSET | P, 10, NULL, NULL, 0x3) == 2,
            "FUTEX_WAKE_BITSET with a bitset they share: 2");
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }

    start_waiters(t, w, 4, &fa, FUTEX_WAIT, 0);
    CHECK(futex_val2((void *) &fa, FUTEX_CMP_REQUEUE | P, 1, 2, (void *) &fb, 0) == 3,
            "FUTEX_CMP_REQUEUE: 1 woken and 2 moved of 4 waiters: 3");
    CHECK(futex((void *) &fa, FUTEX_WAKE | P, 10, NULL, NULL, 0) == 1, "FUTEX_WAKE the one left on the first word: 1");
    CHECK(futex((void *) &fb, FUTEX_WAKE | P, 10, NULL, NULL, 0) == 2, "FUTEX_WAKE the 2 moved to the second word: 2");
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
    }
    start_waiters(t, w, 2, &fa, FUTEX_WAIT, 0);
    CHECK(futex_val2((void *) &fa, FUTEX_REQUEUE | P, 0, 10, (void *) &fb, 0) == 2, "FUTEX_REQUEUE 0 woken, 2 moved: 2");
    CHECK(futex((void *) &fb, FUTEX_WAKE | P, 10, NULL, NULL, 0) == 2, "the moved waiters woken on the second word");
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
}

/* ---- signals ---- */

static void on_usr1(int sig) {
    (void) sig;
}

static void test_signal(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    pthread_t t[1];
    struct waiter w[1];
    start_waiters(t, w, 1, &fa, FUTEX_WAIT, 0);
    pthread_kill(t[0], SIGUSR1);
    pthread_join(t[0], NULL);
    CHECK(results[0] == -EINTR, "FUTEX_WAIT ended by a handler without SA_RESTART: EINTR");

    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    start_waiters(t, w, 1, &fa, FUTEX_WAIT, 0);
    pthread_kill(t[0], SIGUSR1);
    sleep_ms(100);
    CHECK(results[0] == 1, "FUTEX_WAIT with SA_RESTART: made again after the handler");
    CHECK(futex((void *) &fa, FUTEX_WAKE | P, 1, NULL, NULL, 0) == 1, "and woken by FUTEX_WAKE afterwards");
    pthread_join(t[0], NULL);
    CHECK(results[0] == 0, "the restarted wait returns 0");
}

/* ---- a shared futex between processes ---- */

static void test_shared(void) {
    _Atomic uint32_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    shared[1] = 0;
    pid_t p = fork();
    if (p == 0) {
        shared[1] = 1;
        long r = futex((void *) &shared[0], FUTEX_WAIT, 0, NULL, NULL, 0);
        _exit(r == 0 ? 0 : 1);
    }
    while (shared[1] == 0) {
        sleep_ms(1);
    }
    sleep_ms(100);
    CHECK(futex((void *) &shared[0], FUTEX_WAKE, 1, NULL, NULL, 0) == 1,
            "a shared futex in MAP_SHARED memory: another process's waiter woken");
    int st = 0;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0, "its FUTEX_WAIT returned 0");
    munmap((void *) shared, 4096);
}

/* ---- robust lists ---- */

static pthread_mutex_t robust;
static void *lock_and_end(void *arg) {
    (void) arg;
    pthread_mutex_lock(&robust);
    return NULL;                                    /* ends holding it */
}

/* A robust list of one lock, held by a thread that ends with a bare exit(2) (musl's pthread_exit
   would release it itself): the kernel marks it FUTEX_OWNER_DIED. */
struct robust_lock {
    struct robust_list list;
    _Atomic uint32_t word;
};
static struct robust_lock held;
static struct robust_list_head held_head;

static void *hold_and_exit(void *arg) {
    (void) arg;
    held.word = (uint32_t) syscall(SYS_gettid) | FUTEX_WAITERS;
    held.list.next = &held_head.list;
    held_head.list.next = &held.list;
    held_head.futex_offset = (long) ((char *) &held.word - (char *) &held.list);
    held_head.list_op_pending = NULL;
    syscall(SYS_set_robust_list, &held_head, sizeof held_head);
    syscall(SYS_exit, 0);
    return NULL;
}

/* In a child process (the bare exit leaves musl's thread list behind): 0 if the word came out right. */
static int robust_child(void) {
    pthread_t t;
    held.word = 1;
    pthread_create(&t, NULL, hold_and_exit, NULL);
    for (int i = 0; i < 1000 && (held.word & FUTEX_OWNER_DIED) == 0; i++) {
        sleep_ms(2);                                /* no join: musl's pthread_exit did not run */
    }
    return held.word == (FUTEX_OWNER_DIED | FUTEX_WAITERS) ? 0 : 1;
}

static pid_t thread_tid;
static void *note_tid(void *arg) {
    (void) arg;
    thread_tid = (pid_t) syscall(SYS_gettid);
    return NULL;
}

static void test_robust(void) {
    struct robust_list_head head = {{&head.list}, 0, NULL};
    ERR(syscall(SYS_set_robust_list, &head, sizeof head - 1), EINVAL, "set_robust_list with a wrong length");
    struct robust_list_head *got = NULL;
    size_t len = 0;
    CHECK(syscall(SYS_set_robust_list, &head, sizeof head) == 0, "set_robust_list");
    CHECK(syscall(SYS_get_robust_list, 0, &got, &len) == 0 && got == &head && len == sizeof head,
            "get_robust_list returns the head and its length");
    ERR(syscall(SYS_get_robust_list, 0, (void *) 1, &len), EFAULT, "get_robust_list to a bad pointer");
    ERR(syscall(SYS_get_robust_list, 999999, &got, &len), ESRCH, "get_robust_list of no thread");
    syscall(SYS_set_robust_list, NULL, sizeof head);

    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &a);
    pthread_t t;
    pthread_create(&t, NULL, lock_and_end, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&robust);
    CHECK(r == EOWNERDEAD, "a robust mutex whose owner thread ended: EOWNERDEAD (%s)", errname(r));
    if (r == EOWNERDEAD) {
        pthread_mutex_consistent(&robust);
    }
    CHECK(pthread_mutex_unlock(&robust) == 0, "made consistent and unlocked");

    pid_t p = fork();
    if (p == 0) {
        _exit(robust_child());
    }
    int st = 0;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0,
            "a thread's exit marks the robust futexes it holds FUTEX_OWNER_DIED");

    pthread_create(&t, NULL, note_tid, NULL);
    CHECK(pthread_join(t, NULL) == 0 && thread_tid > 0, "pthread_join: woken by the thread's clear_child_tid");
}

int main(int argc, char **argv) {
    start(argc, argv);
    test_errors();
    test_timeouts();
    test_wake();
    test_signal();
    test_shared();
    test_robust();
    return done("futex");
}
