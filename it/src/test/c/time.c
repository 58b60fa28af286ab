/* time: clock_gettime, gettimeofday and nanosleep, as system calls (not through the vDSO). */
#include "check.h"
#include <sys/time.h>
#include <time.h>

#define JAN_2020 1577836800L

static long ns(const struct timespec *t) {
    return t->tv_sec * 1000000000L + t->tv_nsec;
}

int main(int argc, char **argv) {
    start(argc, argv);
    struct timespec a, b, rt;
    CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a) == 0 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000L,
          "clock_gettime CLOCK_MONOTONIC: nanoseconds in [0, 1e9)");
    int increasing = 1;
    struct timespec prev = a;
    for (int i = 0; i < 1000; i++) {
        syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
        increasing &= ns(&b) >= ns(&prev);
        prev = b;
    }
    CHECK(increasing, "1000 readings of CLOCK_MONOTONIC never go back");
    CHECK(syscall(SYS_clock_gettime, CLOCK_REALTIME, &rt) == 0 && rt.tv_sec >= JAN_2020, "CLOCK_REALTIME is after 2020");
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0 && ns(&b) >= ns(&prev), "libc's clock_gettime agrees");

    struct timeval tv;
    CHECK(syscall(SYS_gettimeofday, &tv, NULL) == 0 && tv.tv_sec >= JAN_2020 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
          "gettimeofday: after 2020, microseconds in [0, 1e6)");
    CHECK(tv.tv_sec >= rt.tv_sec && tv.tv_sec - rt.tv_sec <= 5, "gettimeofday agrees with CLOCK_REALTIME");
    CHECK(syscall(SYS_gettimeofday, NULL, NULL) == 0, "gettimeofday(NULL, NULL)");

    struct timespec ten = {0, 10000000};
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
    CHECK(nanosleep(&ten, NULL) == 0, "nanosleep 10 ms");
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
    long slept = ns(&b) - ns(&a);
    CHECK(slept >= 10000000L, "CLOCK_MONOTONIC advanced at least 10 ms");
    CHECK(slept < 5000000000L, "and less than 5 s");
    struct timespec zero = {0, 0};
    CHECK(nanosleep(&zero, NULL) == 0, "nanosleep 0");

    struct timespec bad = {0, 1000000000L};
    ERR(nanosleep(&bad, NULL), EINVAL, "nanosleep of 1e9 nanoseconds");
    bad.tv_sec = -1;
    bad.tv_nsec = 0;
    ERR(nanosleep(&bad, NULL), EINVAL, "nanosleep of -1 s");
    ERR(syscall(SYS_nanosleep, (void *) 1, NULL), EFAULT, "nanosleep from address 1");
    ERR(syscall(SYS_clock_gettime, 999, &a), EINVAL, "clock_gettime of clock 999");
    ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *) 1), EFAULT, "clock_gettime into address 1");
    ERR(syscall(SYS_gettimeofday, (void *) 1, NULL), EFAULT, "gettimeofday into address 1");
    return done("time");
}
