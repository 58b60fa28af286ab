/* churn: load as xv6's usertests puts it on a kernel. Fork+exec+wait one after the other and
 * many children alive at once, a ring of processes passing a counter through pipes, files made,
 * written and removed a thousand times, descriptors used up and given back, and a bad pointer to
 * every system call that takes one. Memory must come back afterwards: UserIT checks `mem` after
 * the run. */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

#define EXECS 300
#define AT_ONCE 40
#define RING 5
#define ROUNDS 2000
#define FILES 1000
#define OPEN_TOGETHER 200         /* more than the 64 descriptors Zeptux once had; Linux gives 1024 */

static int read_full(int fd, void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *) buf + got, n - got);
        if (r <= 0) {
            return -1;
        }
        got += (size_t) r;
    }
    return 0;
}

/* A member of the ring: takes the counter from `in`, adds one, hands it to `out`; -1 ends it. */
static void ring_member(int in, int out) {
    long v;
    for (;;) {
        if (read_full(in, &v, sizeof v) != 0) {
            _exit(2);
        }
        if (v >= 0) {
            v++;
        }
        if (write(out, &v, sizeof v) != sizeof v) {
            _exit(3);
        }
        if (v < 0) {
            _exit(0);
        }
    }
}

/* Entries in directory `path` other than . and .., or -1. */
static int entries(const char *path) {
    DIR *d = opendir(path);
    if (d == NULL) {
        return -1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            n++;
        }
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv) {
    if (argc > 3 && strcmp(argv[2], "child") == 0) {
        _exit(atoi(argv[3]) & 0xff);                  /* the exec'd image of part 1 */
    }
    start(argc, argv);
    int status;

    /* 1. fork, exec and wait, one child after the other. */
    int wrong = 0;
    for (int i = 0; i < EXECS; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            char n[16];
            snprintf(n, sizeof n, "%d", i);
            char *args[] = {argv[0], (char *) data_dir, "child", n, NULL};
            execve(argv[0], args, environ);
            _exit(255);
        }
        if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != (i & 0xff)) {
            wrong++;
        }
    }
    CHECK(wrong == 0, "%d children exec'd one after the other, each exits with its number: %d wrong", EXECS, wrong);

    /* 2. Many children alive together, each reaped once, in whatever order they end. */
    int seen[AT_ONCE] = {0};
    int made = 0;
    for (int i = 0; i < AT_ONCE; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            struct timespec t = {0, (long) (AT_ONCE - i) * 100000L};
            nanosleep(&t, NULL);
            _exit(i);
        }
        made += pid > 0;
    }
    int reaped = 0;
    pid_t w;
    while ((w = wait(&status)) > 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) < AT_ONCE) {
            seen[WEXITSTATUS(status)]++;
        }
        reaped++;
    }
    int echild = errno == ECHILD;
    int once = 0;
    for (int i = 0; i < AT_ONCE; i++) {
        once += seen[i] == 1;
    }
    CHECK(made == AT_ONCE && reaped == AT_ONCE && once == AT_ONCE && echild,
          "%d children alive at once, each reaped once, then ECHILD", AT_ONCE);

    /* 3. A ring of processes, each adding one to a counter it passes on through a pipe. */
    int p[RING][2];
    int piped = 1;
    for (int k = 0; k < RING; k++) {
        piped &= pipe(p[k]) == 0;
    }
    for (int k = 1; k < RING; k++) {
        if (fork() == 0) {
            for (int j = 0; j < RING; j++) {          /* keep only its two ends */
                if (j != k) {
                    close(p[j][0]);
                }
                if (j != (k + 1) % RING) {
                    close(p[j][1]);
                }
            }
            ring_member(p[k][0], p[(k + 1) % RING][1]);
        }
    }
    long v = 0;
    int rounds = 0;
    for (; rounds < ROUNDS; rounds++) {
        v++;
        if (write(p[1][1], &v, sizeof v) != sizeof v || read_full(p[0][0], &v, sizeof v) != 0) {
            break;
        }
    }
    long end = -1;
    int ended = write(p[1][1], &end, sizeof end) == sizeof end && read_full(p[0][0], &end, sizeof end) == 0;
    int clean = 0;
    while (wait(&status) > 0) {
        clean += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    for (int k = 0; k < RING; k++) {
        close(p[k][0]);
        close(p[k][1]);
    }
    CHECK(piped && rounds == ROUNDS && v == (long) ROUNDS * RING && ended && end == -1 && clean == RING - 1,
          "a ring of %d processes passes a counter %d times round: %ld", RING, ROUNDS, (long) ROUNDS * RING);

    /* 4. Files made, written, checked and removed, one after the other. */
    const char *dir = at("churn-tmp");
    mkdir(dir, 0755);
    char path[600];
    static char block[8192];
    for (size_t i = 0; i < sizeof block; i++) {
        block[i] = (char) ('a' + i % 26);
    }
    int bad = 0;
    for (int i = 0; i < FILES; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i % 7);
        int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
        size_t n = 4096 + (size_t) i % 4096;
        struct stat st;
        if (fd < 0 || write(fd, block, n) != (ssize_t) n || fstat(fd, &st) != 0 || st.st_size != (off_t) n
                || close(fd) != 0 || unlink(path) != 0) {
            bad++;
        }
    }
    CHECK(bad == 0 && entries(dir) == 0, "%d files made, written (4 to 8 KiB), checked and removed: none left", FILES);

    /* 5. Many files open together, removed while open, still readable, then closed. */
    int fds[OPEN_TOGETHER];
    bad = 0;
    for (int i = 0; i < OPEN_TOGETHER; i++) {
        snprintf(path, sizeof path, "%s/open%d", dir, i);
        fds[i] = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
        if (fds[i] < 0 || write(fds[i], block + i, 100) != 100) {
            bad++;
        }
    }
    for (int i = 0; i < OPEN_TOGETHER; i++) {
        snprintf(path, sizeof path, "%s/open%d", dir, i);
        bad += unlink(path) != 0;
    }
    int gone = entries(dir) == 0;
    for (int i = 0; i < OPEN_TOGETHER; i++) {
        char back[100];
        if (pread(fds[i], back, 100, 0) != 100 || memcmp(back, block + i, 100) != 0 || close(fds[i]) != 0) {
            bad++;
        }
    }
    CHECK(bad == 0 && gone, "%d files open together, removed while open, read back whole, closed", OPEN_TOGETHER);
    CHECK(rmdir(dir) == 0, "their directory removed");

    /* 6. Descriptors used up (EMFILE), given back, and the lowest free one is used again. */
    struct rlimit old, low = {32, 32};
    getrlimit(RLIMIT_NOFILE, &old);
    setrlimit(RLIMIT_NOFILE, &low);
    int first = open("/dev/null", O_RDONLY);
    int count = first >= 0;
    int last = first;
    int fd;
    while ((fd = open("/dev/null", O_RDONLY)) >= 0) {
        count++;
        last = fd;
    }
    int full = errno == EMFILE;
    for (int i = first; i <= last; i++) {
        close(i);
    }
    int again = open("/dev/null", O_RDONLY);
    close(again);
    setrlimit(RLIMIT_NOFILE, &old);
    CHECK(full && last == 31 && again == first, "descriptors up to the limit of 32, then EMFILE; closed, the first is free again");

    /* 7. A bad pointer (address 1) to system calls that take one: EFAULT, and nothing else happens. */
    void *b = (void *) 1;
    int dfd = open(data_dir, O_RDONLY | O_DIRECTORY);
    int pfd[2];
    pipe(pfd);
    ERR(syscall(SYS_stat, b, b), EFAULT, "stat of a path at address 1");
    ERR(syscall(SYS_stat, at("hello.txt"), b), EFAULT, "stat into address 1");
    ERR(syscall(SYS_lstat, at("hello.txt"), b), EFAULT, "lstat into address 1");
    ERR(syscall(SYS_fstat, dfd, b), EFAULT, "fstat into address 1");
    ERR(syscall(SYS_newfstatat, AT_FDCWD, b, b, 0), EFAULT, "newfstatat of a path at address 1");
    ERR(syscall(SYS_getcwd, b, 100), EFAULT, "getcwd into address 1");
    ERR(syscall(SYS_uname, b), EFAULT, "uname into address 1");
    ERR(syscall(SYS_pipe2, b, 0), EFAULT, "pipe2 into address 1");
    ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, b), EFAULT, "clock_gettime into address 1");
    ERR(syscall(SYS_gettimeofday, b, NULL), EFAULT, "gettimeofday into address 1");
    ERR(syscall(SYS_nanosleep, b, NULL), EFAULT, "nanosleep of a request at address 1");
    ERR(syscall(SYS_rt_sigaction, SIGUSR1, b, NULL, 8), EFAULT, "rt_sigaction of an action at address 1");
    ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, b, 8), EFAULT, "rt_sigaction into address 1");
    ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, b, NULL, 8), EFAULT, "rt_sigprocmask of a set at address 1");
    ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, b, 8), EFAULT, "rt_sigprocmask into address 1");
    ERR(syscall(SYS_getrandom, b, 8, 0), EFAULT, "getrandom into address 1");
    ERR(syscall(SYS_getdents64, dfd, b, 4096), EFAULT, "getdents64 into address 1");
    ERR(syscall(SYS_readlink, b, path, sizeof path), EFAULT, "readlink of a path at address 1");
    ERR(syscall(SYS_open, b, O_RDONLY), EFAULT, "open of a path at address 1");
    ERR(syscall(SYS_mkdir, b, 0755), EFAULT, "mkdir of a path at address 1");
    ERR(syscall(SYS_unlink, b), EFAULT, "unlink of a path at address 1");
    ERR(syscall(SYS_rename, b, at("x")), EFAULT, "rename from a path at address 1");
    ERR(syscall(SYS_chdir, b), EFAULT, "chdir to a path at address 1");
    ERR(syscall(SYS_access, b, F_OK), EFAULT, "access of a path at address 1");
    ERR(syscall(SYS_poll, b, 1, 0), EFAULT, "poll of descriptors at address 1");
    ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, b), EFAULT, "prlimit64 into address 1");
    ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, b, NULL), EFAULT, "prlimit64 of a limit at address 1");
    CHECK(syscall(SYS_read, pfd[0], b, 0) == 0, "read of 0 bytes into address 1 returns 0");
    ERR(syscall(SYS_write, pfd[1], b, 1), EFAULT, "write to a pipe from address 1");
    CHECK(syscall(SYS_write, pfd[1], "x", 1) == 1 && syscall(SYS_read, pfd[0], path, 10) == 1 && path[0] == 'x',
          "the pipe holds only what was written well");
    pid_t child = fork();
    if (child == 0) {
        _exit(7);
    }
    ERR(syscall(SYS_wait4, child, b, 0, NULL), EFAULT, "wait4 of a status into address 1");
    CHECK(waitpid(child, &status, 0) == -1 && errno == ECHILD, "and the child was reaped by it all the same");
    close(pfd[0]);
    close(pfd[1]);
    close(dfd);
    return done("churn");
}
