/*
 * threads: musl's pthreads on the kernel's clone(CLONE_THREAD), futex and thread groups.
 * Sums over threads under a mutex, a condition variable handshake, a barrier, join results,
 * __thread storage per thread, a detached thread, pthread_kill to one thread, kill to the
 * process taken by the thread that does not block the signal, getpid/gettid/getppid in threads,
 * /proc/self/status Threads: and /proc/self/task; in children: exit_group from a thread ending
 * all, the main thread's pthread_exit while another runs on, a fault in a thread killing the
 * process, SIGSTOP and SIGCONT stopping and continuing every thread, execve from a thread that is
 * not the leader (it takes the process's pid), and the parent's wait seeing each process once.
 *
 * "threads exec-child PID" is what the execve runs: it checks it has pid PID and is alone.
 */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <spawn.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

static const char *self_path;

static pid_t tid(void) {
    return (pid_t) syscall(SYS_gettid);
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- a sum over threads under a mutex ---- */

#define SUM_THREADS 4
#define SUM_EACH 25000
static pthread_mutex_t sum_lock = PTHREAD_MUTEX_INITIALIZER;
static long sum_total;
static long sum_adds;

static void *sum_range(void *arg) {
    long first = (long) arg * SUM_EACH + 1;
    long local = 0;
    for (long i = first; i < first + SUM_EACH; i++) {
        pthread_mutex_lock(&sum_lock);
        sum_total += i;
        sum_adds++;
        pthread_mutex_unlock(&sum_lock);
        local += i;
    }
    return (void *) local;
}

static void test_sum(void) {
    pthread_t t[SUM_THREADS];
    int created = 0;
    for (long i = 0; i < SUM_THREADS; i++) {
        created += pthread_create(&t[i], NULL, sum_range, (void *) i) == 0;
    }
    CHECK(created == SUM_THREADS, "pthread_create: %d threads", SUM_THREADS);
    long joined = 0;
    for (int i = 0; i < created; i++) {
        void *r;
        if (pthread_join(t[i], &r) == 0) {
            joined += (long) r;
        }
    }
    long n = (long) SUM_THREADS * SUM_EACH;
    CHECK(sum_total == n * (n + 1) / 2 && sum_adds == n, "%d threads sum 1..%ld under a mutex: %ld", SUM_THREADS, n,
            sum_total);
    CHECK(joined == n * (n + 1) / 2, "pthread_join returns each thread's part (together %ld)", joined);
}

/* ---- a condition variable handshake ---- */

static pthread_mutex_t ping_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ping_cond = PTHREAD_COND_INITIALIZER;
static int ping_turn;   /* 0: main's turn, 1: the thread's */
static int ping_rounds;
#define ROUNDS 500

static void *pong(void *arg) {
    (void) arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&ping_lock);
        while (ping_turn != 1) {
            pthread_cond_wait(&ping_cond, &ping_lock);
        }
        ping_rounds++;
        ping_turn = 0;
        pthread_cond_signal(&ping_cond);
        pthread_mutex_unlock(&ping_lock);
    }
    return NULL;
}

static void test_condvar(void) {
    pthread_t t;
    CHECK(pthread_create(&t, NULL, pong, NULL) == 0, "pthread_create for a handshake");
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&ping_lock);
        ping_turn = 1;
        pthread_cond_signal(&ping_cond);
        while (ping_turn != 0) {
            pthread_cond_wait(&ping_cond, &ping_lock);
        }
        pthread_mutex_unlock(&ping_lock);
    }
    pthread_join(t, NULL);
    CHECK(ping_rounds == ROUNDS, "condition variable handshake: %d rounds", ping_rounds);
}

/* ---- a barrier ---- */

#define BARRIER_THREADS 4
#define BARRIER_ROUNDS 50
static pthread_barrier_t barrier;
static atomic_int barrier_count;
static atomic_int barrier_bad;

static void *barrier_worker(void *arg) {
    (void) arg;
    for (int r = 0; r < BARRIER_ROUNDS; r++) {
        atomic_fetch_add(&barrier_count, 1);
        pthread_barrier_wait(&barrier);
        if (atomic_load(&barrier_count) < (r + 1) * BARRIER_THREADS) {
            atomic_fetch_add(&barrier_bad, 1);     /* someone passed the barrier early */
        }
        pthread_barrier_wait(&barrier);
    }
    return NULL;
}

