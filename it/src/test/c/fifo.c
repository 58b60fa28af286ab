/* fifo: named pipes on the data directory's file system (Zeptux's tmpfs): mkfifo and mknod
   S_IFIFO, open waiting for the other end (O_NONBLOCK: a reader at once, a writer ENXIO), O_RDWR,
   then pipe semantics (data through, end of file, EPIPE, poll), fstat, ESPIPE, an open ended by a
   signal (EINTR), the data gone when the last end closes. In data/fifo-tmp, removed again. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, ms % 1000 * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

static void on_signal(int sig) {
    (void) sig;
}

int main(int argc, char **argv) {
    start(argc, argv);
    const char *dir = at("fifo-tmp");
    char path[600];
    char other[600];
    snprintf(path, sizeof path, "%s/f", dir);
    snprintf(other, sizeof other, "%s/n", dir);
    umask(022);
    CHECK(mkdir(dir, 0755) == 0, "mkdir fifo-tmp");
    CHECK(mkfifo(path, 0666) == 0, "mkfifo");
    struct stat st;
    CHECK(stat(path, &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0644 && st.st_size == 0,
          "stat: S_ISFIFO, mode 0644 (umask 022), size 0");
    CHECK(mknod(other, S_IFIFO | 0600, 0) == 0 && stat(other, &st) == 0 && S_ISFIFO(st.st_mode), "mknod S_IFIFO");
    ERR(mkfifo(path, 0666), EEXIST, "mkfifo of an existing name");

    /* Non-blocking opens. */
    ERR(open(path, O_WRONLY | O_NONBLOCK), ENXIO, "O_WRONLY | O_NONBLOCK with no reader");
    int r = open(path, O_RDONLY | O_NONBLOCK);
    CHECK(r >= 0, "O_RDONLY | O_NONBLOCK opens at once with no writer");
    char buf[64];
    CHECK(read(r, buf, sizeof buf) == 0, "a read with no writer: end of file");
    int w = open(path, O_WRONLY | O_NONBLOCK);
    CHECK(w >= 0, "O_WRONLY | O_NONBLOCK once a reader is there");
    CHECK(write(w, "hello", 5) == 5 && read(r, buf, sizeof buf) == 5 && memcmp(buf, "hello", 5) == 0, "bytes go through");
    ERR(read(r, buf, sizeof buf), EAGAIN, "an empty FIFO with a writer, non-blocking: EAGAIN");
    struct stat fs;
    CHECK(fstat(r, &fs) == 0 && S_ISFIFO(fs.st_mode) && stat(path, &st) == 0 && fs.st_ino == st.st_ino,
          "fstat of the open FIFO is its inode");
    ERR(lseek(r, 0, SEEK_SET), ESPIPE, "lseek on a FIFO");
    struct pollfd pfd = {r, POLLIN, 0};
    CHECK(poll(&pfd, 1, 0) == 0, "poll: nothing to read");
    CHECK(write(w, "x", 1) == 1 && poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN), "poll: POLLIN after a write");
    CHECK(close(w) == 0 && read(r, buf, sizeof buf) == 1 && read(r, buf, sizeof buf) == 0, "the writer closed: the byte, then end of file");
    close(r);

    /* EPIPE for a writer whose reader went. */
    signal(SIGPIPE, SIG_IGN);
    r = open(path, O_RDONLY | O_NONBLOCK);
    w = open(path, O_WRONLY | O_NONBLOCK);
    close(r);
    ERR(write(w, "x", 1), EPIPE, "a write with the reader gone");
    close(w);

    /* A blocking reader waits for a writer. */
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(100);
        int fd = open(path, O_WRONLY);
        _exit(fd >= 0 && write(fd, "abc", 3) == 3 ? 0 : 1);
    }
    r = open(path, O_RDONLY);
    int n = (int) read(r, buf, 3);
    int status;
    waitpid(pid, &status, 0);
    CHECK(r >= 0 && n == 3 && memcmp(buf, "abc", 3) == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "O_RDONLY waits for a writer; its bytes arrive");
    CHECK(read(r, buf, sizeof buf) == 0, "then end of file");
    close(r);

    /* A blocking writer waits for a reader. */
    pid = fork();
    if (pid == 0) {
        sleep_ms(100);
        int fd = open(path, O_RDONLY);
        char got[4] = {0};
        _exit(fd >= 0 && read(fd, got, 3) == 3 && memcmp(got, "xyz", 3) == 0 ? 0 : 1);
    }
    w = open(path, O_WRONLY);
    CHECK(w >= 0 && write(w, "xyz", 3) == 3, "O_WRONLY waits for a reader, then writes");
    close(w);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the reader read them");

    /* O_RDWR never waits; the data goes when the last end closes. */
    int rw = open(path, O_RDWR | O_NONBLOCK);
    CHECK(rw >= 0 && write(rw, "q", 1) == 1 && read(rw, buf, 1) == 1 && buf[0] == 'q', "O_RDWR: both ends in one descriptor");
    pfd.fd = rw;
    pfd.events = POLLIN | POLLOUT;
    CHECK(write(rw, "z", 1) == 1 && poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLIN | POLLOUT)) == (POLLIN | POLLOUT),
          "poll of O_RDWR: readable and writable");
    close(rw);
    rw = open(path, O_RDWR | O_NONBLOCK);
    ERR(read(rw, buf, 1), EAGAIN, "the byte left when every end closed is gone");
    close(rw);

    /* A signal ends a blocking open: EINTR after a handler without SA_RESTART. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGUSR1, &sa, NULL);
    pid_t parent = getpid();
    pid = fork();
    if (pid == 0) {
        sleep_ms(100);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    ERR(open(path, O_RDONLY), EINTR, "a blocking open ended by a signal");
    waitpid(pid, &status, 0);
    ERR(open(path, O_WRONLY | O_NONBLOCK), ENXIO, "and it left no reader behind");

    /* Unlinked while open: still a pipe. */
    r = open(path, O_RDONLY | O_NONBLOCK);
    w = open(path, O_WRONLY);
    CHECK(unlink(path) == 0 && write(w, "u", 1) == 1 && read(r, buf, 1) == 1 && buf[0] == 'u', "unlinked while open, it still carries bytes");
    close(r);
    close(w);
    CHECK(unlink(other) == 0 && rmdir(dir) == 0, "cleaned up");
    return done("fifo");
}
