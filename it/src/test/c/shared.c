/* shared: memory shared with fork's children — MAP_SHARED | MAP_ANONYMOUS and a MAP_SHARED
   mapping of /dev/zero (Linux's shared anonymous memory) seen by parent and child alike, while
   MAP_PRIVATE ones (of /dev/zero too) are each side's own; /dev/zero's access checks. */
#include "check.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

/* Forks a child that writes VALUE at word 100 of M and exits; whether the parent then sees it. */
static int child_write_seen(volatile int *m, int value) {
    pid_t pid = fork();
    if (pid == 0) {
        m[100] = value;
        _exit(m[100] == value ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && m[100] == value;
}

int main(int argc, char **argv) {
    start(argc, argv);
    volatile int *anon = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(anon != MAP_FAILED && anon[100] == 0 && anon[2047] == 0, "MAP_SHARED | MAP_ANONYMOUS: zero pages");
    CHECK(child_write_seen(anon, 42), "a child's write to shared anonymous memory is seen by the parent");
    CHECK(munmap((void *) anon, 8192) == 0, "munmap");

    int zero = open("/dev/zero", O_RDWR);
    CHECK(zero >= 0, "open /dev/zero O_RDWR");
    volatile int *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, zero, 0);
    CHECK(shared != MAP_FAILED && shared[100] == 0 && shared[2047] == 0, "MAP_SHARED of /dev/zero: zero pages");
    CHECK(child_write_seen(shared, 7), "a child's write through it is seen by the parent");
    shared[5] = 9;
    pid_t pid = fork();
    if (pid == 0) {
        _exit(shared[5] == 9 ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "and the parent's writes by the child");
    CHECK(munmap((void *) shared, 8192) == 0, "munmap of it");

    volatile int *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
    CHECK(priv != MAP_FAILED && priv[100] == 0, "MAP_PRIVATE of /dev/zero: a zero page");
    priv[100] = 3;
    CHECK(!child_write_seen(priv, 5) && priv[100] == 3, "a child's write to it stays the child's");
    munmap((void *) priv, 4096);
    close(zero);

    int ro = open("/dev/zero", O_RDONLY);
    int wo = open("/dev/zero", O_WRONLY);
    ERR(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), EACCES, "MAP_SHARED, PROT_WRITE of /dev/zero opened read-only");
    volatile int *rp = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    CHECK(rp != MAP_FAILED && rp[0] == 0, "MAP_PRIVATE, PROT_WRITE of it is fine");
    ERR(mmap(NULL, 4096, PROT_READ, MAP_SHARED, wo, 0), EACCES, "a mapping of /dev/zero opened write-only");
    ERR(mmap(NULL, 4096, PROT_READ, MAP_SHARED, open("/dev/null", O_RDONLY), 0), ENODEV, "a mapping of /dev/null");
    return done("shared");
}
