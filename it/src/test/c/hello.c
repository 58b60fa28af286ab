/* hello: write and writev to stdout, and printf through musl's stdio. */
#include "check.h"
#include <sys/uio.h>

int main(int argc, char **argv) {
    start(argc, argv);
    CHECK(write(1, "hello, world\n", 13) == 13, "write of 13 bytes returns 13");

    struct iovec parts[4] = {
        {"writev: ", 8}, {"three ", 6}, {"", 0}, {"parts\n", 6},
    };
    CHECK(writev(1, parts, 4) == 20, "writev of four parts, one of them empty, returns 20");
    CHECK(write(1, "", 0) == 0, "write of 0 bytes returns 0");
    CHECK(writev(1, parts, 0) == 0, "writev of no parts returns 0");

    /* 64 lines of 64 bytes in one call. */
    static char block[64 * 64];
    for (int line = 0; line < 64; line++) {
        char *p = block + line * 64;
        int n = snprintf(p, 64, "line %02d ", line);
        for (int i = n; i < 63; i++) {
            p[i] = (char) ('a' + (line + i) % 26);
        }
        p[63] = '\n';
    }
    CHECK(write(1, block, sizeof block) == (ssize_t) sizeof block, "one write of 64 lines, 4096 bytes");

    /* musl's stdout asks TIOCGWINSZ on its first write, then writes with writev. */
    printf("printf: %d %s %#x %c\n", 42, "text", 255, 'z');
    CHECK(fflush(stdout) == 0, "printf and fflush");
    return done("hello");
}
