/* fs: files made, written, read, linked, renamed and removed in a directory of its own under the
   data directory (fs-tmp, removed again at the end): O_CREAT, O_EXCL, O_TRUNC, O_APPEND, pread and
   pwrite, holes, truncate, link, symlink, readlink, rename's rules, mkdir and rmdir, the umask,
   chdir, fchdir and getcwd, chmod, utimensat, an unlinked file still open, what a forked child
   shares (an open file's offset, the directory, the umask), and the descriptor limit (EMFILE). */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* renameat2's flag (musl 1.2.3 has no wrapper). */
#define NOREPLACE 1

static char buf[16384];

/* Whether the file at PATH holds exactly TEXT. */
static int holds(const char *path, const char *text) {
    int fd = open(path, O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    return fd >= 0 && n == (ssize_t) strlen(text) && memcmp(buf, text, n) == 0;
}

static int mode_of(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (int) (st.st_mode & 07777) : -1;
}

static int names(const char *path, char *out, size_t size) {
    DIR *d = opendir(path);
    if (d == NULL) {
        return -1;
    }
    char list[32][64];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && count < 32) {
        snprintf(list[count++], sizeof list[0], "%.63s", e->d_name);
    }
    closedir(d);
    for (int i = 1; i < count; i++) {                   /* insertion sort: few names */
        for (int j = i; j > 0 && strcmp(list[j - 1], list[j]) > 0; j--) {
            char t[64];
            memcpy(t, list[j], 64);
            memcpy(list[j], list[j - 1], 64);
            memcpy(list[j - 1], t, 64);
        }
    }
    out[0] = 0;
    for (int i = 0; i < count; i++) {
        strncat(out, list[i], size - strlen(out) - 2);
        strncat(out, " ", size - strlen(out) - 1);
    }
    return count;
}

