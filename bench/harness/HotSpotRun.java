import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Times a benchmark kernel on HotSpot: {@code java -cp CLASSES:HARNESS HotSpotRun CLASS WARMUP RUNS}
 * calls {@code CLASS.run()} WARMUP times (so the JIT compiles it), then RUNS times under
 * {@link System#nanoTime}, checks every result is the first one, and prints
 * {@code RESULT MEDIAN_NANOS FIRST_NANOS} (FIRST_NANOS: the first, cold call).
 */
public final class HotSpotRun {
    public static void main(String[] args) throws Throwable {
        MethodHandle run = MethodHandles.publicLookup().findStatic(Class.forName(args[0]), "run",
                MethodType.methodType(long.class));
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        long first = (long) run.invokeExact();
        long cold = System.nanoTime() - t0;
        for (int i = 0; i < warmup; i++) {
            check(first, (long) run.invokeExact());
        }
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            long r = (long) run.invokeExact();
            times[i] = System.nanoTime() - start;
            check(first, r);
        }
        Arrays.sort(times);
        System.out.println(first + " " + times[runs / 2] + " " + cold);
    }

    private static void check(long expected, long actual) {
        if (expected != actual) {
            throw new AssertionError("run() returned " + actual + " after " + expected + ": not repeatable");
        }
    }
}
