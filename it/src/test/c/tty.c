/* tty: the console as a terminal: isatty (TCGETS) on fds 0, 1 and 2, TIOCGWINSZ, and ENOTTY for
   a file. On Zeptux the console is a terminal; on the host under a test, stdin and stdout are
   pipes, so this program's output is compared with what Zeptux should print, not with Linux. */
#include "check.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(int argc, char **argv) {
    start(argc, argv);
    for (int fd = 0; fd <= 2; fd++) {
        struct termios t;
        errno = 0;
        int r = ioctl(fd, TCGETS, &t);
        say("fd %d: TCGETS %s\n", fd, r == 0 ? "ok, a terminal" : errname(errno));
    }
    struct winsize ws;
    errno = 0;
    int r = ioctl(1, TIOCGWINSZ, &ws);
    say("fd 1: TIOCGWINSZ %s\n", r == 0 ? "ok" : errname(errno));
    say("isatty(0) %d, isatty(1) %d\n", isatty(0), isatty(1));
    int fd = open(at("hello.txt"), O_RDONLY);
    struct termios t;
    ERR(ioctl(fd, TCGETS, &t), ENOTTY, "TCGETS on a file");
    ERR(ioctl(fd, TIOCGWINSZ, &ws), ENOTTY, "TIOCGWINSZ on a file");
    ERR(ioctl(99, TCGETS, &t), EBADF, "TCGETS on descriptor 99");
    close(fd);
    return done("tty");
}
