/* ids: the process's identities and the small system calls: getpid, getppid, gettid,
   set_tid_address, getuid and friends, uname, sched_yield, getrandom, prlimit64,
   sched_getaffinity and sched_setaffinity. */
#include "check.h"
#include <sched.h>
#include <sys/resource.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
    start(argc, argv);
    long pid = getpid();
    long ppid = getppid();
    long tid = syscall(SYS_gettid);
    CHECK(pid > 0, "getpid > 0");
    CHECK(ppid >= 0 && ppid != pid, "getppid >= 0 and not getpid");
    CHECK(tid == pid, "gettid == getpid in a single-threaded process");
    CHECK(getpid() == pid && syscall(SYS_getpid) == pid, "getpid twice the same");
    int tid_word = 0;
    CHECK(syscall(SYS_set_tid_address, &tid_word) == pid, "set_tid_address returns the thread id");

    long uid = syscall(SYS_getuid), euid = syscall(SYS_geteuid);
    long gid = syscall(SYS_getgid), egid = syscall(SYS_getegid);
    CHECK(uid >= 0 && uid == euid, "getuid == geteuid");
    CHECK(gid >= 0 && gid == egid, "getgid == getegid");
    CHECK(getuid() == (uid_t) uid && getgid() == (gid_t) gid, "libc's getuid and getgid agree");

    struct utsname u;
    CHECK(uname(&u) == 0, "uname");
    CHECK(strcmp(u.machine, "x86_64") == 0, "uname machine: %s", u.machine);
    CHECK(u.sysname[0] != 0 && u.release[0] != 0, "uname sysname and release are not empty");
    ERR(syscall(SYS_uname, (void *) 1), EFAULT, "uname into address 1");

    CHECK(sched_yield() == 0, "sched_yield");
    CHECK(syscall(SYS_sched_yield) == 0, "sched_yield system call");

    unsigned char a[32], b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    CHECK(syscall(SYS_getrandom, a, sizeof a, 0) == 32, "getrandom of 32 bytes returns 32");
    CHECK(syscall(SYS_getrandom, b, sizeof b, 0) == 32 && memcmp(a, b, sizeof a) != 0,
          "a second getrandom gives other bytes");
    CHECK(syscall(SYS_getrandom, a, 0, 0) == 0, "getrandom of 0 bytes returns 0");
    static unsigned char big[1000];
    CHECK(syscall(SYS_getrandom, big, sizeof big, 0) == 1000, "getrandom of 1000 bytes returns 1000");
    ERR(syscall(SYS_getrandom, (void *) 1, 16, 0), EFAULT, "getrandom into address 1");
    ERR(syscall(SYS_getrandom, a, 16, 0x100), EINVAL, "getrandom with unknown flags");

    struct rlimit r;
    CHECK(syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &r) == 0, "prlimit64 get RLIMIT_STACK");
    CHECK(r.rlim_cur <= r.rlim_max && r.rlim_cur >= 64 * 1024, "RLIMIT_STACK: at least 64 KiB, cur <= max");
    CHECK(getrlimit(RLIMIT_STACK, &r) == 0, "getrlimit RLIMIT_STACK");
    ERR(syscall(SYS_prlimit64, 0, 1000, NULL, &r), EINVAL, "prlimit64 of resource 1000");
    ERR(syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, (void *) 1), EFAULT, "prlimit64 into address 1");

    /* rseq: a 32-byte struct, 32-byte aligned; the kernel fills in the CPU. */
    static struct {
        unsigned cpu_id_start, cpu_id;
        unsigned long long rseq_cs;
        unsigned flags;
        unsigned pad[3];
    } __attribute__((aligned(32))) rs = {.cpu_id_start = 0xdead, .cpu_id = 0xdead};
    const unsigned sig = 0x53053053;
    CHECK(syscall(SYS_rseq, &rs, 32, 0, sig) == 0, "rseq registers a struct rseq");
    CHECK(rs.cpu_id < 4096 && rs.cpu_id_start == rs.cpu_id, "and fills in cpu_id and cpu_id_start");
    ERR(syscall(SYS_rseq, &rs, 32, 0, sig), EBUSY, "rseq registering the same struct again");
    ERR(syscall(SYS_rseq, &rs, 32, 1, sig + 1), EPERM, "rseq unregistering with another signature");
    CHECK(syscall(SYS_rseq, &rs, 32, 1, sig) == 0, "rseq unregisters it");
    ERR(syscall(SYS_rseq, &rs, 32, 1, sig), EINVAL, "rseq unregistering what is not registered");
    ERR(syscall(SYS_rseq, (char *) &rs + 8, 32, 0, sig), EINVAL, "rseq of a misaligned struct");
    ERR(syscall(SYS_rseq, &rs, 16, 0, sig), EINVAL, "rseq of a wrong length");

    /* CPU affinity: masks of unsigned longs, bit n for CPU n; the kernel's mask size is whatever
       the kernel has (Zeptux: 8 bytes), so only what holds on any machine is printed. */
    static unsigned long mask[128], none[128];
    long size = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
    CHECK(size >= 8 && size % 8 == 0 && size <= (long) sizeof mask, "sched_getaffinity returns the kernel's mask size");
    int cpus = 0;
    for (long i = 0; i < size / 8; i++) {
        cpus += __builtin_popcountl(mask[i]);
    }
    CHECK(cpus >= 1, "sched_getaffinity: the process may run on a CPU");
    CHECK(syscall(SYS_sched_getaffinity, pid, sizeof mask, mask) == size, "sched_getaffinity of its own pid");
    CHECK(syscall(SYS_sched_setaffinity, 0, size, mask) == 0, "sched_setaffinity to the mask it has");
    CHECK(syscall(SYS_sched_setaffinity, pid, sizeof mask, mask) == 0, "sched_setaffinity of its own pid, a longer mask");
    ERR(syscall(SYS_sched_setaffinity, 0, sizeof none, none), EINVAL, "sched_setaffinity to no CPU");
    ERR(syscall(SYS_sched_setaffinity, 0, 0, mask), EINVAL, "sched_setaffinity of 0 bytes: no CPU");
    ERR(syscall(SYS_sched_getaffinity, 0, 3, mask), EINVAL, "sched_getaffinity into 3 bytes");
    ERR(syscall(SYS_sched_getaffinity, 0, sizeof mask, (void *) 1), EFAULT, "sched_getaffinity to address 1");
    ERR(syscall(SYS_sched_setaffinity, 0, sizeof mask, (void *) 1), EFAULT, "sched_setaffinity from address 1");
    ERR(syscall(SYS_sched_getaffinity, 0x7ffffff0, sizeof mask, mask), ESRCH, "sched_getaffinity of no process");
    ERR(syscall(SYS_sched_setaffinity, 0x7ffffff0, sizeof mask, mask), ESRCH, "sched_setaffinity of no process");
    cpu_set_t set;
    CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) == cpus, "libc's sched_getaffinity agrees");
    return done("ids");
}