static void test_barrier(void) {
    pthread_barrier_init(&barrier, NULL, BARRIER_THREADS);
    pthread_t t[BARRIER_THREADS];
    for (int i = 0; i < BARRIER_THREADS; i++) {
        pthread_create(&t[i], NULL, barrier_worker, NULL);
    }
    for (int i = 0; i < BARRIER_THREADS; i++) {
        pthread_join(t[i], NULL);
    }
    CHECK(atomic_load(&barrier_count) == BARRIER_THREADS * BARRIER_ROUNDS && atomic_load(&barrier_bad) == 0,
            "barrier: %d threads, %d rounds, none early", BARRIER_THREADS, BARRIER_ROUNDS);
    pthread_barrier_destroy(&barrier);
}

/* ---- thread-local storage and ids ---- */

static __thread long tls_value = 42;
static __thread long tls_zero;
static pid_t main_pid;
static pid_t main_ppid;

struct ids {
    pid_t pid, tid, ppid;
    long tls_initial, tls_zero_initial, tls_after;
    void *self_fs;
    pthread_t self;
};

static void *ids_thread(void *arg) {
    struct ids *r = arg;
    r->pid = getpid();
    r->tid = tid();
    r->ppid = getppid();
    r->tls_initial = tls_value;
    r->tls_zero_initial = tls_zero;
    tls_value = 1000 + (long) r->tid;
    tls_zero = 7;
    sleep_ms(20);                                   /* the others write theirs meanwhile */
    r->tls_after = tls_value == 1000 + (long) r->tid && tls_zero == 7;
    void *fs;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(fs));
    r->self_fs = fs;
    r->self = pthread_self();
    return NULL;
}

static void test_ids_and_tls(void) {
    struct ids r[3];
    pthread_t t[3];
    tls_value = 5;
    for (int i = 0; i < 3; i++) {
        pthread_create(&t[i], NULL, ids_thread, &r[i]);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
    }
    int same_pid = 1, own_tid = 1, same_ppid = 1, tls_fresh = 1, tls_own = 1, fs_self = 1;
    for (int i = 0; i < 3; i++) {
        same_pid &= r[i].pid == main_pid;
        own_tid &= r[i].tid != main_pid && r[i].tid > 0;
        for (int j = 0; j < i; j++) {
            own_tid &= r[i].tid != r[j].tid;
        }
        same_ppid &= r[i].ppid == main_ppid;
        tls_fresh &= r[i].tls_initial == 42 && r[i].tls_zero_initial == 0;
        tls_own &= r[i].tls_after == 1;
        fs_self &= r[i].self_fs == (void *) r[i].self && r[i].self == t[i];
    }
    CHECK(same_pid, "getpid in every thread is the process's");
    CHECK(own_tid, "gettid in each thread is its own, not the pid");
    CHECK(tid() == getpid(), "gettid == getpid in the main thread");
    CHECK(same_ppid, "getppid in every thread is the process's parent");
    CHECK(tls_fresh, "__thread variables start from their initial values in each thread");
    CHECK(tls_own && tls_value == 5 && tls_zero == 0, "__thread variables are each thread's own");
    CHECK(fs_self, "%%fs:0 in each thread is its pthread_self");
}

/* ---- a detached thread ---- */

static sem_t detached_done;
static atomic_int detached_ran;

static void *detached_thread(void *arg) {
    (void) arg;
    atomic_store(&detached_ran, 1);
    sem_post(&detached_done);
    return NULL;
}

static void test_detached(void) {
    sem_init(&detached_done, 0, 0);
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int r = pthread_create(&t, &a, detached_thread, NULL);
    sem_wait(&detached_done);
    CHECK(r == 0 && atomic_load(&detached_ran) == 1, "a detached thread runs");
    pthread_attr_destroy(&a);
    /* Many short-lived threads one after the other: their slots, stacks and tasks come back. */
    int ok = 1;
    for (int i = 0; i < 100 && ok; i++) {
        pthread_t u;
        ok = pthread_create(&u, NULL, detached_thread, NULL) == 0 && pthread_join(u, NULL) == 0;
        sem_wait(&detached_done);
    }
    CHECK(ok, "100 threads made and joined one after the other");
}

