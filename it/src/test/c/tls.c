/* tls: thread-local variables through FS (musl's start-up sets it with arch_prctl(ARCH_SET_FS)),
   arch_prctl itself, and FS kept across system calls and sleeps. */
#include "check.h"
#include <pthread.h>
#include <time.h>

#define ARCH_SET_FS 0x1002 /* from <asm/prctl.h>, which musl does not have */

static __thread int counter = 42;
static __thread char name[16] = "thread-local";
static __thread long zeroed[64];

/* %fs:0: musl keeps the thread's own address there (the TCB's self pointer). */
static unsigned long fs_word0(void) {
    unsigned long v;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    return v;
}

/* arch_prctl without libc (a libc call between two of these would find FS elsewhere). */
static long raw_arch_prctl(long code, unsigned long addr) {
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "0"((long) SYS_arch_prctl), "D"(code), "S"(addr) : "rcx", "r11", "memory");
    return ret;
}

int main(int argc, char **argv) {
    start(argc, argv);
    CHECK(counter == 42 && strcmp(name, "thread-local") == 0, "initialised thread-locals: 42, \"thread-local\"");
    int zero = 1;
    for (int i = 0; i < 64; i++) {
        zero &= zeroed[i] == 0;
    }
    CHECK(zero, "a zero-initialised thread-local array reads as zero");
    counter++;
    zeroed[63] = -1;
    CHECK(counter == 43 && zeroed[63] == -1, "thread-locals keep what is written");

    unsigned long tp = fs_word0();
    CHECK(tp == (unsigned long) pthread_self(), "%%fs:0 is the thread pointer, pthread_self()");
    CHECK((unsigned long) &counter < tp && (unsigned long) &zeroed[63] < tp && tp - (unsigned long) &counter < 65536,
          "the TLS block lies just below the thread pointer (variant II)");

    /* Point FS at a word of our own, read it through %fs, and put FS back. */
    static unsigned long other[4] = {0x1234567890abcdefUL, 0, 0, 0};
    long set = raw_arch_prctl(ARCH_SET_FS, (unsigned long) other);
    unsigned long seen = fs_word0();
    long back = raw_arch_prctl(ARCH_SET_FS, tp);
    CHECK(set == 0 && seen == 0x1234567890abcdefUL, "arch_prctl(ARCH_SET_FS) moves FS: %%fs:0 reads the new word");
    CHECK(back == 0 && fs_word0() == tp && counter == 43, "arch_prctl(ARCH_SET_FS) back: thread-locals as before");

    struct timespec ms = {0, 2000000};
    for (int i = 0; i < 5; i++) {
        sched_yield();
        nanosleep(&ms, NULL);
        getpid();
    }
    CHECK(fs_word0() == tp && counter == 43 && zeroed[63] == -1, "FS survives system calls, yields and sleeps");

    CHECK(raw_arch_prctl(0x9999, 0) == -EINVAL, "arch_prctl with an unknown code: EINVAL");
    CHECK(raw_arch_prctl(ARCH_SET_FS, 0x8000000000000000UL) == -EPERM,
          "arch_prctl(ARCH_SET_FS) of a kernel address: EPERM");
    CHECK(fs_word0() == tp, "and FS is unchanged");
    return done("tls");
}
