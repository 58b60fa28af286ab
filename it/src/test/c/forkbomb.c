/* forkbomb: a binary tree of processes 8 levels deep (255 processes) — more than Zeptux's process
   table holds, so there fork fails with EAGAIN part of the way; every process waits for its
   children and exits, everything is reaped, and afterwards fork works again: the system stays
   usable. Prints whether the limit was reached (on Zeptux it must be; on a Linux host, as root,
   nothing stops 255 processes). */
#include "check.h"
#include <signal.h>
#include <sys/wait.h>

#define DEPTH 8

/* Forks two children at each level below DEPTH; the exit status says whether a fork failed (1)
   anywhere in this subtree. */
static int tree(int depth) {
    int failed = 0;
    for (int i = 0; i < 2 && depth < DEPTH; i++) {
        pid_t c = fork();
        if (c == 0) {
            _exit(tree(depth + 1));
        }
        if (c < 0) {
            failed = 1;
            if (errno != EAGAIN && errno != ENOMEM) {
                failed = 2;
            }
        }
    }
    int status;
    while (wait(&status) > 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) > failed) {
            failed = WEXITSTATUS(status);
        }
    }
    return failed;
}

int main(int argc, char **argv) {
    start(argc, argv);
    int status;
    pid_t top = fork();
    if (top == 0) {
        _exit(tree(1));
    }
    CHECK(top > 0, "the bomb's first process");
    CHECK(waitpid(top, &status, 0) == top && WIFEXITED(status) && WEXITSTATUS(status) <= 1,
          "every process of the tree exited; a fork that failed said EAGAIN or ENOMEM");
    say("forkbomb: limit reached: %s\n", WEXITSTATUS(status) == 1 ? "yes" : "no");
    ERR(waitpid(-1, &status, WNOHANG), ECHILD, "nothing left to reap");
    pid_t after = fork();
    if (after == 0) {
        _exit(42);
    }
    CHECK(after > 0 && waitpid(after, &status, 0) == after && WEXITSTATUS(status) == 42,
          "after the bomb, fork and wait work again");
    return done("forkbomb");
}