/* ---- as many threads at once as the kernel gives ---- */

static sem_t many_go;

static void *many_wait(void *arg) {
    (void) arg;
    sem_wait(&many_go);
    return NULL;
}

static void test_many(void) {
    enum { MANY = 200 };
    static pthread_t t[MANY];
    sem_init(&many_go, 0, 0);
    int made = 0, other = 0;
    for (int i = 0; i < MANY; i++) {
        int r = pthread_create(&t[made], NULL, many_wait, NULL);
        if (r == 0) {
            made++;
        } else if (r != EAGAIN) {
            other++;
        }
    }
    CHECK(made >= 16 && other == 0, "up to %d threads at once: each made, or refused with EAGAIN", MANY);
    for (int i = 0; i < made; i++) {
        sem_post(&many_go);
    }
    int joined = 0;
    for (int i = 0; i < made; i++) {
        joined += pthread_join(t[i], NULL) == 0;
    }
    pthread_t u;
    int again = pthread_create(&u, NULL, detached_thread, NULL) == 0 && pthread_join(u, NULL) == 0;
    sem_wait(&detached_done);
    CHECK(joined == made && again, "every one joined, and a thread can be made again");
}

/* ---- signals and threads ---- */

static volatile pid_t handled_by;
static volatile int handled_count;

static void on_usr1(int sig) {
    (void) sig;
    handled_by = tid();
    handled_count++;
}

static atomic_int waiter_tid;
static atomic_int stop_waiter;

/* ARG: 0 keeps the mask it inherited, 1 blocks SIGUSR1, 2 unblocks it. */
static void *signal_waiter(void *arg) {
    int how = (int) (long) arg;
    if (how != 0) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGUSR1);
        pthread_sigmask(how == 1 ? SIG_BLOCK : SIG_UNBLOCK, &s, NULL);
    }
    atomic_store(&waiter_tid, tid());
    while (!atomic_load(&stop_waiter)) {
        sleep_ms(5);
    }
    return NULL;
}

static atomic_int sigwait_ready;
static int sigwait_got;

static void *sigwaiter(void *arg) {
    (void) arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    while (!atomic_load(&sigwait_ready)) {
        sleep_ms(1);
    }
    sleep_ms(20);
    sigwait(&s, &sigwait_got);
    return NULL;
}

