/* mtmem: the threads of one process on several CPUs at once, sharing its memory and its
   descriptors. Threads pinned with pthread_setaffinity_np round the CPUs the caller may use (at
   most 4, at least 2 threads) find themselves there (sched_getcpu), and two of them on different
   CPUs pass a counter back and forth through memory alone; then, all at once, they hammer:
   private anonymous regions mapped, touched and unmapped; one region shared copy-on-write with a
   forked child, broken by every thread on every page at the same time; the break grown under a
   lock; forks from one thread while the others write (the child sees a consistent snapshot, the
   parent keeps its own); and descriptors opened, read and closed while other threads close them
   (EBADF or the file's bytes, nothing else). Every result is checked; each line is a relation,
   the same with one CPU or many (with one CPU the "different CPUs" lines hold trivially).

   "mtmem DIR time [THREADS]" prints its wall time too, with THREADS threads (up to 4) whatever
   the CPUs (a figure, docs/smp.md; not a check). */
#include "check.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_CPUS 4
#define PAGE 4096L

static int cpus[MAX_CPUS];
static int ncpus;
static int nthreads;

static int allowed_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) {
        return 0;
    }
    int n = 0;
    for (int c = 0; c < CPU_SETSIZE && n < MAX_CPUS; c++) {
        if (CPU_ISSET(c, &set)) {
            cpus[n++] = c;
        }
    }
    return n;
}

