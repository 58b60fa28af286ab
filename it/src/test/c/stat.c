/* stat: fstat and newfstatat (stat, lstat, fstatat): sizes, types and permission bits. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
    start(argc, argv);
    struct stat st;

    int fd = open(at("hello.txt"), O_RDONLY);
    CHECK(fstat(fd, &st) == 0, "fstat hello.txt");
    CHECK(st.st_size == HELLO_SIZE && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644,
          "hello.txt: a regular file, 25 bytes, mode %04o", (unsigned) (st.st_mode & 07777));
    close(fd);

    CHECK(stat(at("pages.bin"), &st) == 0 && st.st_size == PAGES_SIZE && S_ISREG(st.st_mode),
          "stat pages.bin: a regular file of 10000 bytes");
    CHECK(stat(at("empty"), &st) == 0 && st.st_size == 0 && S_ISREG(st.st_mode), "stat empty: a regular file of 0 bytes");
    CHECK(stat(at("dir"), &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755,
          "stat dir: a directory, mode %04o", (unsigned) (st.st_mode & 07777));
    CHECK(stat(at("dir/sub"), &st) == 0 && S_ISDIR(st.st_mode), "stat dir/sub: a directory");
    CHECK(stat(at("link"), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == HELLO_SIZE,
          "stat link: follows the link to hello.txt");
    CHECK(lstat(at("link"), &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 9,
          "lstat link: a symbolic link, its size the length of \"hello.txt\"");

    int dir = open(data_dir, O_RDONLY | O_DIRECTORY);
    CHECK(fstat(dir, &st) == 0 && S_ISDIR(st.st_mode), "fstat of a directory descriptor");
    CHECK(fstatat(dir, "dir/two", &st, 0) == 0 && S_ISREG(st.st_mode) && st.st_size == 4,
          "fstatat(dir, \"dir/two\"): 4 bytes");
    CHECK(fstatat(dir, "link", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode),
          "fstatat(dir, \"link\", AT_SYMLINK_NOFOLLOW): the link itself");
    CHECK(fstatat(AT_FDCWD, "data/dir", &st, 0) == 0 && S_ISDIR(st.st_mode),
          "fstatat(AT_FDCWD, \"data/dir\"), from the working directory");
    CHECK(syscall(SYS_newfstatat, dir, "hello.txt", &st, 0) == 0 && st.st_size == HELLO_SIZE,
          "newfstatat system call: hello.txt, 25 bytes");
    CHECK(syscall(SYS_fstat, 1, &st) == 0, "fstat system call on stdout");

    ERR(stat(at("missing"), &st), ENOENT, "stat of a missing file");
    ERR(stat(at("hello.txt/x"), &st), ENOTDIR, "stat of a path through a file");
    ERR(fstatat(dir, "missing", &st, 0), ENOENT, "fstatat of a missing name");
    ERR(fstat(99, &st), EBADF, "fstat of descriptor 99");
    ERR(syscall(SYS_newfstatat, AT_FDCWD, at("hello.txt"), (void *) 1, 0), EFAULT, "newfstatat into address 1");
    ERR(syscall(SYS_newfstatat, AT_FDCWD, (char *) 1, &st, 0), EFAULT, "newfstatat of a path at address 1");
    ERR(syscall(SYS_fstat, dir, (void *) 1), EFAULT, "fstat into address 1");
    close(dir);
    return done("stat");
}
