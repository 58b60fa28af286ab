/* errors: the errors every system call shares, each by its errno name: EFAULT (bad and kernel
   pointers), EBADF, EINVAL, ENOENT, ENOTDIR, EISDIR, ENAMETOOLONG, ESPIPE and ENOSYS. */
#include "check.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/uio.h>

int main(int argc, char **argv) {
    start(argc, argv);
    char buf[64];
    void *kernel = (void *) 0xffffffff80100000UL;

    ERR(write(1, (void *) 1, 10), EFAULT, "write(1) from address 1");
    ERR(write(1, kernel, 10), EFAULT, "write(1) from a kernel address");
    ERR(write(1, (void *) 0x800000000000UL, 10), EFAULT, "write(1) from the first non-canonical address");
    struct iovec bad_iov = {(void *) 1, 10};
    ERR(writev(1, &bad_iov, 1), EFAULT, "writev(1) of a part at address 1");
    ERR(writev(1, (void *) 1, 1), EFAULT, "writev(1) of an iovec array at address 1");
    int fd = open(at("hello.txt"), O_RDONLY);
    ERR(read(fd, (void *) 1, 10), EFAULT, "read of a file into address 1");
    ERR(read(fd, kernel, 10), EFAULT, "read of a file into a kernel address");
    struct iovec kernel_iov = {kernel, 10};
    ERR(readv(fd, &kernel_iov, 1), EFAULT, "readv of a file into a kernel address");
    CHECK(read(fd, buf, sizeof buf) == HELLO_SIZE, "the failed reads moved no offset: 25 bytes still to read");
    ERR(open((char *) 1, O_RDONLY), EFAULT, "open of a path at address 1");
    ERR(open((char *) kernel, O_RDONLY), EFAULT, "open of a path at a kernel address");
    ERR(openat(AT_FDCWD, (char *) 1, O_RDONLY), EFAULT, "openat of a path at address 1");

    ERR(close(99), EBADF, "close(99)");
    ERR(close(-1), EBADF, "close(-1)");
    ERR(write(42, "x", 1), EBADF, "write(42)");
    ERR(read(-1, buf, 1), EBADF, "read(-1)");
    ERR(lseek(99, 0, SEEK_SET), EBADF, "lseek(99)");
    ERR(write(fd, "x", 1), EBADF, "write to a descriptor opened read-only");
    ERR(openat(99, "hello.txt", O_RDONLY), EBADF, "openat relative to descriptor 99");

    ERR(lseek(fd, 0, 7), EINVAL, "lseek with whence 7");
    ERR(syscall(SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL, "mmap of length 0");
    struct iovec parts[1025];
    for (int i = 0; i < 1025; i++) {
        parts[i].iov_base = buf;
        parts[i].iov_len = 0;
    }
    ERR(writev(1, parts, 1025), EINVAL, "writev of 1025 parts (more than IOV_MAX)");
    ERR(writev(1, parts, -1), EINVAL, "writev of -1 parts");
    ERR(lseek(1, 0, SEEK_CUR), ESPIPE, "lseek on stdout (a pipe or a terminal)");

    ERR(open(at("missing"), O_RDONLY), ENOENT, "open of a missing file");
    ERR(open(at("nowhere/hello.txt"), O_RDONLY), ENOENT, "open through a missing directory");
    ERR(open("", O_RDONLY), ENOENT, "open of the empty path");
    ERR(open(at("hello.txt/x"), O_RDONLY), ENOTDIR, "open of a path through a file");
    ERR(open(at("dir"), O_WRONLY), EISDIR, "open of a directory for writing");
    int dir = open(at("dir"), O_RDONLY);
    ERR(read(dir, buf, sizeof buf), EISDIR, "read of a directory");
    close(dir);
    static char long_path[5000];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    ERR(open(long_path, O_RDONLY), ENAMETOOLONG, "open of a path of 4999 bytes");

    ERR(syscall(500), ENOSYS, "system call 500");
    ERR(syscall(100000), ENOSYS, "system call 100000");
    close(fd);
    return done("errors");
}
