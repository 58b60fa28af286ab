import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Times a benchmark kernel on HotSpot: {@code java -cp CLASSES:HARNESS HotSpotRun CLASS MIN_NANOS RUNS}
 * calls {@code CLASS.run()} to warm it up (at least 20 calls and 2 s, so the JIT has compiled
 * it), then times RUNS batches of calls under {@link System#nanoTime}, each batch at least
 * MIN_NANOS long (more calls a batch if one was shorter), checks every result is the first one,
 * and prints {@code RESULT MEDIAN MIN MAX CALLS FIRST}: nanoseconds a call (the median, fastest
 * and slowest batch), the calls a batch, and the first, cold call.
 */
public final class HotSpotRun {
    static final long WARM_UP_NANOS = 2_000_000_000L;
    static final int WARM_UP_CALLS = 20;

    public static void main(String[] args) throws Throwable {
        MethodHandle run = MethodHandles.publicLookup().findStatic(Class.forName(args[0]), "run",
                MethodType.methodType(long.class));
        long minNanos = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        long first = (long) run.invokeExact();
        long cold = System.nanoTime() - t0;
        long calls = 1;
        long last = cold;
        while (calls < WARM_UP_CALLS || System.nanoTime() - t0 < WARM_UP_NANOS) {
            long start = System.nanoTime();
            check(first, (long) run.invokeExact());
            last = System.nanoTime() - start;
            calls++;
        }
        long batch = Math.max(1, (minNanos * 6 / 5 + last - 1) / Math.max(1, last));
        long[] times = new long[runs];
        for (int attempt = 0; ; attempt++) {
            long least = Long.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                for (long c = 0; c < batch; c++) {
                    check(first, (long) run.invokeExact());
                }
                times[i] = System.nanoTime() - start;
                least = Math.min(least, times[i]);
            }
            if (least >= minNanos || attempt == 2) {
                break;
            }
            batch = Math.max(batch + 1, (minNanos * 6 / 5 * batch + least - 1) / least);
        }
        Arrays.sort(times);
        System.out.println(first + " " + times[runs / 2] / batch + " " + times[0] / batch + " " + times[runs - 1] / batch
                + " " + batch + " " + cold);
    }

    private static void check(long expected, long actual) {
        if (expected != actual) {
            throw new AssertionError("run() returned " + actual + " after " + expected + ": not repeatable");
        }
    }
}
