/* pipes: pipe and pipe2 within one process: data through, FD_CLOEXEC and O_NONBLOCK, poll with
   and without a timeout, 64 KiB of room, end of file after the last writer closes, EPIPE when no
   reader is left (SIGPIPE ignored), the errors. "pipes sigpipe" writes to a pipe without a reader
   with SIGPIPE's default action, and dies of it; "pipes read" and "pipes poll" wait on an empty
   pipe until SIGINT (Ctrl-C on Zeptux) ends them: a kill wakes a task waiting on a pipe. Across
   processes (fork): 1 MiB through a pipe in writes of many sizes, two writers' PIPE_BUF records
   never interleaved, a writer killed by SIGPIPE when its reader closes. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char buf[65536 + 10];

/* poll of one descriptor for EVENTS with TIMEOUT: its revents, or -1 when poll returned 0, or -2 on an error. */
static int polled(int fd, int events, int timeout) {
    struct pollfd p = {fd, (short) events, 0};
    int n = poll(&p, 1, timeout);
    return n < 0 ? -2 : n == 0 ? -1 : p.revents;
}

int main(int argc, char **argv) {
    start(argc, argv);
    if (argc > 2 && strcmp(argv[2], "sigpipe") == 0) {
        int p[2];
        CHECK(pipe(p) == 0 && close(p[0]) == 0, "a pipe without a reader");
        say("pipes: writing; SIGPIPE ends the program\n");
        write(p[1], "x", 1);
        say("pipes: not reached\n");
        return 1;
    }
    if (argc > 2 && (strcmp(argv[2], "read") == 0 || strcmp(argv[2], "poll") == 0)) {
        int q[2];
        if (pipe(q) != 0) {
            return 1;
        }
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigaction(SIGINT, &sa, NULL);
        if (argv[2][0] == 'r') {
            say("pipes: reading an empty pipe until killed\n");
            read(q[0], buf, 1);
        } else {
            say("pipes: polling an empty pipe until killed\n");
            struct pollfd pf = {q[0], POLLIN, 0};
            poll(&pf, 1, -1);
        }
        say("pipes: not reached\n");
        return 1;
    }
    int p[2];
    struct stat st;
    CHECK(pipe2(p, O_CLOEXEC) == 0 && p[0] == 3 && p[1] == 4, "pipe2: the two lowest free descriptors, 3 and 4");
    CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC, "O_CLOEXEC: FD_CLOEXEC on both");
    CHECK(fcntl(p[0], F_GETFL) == O_RDONLY && fcntl(p[1], F_GETFL) == O_WRONLY, "F_GETFL: O_RDONLY and O_WRONLY");
    CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat: a FIFO");
    CHECK(polled(p[0], POLLIN, 0) == -1, "poll of an empty pipe, no wait: nothing");
    CHECK(polled(p[0], POLLIN, 30) == -1, "poll of an empty pipe for 30 ms: the timeout");
    CHECK(polled(p[1], POLLOUT, 0) == POLLOUT, "the write end: POLLOUT");
    CHECK(write(p[1], "hello", 5) == 5, "write 5");
    int avail = -1;
    CHECK(ioctl(p[0], FIONREAD, &avail) == 0 && avail == 5, "FIONREAD: 5");
    CHECK(polled(p[0], POLLIN, -1) == POLLIN, "now POLLIN");
    CHECK(read(p[0], buf, 100) == 5 && memcmp(buf, "hello", 5) == 0, "read of 100 returns the 5 there");
    ERR(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek of a pipe");
    ERR(pread(p[0], buf, 1, 0), ESPIPE, "pread of a pipe");
    ERR(write(p[0], "x", 1), EBADF, "write to the read end");
    ERR(read(p[1], buf, 1), EBADF, "read from the write end");
    CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0, "F_SETFL O_NONBLOCK");
    ERR(read(p[0], buf, 1), EAGAIN, "a non-blocking read of an empty pipe");
    CHECK(fcntl(p[1], F_SETFL, O_NONBLOCK) == 0, "the write end non-blocking too");
    int writes = 0;
    while (write(p[1], buf, 4096) == 4096) {
        writes++;
    }
    int e = errno;
    CHECK(writes == 16 && e == EAGAIN, "16 writes of 4096 bytes fill it (64 KiB), then EAGAIN");
    ERR(write(p[1], "x", 1), EAGAIN, "a full pipe takes no byte");
    CHECK(polled(p[1], POLLOUT, 0) == -1, "a full pipe is not POLLOUT");
    CHECK(fcntl(p[1], F_GETPIPE_SZ) == 65536, "F_GETPIPE_SZ: 65536");
    CHECK(read(p[0], buf, 4096) == 4096 && write(p[1], buf, 4096) == 4096, "a page read makes room for a page");
    long total = 0;
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0) {
        total += n;
    }
    e = errno;
    CHECK(total == 65536 && e == EAGAIN, "64 KiB read back");
    int bytes = 0;
    while (write(p[1], "b", 1) == 1) {
        bytes++;
    }
    CHECK(bytes == 65536, "byte-sized writes fill it too: %d", bytes);
    while (read(p[0], buf, sizeof buf) > 0) {
    }
    int copy = dup(p[1]);
    CHECK(copy == 5 && close(p[1]) == 0, "the write end duplicated, then closed");
    ERR(read(p[0], buf, 1), EAGAIN, "a writer is left: no end of file yet");
    CHECK(write(copy, "last", 4) == 4 && close(copy) == 0, "the last writer writes and closes");
    CHECK(polled(p[0], POLLIN, 0) == (POLLIN | POLLHUP), "POLLIN and POLLHUP");
    CHECK(read(p[0], buf, 100) == 4 && read(p[0], buf, 100) == 0, "the rest, then end of file");
    CHECK(polled(p[0], POLLIN, 0) == POLLHUP, "then POLLHUP alone");
    close(p[0]);

    CHECK(pipe(p) == 0 && p[0] == 3 && p[1] == 4, "pipe: 3 and 4 again");
    CHECK(fcntl(p[0], F_GETFD) == 0, "no FD_CLOEXEC without the flag");
    CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR && close(p[0]) == 0, "SIGPIPE ignored, the reader closed");
    ERR(write(p[1], "x", 1), EPIPE, "a write with no reader");
    CHECK(polled(p[1], POLLOUT, 0) & POLLERR, "the write end: POLLERR");
    close(p[1]);
    CHECK(pipe2(p, O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0, "pipe2 O_NONBLOCK");
    close(p[0]);
    close(p[1]);
    ERR(pipe2(p, O_APPEND), EINVAL, "pipe2 with a flag it does not take");

    /* A buffer that runs into an unmapped page: a pipe copies a piece whole or not at all (Linux's
       pipe_read and pipe_write), so nothing is read or written. */
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED && munmap(two + 4096, 4096) == 0 && pipe(p) == 0, "a page with nothing after it, a pipe");
    ERR(write(p[1], two + 4096 - 100, 300), EFAULT, "a write from its last 100 bytes and on");
    CHECK(write(p[1], "0123456789", 10) == 10, "10 bytes written");
    ERR(read(p[0], two + 4096 - 5, 10), EFAULT, "a read into its last 5 bytes and on");
    CHECK(read(p[0], buf, 200) == 10 && memcmp(buf, "0123456789", 10) == 0, "the 10 bytes are still there");
    close(p[0]);
    close(p[1]);
    munmap(two, 4096);

    /* Across processes: a writer that blocks while the pipe is full, a reader that blocks while it is empty. */
    CHECK(pipe(p) == 0, "a pipe for two processes");
    pid_t child = fork();
    if (child == 0) {
        close(p[0]);
        static char chunk[9000];
        long sent = 0;
        for (int round = 0; sent < (1 << 20); round++) {
            int size = 1 + (round * 977) % (int) sizeof chunk;
            if (sent + size > (1 << 20)) {
                size = (int) ((1 << 20) - sent);
            }
            for (int i = 0; i < size; i++) {
                chunk[i] = (char) ((sent + i) * 131 + 7);
            }
            if (write(p[1], chunk, size) != size) {
                _exit(2);
            }
            sent += size;
        }
        _exit(0);
    }
    close(p[1]);
    long got = 0;
    int in_order = 1;
    while ((n = read(p[0], buf, 3000)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            in_order &= buf[i] == (char) ((got + i) * 131 + 7);
        }
        got += n;
    }
    int status = -1;
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0 && got == (1 << 20)
          && in_order, "1 MiB from a child in writes of many sizes: every byte, in order, then end of file");
    close(p[0]);

    /* Two writers of PIPE_BUF-sized records: never interleaved. */
    CHECK(pipe(p) == 0, "a pipe for two writers");
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            close(p[0]);
            static char record[4096];
            memset(record, 'a' + k, sizeof record);
            for (int r = 0; r < 64; r++) {
                if (write(p[1], record, sizeof record) != (ssize_t) sizeof record) {
                    _exit(2);
                }
            }
            _exit(0);
        }
    }
    close(p[1]);
    int records = 0, whole = 1;
    static char record[4096];
    long fill = 0;
    while ((n = read(p[0], record + fill, sizeof record - fill)) > 0) {
        fill += n;
        if (fill == (long) sizeof record) {
            for (size_t i = 1; i < sizeof record; i++) {
                whole &= record[i] == record[0];
            }
            records++;
            fill = 0;
        }
    }
    for (int k = 0; k < 2; k++) {
        waitpid(kids[k], &status, 0);
    }
    CHECK(records == 128 && whole && fill == 0, "two writers' 4096-byte records arrive whole: 128 records");
    close(p[0]);

    /* SIGPIPE's default action ends a writer whose reader is gone. */
    CHECK(pipe(p) == 0, "a pipe whose reader goes");
    child = fork();
    if (child == 0) {
        close(p[0]);
        signal(SIGPIPE, SIG_DFL);
        for (;;) {
            write(p[1], buf, 4096);
        }
    }
    close(p[1]);
    CHECK(read(p[0], buf, 10) == 10 && close(p[0]) == 0, "the reader reads, then closes");
    CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
          "the writer dies of SIGPIPE");
    ERR(syscall(SYS_pipe2, (int *) 1, 0), EFAULT, "pipe2 into address 1");
    CHECK(fcntl(3, F_GETFD) == -1, "and no descriptor left behind");
    return done("pipes");
}
