/* diskbench DEV DIR [MIB [FILES [RUNS]]]: disk figures on an ext2 file system, the same program on
   Zeptux and on Linux (issue 17). Mounts DEV (ext2) on DIR, then RUNS times (3):
     - writes a file of MIB MiB (32) sequentially in 64 KiB writes and fsyncs it: write+fsync timed;
     - drops the caches: umount, "3" into /proc/sys/vm/drop_caches where there is one, mount again;
     - reads the file back sequentially in 64 KiB reads, timed, checking every byte;
     - creates FILES files (2000) of 1 KiB in one new directory and syncs once (timed), checks that
       the directory lists them all with their contents, then unlinks them and syncs (timed).
   Prints each run on a "diskbench: run" line, the medians on "bench: " lines, and a last line
   "diskbench: ok ..." only when every check passed (exit 0); otherwise one line saying what failed
   (exit 1). Unmounts DIR at the end. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 65536
#define SMALL 1024
#define MAX_RUNS 9

static const char *dev, *dir;
static unsigned char buf[CHUNK];

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void die(const char *what, const char *path) {
    printf("diskbench: failed: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

/* The file's bytes: each 8-byte word is a function of its offset and the run. */
static void fill(unsigned char *b, long offset, int run) {
    for (int i = 0; i < CHUNK; i += 8) {
        uint64_t w = (uint64_t) (offset + i) * 0x9E3779B97F4A7C15ULL ^ (uint64_t) (run + 1) << 56;
        memcpy(b + i, &w, 8);
    }
}

static void do_mount(void) {
    if (mount(dev, dir, "ext2", 0, "") != 0) {
        die("mount", dev);
    }
}

