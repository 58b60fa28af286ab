/* files: open, openat, read, readv, lseek and close on the initramfs's files. */
#include "check.h"
#include <fcntl.h>
#include <sys/uio.h>

int main(int argc, char **argv) {
    start(argc, argv);
    char buf[256];

    int fd = open(at("hello.txt"), O_RDONLY);
    CHECK(fd == 3, "open hello.txt: the lowest free descriptor, %d", fd);
    CHECK(read(fd, buf, sizeof buf) == HELLO_SIZE && memcmp(buf, HELLO, HELLO_SIZE) == 0,
          "read hello.txt: its 25 bytes");
    CHECK(read(fd, buf, sizeof buf) == 0, "read at the end of the file returns 0");
    CHECK(lseek(fd, 0, SEEK_CUR) == HELLO_SIZE, "lseek(0, SEEK_CUR) at the end: 25");
    CHECK(lseek(fd, 6, SEEK_SET) == 6 && read(fd, buf, 4) == 4 && memcmp(buf, "from", 4) == 0,
          "lseek(6, SEEK_SET), read 4: \"from\"");
    CHECK(lseek(fd, 1, SEEK_CUR) == 11 && read(fd, buf, 3) == 3 && memcmp(buf, "the", 3) == 0,
          "lseek(1, SEEK_CUR), read 3: \"the\"");
    CHECK(lseek(fd, -10, SEEK_END) == 15 && read(fd, buf, 9) == 9 && memcmp(buf, "initramfs", 9) == 0,
          "lseek(-10, SEEK_END), read 9: \"initramfs\"");
    CHECK(lseek(fd, 100, SEEK_END) == 125 && read(fd, buf, 8) == 0, "lseek past the end: 125; read returns 0");
    ERR(lseek(fd, -1, SEEK_SET), EINVAL, "lseek to offset -1");
    CHECK(lseek(fd, 0, SEEK_CUR) == 125, "a failed lseek leaves the offset at 125");

    char a[5], b[1], c[30];
    struct iovec iov[3] = {{a, 5}, {b, 0}, {c, sizeof c}};
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && readv(fd, iov, 3) == HELLO_SIZE && memcmp(a, "hello", 5) == 0
          && memcmp(c, HELLO + 5, HELLO_SIZE - 5) == 0, "readv into 5, 0 and 30 bytes: 25, in order");
    CHECK(close(fd) == 0, "close");
    ERR(close(fd), EBADF, "close of a closed descriptor");
    ERR(read(fd, buf, 1), EBADF, "read of a closed descriptor");

    int one = open(at("hello.txt"), O_RDONLY);
    int two = open(at("hello.txt"), O_RDONLY);
    CHECK(one == 3 && two == 4, "two opens of one file: descriptors 3 and 4");
    CHECK(read(one, buf, 5) == 5 && read(two, buf + 5, 5) == 5 && memcmp(buf, "hellohello", 10) == 0,
          "each descriptor has its own offset");
    close(one);
    close(two);

    int dir = open(data_dir, O_RDONLY | O_DIRECTORY);
    CHECK(dir == 3, "open the data directory with O_DIRECTORY: descriptor %d", dir);
    int f = openat(dir, "hello.txt", O_RDONLY);
    CHECK(f == 4 && read(f, buf, sizeof buf) == HELLO_SIZE, "openat(dir, \"hello.txt\"): descriptor %d, 25 bytes", f);
    close(f);
    f = openat(dir, "dir/three", O_RDONLY);
    CHECK(f == 4 && read(f, buf, sizeof buf) == 6 && memcmp(buf, "three\n", 6) == 0,
          "openat(dir, \"dir/three\"): \"three\\n\"");
    close(f);
    f = openat(dir, at("dir/one"), O_RDONLY);
    CHECK(f == 4 && read(f, buf, sizeof buf) == 4 && memcmp(buf, "one\n", 4) == 0,
          "openat with an absolute path ignores the directory");
    close(f);
    f = openat(AT_FDCWD, "data/hello.txt", O_RDONLY);
    CHECK(f == 4 && read(f, buf, sizeof buf) == HELLO_SIZE, "openat(AT_FDCWD, \"data/hello.txt\"), from the working directory");
    close(f);
    f = open(at("dir/../link"), O_RDONLY);
    CHECK(f == 4 && read(f, buf, sizeof buf) == HELLO_SIZE && memcmp(buf, HELLO, HELLO_SIZE) == 0,
          "open \"dir/../link\": through .. and a symbolic link to hello.txt");
    close(f);
    f = open(at("empty"), O_RDONLY);
    CHECK(f == 4 && read(f, buf, sizeof buf) == 0 && lseek(f, 0, SEEK_END) == 0, "an empty file: read returns 0, size 0");
    close(f);
    ERR(open(at("hello.txt"), O_RDONLY | O_DIRECTORY), ENOTDIR, "open a file with O_DIRECTORY");
    ERR(openat(dir, "missing", O_RDONLY), ENOENT, "openat of a missing name");
    close(dir);

    f = open(at("pages.bin"), O_RDONLY);
    long total = 0;
    int same = 1;
    ssize_t n;
    while ((n = read(f, buf, 251)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            same &= buf[i] == (char) pages_byte(total + i);
        }
        total += n;
    }
    CHECK(f == 3 && n == 0 && total == PAGES_SIZE && same, "pages.bin read 251 bytes at a time: %ld bytes, all as written", total);
    CHECK(close(f) == 0, "close");
    return done("files");
}
