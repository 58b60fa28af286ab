/*
 * check.h: what every test program shares. Each program runs a list of checks and prints one
 * line per check, "ok   WHAT" or "FAIL WHAT (...)", then a summary line, and exits 0 when all
 * passed, 1 otherwise. Lines are written with write(2) straight away (no stdio buffer), so they
 * come out in order with the program's own writes, and none is lost when a program is killed.
 *
 * A line says only what is the same on every correct Linux-ABI kernel: sizes, modes, errno names,
 * relations between values (getpid() == gettid()), never a time, a pid or an address. The same
 * binary must print the same bytes on Linux and on Zeptux.
 *
 * argv[1] is the directory of the data files (/data on Zeptux; a temporary directory on the
 * host). The programs run with / (Zeptux) or the directory holding data/ (the host) as the
 * working directory, so the relative path "data/hello.txt" names the same file too.
 */
#ifndef ZEPTUX_CHECK_H
#define ZEPTUX_CHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int checks;
static int failures;
static const char *data_dir = "/data";

/* Writes all of s to stdout; a failed write ends the program with status 3. */
static __attribute__((unused)) void out(const char *s, size_t n) {
    while (n > 0) {
        ssize_t w = write(1, s, n);
        if (w <= 0) {
            _exit(3);
        }
        s += w;
        n -= (size_t) w;
    }
}

/* printf to stdout through write(2), one call per line. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static __attribute__((unused)) void say(const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) {
        _exit(3);
    }
    out(buf, (size_t) n < sizeof buf ? (size_t) n : sizeof buf - 1);
}

/* The symbolic name of an errno value, as in <errno.h>. */
static __attribute__((unused)) const char *errname(int e) {
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ELOOP: return "ELOOP";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EOVERFLOW: return "EOVERFLOW";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EOWNERDEAD: return "EOWNERDEAD";
    default: {
        static char other[16];
        snprintf(other, sizeof other, "E#%d", e);
        return other;
    }
    }
}

static void check_(int ok, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static __attribute__((unused)) void check_(int ok, int err, const char *fmt, ...) {
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    checks++;
    if (ok) {
        say("ok   %s\n", what);
    } else {
        failures++;
        say("FAIL %s (errno %s)\n", what, errname(err));
    }
}

/* One check: COND must hold; the line is the printf-style description. */
#define CHECK(cond, ...) \
    do { \
        errno = 0; \
        int ok_ = !!(cond); \
        check_(ok_, errno, __VA_ARGS__); \
    } while (0)

/* One check that CALL fails: it returns -1 (or MAP_FAILED) with errno ERR. */
#define ERR(call, err, ...) \
    do { \
        errno = 0; \
        long r_ = (long) (call); \
        int e_ = errno; \
        char what_[512]; \
        snprintf(what_, sizeof what_, __VA_ARGS__); \
        if (r_ == -1 && e_ == (err)) { \
            check_(1, 0, "%s: %s", what_, errname(err)); \
        } else { \
            check_(0, e_, "%s: returned %ld, expected -1 with %s", what_, r_, errname(err)); \
        } \
    } while (0)

/* Reads argv[1], the data directory. */
static __attribute__((unused)) void start(int argc, char **argv) {
    if (argc > 1) {
        data_dir = argv[1];
    }
}

/* DATA_DIR/REL, in one of four buffers that take turns (so two may be used in one call). */
static __attribute__((unused)) const char *at(const char *rel) {
    static char paths[4][512];
    static int next;
    char *p = paths[next++ & 3];
    snprintf(p, sizeof paths[0], "%s/%s", data_dir, rel);
    return p;
}

/* The summary line; the program's exit status (0: every check passed). */
static __attribute__((unused)) int done(const char *program) {
    if (failures == 0) {
        say("%s: all %d checks passed\n", program, checks);
        return 0;
    }
    say("%s: %d of %d checks FAILED\n", program, failures, checks);
    return 1;
}

/* The data files (UserPrograms.java writes them; the programs check their contents). */
#define HELLO "hello from the initramfs\n"
#define HELLO_SIZE 25
#define PAGES_SIZE 10000

/* Byte i of pages.bin. */
static __attribute__((unused)) unsigned char pages_byte(long i) {
    return (unsigned char) (i * 7 + i / 256);
}

#endif
