package org.zeptux.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The serial monitor's line editing and commands, on the JVM over a simulated PC. */
class MonitorTests {
    private static final String UP = "\u001b[A";
    private static final String DOWN = "\u001b[B";

    private static SimulatedPc.Run boot(String input) {
        SimulatedPc.Run run = new SimulatedPc().qemu128M().boot(input);
        assertEquals(33, run.qemuStatus(), run.output());
        return run;
    }

    @Test
    void helpListsEveryCommandOfTheTableInOrder() {
        String out = boot("help\rpoweroff\r").output();
        String help = "help                     this list\n"
                + "uptime                   time since the timer started\n"
                + "irqs                     interrupts and exceptions per vector\n"
                + "mem                      memory: usable, free, reserved, allocated by owner\n"
                + "memblock                 the boot allocator's memory and reservations\n"
                + "buddyinfo                free blocks per order (as /proc/buddyinfo)\n"
                + "extfrag                  fragmentation index per order (as Linux's extfrag_index)\n"
                + "membench                 cycles per page alloc+free, orders 0 and 9\n"
                + "memstress                1,000,000 random allocs/frees with invariants checked\n"
                + "e820                     the BIOS memory map\n"
                + "slabinfo                 the object pools (as /proc/slabinfo)\n"
                + "poolbench                cycles per pool object alloc+free\n"
                + "poolstress               1,000,000 random pool allocs/frees with invariants checked\n"
                + "ps                       the tasks: state, nice, CPU time, stack high-water mark\n"
                + "schedtest fair|sleep|churn|locks|yield|hog|unhog|printf|parallel|storm  the scheduler's checks and figures\n"
                + "lockcrash unlock|relock|spinsleep  misuse a lock (a panic)\n"
                + "cpus                     the CPUs online: ticks, interrupts, switches, IPIs, shootdowns\n"
                + "ipibench                 IPI round trip, TLB shootdown cost, 4 items on 1 and 4 CPUs\n"
                + "lockdep                  the lock-order checker of test kernels: lock classes, orders, reports\n"
                + "ls [PATH]                list a directory (or a file) of the file system\n"
                + "cat PATH                 print a file\n"
                + "dcache                   the dentry cache: entries, hits, misses\n"
                + "dropcaches               empty the dentry cache (Linux's drop_caches)\n"
                + "run PATH [ARG...]        run a static Linux program of the root file system (\"...\" groups an argument; Ctrl-C kills it)\n"
                + "procs                    list user processes, their memory and the system-call counts\n"
                + "exectime N PATH [ARG...]  run a program N times; the median and fastest time from exec to exit\n"
                + "systrace on|off          log every system call of user programs: number, first arguments, result\n"
                + "lsmod                    the kernel modules and their state\n"
                + "insmod NAME, rmmod NAME  load a module from the image's archive / unload it\n"
                + "devices                  the character devices\n"
                + "devwrite DEV TEXT, devread DEV  write to / read from a character device\n"
                + "disks                    the disks and partitions: sizes, modes, request counts\n"
                + "fault ud|gp|pf|wx|de|stack|taskstack  raise a CPU exception in the kernel (a panic)\n"
                + "crash divide|bounds|null|throw|panic|uaf|doublefree  fail a Java check (a panic)\n"
                + "poweroff                 stop the machine\n"
                + "reboot                   reset the machine\n"
                + "exit                     leave a SysRq monitor session: the console goes back to the programs\n";
        assertTrue(out.contains("zeptux> help\r\n" + help.replace("\n", "\r\n") + "zeptux> poweroff"), out);
    }

    @Test
    void argumentsAThisCommandDoesNotTakeMakeItUnknown() {
        String[] lines = {"help me", "help ", "fault", "fault xx", "crash ", "insmod", "insmod ", "devices all", "uptimes"};
        String out = boot(String.join("\r", lines) + "\rpoweroff\r").output();
        for (String line : lines) {
            assertTrue(out.contains("zeptux> " + line + "\r\nunknown command: " + line + "\r\ntype 'help' for the commands\r\n"),
                    line + " in\n" + out);
        }
    }

    @Test
    void devreadAndDevwriteNameTheDevice() {
        String out = boot("devread nosuch\rdevwrite nosuch hello\rpoweroff\r").output();
        assertTrue(out.contains("devread nosuch\r\ndevread: no such device\r\n"), out);
        assertTrue(out.contains("devwrite nosuch hello\r\ndevwrite: no such device\r\n"), out);
    }

    @Test
    void ctrlUErasesTheWholeLine() {
        String out = boot("garbage\u0015poweroff\r").output();
        assertTrue(out.contains("garbage\b \b\b \b\b \b\b \b\b \b\b \b\b \bpoweroff"), out);
        assertTrue(!out.contains("unknown command"), out);
    }

    @Test
    void ctrlCAbandonsTheLine() {
        String out = boot("reboot\u0003poweroff\r").output();
        assertTrue(out.contains("zeptux> reboot^C\r\nzeptux> poweroff\r\nPowering off"), out);
        assertTrue(!out.contains("Rebooting"), out);
    }

    @Test
    void upArrowRecallsEarlierLinesAndDownArrowReturns() {
        // "hello", then "uptime"; up twice recalls "hello", down once "uptime", which runs.
        String out = boot("hello\ruptime\r" + UP + UP + DOWN + "\r" + UP + "\u0015poweroff\r").output();
        String[] prompts = out.split("zeptux> ");
        assertEquals(5, prompts.length, out);
        assertTrue(prompts[3].startsWith("uptime\b \b\b \b\b \b\b \b\b \b\b \bhello\b \b\b \b\b \b\b \b\b \buptime\r\nup "),
                "the third line shows the recalls and runs uptime: " + prompts[3]);
    }

    @Test
    void historySkipsRepeatsAndOlderLinesStopAtTheOldest() {
        String out = boot("e820\re820\r" + UP + UP + UP + "\rpoweroff\r").output();
        String[] prompts = out.split("zeptux> ");
        assertTrue(prompts[3].startsWith("e820\r\ne820: "), "one e820 in the history, recalled once: " + prompts[3]);
    }

    @Test
    void unknownCommandsGetAHint() {
        String out = boot("frobnicate\rpoweroff\r").output();
        assertTrue(out.contains("unknown command: frobnicate\r\ntype 'help' for the commands\r\n"), out);
    }

    @Test
    void commandsThatNeedNoHardwareWorkOnTheSimulatedPc() {
        String out = boot("uptime\rirqs\rmem\re820\rbuddyinfo\rpoweroff\r").output();
        assertTrue(out.contains("buddyinfo\r\nNode 0, zone   Normal "), out);
        assertTrue(out.contains("uptime\r\nup 0.000 s (0 ticks at 100 Hz)\r\n"), out);
        assertTrue(out.contains("irqs\r\nvector       count  handler\r\nspurious: 0, unexpected: 0\r\n"), out);
        assertTrue(out.contains("mem\r\nusable: 130556 KiB\r\nfree: 129280 KiB\r\nreserved: 1276 KiB\r\n"), out);
        assertTrue(out.contains("\r\nbalanced: usable 130556 KiB = free 129280 KiB + reserved 1276 KiB + allocated 0 KiB\r\n"), out);
        assertTrue(out.contains("e820\r\ne820: [mem 0x0000000000000000-0x000000000009fbff] usable\r\n"), out);
    }
}
