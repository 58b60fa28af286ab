/* oom: allocates and touches memory 1 MiB at a time until malloc fails, prints how far it got in
   whole MiB, frees it all, checks that 1 MiB can be had again, and exits 0. Its figure depends
   on the kernel's memory and limits, so it is compared only with itself: on Zeptux, and on the
   host under a limit (ulimit -v). Stops with status 1 at 16 GiB without a failure. */
#include "check.h"

#define CHUNK (1 << 20)
#define MAX_CHUNKS 16384

static char *chunks[MAX_CHUNKS];

int main(int argc, char **argv) {
    start(argc, argv);
    int n = 0;
    while (n < MAX_CHUNKS) {
        char *p = malloc(CHUNK);
        if (p == NULL) {
            break;
        }
        for (int i = 0; i < CHUNK; i += 4096) {
            p[i] = (char) n;
        }
        chunks[n++] = p;
    }
    if (n == MAX_CHUNKS) {
        say("oom: no failure within %d MiB\n", MAX_CHUNKS);
        return 1;
    }
    say("oom: malloc failed after %d MiB\n", n);
    int kept = 1;
    for (int i = 0; i < n; i++) {
        kept &= chunks[i][4096] == (char) i;
        free(chunks[i]);
    }
    CHECK(kept, "every MiB kept what was written");
    char *again = malloc(CHUNK);
    CHECK(again != NULL, "after freeing it all, malloc of 1 MiB succeeds");
    free(again);
    return done("oom");
}