static void test_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);

    /* pthread_kill: to that thread. */
    pthread_t t;
    atomic_store(&waiter_tid, 0);
    atomic_store(&stop_waiter, 0);
    pthread_create(&t, NULL, signal_waiter, (void *) 0);
    while (atomic_load(&waiter_tid) == 0) {
        sleep_ms(1);
    }
    pid_t target = atomic_load(&waiter_tid);
    handled_count = 0;
    pthread_kill(t, SIGUSR1);
    for (int i = 0; i < 200 && handled_count == 0; i++) {
        sleep_ms(5);
    }
    CHECK(handled_count == 1 && handled_by == target, "pthread_kill: the handler runs in the target thread");
    ERR(syscall(SYS_tgkill, getpid() + 100000, target, SIGUSR1), ESRCH, "tgkill with another tgid");
    CHECK(syscall(SYS_tgkill, getpid(), target, 0) == 0, "tgkill signal 0 to a live thread");
    atomic_store(&stop_waiter, 1);
    pthread_join(t, NULL);

    /* kill to the process, the main thread blocking SIGUSR1: the other thread takes it. */
    sigset_t s, old;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s, &old);
    atomic_store(&waiter_tid, 0);
    atomic_store(&stop_waiter, 0);
    pthread_create(&t, NULL, signal_waiter, (void *) 2);   /* it inherits the mask: unblocks */
    while (atomic_load(&waiter_tid) == 0) {
        sleep_ms(1);
    }
    target = atomic_load(&waiter_tid);
    handled_count = 0;
    kill(getpid(), SIGUSR1);
    for (int i = 0; i < 200 && handled_count == 0; i++) {
        sleep_ms(5);
    }
    CHECK(handled_count == 1 && handled_by == target, "kill: the thread that does not block the signal takes it");
    atomic_store(&stop_waiter, 1);
    pthread_join(t, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    /* A signal blocked in the thread and not in main: main takes it. */
    atomic_store(&waiter_tid, 0);
    atomic_store(&stop_waiter, 0);
    pthread_create(&t, NULL, signal_waiter, (void *) 1);
    while (atomic_load(&waiter_tid) == 0) {
        sleep_ms(1);
    }
    handled_count = 0;
    kill(getpid(), SIGUSR1);
    for (int i = 0; i < 200 && handled_count == 0; i++) {
        sleep_ms(5);
    }
    CHECK(handled_count == 1 && handled_by == main_pid, "kill: the main thread takes what the other blocks");
    atomic_store(&stop_waiter, 1);
    pthread_join(t, NULL);

    /* Every thread blocks SIGUSR2; one takes it with sigwait, sent before it waits: the signal is
       the process's, pending for whichever thread asks. */
    sigset_t s2;
    sigemptyset(&s2);
    sigaddset(&s2, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s2, &old);
    atomic_store(&sigwait_ready, 0);
    pthread_create(&t, NULL, sigwaiter, NULL);
    kill(getpid(), SIGUSR2);
    atomic_store(&sigwait_ready, 1);
    pthread_join(t, NULL);
    CHECK(sigwait_got == SIGUSR2, "a signal sent to the process while every thread blocks it: sigwait in a thread takes it");
    sigset_t pend;
    sigpending(&pend);
    CHECK(!sigismember(&pend, SIGUSR2), "and it is no longer pending for the process");
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* ---- a descriptor closed by another thread while a read blocks on it ---- */

static int pipe_fds[2];
static atomic_int reader_started;
static long reader_got;

static void *pipe_reader(void *arg) {
    (void) arg;
    char c[4];
    atomic_store(&reader_started, 1);
    reader_got = read(pipe_fds[0], c, sizeof c);
    return NULL;
}

static void test_close_while_reading(void) {
    pipe(pipe_fds);
    pthread_t t;
    pthread_create(&t, NULL, pipe_reader, NULL);
    while (!atomic_load(&reader_started)) {
        sleep_ms(1);
    }
    sleep_ms(50);                                   /* in its read now */
    CHECK(close(pipe_fds[0]) == 0, "close of a descriptor another thread reads");
    write(pipe_fds[1], "xy", 2);
    pthread_join(t, NULL);
    CHECK(reader_got == 2, "the read goes on with the open file and gets the bytes written (%ld)", reader_got);
    close(pipe_fds[1]);
}

/* ---- /proc ---- */

static atomic_int proc_release;
static atomic_int proc_started;

static void *proc_thread(void *arg) {
    (void) arg;
    atomic_fetch_add(&proc_started, 1);
    while (!atomic_load(&proc_release)) {
        sleep_ms(5);
    }
    return NULL;
}

static int status_threads(void) {
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) {
        return -1;
    }
    buf[n] = 0;
    char *at = strstr(buf, "\nThreads:\t");
    return at == NULL ? -1 : atoi(at + 10);
}

static void test_proc(void) {
    pthread_t t[2];
    atomic_store(&proc_release, 0);
    atomic_store(&proc_started, 0);
    for (int i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, proc_thread, NULL);
    }
    while (atomic_load(&proc_started) < 2) {
        sleep_ms(1);
    }
    CHECK(status_threads() == 3, "/proc/self/status: Threads: 3 with two more running");
    DIR *d = opendir("/proc/self/task");
    int entries = 0, has_main = 0;
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] != '.') {
                entries++;
                has_main |= atoi(e->d_name) == main_pid;
            }
        }
        closedir(d);
    }
    CHECK(entries == 3 && has_main, "/proc/self/task lists the 3 threads, the main one's id the pid");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", main_pid);
    int fd = open(path, O_RDONLY);
    char buf[512] = {0};
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0) {
        close(fd);
    }
    char want[32];
    snprintf(want, sizeof want, "%d (", main_pid);
    CHECK(n > 0 && strncmp(buf, want, strlen(want)) == 0, "/proc/self/task/PID/stat names the thread");
    atomic_store(&proc_release, 1);
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    /* pthread_join returns once the kernel has cleared the thread's tid (CLONE_CHILD_CLEARTID),
       which comes before the thread leaves its group's count (on Linux too: exit_mm, then
       exit_notify), so a joiner on another CPU may look in between: give the exits a moment. */
    for (int tries = 0; tries < 2000 && status_threads() != 1; tries++) {
        sched_yield();
    }
    CHECK(status_threads() == 1, "/proc/self/status: Threads: 1 after the joins");
}

