package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.testdata.linux.BadRange;
import org.zeptux.compiler.testdata.linux.LinuxCalls;

/**
 * Programs that make system calls through {@code org.zeptux.rt.hosted.Linux}, built hosted and
 * run natively on this Linux host (the JVM has no system calls): stdout, stderr and the exit status.
 */
class LinuxCallsTests {
    @TempDir
    Path dir;

    /** What LinuxCalls prints on Linux (and must print on Zeptux): every line is a fact both kernels share. */
    static final String EXPECTED = """
            argc: 2
            arg 1: data
            arg 2 length: -1
            environment strings end at envCount: true
            auxv AT_PAGESZ: 4096
            auxv AT_UID is getuid: true
            auxv AT_ENTRY and AT_RANDOM are set: true
            auxv of an absent type: 0
            open data/hello.txt gives a new fd: true
            fstat: 0
            a regular file: true
            size: 28
            read 5: Hello
            lseek SEEK_CUR: 5
            readv: 10 , Ze|ptux!\\n
            lseek SEEK_END: 28
            read at the end: 0
            lseek SEEK_SET 7: 7
            read the rest: Zeptux!\\nSecond line.\\n
            lseek before the start: -22
            ioctl TCGETS on a file: -25
            ioctl of a request the runtime does not pass: -22
            write to a read-only fd: -9
            close: 0
            close again: -9
            read a closed fd: -9
            open a missing file: -2
            open a file as a directory: -20
            open a path with a NUL: -22
            openat of the directory gives a new fd: true
            fstat of it: 0
            a directory: true
            newfstatat hello.txt: 0
            a regular file: true
            size: 28
            newfstatat link, not followed: 0
            a symbolic link: true
            newfstatat link: 0
            followed to a regular file: true
            size: 28
            newfstatat a missing file: -2
            newfstatat through a file: -20
            getdents64 at the end: 0
              . dir
              .. dir
              empty file
              hello.txt file
              link link
              sub dir
            openat relative to the directory: true
            sub/inner.txt: inner\\n
            getdents64 of a file: -20
            System.out first, then hello, write(2)
            write: 16
            writev: two parts
            writev: 18
            write to a bad fd: -9
            writev of too many buffers: -22
            getpid is positive: true
            gettid is getpid (one thread): true
            getppid is not negative: true
            getuid is geteuid: true
            getgid is getegid: true
            set_tid_address returns the thread id: true
            arch_prctl ARCH_SET_FS: 0
            arch_prctl ARCH_GET_FS: 0
            FS is what was set: true
            arch_prctl of another code: -22
            uname: 0
            machine: x86_64
            sysname is set: true
            sched_yield: 0
            getrandom: 16
            rt_sigaction SIGTERM to SIG_IGN: 0
            rt_sigaction read back: 0
            the handler is SIG_IGN: true
            rt_sigaction SIGTERM to SIG_DFL: 0
            the old handler was SIG_IGN: true
            rt_sigaction SIGKILL: -22
            rt_sigaction signal 0: -22
            rt_sigaction with a handler address: -22
            rt_sigprocmask SIG_BLOCK SIGHUP: 0
            rt_sigprocmask read back: 0
            SIGHUP is blocked: true
            rt_sigprocmask SIG_UNBLOCK: 0
            rt_sigprocmask of a bad how: -22
            prlimit64 RLIMIT_NOFILE: 0
            soft <= hard: true
            prlimit64 of a bad resource: -22
            clock_gettime CLOCK_MONOTONIC: 0
            nanosleep 20 ms: 0
            at least 20 ms passed: true
            nanosleep of 10^9 ns: -22
            clock_gettime CLOCK_REALTIME: 0
            clock_gettime of a bad clock: -22
            gettimeofday: 0
            microseconds below 10^6: true
            brk(0) is the break: true
            brk grows by two pages: true
            brk shrinks back: true
            mmap of three anonymous pages: true
            store: 0
            load: 0
            loaded: hello
            load of fresh memory: 0
            which reads zeros: 0
            mprotect the last page read-only: 0
            store to it: -14
            load from it: 0
            munmap the middle page: 0
            load from it: -14
            load from the first page: 0
            munmap it again: -22
            munmap the first page: 0
            munmap the last page: 0
            mmap MAP_FIXED: -22
            mmap of length 0: -22
            mmap of a file: true
            load from the file mapping: 0
            mapped: Hello, Zeptux!
            store to it: -14
            munmap it: 0
            mmap of a closed fd: -9
            exit_group(3)
            """;

    @Test
    void everyCallWithItsErrorsAsLinuxDefinesThem() throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), LinuxCalls.class);
        Path exe = dir.resolve("linuxcalls");
        Differential.build(classes, LinuxCalls.class.getName(), exe);
        Path root = LinuxCallsFixture.write(dir.resolve("root"));
        Differential.Outcome run = Differential.run(exe, List.of(LinuxCallsFixture.ARGUMENT), root);
        assertEquals(EXPECTED, run.stdout(), "stdout");
        assertEquals("", run.stderr(), "stderr");
        assertEquals(LinuxCallsFixture.STATUS, run.status(), "exit status");
    }

    @Test
    void aBufferRangeOutsideItsArrayThrowsBeforeTheSystemCall() throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), BadRange.class);
        Path exe = dir.resolve("badrange");
        Differential.build(classes, BadRange.class.getName(), exe);
        Differential.Outcome run = Differential.run(exe, List.of(), null);
        assertEquals("before\nok\n", run.stdout(), "stdout: the first write, nothing of the second");
        assertEquals(1, run.status(), "exit status; stderr:\n" + run.stderr());
        assertTrue(run.stderr().startsWith("Exception in thread \"main\" java.lang.ArrayIndexOutOfBoundsException: "
                + "Index 8 out of bounds for length 8\n\tat org.zeptux.rt.hosted.Linux.bytes(Linux.java:"), run.stderr());
    }
}
