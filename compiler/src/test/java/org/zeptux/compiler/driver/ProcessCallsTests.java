package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.testdata.process.ProcessCalls;

/** ProcessCalls, built hosted and run natively on this Linux host: fork, execve, wait4, signals taken with rt_sigtimedwait. */
class ProcessCallsTests {
    @TempDir
    Path dir;

    /** What ProcessCalls prints on Linux (and must print on Zeptux). */
    static final String EXPECTED = """
            in the child, getppid is the parent: true
            and getpid is another process: true
            fork returns the child's pid: true
            wait4 reaps it: true
            it exited: true
            with: 5
            wait4 with no child: -10
            wait4 WNOHANG with no child: -10
            kill of the reaped child: -3
            wait4 WNOHANG while it runs: 0
            kill 0 (does it exist): 0
            kill SIGTERM: 0
            wait4 reaps it: true
            a signal ended it: true
            the signal: 15
            kill of a bad signal: -22
            setsid in a child returns its pid: true
            getsid is it: true
            getpgid is it: true
            setsid again (a group leader): -1
            setpgid(0, 0): 0
            getpgrp is its pid: true
            the session is the parent's: true
            setpgid of the reaped child fails: true
            rt_sigprocmask SIG_BLOCK: 0
            kill SIGUSR1 to this process: 0
            rt_sigpending: 0
            SIGUSR1 is pending: true
            SIGUSR2 is not: true
            rt_sigtimedwait: 10
            si_signo: 10
            si_code (SI_USER): 0
            si_pid is the sender: true
            nothing is pending now: true
            rt_sigtimedwait 20 ms with none sent: -11
            rt_sigtimedwait for SIGCHLD: 17
            si_code (CLD_EXITED): 1
            si_pid is the child: true
            si_status: 9
            wait4 still reaps it: true
            rt_sigprocmask SIG_UNBLOCK: 0
            exec'd: argc: 3
            argument 2: two words
            environment strings: 1
            the first: FOO=bar
            the exec'd child exited with: 7
            execve of a missing file: -2
            execve of a path with no NUL: -22
            execve of too many strings: -7
            dup2(1, 9): 9
            dup2'd stdout
            close(9): 0
            dup3(1, 1, 0): -22
            dup2 of a bad fd: -9
            chdir /: 0
            chdir of a missing directory: -2
            TIOCGPGRP on a file: -25
            TIOCSCTTY on a file: -25
            a value ioctl the runtime does not pass: -22
            a pid_t ioctl the runtime does not pass: -22
            prctl of an option the runtime does not pass: -22
            exit_group(4)
            """;

    @Test
    void processesSessionsAndSignalsAsLinuxDefinesThem() throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), ProcessCalls.class);
        Path exe = dir.resolve("processcalls");
        Differential.build(classes, ProcessCalls.class.getName(), exe);
        Differential.Outcome run = Differential.run(exe, List.of(), null);
        assertEquals(EXPECTED, run.stdout(), "stdout; stderr:\n" + run.stderr());
        assertEquals("", run.stderr(), "stderr");
        assertEquals(4, run.status(), "exit status");
    }
}
