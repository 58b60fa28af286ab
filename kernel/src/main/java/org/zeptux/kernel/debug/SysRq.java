package org.zeptux.kernel.debug;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.proc.Init;
import org.zeptux.kernel.proc.Reboot;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.sched.TaskBody;
import org.zeptux.kernel.sched.WaitQueue;
import org.zeptux.rt.Platform;

/**
 * The magic SysRq key on the serial console, as Linux's serial SysRq: a BREAK on the line, then
 * within 5 seconds one key, which the kernel acts on whatever the programs are doing — the way
 * into the monitor from a running system. (QEMU's {@code -serial mon:stdio}, as {@code make
 * qemu} uses, sends a BREAK for Ctrl-A b; screen's is Ctrl-A b too, minicom's Ctrl-A F.)
 *
 * <pre>
 *   b  reset the machine at once          m  memory (mem)
 *   c  crash: a kernel panic              o  power off
 *   e  SIGTERM to every process but init  t  the tasks and processes (ps, procs)
 *   i  SIGKILL to every process but init  x  the monitor, in a session on the console
 *   h  (or any other key) the list
 * </pre>
 *
 * <p>The keys exist where init runs the system ({@code init=}; the monitor is then not on the
 * console); with the monitor on the console they are not needed, and a BREAK stays a 0 byte of
 * input. {@code x} starts a monitor session: the monitor's prompt, its commands and line
 * editing, while user programs keep running and writing; what is typed goes to the monitor until
 * {@code exit}, and then to the programs again. The key and the session's input are taken in the receive
 * interrupt ({@link Uart.Magic}) and handed to this class's kernel thread, which does the
 * work: nothing here sleeps in interrupt context.
 *
 * <p>State: {@link #armedAt}, {@link #pending} and the input ring are written by the receive
 * interrupt and read by the thread with interrupts off (one CPU).
 */
public final class SysRq {
    private SysRq() {}

    /** How long after a BREAK a key is taken as a SysRq key (Linux's 5 seconds). */
    static final long WINDOW_TICKS = 5L * Timer.HZ;
    static final String HELP = "sysrq: HELP : reboot(b) crash(c) terminate-all-tasks(e) kill-all-tasks(i) show-memory-usage(m) "
            + "poweroff(o) show-task-states(t) monitor(x)";

    private static final Hook HOOK = new Hook();
    private static final TaskBody BODY = new Body();
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    private static final Args NO_ARGUMENTS = new Args();
    /** The thread waits here for a key or session input. */
    private static final WaitQueue WAKE = new WaitQueue("sysrq");
    /** The tick of the last BREAK; -1 when none is waiting for its key. Only the interrupt writes it. */
    private static long armedAt = -1;
    /** The key to act on, or -1; the interrupt sets it, the thread clears it. */
    private static int pending = -1;
    /** Whether the console's input goes to a monitor session; only the thread writes it. */
    private static boolean diverting;
    /** Session input from the interrupt: RING[head, tail) modulo its size; the thread takes, the interrupt puts. */
    static final int RING = 256;
    private static final byte[] INPUT = new byte[RING];
    private static int head;
    private static int tail;
    private static Task thread;

    /**
     * Takes the console's BREAK and the byte after it from the UART's interrupt and starts the
     * thread. Once, at boot, where init runs instead of the monitor: with the monitor on the
     * console there is nothing to reach, and a BREAK stays a 0 byte of input, as before.
     */
    public static void init() {
        if (Platform.simulated()) {
            return;
        }
        thread = Scheduler.spawnOn("sysrq", BODY, 0, -5, true, 1L);   // the boot CPU: its state is shared with the receive interrupt there
        if (thread != null) {
            Uart.setMagic(HOOK);
        }
    }

    /** In the receive interrupt, before anything else sees the byte. */
    private static final class Hook implements Uart.Magic {
        public boolean lineBreak() {
            if (!diverting) {
                armedAt = Timer.ticks();
            }
            return true;
        }

        public boolean taken(int c) {
            if (diverting) {
                if (tail - head < RING) {
                    INPUT[tail & (RING - 1)] = (byte) c;
                    tail++;
                }
                WAKE.wakeOneLocked();
                return true;
            }
            if (armedAt < 0) {
                return false;
            }
            boolean inTime = Timer.ticks() - armedAt <= WINDOW_TICKS;
            armedAt = -1;
            if (!inTime) {
                return false;
            }
            pending = c;
            WAKE.wakeOneLocked();
            return true;
        }
    }

    /** The thread: waits for a key, acts on it (a session runs here too). */
    private static final class Body implements TaskBody {
        public long run(Task self, long arg) {
            while (true) {
                long flags = Scheduler.irqSave();
                while (pending < 0) {
                    WAKE.waitLocked();
                }
                int key = pending;
                pending = -1;
                Scheduler.irqRestore(flags);
                act(key);
            }
        }
    }

    /** What key {@code key} does (on the thread). */
    static void act(int key) {
        switch (key) {
            case 'b':
                Print.str("sysrq: Resetting");
                Print.nl();
                Reboot.restart("reboot: Restarting system");
                break;
            case 'c':
                Print.str("sysrq: Trigger a crash");
                Print.nl();
                Panic.panic("sysrq triggered crash");
                break;
            case 'e':
                Print.str("sysrq: Terminate All Tasks");
                Print.nl();
                Init.signalAllButInit(SIGTERM);
                break;
            case 'i':
                Print.str("sysrq: Kill All Tasks");
                Print.nl();
                Init.signalAllButInit(SIGKILL);
                break;
            case 'm':
                Print.str("sysrq: Show Memory");
                Print.nl();
                Monitor.runCommand("mem", NO_ARGUMENTS);
                break;
            case 'o':
                Print.str("sysrq: Power Off");
                Print.nl();
                Reboot.powerOff("reboot: Power down");
                break;
            case 't':
                Print.str("sysrq: Show State");
                Print.nl();
                Monitor.runCommand("ps", NO_ARGUMENTS);
                Monitor.runCommand("procs", NO_ARGUMENTS);
                break;
            case 'x':
                Print.str("sysrq: Monitor");
                Print.nl();
                long flags = Scheduler.irqSave();
                head = tail;
                diverting = true;
                Scheduler.irqRestore(flags);
                Monitor.session();
                flags = Scheduler.irqSave();
                diverting = false;
                head = tail;
                Scheduler.irqRestore(flags);
                break;
            default:
                Print.str(HELP);
                Print.nl();
                break;
        }
    }

    /** The next byte typed in a session (the monitor's input then); waits for one. */
    static int read() {
        long flags = Scheduler.irqSave();
        while (head == tail) {
            WAKE.waitLocked();
        }
        int c = INPUT[head & (RING - 1)] & 0xFF;
        head++;
        Scheduler.irqRestore(flags);
        return c;
    }
}
