package org.zeptux.kernel.sched;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;

/** The monitor's scheduler commands: {@code ps}, the checks ({@code schedtest}) and lock misuse ({@code lockcrash}). */
public final class SchedCommands extends Command {
    private static final int PS = 0;
    private static final int SCHEDTEST = 1;
    private static final int LOCKCRASH = 2;

    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new SchedCommands(PS, "ps", false, "ps", "the tasks: state, nice, CPU time, stack high-water mark"),
        new SchedCommands(SCHEDTEST, "schedtest", true, "schedtest fair|sleep|churn|locks|yield|hog|unhog|printf|parallel|storm",
                "the scheduler's checks and figures"),
        new SchedCommands(LOCKCRASH, "lockcrash", true, "lockcrash unlock|relock|spinsleep", "misuse a lock (a panic)"),
    };

    private final int which;

    private SchedCommands(int which, String name, boolean arguments, String usage, String description) {
        super(name, arguments, usage, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        switch (which) {
            case PS:
                Scheduler.ps();
                return true;
            case SCHEDTEST:
                if (args.is("fair")) {
                    SchedStress.fair(3000);
                } else if (args.is("sleep")) {
                    SchedStress.sleep(100, 10);
                } else if (args.is("churn")) {
                    SchedStress.churn(10000);
                } else if (args.is("locks")) {
                    SchedStress.locks(6, 20000);
                } else if (args.is("yield")) {
                    SchedStress.yields(10000);
                } else if (args.is("hog")) {
                    SchedStress.hog(true);
                } else if (args.is("unhog")) {
                    SchedStress.hog(false);
                } else if (args.is("printf")) {
                    SchedStress.printfFromInterrupts(2000);
                } else if (args.is("storm")) {
                    SchedStress.storm(4, 1000);
                } else if (args.is("parallel")) {
                    SchedStress.parallel(4, 30_000_000);
                } else {
                    return false;
                }
                return true;
            default:
                if (args.is("unlock")) {
                    SchedStress.unlockForeign();
                } else if (args.is("relock")) {
                    SchedStress.relock();
                } else if (args.is("spinsleep")) {
                    SchedStress.sleepWithSpinlock();
                } else {
                    return false;
                }
                return true;
        }
    }
}