/* ---- whole processes: exit_group, pthread_exit of main, a fault, stop and continue, execve ---- */

static void *exit_group_thread(void *arg) {
    sleep_ms(20);
    exit((int) (long) arg);                         /* exit_group: every thread ends */
}

static void *forever(void *arg) {
    (void) arg;
    for (;;) {
        pause();
    }
    return NULL;
}

static void *fault_thread(void *arg) {
    (void) arg;
    sleep_ms(20);
    *(volatile int *) 0 = 1;                        /* SIGSEGV: the whole process dies of it */
    return NULL;
}

static void *late_exit(void *arg) {
    sleep_ms(50);
    exit((int) (long) arg);
}

static atomic_long *counters;                       /* shared with the parent (MAP_SHARED) */

static void *count_forever(void *arg) {
    long i = (long) arg;
    for (;;) {
        atomic_fetch_add(&counters[i], 1);
        sched_yield();
    }
    return NULL;
}

static void *exec_thread(void *arg) {
    char pid[16];
    snprintf(pid, sizeof pid, "%d", (int) (long) arg);
    char *argv[] = {(char *) self_path, (char *) data_dir, "exec-child", pid, NULL};
    char *envp[] = {NULL};
    execve(self_path, argv, envp);
    _exit(99);
}

/* The child's side of each case; never returns. */
static void child(int kind) {
    pthread_t t;
    switch (kind) {
    case 0:                                         /* exit_group from a thread */
        pthread_create(&t, NULL, forever, NULL);
        pthread_create(&t, NULL, exit_group_thread, (void *) 7);
        forever(NULL);
        break;
    case 1:                                         /* main ends first, another thread later */
        pthread_create(&t, NULL, late_exit, (void *) 9);
        pthread_exit(NULL);
        break;
    case 2:                                         /* a fault in a thread */
        pthread_create(&t, NULL, forever, NULL);
        pthread_create(&t, NULL, fault_thread, NULL);
        forever(NULL);
        break;
    case 3:                                         /* stopped and continued */
        pthread_create(&t, NULL, count_forever, (void *) 1);
        count_forever((void *) 0);
        break;
    case 4:                                         /* execve from a thread that is not the leader */
        pthread_create(&t, NULL, forever, NULL);
        pthread_create(&t, NULL, exec_thread, (void *) (long) getpid());
        forever(NULL);
        break;
    }
    _exit(100);
}

static pid_t spawn(int kind) {
    pid_t p = fork();
    if (p == 0) {
        child(kind);
    }
    return p;
}

static void test_processes(void) {
    int st = 0;
    pid_t p = spawn(0);
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 7,
            "exit from a thread ends every thread: status 7 (0x%x)", st);
    ERR(waitpid(p, &st, WNOHANG), ECHILD, "the process is reaped once");

    p = spawn(1);
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 9,
            "the main thread's pthread_exit: the process goes on until its last thread exits 9 (0x%x)", st);

    p = spawn(2);
    CHECK(waitpid(p, &st, 0) == p && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
            "a fault in one thread kills the whole process with SIGSEGV (0x%x)", st);

    counters = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    p = spawn(3);
    while (atomic_load(&counters[0]) < 100 || atomic_load(&counters[1]) < 100) {
        sleep_ms(5);
    }
    kill(p, SIGSTOP);
    CHECK(waitpid(p, &st, WUNTRACED) == p && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
            "SIGSTOP to a process with two threads: stopped");
    sleep_ms(30);
    long a = atomic_load(&counters[0]), b = atomic_load(&counters[1]);
    sleep_ms(100);
    CHECK(atomic_load(&counters[0]) == a && atomic_load(&counters[1]) == b, "no thread of a stopped process runs");
    kill(p, SIGCONT);
    for (int i = 0; i < 400 && (atomic_load(&counters[0]) < a + 100 || atomic_load(&counters[1]) < b + 100); i++) {
        sleep_ms(5);
    }
    CHECK(atomic_load(&counters[0]) >= a + 100 && atomic_load(&counters[1]) >= b + 100,
            "SIGCONT: every thread runs again");
    kill(p, SIGKILL);
    CHECK(waitpid(p, &st, 0) == p && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL ends every thread");
    munmap(counters, 4096);

    p = spawn(4);
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 5,
            "execve from a thread that is not the leader: the program runs as the process, alone (0x%x)", st);
    ERR(waitpid(-1, &st, WNOHANG), ECHILD, "every child reaped once");
}

