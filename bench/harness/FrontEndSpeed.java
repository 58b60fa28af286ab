import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.llvm.Target;

/**
 * zeptuxc's front end (read, check, lower, build-time initialisation, LLVM text) on a class
 * directory, in this JVM: {@code java -cp zeptuxc.jar:HARNESS FrontEndSpeed DIR RUNS} prints
 * {@code CLASSES FIRST_NANOS MEDIAN_NANOS} — the first (cold JVM) run and the median of RUNS more.
 */
public final class FrontEndSpeed {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        long classes;
        try (Stream<Path> s = Files.walk(dir)) {
            classes = s.filter(p -> p.toString().endsWith(".class")).count();
        }
        long t0 = System.nanoTime();
        Pipeline.emitLlvm(List.of(dir), Target.KERNEL, "speed");
        long first = System.nanoTime() - t0;
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Pipeline.emitLlvm(List.of(dir), Target.KERNEL, "speed");
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        System.out.println(classes + " " + first + " " + times[runs / 2]);
    }
}
