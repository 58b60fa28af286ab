/* memory: brk, anonymous mmap, munmap, mprotect, MAP_FIXED and private file mappings. */
#include "check.h"
#include <fcntl.h>
#include <sys/mman.h>

#define PAGE 4096L

static int all(const unsigned char *p, long n, unsigned char value) {
    for (long i = 0; i < n; i++) {
        if (p[i] != value) {
            return 0;
        }
    }
    return 1;
}

static void brk_checks(void) {
    char *base = (char *) syscall(SYS_brk, 0);
    CHECK(base != NULL && (char *) syscall(SYS_brk, 0) == base, "brk(0) returns the break, twice the same");
    CHECK((unsigned long) base % PAGE == 0, "the break starts page-aligned");
    char *grown = (char *) syscall(SYS_brk, base + 64 * 1024);
    CHECK(grown == base + 64 * 1024, "brk grows the break by 64 KiB");
    CHECK(all((unsigned char *) base, 64 * 1024, 0), "the new 64 KiB read as zero");
    memset(base, 0x5a, 64 * 1024);
    CHECK(all((unsigned char *) base, 64 * 1024, 0x5a), "and keep what is written");
    CHECK((char *) syscall(SYS_brk, base + 100) == base + 100, "brk shrinks the break to base + 100");
    CHECK((char *) syscall(SYS_brk, base + 8192) == base + 8192, "brk grows it again to base + 8 KiB");
    CHECK(all((unsigned char *) base, 100, 0x5a) && all((unsigned char *) base + PAGE, PAGE, 0),
          "the page kept keeps its bytes; the page given back and taken again reads as zero");
    CHECK((char *) syscall(SYS_brk, (char *) 4096) == base + 8192, "brk below the start fails: the break stays");
    CHECK((char *) syscall(SYS_brk, base) == base, "brk back to the start");
}

static void anonymous_checks(void) {
    unsigned char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED && (unsigned long) p % PAGE == 0, "mmap of 3 anonymous pages: page-aligned");
    CHECK(all(p, 3 * PAGE, 0), "they read as zero");
    for (long i = 0; i < 3 * PAGE; i++) {
        p[i] = (unsigned char) (i % 251);
    }
    int kept = 1;
    for (long i = 0; i < 3 * PAGE; i++) {
        kept &= p[i] == (unsigned char) (i % 251);
    }
    CHECK(kept, "and keep what is written");
    CHECK(munmap(p + PAGE, PAGE) == 0, "munmap of the middle page");
    CHECK(p[0] == 0 && p[2 * PAGE] == (unsigned char) (2 * PAGE % 251), "the pages on either side stay");
    CHECK(mprotect(p, PAGE, PROT_READ) == 0, "mprotect of the first page to read-only");
    CHECK(p[1] == 1 && p[PAGE - 1] == (unsigned char) ((PAGE - 1) % 251), "a read-only page still reads");
    CHECK(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0 && (p[5] = 7) == 7, "mprotect back to read-write: writable");
    CHECK(munmap(p, 3 * PAGE) == 0, "munmap of the whole range, hole and all");

    unsigned char *big = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int same = big != MAP_FAILED;
    for (long i = 0; same && i < (4 << 20); i += PAGE) {
        big[i + i / PAGE] = (unsigned char) (i / PAGE);
    }
    for (long i = 0; same && i < (4 << 20); i += PAGE) {
        same &= big[i + i / PAGE] == (unsigned char) (i / PAGE);
    }
    CHECK(same, "4 MiB mapped, one byte written in each page and read back");
    CHECK(munmap(big, 4 << 20) == 0, "munmap of 4 MiB");

    unsigned char *fixed = (unsigned char *) 0x200000000;
    CHECK(mmap(fixed, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == fixed,
          "mmap MAP_FIXED at 0x200000000: exactly there");
    fixed[0] = 1;
    fixed[2 * PAGE - 1] = 2;
    CHECK(mmap(fixed, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == fixed
          && fixed[0] == 0 && fixed[2 * PAGE - 1] == 2, "MAP_FIXED over the first page replaces it with zeros");
    CHECK(munmap(fixed, 2 * PAGE) == 0, "munmap");

    /* Straight system calls: musl's wrappers round or refuse some of these themselves. */
    ERR(syscall(SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL, "mmap of 0 bytes");
    ERR(syscall(SYS_mmap, 0x200000001, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL,
        "mmap MAP_FIXED at an address not page-aligned");
    ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL, "mmap neither private nor shared");
    ERR(syscall(SYS_munmap, 0x200000001, PAGE), EINVAL, "munmap of an address not page-aligned");
    ERR(syscall(SYS_mprotect, 0x200000001, PAGE, PROT_READ), EINVAL, "mprotect of an address not page-aligned");
    ERR(syscall(SYS_mprotect, 0x200000000, PAGE, PROT_READ), ENOMEM, "mprotect of an unmapped page");
}

static void file_checks(void) {
    static unsigned char bytes[PAGES_SIZE];
    int fd = open(at("pages.bin"), O_RDONLY);
    CHECK(read(fd, bytes, sizeof bytes) == PAGES_SIZE, "read pages.bin: 10000 bytes");
    unsigned char *m = mmap(NULL, PAGES_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(m != MAP_FAILED && memcmp(m, bytes, PAGES_SIZE) == 0, "mmap of pages.bin, private: the same bytes as read");
    CHECK(m != MAP_FAILED && all(m + PAGES_SIZE, 3 * PAGE - PAGES_SIZE, 0), "the rest of the last page reads as zero");
    CHECK(munmap(m, PAGES_SIZE) == 0, "munmap");

    m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PAGE);
    CHECK(m != MAP_FAILED && memcmp(m, bytes + PAGE, PAGES_SIZE - PAGE) == 0, "mmap at file offset 4096: from byte 4096 on");
    if (m != MAP_FAILED) {
        memset(m, 0xee, 16);
    }
    unsigned char again[16];
    CHECK(m != MAP_FAILED && m[0] == 0xee && lseek(fd, PAGE, SEEK_SET) == PAGE
          && read(fd, again, 16) == 16 && memcmp(again, bytes + PAGE, 16) == 0,
          "a write to a private mapping changes the copy, not the file");
    CHECK(munmap(m, 2 * PAGE) == 0, "munmap");
    ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL, "mmap at a file offset not page-aligned");
    close(fd);
    ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0), EBADF, "mmap of a closed descriptor");
}

int main(int argc, char **argv) {
    start(argc, argv);
    brk_checks();
    anonymous_checks();
    file_checks();
    void *p = malloc(1 << 20);
    CHECK(p != NULL, "malloc of 1 MiB");
    free(p);
    return done("memory");
}
