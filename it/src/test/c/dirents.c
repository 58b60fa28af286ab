/* dirents: getdents64, straight and through readdir; names printed sorted, with their types. */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>

struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static char names[64][300];
static int count;

static int by_name(const void *a, const void *b) {
    return strcmp((const char *) a, (const char *) b);
}

static char type_letter(unsigned char t) {
    return t == DT_REG ? 'f' : t == DT_DIR ? 'd' : t == DT_LNK ? 'l' : '?';
}

/* Lists PATH with getdents64 into a buffer of SIZE bytes; records "name type"; 1 if every record is well formed. */
static int list(const char *path, size_t size, int *calls) {
    static char buf[4096] __attribute__((aligned(8)));
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    int well_formed = fd >= 0;
    count = 0;
    *calls = 0;
    long n;
    while ((n = syscall(SYS_getdents64, fd, buf, size)) > 0) {
        ++*calls;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *) (buf + off);
            size_t len = strlen(d->d_name);
            well_formed &= d->d_reclen % 8 == 0 && d->d_reclen >= 19 + len + 1 && off + d->d_reclen <= n;
            if (count < 64) {
                snprintf(names[count++], sizeof names[0], "%.280s %c", d->d_name, type_letter(d->d_type));
            }
            off += d->d_reclen;
        }
    }
    well_formed &= n == 0;
    close(fd);
    qsort(names, count, sizeof names[0], by_name);
    return well_formed;
}

static void print(const char *what) {
    for (int i = 0; i < count; i++) {
        say("%s: %s\n", what, names[i]);
    }
}

int main(int argc, char **argv) {
    start(argc, argv);
    int calls;
    CHECK(list(data_dir, 4096, &calls) && count == 7, "getdents64 of the data directory: 7 entries, records 8-byte aligned");
    print("data");
    CHECK(list(at("dir"), 4096, &calls) && count == 7 && calls == 1, "getdents64 of dir: 7 entries in one call");
    print("dir");
    CHECK(list(at("dir"), 96, &calls) && count == 7 && calls >= 3,
          "getdents64 of dir into 96 bytes: the same 7 entries over several calls");
    CHECK(list(at("dir/sub"), 4096, &calls) && count == 2, "getdents64 of the empty dir/sub: . and ..");
    print("dir/sub");

    static char buf[4096] __attribute__((aligned(8)));
    int fd = open(at("dir"), O_RDONLY | O_DIRECTORY);
    long first = syscall(SYS_getdents64, fd, buf, sizeof buf);
    CHECK(syscall(SYS_getdents64, fd, buf, sizeof buf) == 0, "getdents64 again at the end returns 0");
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && syscall(SYS_getdents64, fd, buf, sizeof buf) == first,
          "lseek(0, SEEK_SET) rewinds the directory");
    CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
    ERR(syscall(SYS_getdents64, fd, buf, 8), EINVAL, "getdents64 into 8 bytes, too small for one entry");
    ERR(syscall(SYS_getdents64, fd, (void *) 1, 4096), EFAULT, "getdents64 into address 1");
    ERR(read(fd, buf, sizeof buf), EISDIR, "read of a directory");
    close(fd);
    fd = open(at("hello.txt"), O_RDONLY);
    ERR(syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR, "getdents64 of a file");
    close(fd);
    ERR(syscall(SYS_getdents64, 99, buf, sizeof buf), EBADF, "getdents64 of descriptor 99");

    DIR *d = opendir(at("dir"));
    int seen = 0;
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        seen++;
    }
    CHECK(d != NULL && seen == 7 && closedir(d) == 0, "opendir, readdir and closedir of dir: 7 entries");
    return done("dirents");
}
