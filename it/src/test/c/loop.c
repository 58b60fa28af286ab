/* loop: prints one line, then spins in user mode without a system call until it is killed
   (Ctrl-C on Zeptux's console; SIGINT on the host). SIGINT's action is set to the default first,
   since a process started in the background by a shell inherits it ignored. */
#include "check.h"
#include <signal.h>

int main(int argc, char **argv) {
    start(argc, argv);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    if (sigaction(SIGINT, &dfl, NULL) != 0) {
        say("loop: sigaction SIGINT failed: %s\n", errname(errno));
        return 1;
    }
    say("loop: spinning until killed\n");
    for (volatile unsigned long i = 0;; i++) {
    }
}