/* umount, drop clean caches (Linux's drop_caches where the kernel has it), mount again. */
static void remount(void) {
    sync();
    if (umount(dir) != 0) {
        die("umount", dir);
    }
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd >= 0) {
        if (write(fd, "3\n", 2) != 2) {
            die("write", "/proc/sys/vm/drop_caches");
        }
        close(fd);
    }
    do_mount();
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    double s[MAX_RUNS];
    memcpy(s, v, n * sizeof *v);
    qsort(s, n, sizeof *s, by_value);
    return s[n / 2];
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: diskbench DEV DIR [MIB [FILES [RUNS <= %d]]]\n", MAX_RUNS);
        return 2;
    }
    dev = argv[1];
    dir = argv[2];
    long mib = argc > 3 ? atol(argv[3]) : 32;
    long files = argc > 4 ? atol(argv[4]) : 2000;
    int runs = argc > 5 ? atoi(argv[5]) : 3;
    if (mib < 1 || files < 1 || files > 100000 || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: diskbench DEV DIR [MIB [FILES [RUNS <= %d]]]\n", MAX_RUNS);
        return 2;
    }
    mkdir(dir, 0755);
    do_mount();
    double wr[MAX_RUNS], rd[MAX_RUNS], mk[MAX_RUNS], rm[MAX_RUNS];
    long fsync_ms, mk_sync_ms, rm_sync_ms;
    long bytes = mib * 1024 * 1024;
    char path[512], name[600];
    static unsigned char small[SMALL], got[SMALL];
    for (int r = 0; r < runs; r++) {
        snprintf(path, sizeof path, "%s/big%d", dir, r);
        long t0 = now_ns();
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) {
            die("create", path);
        }
        for (long o = 0; o < bytes; o += CHUNK) {
            fill(buf, o, r);
            if (write(fd, buf, CHUNK) != CHUNK) {
                die("write", path);
            }
        }
        long ts = now_ns();
        if (fsync(fd) != 0) {
            die("fsync", path);
        }
        close(fd);
        fsync_ms = (now_ns() - ts) / 1000000;
        wr[r] = bytes / 1e6 / ((now_ns() - t0) / 1e9);

        remount();
        static unsigned char want[CHUNK];
        long t1 = now_ns();
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            die("open", path);
        }
        long mismatch = -1;
        long seen = 0;
        for (;;) {
            ssize_t n = read(fd, buf, CHUNK);
            if (n < 0) {
                die("read", path);
            }
            if (n == 0) {
                break;
            }
            if (n != CHUNK) {
                printf("diskbench: failed: short read of %ld bytes at %ld of %s\n", (long) n, seen, path);
                return 1;
            }
            fill(want, seen, r);
            if (mismatch < 0 && memcmp(buf, want, CHUNK) != 0) {
                mismatch = seen;
            }
            seen += n;
        }
        close(fd);
        rd[r] = bytes / 1e6 / ((now_ns() - t1) / 1e9);
        if (seen != bytes || mismatch >= 0) {
            printf("diskbench: failed: %s read back %ld bytes of %ld, first wrong chunk at %ld\n", path, seen,
                   bytes, mismatch);
            return 1;
        }
        if (unlink(path) != 0) {
            die("unlink", path);
        }
        sync();

        snprintf(path, sizeof path, "%s/small%d", dir, r);
        long t2 = now_ns();
        if (mkdir(path, 0755) != 0) {
            die("mkdir", path);
        }
        for (long i = 0; i < files; i++) {
            snprintf(name, sizeof name, "%s/f%06ld", path, i);
            memset(small, (int) (i * 7 + r) & 0xFF, SMALL);
            fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
            if (fd < 0) {
                die("create", name);
            }
            if (write(fd, small, SMALL) != SMALL) {
                die("write", name);
            }
            close(fd);
        }
        ts = now_ns();
        sync();
        long t3 = now_ns();
        mk_sync_ms = (t3 - ts) / 1000000;
        mk[r] = files / ((t3 - t2) / 1e9);

        /* Untimed: the directory lists every file, and every file holds its bytes. */
        DIR *d = opendir(path);
        if (d == NULL) {
            die("opendir", path);
        }
        long listed = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == 'f') {
                listed++;
            }
        }
        closedir(d);
        if (listed != files) {
            printf("diskbench: failed: %s lists %ld files, not %ld\n", path, listed, files);
            return 1;
        }
        for (long i = 0; i < files; i++) {
            snprintf(name, sizeof name, "%s/f%06ld", path, i);
            memset(small, (int) (i * 7 + r) & 0xFF, SMALL);
            fd = open(name, O_RDONLY);
            if (fd < 0) {
                die("open", name);
            }
            if (read(fd, got, SMALL) != SMALL || read(fd, got + SMALL - 1, 1) != 0 || memcmp(got, small, SMALL - 1) != 0) {
                printf("diskbench: failed: %s does not hold its %d bytes\n", name, SMALL);
                return 1;
            }
            close(fd);
        }

        long t4 = now_ns();
        for (long i = 0; i < files; i++) {
            snprintf(name, sizeof name, "%s/f%06ld", path, i);
            if (unlink(name) != 0) {
                die("unlink", name);
            }
        }
        if (rmdir(path) != 0) {
            die("rmdir", path);
        }
        ts = now_ns();
        sync();
        rm_sync_ms = (now_ns() - ts) / 1000000;
        rm[r] = files / ((now_ns() - t4) / 1e9);
        printf("diskbench: run %d: write %.1f MB/s (fsync %ld ms), read %.1f MB/s, create %.0f files/s (sync %ld ms), "
               "delete %.0f files/s (sync %ld ms)\n", r + 1, wr[r], fsync_ms, rd[r], mk[r], mk_sync_ms, rm[r], rm_sync_ms);
    }
    if (umount(dir) != 0) {
        die("umount", dir);
    }
    printf("bench: disk sequential write (%ld MiB, 64 KiB writes, fsync): %.1f MB/s (median of %d)\n", mib,
           median(wr, runs), runs);
    printf("bench: disk sequential read (%ld MiB, 64 KiB reads, caches dropped): %.1f MB/s (median of %d)\n", mib,
           median(rd, runs), runs);
    printf("bench: disk small files created (%ld of 1 KiB in one directory, then sync): %.0f files/s (median of %d)\n",
           files, median(mk, runs), runs);
    printf("bench: disk small files deleted (%ld, then sync): %.0f files/s (median of %d)\n", files, median(rm, runs),
           runs);
    printf("diskbench: ok: %d runs, %ld MiB read back as written, %ld files listed and read back each run\n", runs,
           mib, files);
    return 0;
}