/* ---- CLONE_VM without CLONE_THREAD: vfork and posix_spawn share the parent's memory ---- */

static volatile int written_by_child;

static void test_shared_vm(void) {
    int st = 0;
    written_by_child = 0;
    pid_t p = vfork();
    if (p == 0) {
        written_by_child = 42;                      /* the parent's memory: vfork shares it */
        _exit(3);
    }
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 3 && written_by_child == 42,
            "vfork (CLONE_VM | CLONE_VFORK): the child's write is in the parent's memory");
    char pid[16];
    snprintf(pid, sizeof pid, "%d", -1);
    char *argv[] = {(char *) self_path, (char *) data_dir, "exec-child", pid, NULL};
    char *envp[] = {NULL};
    int r = posix_spawn(&p, self_path, NULL, NULL, argv, envp);
    CHECK(r == 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 6,
            "posix_spawn (CLONE_VM | CLONE_VFORK) runs the program");
    char *missing[] = {"/no/such/program", NULL};
    r = posix_spawn(&p, "/no/such/program", NULL, NULL, missing, envp);
    CHECK(r == ENOENT, "posix_spawn of a missing program: ENOENT from the child (%s)", errname(r));
    ERR(waitpid(-1, &st, WNOHANG), ECHILD, "the failed spawn's child reaped by posix_spawn");
}

/* ---- clone3 (glibc's pthread_create and posix_spawn use it; musl does not) ---- */

struct clone_args_v2 {
    unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
            cgroup;
};

static void test_clone3(void) {
    struct clone_args_v2 a;
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    ERR(syscall(SYS_clone3, &a, 63), EINVAL, "clone3 with a size below its first version");
    ERR(syscall(SYS_clone3, &a, 4097), E2BIG, "clone3 with a size past a page");
    ERR(syscall(SYS_clone3, (void *) 1, sizeof a), EFAULT, "clone3 with a bad pointer");
    a.flags = SIGCHLD;
    ERR(syscall(SYS_clone3, &a, sizeof a), EINVAL, "clone3 with CSIGNAL bits in flags");
    a.flags = CLONE_THREAD;
    ERR(syscall(SYS_clone3, &a, sizeof a), EINVAL, "clone3 CLONE_THREAD without CLONE_SIGHAND");
    a.flags = 0;
    a.stack_size = 4096;
    ERR(syscall(SYS_clone3, &a, sizeof a), EINVAL, "clone3 with a stack size and no stack");
    a.stack_size = 0;
    unsigned char big[sizeof a + 8];
    memset(big, 0, sizeof big);
    memcpy(big, &a, sizeof a);
    big[sizeof a + 3] = 1;
    ERR(syscall(SYS_clone3, big, sizeof big), E2BIG, "clone3 with a nonzero byte past the fields it knows");
    big[sizeof a + 3] = 0;
    long p = syscall(SYS_clone3, big, sizeof big);
    if (p == 0) {
        _exit(4);
    }
    int st = 0;
    CHECK(p > 0 && waitpid((pid_t) p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 4,
            "clone3 like fork (exit_signal SIGCHLD): the child's status 4");
}

/* "threads DATA exec-child PID": what test_processes's execve runs. */
static int exec_child(const char *pid) {
    int ok = getpid() == atoi(pid) && tid() == getpid();
    int threads = status_threads();
    return ok && threads == 1 ? 5 : 6;
}

int main(int argc, char **argv) {
    start(argc, argv);
    self_path = argv[0];
    if (argc > 3 && strcmp(argv[2], "exec-child") == 0) {
        return exec_child(argv[3]);
    }
    main_pid = getpid();
    main_ppid = getppid();
    test_sum();
    test_condvar();
    test_barrier();
    test_ids_and_tls();
    test_detached();
    test_many();
    test_signals();
    test_close_while_reading();
    test_proc();
    test_processes();
    test_shared_vm();
    test_clone3();
    return done("threads");
}
