/* cowfault [PAGES [RUNS]]: the copy-on-write fault path. RUNS times (7): maps PAGES (256) private
   anonymous pages and fills them, forks a child that keeps them shared until told to exit, then
   writes one byte into each page (PAGES copy-on-write breaks, each a page fault that copies the page),
   timed with clock_gettime(CLOCK_MONOTONIC); prints the median time per fault on one "bench: " line.
   Under QEMU's -icount shift=0 a guest nanosecond is one instruction: the figure is then
   deterministic, for comparing two kernels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 101

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
    long pages = argc > 1 ? atol(argv[1]) : 256;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (pages < 1 || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: cowfault [PAGES [RUNS <= %d]]\n", MAX_RUNS);
        return 2;
    }
    long page = sysconf(_SC_PAGESIZE);
    double ns[MAX_RUNS];
    for (int r = 0; r < runs; r++) {
        unsigned char *p = mmap(NULL, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            perror("cowfault: mmap");
            return 1;
        }
        memset(p, 1, pages * page);
        int go[2];
        if (pipe(go) != 0) {
            perror("cowfault: pipe");
            return 1;
        }
        pid_t child = fork();
        if (child == 0) {
            char c;
            close(go[1]);
            _exit(read(go[0], &c, 1) == 0 && p[0] == 1 ? 0 : 1);
        }
        close(go[0]);
        long t0 = now_ns();
        for (long i = 0; i < pages; i++) {
            p[i * page] = 2;
        }
        ns[r] = (double) (now_ns() - t0) / pages;
        close(go[1]);
        int status;
        if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "cowfault: the child saw the parent's writes\n");
            return 1;
        }
        munmap(p, pages * page);
    }
    qsort(ns, runs, sizeof ns[0], by_value);
    printf("bench: copy-on-write fault (%ld pages): %.1f ns/fault (median of %d; min %.1f, max %.1f)\n", pages,
           ns[runs / 2], runs, ns[0], ns[runs - 1]);
    return 0;
}