int main(int argc, char **argv) {
    start(argc, argv);
    struct stat st;
    char dir[512];
    snprintf(dir, sizeof dir, "%s", at("fs-tmp"));
    /* What an earlier run that died may have left. */
    unlink(at("fs-tmp/f"));
    unlink(at("fs-tmp/g"));
    unlink(at("fs-tmp/l"));
    rmdir(at("fs-tmp/sub"));
    rmdir(dir);

    umask(022);
    CHECK(umask(027) == 022 && umask(022) == 027, "umask returns the mask it replaces");
    CHECK(mkdir(dir, 0777) == 0 && mode_of(dir) == 0755, "mkdir 0777 under umask 022: mode %04o", mode_of(dir));
    ERR(mkdir(dir, 0777), EEXIST, "mkdir of an existing directory");
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 2, "a new directory has 2 links");
    CHECK(chdir(dir) == 0, "chdir into it");
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != NULL && strlen(cwd) >= 12 && strcmp(cwd + strlen(cwd) - 12, "/data/fs-tmp") == 0,
          "getcwd ends in /data/fs-tmp");
    errno = 0;
    int e = getcwd(cwd, 3) == NULL ? errno : 0;
    CHECK(e == ERANGE, "getcwd into 3 bytes: ERANGE");

    /* Making, O_EXCL, O_TRUNC, O_APPEND. */
    int fd = open("f", O_CREAT | O_WRONLY, 0666);
    CHECK(fd >= 0 && mode_of("f") == 0644, "O_CREAT 0666 under umask 022: mode %04o", mode_of("f"));
    CHECK(write(fd, "hello", 5) == 5 && fstat(fd, &st) == 0 && st.st_size == 5 && st.st_nlink == 1, "5 bytes written");
    ERR(read(fd, buf, 1), EBADF, "read from a descriptor opened O_WRONLY");
    close(fd);
    ERR(open("f", O_CREAT | O_EXCL | O_WRONLY, 0666), EEXIST, "O_CREAT | O_EXCL of an existing file");
    umask(077);
    fd = open("g", O_CREAT | O_EXCL | O_RDWR, 0666);
    CHECK(fd >= 0 && mode_of("g") == 0600, "O_EXCL makes g; umask 077 gives %04o", mode_of("g"));
    close(fd);
    umask(022);
    fd = open("f", O_WRONLY | O_TRUNC);
    CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties it");
    close(fd);
    fd = open("f", O_RDONLY);
    ERR(write(fd, "x", 1), EBADF, "write to a descriptor opened O_RDONLY");
    close(fd);
    fd = open("f", O_WRONLY | O_APPEND);
    CHECK(write(fd, "ab", 2) == 2 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "cd", 2) == 2 && lseek(fd, 0, SEEK_CUR) == 4,
          "O_APPEND: a write after lseek(0) still goes to the end");
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) != 0 && fcntl(fd, F_SETFL, 0) == 0 && (fcntl(fd, F_GETFL) & O_APPEND) == 0,
          "F_GETFL shows O_APPEND; F_SETFL clears it");
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "A", 1) == 1, "without O_APPEND, at the offset");
    close(fd);
    CHECK(holds("f", "Abcd"), "the file holds \"Abcd\"");

    /* pread, pwrite, holes, truncate. */
    fd = open("f", O_RDWR);
    CHECK(pwrite(fd, "Z", 1, 10000) == 1 && fstat(fd, &st) == 0 && st.st_size == 10001, "pwrite at 10000: size 10001");
    CHECK(pread(fd, buf, 100, 5000) == 100 && buf[0] == 0 && buf[99] == 0, "the hole reads as zeros");
    CHECK(pread(fd, buf, 10, 9995) == 6 && buf[5] == 'Z', "pread across the end: 6 bytes");
    CHECK(lseek(fd, 0, SEEK_CUR) == 0, "pread and pwrite leave the offset");
    ERR(pwrite(fd, "x", 1, -1), EINVAL, "pwrite at -1");
    CHECK(ftruncate(fd, 2) == 0 && fstat(fd, &st) == 0 && st.st_size == 2, "ftruncate to 2");
    CHECK(ftruncate(fd, 8) == 0 && pread(fd, buf, 8, 0) == 8 && memcmp(buf, "Ab\0\0\0\0\0\0", 8) == 0,
          "ftruncate to 8: the new bytes are zeros");
    ERR(ftruncate(fd, -1), EINVAL, "ftruncate to -1");
    close(fd);
    CHECK(truncate("f", 4) == 0 && stat("f", &st) == 0 && st.st_size == 4, "truncate by path");
    fd = open("f", O_RDONLY);
    ERR(ftruncate(fd, 0), EINVAL, "ftruncate of a descriptor opened O_RDONLY");
    close(fd);
    int wr = open("f", O_WRONLY);
    CHECK(write(wr, "four", 4) == 4 && holds("f", "four"), "rewritten: \"four\"");
    close(wr);

    /* Links and renames. */
    CHECK(link("f", "g2") == 0 && stat("f", &st) == 0 && st.st_nlink == 2, "link: 2 links");
    ERR(link("f", "g"), EEXIST, "link onto an existing name");
    ERR(link("missing", "h"), ENOENT, "link of a missing file");
    CHECK(unlink("f") == 0 && stat("g2", &st) == 0 && st.st_nlink == 1 && holds("g2", "four"), "unlink one name: the other keeps it");
    ERR(stat("f", &st), ENOENT, "the unlinked name");
    CHECK(rename("g2", "f") == 0 && holds("f", "four"), "rename g2 to f");
    CHECK(rename("f", "g") == 0 && holds("g", "four") && access("f", F_OK) == -1, "rename over g replaces it");
    CHECK(rename("g", "g") == 0 && holds("g", "four"), "rename onto itself");
    CHECK(mkdir("sub", 0755) == 0 && stat(".", &st) == 0 && st.st_nlink == 3, "a subdirectory: the parent has 3 links");
    ERR(rename("g", "sub"), EISDIR, "rename a file over a directory");
    ERR(rename("sub", "g"), ENOTDIR, "rename a directory over a file");
    ERR(rename(".", "x"), EBUSY, "rename of .");
    ERR(rename("g", "missing/g"), ENOENT, "rename into a missing directory");
    ERR(rename("g", "g/x"), ENOTDIR, "rename to a path through a file");
    ERR(syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "sub", NOREPLACE), EEXIST, "renameat2 RENAME_NOREPLACE onto a name");
    CHECK(syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "f", NOREPLACE) == 0 && holds("f", "four"),
          "renameat2 RENAME_NOREPLACE to a new name");
    ERR(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "h", 8), EINVAL, "renameat2 with an unknown flag");
    CHECK(mkdir("sub/in", 0755) == 0, "sub/in");
    ERR(rename("sub", "sub/in/x"), EINVAL, "rename a directory into itself");
    ERR(rmdir("sub"), ENOTEMPTY, "rmdir of a directory with an entry");
    CHECK(rename("sub/in", "in") == 0 && stat("sub", &st) == 0 && st.st_nlink == 2, "a directory moved up: its old parent has 2 links");
    CHECK(rename("in", "sub") == 0 && access("in", F_OK) == -1, "rename a directory over an empty one");

    /* Symbolic links. */
    CHECK(symlink("f", "l") == 0, "symlink l -> f");
    ssize_t n = readlink("l", buf, sizeof buf);
    CHECK(n == 1 && buf[0] == 'f', "readlink: \"f\", 1 byte, no NUL");
    ERR(syscall(SYS_readlink, "l", buf, 0), EINVAL, "readlink into 0 bytes");
    ERR(readlink("f", buf, sizeof buf), EINVAL, "readlink of a file");
    CHECK(lstat("l", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 1, "lstat: a link of size 1");
    CHECK(stat("l", &st) == 0 && S_ISREG(st.st_mode) && holds("l", "four"), "through the link: the file");
    ERR(symlink("x", "l"), EEXIST, "symlink onto an existing name");
    ERR(symlink("", "e"), ENOENT, "symlink to an empty target");
    ERR(open("l", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a link");
    ERR(open("l/", O_RDONLY), ENOTDIR, "a link to a file with a trailing slash");
    CHECK(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0, "two links to each other");
    ERR(open("loop1", O_RDONLY), ELOOP, "a loop of links");
    ERR(mkdir("loop1", 0755), EEXIST, "mkdir over a link");
    CHECK(unlink("loop1") == 0 && unlink("loop2") == 0, "removed");
    CHECK(symlink("sub", "ls") == 0 && stat("ls/.", &st) == 0 && S_ISDIR(st.st_mode), "a link to a directory");
    ERR(rmdir("ls"), ENOTDIR, "rmdir of a link to a directory");
    CHECK(unlink("ls") == 0 && stat("sub", &st) == 0, "unlink of the link leaves the directory");

    /* Paths that are not what they name. */
    ERR(open("f/", O_RDONLY), ENOTDIR, "a file with a trailing slash");
    ERR(open("f/x", O_RDONLY), ENOTDIR, "through a file");
    ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY on a file");
    ERR(open("sub", O_WRONLY), EISDIR, "a directory for writing");
    ERR(open("sub", O_CREAT | O_RDWR, 0644), EISDIR, "O_CREAT of a directory");
    ERR(open("new/", O_CREAT | O_RDWR, 0644), EISDIR, "O_CREAT with a trailing slash");
    ERR(unlink("sub"), EISDIR, "unlink of a directory");
    ERR(unlink("f/"), ENOTDIR, "unlink of a file with a trailing slash");
    ERR(rmdir("f"), ENOTDIR, "rmdir of a file");
    ERR(rmdir("."), EINVAL, "rmdir .");
    ERR(rmdir("sub/.."), ENOTEMPTY, "rmdir ..");
    char longname[300];
    memset(longname, 'n', 256);
    longname[256] = 0;
    ERR(open(longname, O_CREAT | O_RDWR, 0644), ENAMETOOLONG, "a name of 256 bytes");
    longname[255] = 0;
    ERR(open(longname, O_RDONLY), ENOENT, "a name of 255 bytes that is not there");

    /* Attributes. */
    CHECK(chmod("f", 0600) == 0 && mode_of("f") == 0600, "chmod 0600");
    fd = open("f", O_RDONLY);
    CHECK(fchmod(fd, 0640) == 0 && mode_of("f") == 0640, "fchmod 0640");
    ERR(access("f", X_OK), EACCES, "access X_OK of a file without an x bit");
    CHECK(access("f", R_OK | W_OK) == 0 && access("sub", X_OK) == 0, "access R_OK|W_OK, a directory's X_OK");
    struct timespec times[2] = {{1000000000, 5}, {1234567890, 0}};
    CHECK(utimensat(AT_FDCWD, "f", times, 0) == 0 && stat("f", &st) == 0 && st.st_mtime == 1234567890
          && st.st_atime == 1000000000, "utimensat sets the times");
    struct timespec omit[2] = {{0, UTIME_OMIT}, {7, 0}};
    CHECK(utimensat(AT_FDCWD, "f", omit, 0) == 0 && stat("f", &st) == 0 && st.st_mtime == 7 && st.st_atime == 1000000000,
          "UTIME_OMIT leaves one");
    close(fd);

    /* An unlinked file stays while open. */
    fd = open("f", O_RDWR);
    CHECK(unlink("f") == 0 && fstat(fd, &st) == 0 && st.st_nlink == 0, "unlinked while open: 0 links");
    CHECK(pread(fd, buf, 4, 0) == 4 && memcmp(buf, "four", 4) == 0 && write(fd, "more", 4) == 4, "still read and written");
    close(fd);
    ERR(stat("f", &st), ENOENT, "gone");

    /* A buffer that runs into an unmapped page: what fits before it is read or written. */
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED && munmap(two + 4096, 4096) == 0, "a page with nothing mapped after it");
    fd = open(at("pages.bin"), O_RDONLY);
    CHECK(read(fd, two + 4096 - 100, 300) == 100 && lseek(fd, 0, SEEK_CUR) == 100, "a read into its last 100 bytes: 100");
    close(fd);
    fd = open("part", O_CREAT | O_RDWR, 0644);
    CHECK(write(fd, two + 4096 - 100, 300) == 100 && fstat(fd, &st) == 0 && st.st_size == 100,
          "a write from its last 100 bytes: 100");
    ERR(write(fd, two + 4096, 10), EFAULT, "a write from the unmapped page");
    close(fd);
    unlink("part");
    munmap(two, 4096);

    /* A child shares the open file (its offset) and starts with the parent's directory and umask. */
    umask(027);
    fd = open("shared", O_CREAT | O_RDWR, 0666);
    pid_t child = fork();
    if (child == 0) {
        int ok = write(fd, "child", 5) == 5 && getcwd(cwd, sizeof cwd) != NULL
                 && strcmp(cwd + strlen(cwd) - 7, "/fs-tmp") == 0 && umask(0) == 027;
        _exit(ok ? 0 : 1);
    }
    int status = -1;
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "a child writes through the shared descriptor, in the same directory, with the same umask");
    CHECK(lseek(fd, 0, SEEK_CUR) == 5 && mode_of("shared") == 0640, "the parent's offset moved with it; mode 0640");
    close(fd);
    CHECK(unlink("shared") == 0, "removed");
    umask(022);

    /* The directory's entries, fchdir, and getcwd of a removed directory. */
    CHECK(unlink("l") == 0, "the link removed");
    int count = names(".", buf, sizeof buf);
    CHECK(count == 3, "entries of fs-tmp: %s", buf);
    int dot = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(chdir("sub") == 0 && getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd + strlen(cwd) - 4, "/sub") == 0, "chdir sub");
    CHECK(rmdir("../sub") == 0, "rmdir of the working directory");
    errno = 0;
    e = getcwd(cwd, sizeof cwd) == NULL ? errno : 0;
    CHECK(e == ENOENT, "getcwd of a removed directory: ENOENT");
    ERR(open("x", O_CREAT | O_RDWR, 0644), ENOENT, "a file in a removed directory");
    CHECK(fchdir(dot) == 0 && getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd + strlen(cwd) - 7, "/fs-tmp") == 0,
          "fchdir back");
    close(dot);
    CHECK(chdir("..") == 0 && rmdir("fs-tmp") == 0 && access(dir, F_OK) == -1, "everything removed");

    /* The descriptor limit. */
    struct rlimit rl;
    int open_before = 0;
    for (int i = 0; i < 16; i++) {
        open_before += fcntl(i, F_GETFD) >= 0;
    }
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= 16, "getrlimit(RLIMIT_NOFILE)");
    rl.rlim_cur = 16;
    CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit(RLIMIT_NOFILE) to 16");
    int opened = 0;
    int last = -1;
    while ((fd = open(at("hello.txt"), O_RDONLY)) >= 0) {
        opened++;
        last = fd;
    }
    e = errno;
    CHECK(e == EMFILE && opened == 16 - open_before && last == 15, "open until EMFILE: %s", opened == 16 - open_before ? "every descriptor below the limit" : "short");
    ERR(dup(0), EMFILE, "dup at the limit");
    ERR(fcntl(0, F_DUPFD, 16), EINVAL, "F_DUPFD at the limit");
    ERR(dup2(0, 16), EBADF, "dup2 to the limit");
    CHECK(close(15) == 0 && dup2(0, 15) == 15 && close(15) == 0, "dup2 below it");
    for (int i = 3; i < 16; i++) {
        close(i);
    }
    return done("fs");
}
