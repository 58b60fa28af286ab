/*
 * groupexit: thread groups ending, many times over, while their threads run: exit_group from a
 * thread while the others spin, every thread ending at once (the last one ends the process),
 * execve from a thread that is not the leader while the others spin, and exit_group from a thread
 * while another keeps making threads (a thread made as the group ends must not escape it: the
 * process would never end). Each round is a child process; the parent checks every status, and a
 * child not ended within 20 s counts as wrong (then SIGKILL ends it). A stress of the kernel's thread-exit path: a thread
 * that has been counted out of its group must be off the group's address space by then, since the
 * last thread out (or the execve) frees it (Zeptux once switched back to a thread preempted in
 * between and loaded the freed page tables).
 *
 * "groupexit DATA exec-child" is what the execve runs: it exits 5 when it runs as the leader.
 */
#include "check.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/wait.h>

#define ROUNDS 150
#define THREADS 4

static const char *self_path;
static atomic_int started;
static atomic_int go;

static void *spin(void *arg) {
    (void) arg;
    atomic_fetch_add(&started, 1);
    for (;;) {
        sched_yield();
    }
    return NULL;
}

static void *exit_group_thread(void *arg) {
    atomic_fetch_add(&started, 1);
    while (atomic_load(&started) < THREADS) {
        sched_yield();
    }
    exit((int) (long) arg);
}

static void *exit_group_soon(void *arg) {
    while (atomic_load(&started) < 3) {
        sched_yield();
    }
    syscall(SYS_exit_group, (int) (long) arg);
    return NULL;
}

static void *end_together(void *arg) {
    atomic_fetch_add(&started, 1);
    while (!atomic_load(&go)) {
        sched_yield();
    }
    for (volatile long i = 0; i < (long) arg * 50; i++) {
    }
    syscall(SYS_exit, 0);                           /* exit(2) of this thread alone: the last one ends the process */
    return NULL;
}

static void *exec_thread(void *arg) {
    (void) arg;
    atomic_fetch_add(&started, 1);
    while (atomic_load(&started) < THREADS) {
        sched_yield();
    }
    char *argv[] = {(char *) self_path, (char *) data_dir, "exec-child", NULL};
    char *envp[] = {NULL};
    execve(self_path, argv, envp);
    _exit(99);
}

/* One child of kind KIND (0: exit_group 7, 1: every thread ends, 2: execve, 3: exit_group 9 while
   threads are being made); never returns. */
static void child(int kind) {
    pthread_t t;
    switch (kind) {
    case 0:
        for (int i = 0; i < THREADS - 2; i++) {
            pthread_create(&t, NULL, spin, NULL);
        }
        pthread_create(&t, NULL, exit_group_thread, (void *) 7);
        spin(NULL);
        break;
    case 1:
        for (long i = 0; i < THREADS - 1; i++) {
            pthread_create(&t, NULL, end_together, (void *) i);
        }
        while (atomic_load(&started) < THREADS - 1) {
            sched_yield();
        }
        atomic_store(&go, 1);
        end_together((void *) (long) THREADS);      /* the last thread to end exits 0 */
        break;
    case 2:
        for (int i = 0; i < THREADS - 2; i++) {
            pthread_create(&t, NULL, spin, NULL);
        }
        pthread_create(&t, NULL, exec_thread, NULL);
        spin(NULL);
        break;
    case 3:
        pthread_create(&t, NULL, exit_group_soon, (void *) 9);
        for (;;) {
            if (pthread_create(&t, NULL, spin, NULL) != 0) {
                sched_yield();                      /* no memory for one more: try again */
            }
        }
        break;
    }
    _exit(100);
}

/* waitpid for P, for at most 20 s; then SIGKILL ends it and the round is wrong: its pid, or -1. */
static pid_t wait_bounded(pid_t p, int *st) {
    for (int ms = 0; ms < 20000; ms++) {
        pid_t r = waitpid(p, st, WNOHANG);
        if (r != 0) {
            return r;
        }
        struct timespec tick = {0, 1000000};
        nanosleep(&tick, NULL);
    }
    kill(p, SIGKILL);
    waitpid(p, st, 0);
    return -1;
}

int main(int argc, char **argv) {
    start(argc, argv);
    self_path = argv[0];
    if (argc > 2 && strcmp(argv[2], "exec-child") == 0) {
        return syscall(SYS_gettid) == getpid() ? 5 : 6;
    }
    static const char *what[] = {"exit_group from a thread while the others run: status 7",
            "every thread ends at once: status 0", "execve from a thread that is not the leader: the program's status 5",
            "exit_group from a thread while another makes threads: status 9"};
    static const int want[] = {7, 0, 5, 9};
    for (int kind = 0; kind < 4; kind++) {
        int wrong = 0, last = 0;
        for (int r = 0; r < ROUNDS; r++) {
            pid_t p = fork();
            if (p == 0) {
                child(kind);
            }
            int st = 0;
            if (p < 0 || wait_bounded(p, &st) != p || !WIFEXITED(st) || WEXITSTATUS(st) != want[kind]) {
                wrong++;
                last = st;
            }
        }
        CHECK(wrong == 0, "%d rounds of %s (%d wrong, the last 0x%x)", ROUNDS, what[kind], wrong, last);
    }
    int st;
    ERR(waitpid(-1, &st, WNOHANG), ECHILD, "every child reaped once");
    return done("groupexit");
}