static int pin_self(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* ---- a barrier of spinning threads (no system call: they must run at once to pass it) ---- */

static atomic_int arrived;
static atomic_int generation;

static void spin_barrier(int n) {
    int gen = atomic_load(&generation);
    if (atomic_fetch_add(&arrived, 1) == n - 1) {
        atomic_store(&arrived, 0);
        atomic_fetch_add(&generation, 1);
        return;
    }
    while (atomic_load(&generation) == gen) {
        if (ncpus < 2) {
            sched_yield();                      /* one CPU: the others run only if this one lets them */
        }
    }
}

/* ---- where the threads run, and a ping-pong through memory ---- */

#define PINGS 2000
static atomic_long ball;
static int placed_right[MAX_CPUS];
static int pong_right[2];

static void *placement(void *arg) {
    long k = (long) arg;
    int cpu = cpus[k % ncpus];
    if (pin_self(cpu) != 0) {
        return NULL;
    }
    placed_right[k] = sched_getcpu() == cpu;
    spin_barrier(nthreads);                     /* all of them running at once, each where it was put */
    placed_right[k] &= sched_getcpu() == cpu;
    if (k < 2) {
        /* thread 0 moves the ball from even to odd, thread 1 from odd to even */
        for (long i = k; i < 2 * PINGS; i += 2) {
            while (atomic_load(&ball) != i) {
                if (ncpus < 2) {
                    sched_yield();
                }
            }
            atomic_store(&ball, i + 1);
        }
        pong_right[k] = sched_getcpu() == cpu;
    }
    return NULL;
}

static void test_placement(void) {
    pthread_t t[MAX_CPUS];
    for (long k = 0; k < nthreads; k++) {
        pthread_create(&t[k], NULL, placement, (void *) k);
    }
    for (int k = 0; k < nthreads; k++) {
        pthread_join(t[k], NULL);
    }
    int all = 1;
    for (int k = 0; k < nthreads; k++) {
        all &= placed_right[k];
    }
    CHECK(all, "threads pinned round the CPUs run where they were pinned, all at once (sched_getcpu)");
    CHECK(atomic_load(&ball) == 2 * PINGS && pong_right[0] && pong_right[1],
          "two threads on their own CPUs pass a counter %d times through memory alone", 2 * PINGS);
}

/* ---- the hammer: every thread at once ---- */

#define ROUNDS 60
#define REGION_PAGES 8
#define SHARED_PAGES 32
#define SNAP_SLOTS 512

static unsigned char *shared_region;     /* shared copy-on-write with a child during the test */
static volatile unsigned long *snap;      /* each thread's counter slots, written during forks */
static pthread_mutex_t brk_lock = PTHREAD_MUTEX_INITIALIZER;
static int victims[16];
static const char *hello_path;
static char hello_bytes[64];
static ssize_t hello_length;

struct result {
    int map_errors;
    int region_errors;
    int shared_errors;
    int brk_errors;
    int brk_pages;
    unsigned long brk_at[ROUNDS];
    int fork_errors;
    int forks;
    int fd_reads;
    int fd_badf;
    int fd_wrong;
};
static struct result results[MAX_CPUS];

static unsigned char tag(int k, long page, int round) {
    return (unsigned char) (k * 61 + page * 7 + round * 3 + 1);
}

static void hammer_memory(int k, int round, struct result *r) {
    /* a private region: mapped, each page touched with its tag, read back, unmapped */
    unsigned char *p = mmap(NULL, REGION_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        r->map_errors++;
        return;
    }
    for (long i = 0; i < REGION_PAGES; i++) {
        memset(p + i * PAGE, tag(k, i, round), PAGE);
    }
    for (long i = 0; i < REGION_PAGES; i++) {
        for (long j = 0; j < PAGE; j += 512) {
            if (p[i * PAGE + j] != tag(k, i, round)) {
                r->region_errors++;
            }
        }
    }
    if (munmap(p, REGION_PAGES * PAGE) != 0) {
        r->map_errors++;
    }
}

static void hammer_brk(int k, int round, struct result *r) {
    pthread_mutex_lock(&brk_lock);
    unsigned long cur = (unsigned long) syscall(SYS_brk, 0);
    unsigned long got = (unsigned long) syscall(SYS_brk, cur + PAGE);
    if (got != cur + PAGE) {
        r->brk_errors++;
    } else {
        memset((void *) cur, tag(k, 0, round), PAGE);
        r->brk_at[r->brk_pages++] = cur;
    }
    pthread_mutex_unlock(&brk_lock);
}

static void hammer_files(int k, int round, struct result *r) {
    /* every thread opens the same file, so a descriptor number reused by another open still names it */
    int fd = open(hello_path, O_RDONLY);
    if (fd < 0) {
        r->fd_wrong++;
        return;
    }
    char buf[64];
    ssize_t n = pread(fd, buf, sizeof buf, 0);     /* its number may be a victim of another thread too */
    if (n == hello_length && memcmp(buf, hello_bytes, (size_t) n) == 0) {
        r->fd_reads++;
    } else if (n < 0 && errno == EBADF) {
        r->fd_badf++;
    } else {
        r->fd_wrong++;
    }
    /* another thread's descriptor, closed under it: EBADF, or its bytes */
    int victim = victims[(k * 7 + round) % 16];
    n = pread(victim, buf, sizeof buf, 0);
    if (n < 0 && errno == EBADF) {
        r->fd_badf++;
    } else if (n == hello_length && memcmp(buf, hello_bytes, (size_t) n) == 0) {
        r->fd_reads++;
    } else {
        r->fd_wrong++;
    }
    if (close(victim) != 0 && errno != EBADF) {
        r->fd_wrong++;
    }
    int d = dup(fd);
    if (d >= 0 && close(d) != 0 && errno != EBADF) {
        r->fd_wrong++;
    }
    if (close(fd) != 0 && errno != EBADF) {
        r->fd_wrong++;
    }
}

static void hammer_fork(int k, int round, struct result *r) {
    /* the other threads write their slots meanwhile: the child sees values they wrote, with their tag */
    pid_t pid = fork();
    if (pid == 0) {
        int bad = 0;
        for (int s = 0; s < SNAP_SLOTS; s++) {
            unsigned long v = snap[s];
            if (v != 0 && (int) (v & 0xFF) != s % nthreads) {
                bad++;
            }
            snap[s] = 0xDEAD00 | 0xFF;          /* the child's own copy: the parent must never see it */
        }
        _exit(bad == 0 ? 0 : 1);
    }
    if (pid < 0) {
        r->fork_errors++;
        return;
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        r->fork_errors++;
    }
    r->forks++;
    (void) k;
    (void) round;
}

static void *hammer(void *arg) {
    long k = (long) arg;
    struct result *r = &results[k];
    pin_self(cpus[k % ncpus]);
    spin_barrier(nthreads);
    /* every thread writes its own byte of every page of the shared region at once: concurrent copy-on-write breaks */
    for (long i = 0; i < SHARED_PAGES; i++) {
        shared_region[i * PAGE + 64 * k + (i % 64)] = tag((int) k, i, 99);
    }
    for (int round = 0; round < ROUNDS; round++) {
        for (int s = (int) k; s < SNAP_SLOTS; s += nthreads) {
            snap[s] = ((unsigned long) round << 8 | (unsigned long) k) + 0x100;
        }
        hammer_memory((int) k, round, r);
        hammer_brk((int) k, round, r);
        hammer_files((int) k, round, r);
        if (k == 0 && round % 6 == 0) {
            hammer_fork((int) k, round, r);
        }
    }
    spin_barrier(nthreads);
    /* every thread's bytes of the shared region are there, none lost to a racing break */
    for (long i = 0; i < SHARED_PAGES; i++) {
        for (int t = 0; t < nthreads; t++) {
            if (shared_region[i * PAGE + 64 * t + (i % 64)] != tag(t, i, 99)) {
                r->shared_errors++;
            }
        }
    }
    return NULL;
}

static void test_hammer(void) {
    shared_region = mmap(NULL, SHARED_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    snap = mmap(NULL, PAGE * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(shared_region != MAP_FAILED && snap != MAP_FAILED, "mmap the shared and the snapshot regions");
    if (shared_region == MAP_FAILED || snap == MAP_FAILED) {
        return;
    }
    for (long i = 0; i < SHARED_PAGES * PAGE; i++) {
        shared_region[i] = (unsigned char) (i * 31);
    }
    /* 16 descriptors of the same file for the threads to close under each other */
    int opened = 1;
    for (int i = 0; i < 16; i++) {
        victims[i] = open(hello_path, O_RDONLY);
        opened &= victims[i] >= 0;
    }
    CHECK(opened, "16 descriptors of one file");
    /* a child holding the region copy-on-write until the threads are done; it checks its copy then */
    int go[2];
    if (pipe(go) != 0) {
        CHECK(0, "pipe");
        return;
    }
    pid_t keeper = fork();
    if (keeper == 0) {
        char c;
        close(go[1]);
        while (read(go[0], &c, 1) < 0 && errno == EINTR) {
        }
        for (long i = 0; i < SHARED_PAGES * PAGE; i++) {
            if (shared_region[i] != (unsigned char) (i * 31)) {
                _exit(1);
            }
        }
        _exit(0);
    }
    close(go[0]);
    void *brk_before = (void *) syscall(SYS_brk, 0);

    pthread_t t[MAX_CPUS];
    for (long k = 0; k < nthreads; k++) {
        pthread_create(&t[k], NULL, hammer, (void *) k);
    }
    for (int k = 0; k < nthreads; k++) {
        pthread_join(t[k], NULL);
    }
    close(go[1]);
    int status;
    CHECK(waitpid(keeper, &status, 0) == keeper && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the child sharing the region copy-on-write still sees it as it was at its fork");

    struct result sum;
    memset(&sum, 0, sizeof sum);
    int brk_ok = 1;
    for (int k = 0; k < nthreads; k++) {
        struct result *r = &results[k];
        sum.map_errors += r->map_errors;
        sum.region_errors += r->region_errors;
        sum.shared_errors += r->shared_errors;
        sum.brk_errors += r->brk_errors;
        sum.brk_pages += r->brk_pages;
        sum.fork_errors += r->fork_errors;
        sum.forks += r->forks;
        sum.fd_reads += r->fd_reads;
        sum.fd_badf += r->fd_badf;
        sum.fd_wrong += r->fd_wrong;
        for (int i = 0; i < r->brk_pages; i++) {
            const unsigned char *p = (const unsigned char *) r->brk_at[i];
            for (long j = 0; j < PAGE; j += 256) {
                brk_ok &= p[j] == tag(k, 0, i);
            }
        }
    }
    CHECK(sum.map_errors == 0 && sum.region_errors == 0,
          "every thread maps, fills, checks and unmaps %d private regions at once", ROUNDS);
    CHECK(sum.shared_errors == 0, "every thread's writes to every page of the copy-on-write region are there");
    CHECK(sum.brk_errors == 0 && sum.brk_pages == ROUNDS * nthreads && brk_ok,
          "the break grows a page at a time from every thread, each page keeps its bytes");
    CHECK(sum.fork_errors == 0 && sum.forks == ROUNDS / 6,
          "forks from one thread while the others write: each child sees their tags, the parent never the child's");
    int snap_ok = 1;
    for (int s = 0; s < SNAP_SLOTS; s++) {
        snap_ok &= (int) (snap[s] & 0xFF) == s % nthreads && (snap[s] >> 8) == ROUNDS;
    }
    CHECK(snap_ok, "the parent's slots hold its threads' last values");
    CHECK(sum.fd_wrong == 0 && sum.fd_reads > 0,
          "descriptors opened, read and closed while other threads close them: the file's bytes or EBADF");
    CHECK(syscall(SYS_brk, brk_before) == (long) brk_before, "the break shrinks back");
    for (int i = 0; i < 16; i++) {
        close(victims[i]);
    }
    CHECK(munmap(shared_region, SHARED_PAGES * PAGE) == 0 && munmap((void *) snap, PAGE * 2) == 0, "munmap the regions");
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

int main(int argc, char **argv) {
    start(argc, argv);
    long t0 = now_ms();
    hello_path = at("hello.txt");
    int fd = open(hello_path, O_RDONLY);
    hello_length = fd < 0 ? -1 : read(fd, hello_bytes, sizeof hello_bytes);
    close(fd);
    CHECK(hello_length == HELLO_SIZE && memcmp(hello_bytes, HELLO, HELLO_SIZE) == 0, "read data/hello.txt");
    ncpus = allowed_cpus();
    nthreads = ncpus < 2 ? 2 : ncpus;
    if (argc > 3 && atoi(argv[3]) >= 2 && atoi(argv[3]) <= MAX_CPUS) {
        nthreads = atoi(argv[3]);
    }
    CHECK(ncpus >= 1, "the process may run on a CPU");
    test_placement();
    test_hammer();
    if (argc > 2 && strcmp(argv[2], "time") == 0) {
        say("mtmem: %ld ms with %d threads on %d CPUs\n", now_ms() - t0, nthreads, ncpus);
    }
    return done("mtmem");
}
