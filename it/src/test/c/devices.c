/* devices: /dev/null, /dev/zero, /dev/full, /dev/random and /dev/urandom: their numbers and
   modes, what reads and writes of them do. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static char buf[8192];

static int device(const char *path, unsigned major_, unsigned minor_) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == major_ && minor(st.st_rdev) == minor_
           && (st.st_mode & 0777) == 0666;
}

int main(int argc, char **argv) {
    start(argc, argv);
    CHECK(device("/dev/null", 1, 3), "/dev/null: a character device, 1:3, 0666");
    CHECK(device("/dev/zero", 1, 5), "/dev/zero: 1:5");
    CHECK(device("/dev/full", 1, 7), "/dev/full: 1:7");
    CHECK(device("/dev/random", 1, 8), "/dev/random: 1:8");
    CHECK(device("/dev/urandom", 1, 9), "/dev/urandom: 1:9");

    int fd = open("/dev/null", O_RDWR);
    CHECK(fd >= 0 && write(fd, buf, sizeof buf) == (ssize_t) sizeof buf, "/dev/null takes 8192 bytes");
    CHECK(read(fd, buf, sizeof buf) == 0, "and reads as end of file");
    CHECK(lseek(fd, 100, SEEK_SET) == 0, "lseek on /dev/null: 0");
    close(fd);

    fd = open("/dev/zero", O_RDWR);
    memset(buf, 'x', sizeof buf);
    int zeros = read(fd, buf, sizeof buf) == (ssize_t) sizeof buf;
    for (size_t i = 0; i < sizeof buf; i++) {
        zeros &= buf[i] == 0;
    }
    CHECK(fd >= 0 && zeros, "/dev/zero reads 8192 zeros");
    CHECK(write(fd, buf, 100) == 100, "and takes writes");
    ERR(read(fd, (void *) 1, 10), EFAULT, "a read of /dev/zero into address 1");
    close(fd);

    fd = open("/dev/full", O_RDWR);
    ERR(write(fd, "x", 1), ENOSPC, "/dev/full: a write is ENOSPC");
    CHECK(read(fd, buf, 10) == 10 && buf[0] == 0, "and reads zeros");
    close(fd);

    fd = open("/dev/urandom", O_RDONLY);
    CHECK(fd >= 0 && read(fd, buf, 64) == 64, "/dev/urandom: 64 bytes");
    close(fd);
    fd = open("/dev/random", O_RDWR);
    CHECK(fd >= 0 && read(fd, buf, 16) == 16 && write(fd, "seed", 4) == 4, "/dev/random: 16 bytes read, 4 written");
    close(fd);
    ERR(open("/dev/null/x", O_RDONLY), ENOTDIR, "a path through a device");
    return done("devices");
}
