/* procs: fork, vfork, clone, execve, wait4 and waitid, exit statuses, copy-on-write, zombies,
   orphans, process groups and sessions. Every check is about relations (a child's pid is what
   fork returned, its parent is us), never about pid values. */
#include "check.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

extern char **environ;
static int global = 1;

static int child_main(void *arg) {
    (void) arg;
    _exit(global == 1 ? 44 : 45);
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[2], "count") == 0) {
        /* The big-argv image: every argument whole and in order; the status is argc. */
        for (int i = 3; i < argc; i++) {
            if (strlen(argv[i]) != 99 || argv[i][0] != 'a' + (i - 3) % 26) {
                _exit(1);
            }
        }
        _exit(argc);
    }
    if (argc > 2 && strcmp(argv[2], "exec") == 0) {
        /* The exec'd image: argv and environ are what execve gave. */
        say("exec'd: argc %d, argv[3] \"%s\", env[0] \"%s\"\n", argc, argc > 3 ? argv[3] : "", environ[0] ? environ[0] : "");
        _exit(argc > 4 ? atoi(argv[4]) : 0);
    }
    start(argc, argv);
    int status;
    pid_t me = getpid();

    pid_t pid = fork();
    if (pid == 0) {
        _exit(getppid() == me ? 3 : 4);
    }
    CHECK(pid > 0, "fork returns the child's pid to the parent");
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 3,
          "the child sees its parent and exits 3; wait4 reaps it");
    ERR(waitpid(pid, &status, 0), ECHILD, "waiting again for the reaped child");
    ERR(waitpid(-1, &status, WNOHANG), ECHILD, "wait with no children");

    /* Copy-on-write: each side sees its own writes. */
    char *heap = malloc(100000);
    memset(heap, 'p', 100000);
    char *anon = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    anon[0] = 'p';
    pid = fork();
    if (pid == 0) {
        int ok = heap[99999] == 'p' && anon[0] == 'p' && global == 1;
        memset(heap, 'c', 100000);
        anon[0] = 'c';
        global = 2;
        _exit(ok && heap[50000] == 'c' && anon[0] == 'c' && global == 2 ? 0 : 1);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the child reads the parent's memory and writes its own copy");
    CHECK(heap[0] == 'p' && heap[99999] == 'p' && anon[0] == 'p' && global == 1,
          "the parent's heap, mapping and globals are untouched by the child's writes");

    /* A read into memory shared copy-on-write: the kernel's copy to user memory breaks the sharing. */
    pid = fork();
    if (pid == 0) {
        int fd = open(at("hello.txt"), O_RDONLY);
        int n = read(fd, heap, 5);
        _exit(n == 5 && memcmp(heap, "hello", 5) == 0 ? 0 : 1);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0 && heap[0] == 'p',
          "read(2) into a copy-on-write page in the child; the parent's page stays");

    /* Statuses and signals. */
    pid = fork();
    if (pid == 0) {
        _exit(255);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 255, "exit status 255");
    pid = fork();
    if (pid == 0) {
        for (;;) {
            pause();
        }
    }
    CHECK(kill(pid, SIGTERM) == 0, "kill SIGTERM a child");
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
          "the child died of SIGTERM");
    pid = fork();
    if (pid == 0) {
        *(volatile int *) 0 = 1;
        _exit(0);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
          "a child's null write: killed by SIGSEGV");
    ERR(kill(pid, 0), ESRCH, "kill of a reaped child");
    CHECK(kill(me, 0) == 0, "kill(self, 0): the process exists");

    /* WNOHANG, zombies, waitid. */
    pid = fork();
    if (pid == 0) {
        usleep(50000);
        _exit(9);
    }
    CHECK(waitpid(pid, &status, WNOHANG) == 0, "WNOHANG before the child ends: 0");
    siginfo_t info;
    memset(&info, 0, sizeof info);
    CHECK(waitid(P_PID, pid, &info, WEXITED | WNOWAIT) == 0 && info.si_pid == pid && info.si_code == CLD_EXITED
          && info.si_status == 9, "waitid WNOWAIT sees the exit and leaves the zombie");
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 9, "then wait4 reaps it");

    /* Many children, reaped in any order. */
    int reaped = 0;
    for (int i = 0; i < 20; i++) {
        pid = fork();
        if (pid == 0) {
            _exit(i);
        }
    }
    int sum = 0;
    while ((pid = waitpid(-1, &status, 0)) > 0) {
        reaped++;
        sum += WEXITSTATUS(status);
    }
    int after = errno;
    CHECK(reaped == 20 && sum == 190 && after == ECHILD, "20 children, each reaped once, then ECHILD");

    /* execve: argv, envp, and failures that leave the process as it was. */
    pid = fork();
    if (pid == 0) {
        char *args[] = {argv[0], (char *) data_dir, "exec", "two words", "17", NULL};
        char *env[] = {"ZEPTUX=yes", NULL};
        execve(argv[0], args, env);
        _exit(100);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 17, "execve: the new image runs and exits 17");

    /* A big argv: 200 arguments of 99 bytes (about 20 KB). */
    pid = fork();
    if (pid == 0) {
        static char *big[205];
        static char text[200][100];
        big[0] = argv[0];
        big[1] = (char *) data_dir;
        big[2] = "count";
        for (int i = 0; i < 200; i++) {
            memset(text[i], 'a' + i % 26, 99);
            text[i][99] = 0;
            big[3 + i] = text[i];
        }
        big[203] = NULL;
        execve(argv[0], big, environ);
        _exit(100);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 203 % 256,
          "execve with 200 arguments of 99 bytes: all arrive, in order");
    char *none[] = {"x", NULL};
    ERR(execve(at("nothing"), none, environ), ENOENT, "execve of a missing file");
    ERR(execve(at("dir"), none, environ), EACCES, "execve of a directory");
    ERR(execve(at("hello.txt"), none, environ), EACCES, "execve of a file without execute permission");
    ERR(syscall(SYS_execve, (char *) 1, none, environ), EFAULT, "execve of a path at address 1");
    ERR(syscall(SYS_execve, argv[0], (char **) 1, environ), EFAULT, "execve with argv at address 1");
    CHECK(global == 1 && heap[0] == 'p', "after the failed execve calls the process is as it was");

    /* vfork: the parent waits until the child execs or exits. */
    pid = vfork();
    if (pid == 0) {
        _exit(21);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 21, "vfork and _exit");

    /* clone with a new stack, as posix_spawn does. */
    static char stack[65536] __attribute__((aligned(16)));
    pid = clone(child_main, stack + sizeof stack, SIGCHLD, NULL);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 44, "clone on a stack of its own");

    /* Orphans: the middle process exits first; the grandchild still runs and ends (reaped by init,
       or by itself without one). */
    pid = fork();
    if (pid == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            usleep(20000);
            _exit(0);
        }
        _exit(grandchild > 0 ? 0 : 1);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0, "a child that leaves an orphan behind");

    /* Process groups and sessions. */
    CHECK(getpgid(0) == getpgrp(), "getpgid(0) is getpgrp()");
    /* Inside a container the session's leader may live outside the pid
       namespace, and Linux then says 0; -1 is the only wrong answer. */
    CHECK(getsid(0) >= 0 && getsid(0) == getsid(getpid()), "getsid(0) is getsid(getpid())");
    pid = fork();
    if (pid == 0) {
        usleep(30000);
        _exit(getpgrp() == getpid() ? 0 : 1);
    }
    CHECK(setpgid(pid, pid) == 0 && getpgid(pid) == pid, "setpgid puts the child in a group of its own");
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0, "and the child sees it");
    /* A group whose only member has ended but is not yet reaped still exists (a shell pipeline's
       later processes join the group of its first, which may have ended already). */
    pid_t leader = fork();
    if (leader == 0) {
        setpgid(0, 0);
        _exit(0);
    }
    setpgid(leader, leader);
    waitid(P_PID, leader, &info, WEXITED | WNOWAIT);    /* it has ended; it stays a zombie */
    pid_t joiner = fork();
    if (joiner == 0) {
        _exit(setpgid(0, leader) == 0 && getpgrp() == leader ? 0 : 1);
    }
    CHECK(waitpid(joiner, &status, 0) == joiner && WEXITSTATUS(status) == 0,
          "setpgid into a group whose one member is a zombie not yet reaped");
    CHECK(waitpid(leader, &status, 0) == leader, "then the zombie is reaped");
    pid = fork();
    if (pid == 0) {
        pid_t s = setsid();
        _exit(s == getpid() && getsid(0) == getpid() && getpgrp() == getpid() ? 0 : 1);
    }
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0, "setsid in a child: a session and group of its own");
    pid = fork();
    if (pid == 0) {
        for (;;) {
            pause();
        }
    }
    setpgid(pid, pid);
    CHECK(kill(-pid, SIGKILL) == 0, "kill of a process group");
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "its member died of SIGKILL");
    return done("procs");
}
