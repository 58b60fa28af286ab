/* procfs: /proc as Linux shows it to a process: /proc/self, its stat, status, cmdline, comm and
   maps, and /proc/meminfo, mounts, uptime, cpuinfo, loadavg, in the formats programs parse. What a
   line says is a relation (the pid in stat is getpid()), never a figure that differs by kernel. */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

static char text[65536];

/* Reads all of PATH into text (NUL-terminated) in reads of CHUNK bytes; its length, or -1. */
static long slurp(const char *path, size_t chunk) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    long total = 0;
    ssize_t n;
    while (total + chunk < sizeof text && (n = read(fd, text + total, chunk)) > 0) {
        total += n;
    }
    close(fd);
    text[total] = 0;
    return total;
}

/* Whether text has a line starting with PREFIX. */
static int line(const char *prefix) {
    size_t n = strlen(prefix);
    for (const char *p = text; p != NULL && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, prefix, n) == 0) {
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    start(argc, argv);
    umask(022);
    char self[64], want[64];
    ssize_t n = readlink("/proc/self", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    snprintf(want, sizeof want, "%d", getpid());
    CHECK(strcmp(self, want) == 0, "/proc/self links to getpid()");
    struct stat st;
    CHECK(stat("/proc/self/stat", &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0444 && st.st_size == 0,
          "/proc/self/stat: a regular file, 0444, size 0");
    CHECK(stat("/proc/self", &st) == 0 && S_ISDIR(st.st_mode), "/proc/self is a directory");

    CHECK(slurp("/proc/self/stat", 4096) > 0, "/proc/self/stat read");
    int pid = 0, ppid = -1;
    char comm[32], state = 0;
    CHECK(sscanf(text, "%d (%31[^)]) %c %d", &pid, comm, &state, &ppid) == 4 && pid == getpid()
          && strcmp(comm, "procfs") == 0 && state == 'R' && ppid == getppid(), "stat: \"PID (procfs) R PPID\"");
    int fields = 0;
    for (char *p = strrchr(text, ')'); p != NULL && *p; p = strchr(p + 1, ' ')) {
        fields++;
    }
    CHECK(fields + 1 == 52, "stat has 52 fields: %d", fields + 1);

    long whole = slurp("/proc/self/status", 4096);
    CHECK(whole > 0 && line("Name:\tprocfs\n") && line("Umask:\t0022\n") && line("State:\tR (running)\n"),
          "status: Name, Umask, State");
    snprintf(want, sizeof want, "Pid:\t%d\n", getpid());
    CHECK(line(want) && line("VmRSS:") && line("Threads:\t1\n") && line("SigBlk:\t"), "status: Pid, VmRSS, Threads, SigBlk");

    long len = slurp("/proc/self/cmdline", 4096);
    long expect = 0;
    int same = 1;
    for (int i = 0; i < argc; i++) {
        size_t k = strlen(argv[i]) + 1;
        same &= expect + (long) k <= len && memcmp(text + expect, argv[i], k) == 0;
        expect += k;
    }
    CHECK(same && len == expect, "cmdline: argv, each with its NUL");
    CHECK(slurp("/proc/self/comm", 4096) == 7 && strcmp(text, "procfs\n") == 0, "comm: \"procfs\\n\"");
    CHECK(slurp("/proc/self/maps", 4096) > 0 && strstr(text, "[stack]\n") != NULL && strstr(text, " r-xp ") != NULL,
          "maps: the stack, and code r-xp");

    CHECK(slurp("/proc/meminfo", 4096) > 0 && line("MemTotal:") && line("MemFree:") && line("MemAvailable:")
          && line("Cached:") && line("SwapTotal:"), "meminfo: MemTotal, MemFree, MemAvailable, Cached, SwapTotal");
    unsigned long total = 0;
    char kb[8];
    CHECK(sscanf(text, "MemTotal: %lu %7s", &total, kb) == 2 && total > 0 && strcmp(kb, "kB") == 0 && text[23] >= '0'
          && text[23] <= '9' && text[24] == ' ', "MemTotal: %%8lu kB, the value ending in column 24");
    CHECK(slurp("/proc/mounts", 4096) > 0 && strstr(text, " /proc proc ") != NULL, "mounts: proc on /proc");
    double up = -1, idle = -1;
    CHECK(slurp("/proc/uptime", 4096) > 0 && sscanf(text, "%lf %lf", &up, &idle) == 2 && up >= 0 && idle >= 0
          && strchr(text, '.') != NULL && strchr(text, '\n') == text + strlen(text) - 1, "uptime: two figures, one line");
    CHECK(slurp("/proc/cpuinfo", 4096) > 0 && line("processor\t: 0") && line("flags\t"), "cpuinfo: processor 0, flags");
    int a = -1, b = -1;
    CHECK(slurp("/proc/loadavg", 4096) > 0 && sscanf(text, "%*f %*f %*f %d/%d", &a, &b) == 2 && a >= 1 && b >= a,
          "loadavg: three averages, running/total");
    whole = slurp("/proc/filesystems", 4096);
    CHECK(whole > 0 && strstr(text, "\tproc\n") && strstr(text, "\ttmpfs\n"), "filesystems: proc and tmpfs");
    static char copy[65536];
    memcpy(copy, text, whole + 1);
    CHECK(slurp("/proc/filesystems", 7) == whole && strcmp(copy, text) == 0, "filesystems read 7 bytes at a time: the same text");

    DIR *d = opendir("/proc");
    int mine = 0, selfs = 0;
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        mine += strcmp(e->d_name, want + 5) == 0;
        selfs += strcmp(e->d_name, "self") == 0 && e->d_type == DT_LNK;
    }
    snprintf(want, sizeof want, "%d", getpid());
    rewinddir(d);
    mine = 0;
    while (d != NULL && (e = readdir(d)) != NULL) {
        mine += strcmp(e->d_name, want) == 0 && e->d_type == DT_DIR;
    }
    CHECK(d != NULL && mine == 1 && selfs == 1 && closedir(d) == 0, "/proc lists self (a link) and this process's directory");
    ERR(open("/proc/nope", O_RDONLY), ENOENT, "a name /proc does not have");
    ERR(mkdir("/proc/x", 0755), ENOENT, "mkdir in /proc: its lookup knows no x");
    ERR(open("/proc/x", O_CREAT | O_RDWR, 0644), ENOENT, "O_CREAT in /proc likewise");
    ERR(mkdir("/proc/meminfo", 0755), EEXIST, "mkdir of /proc/meminfo");
    ERR(chmod("/proc/self/stat", 0600), EPERM, "chmod of a process's /proc file");
    ERR(unlink("/proc/meminfo"), EPERM, "unlink in /proc");
    return done("procfs");
}
