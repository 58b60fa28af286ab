package org.zeptux.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.Semantics;

/**
 * Runs every method of {@link Semantics} on the JVM and, compiled by zeptuxc, under LLVM's
 * {@code lli}, over a grid of edge values, and demands the same result or the same exception.
 * (The hosted target will replace lli as the second runner.)
 */
class SemanticsTests {
    private static final long[] LONGS = {0, 1, -1, 2, -2, 3, 7, 31, 32, 33, 63, 64, 65, 127, 128, 255, -128, 1000,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
            Long.MAX_VALUE, Long.MIN_VALUE, 0x123456789abcdefL, -0x7edcba9876543210L};
    private static final int[] INTS = {0, 1, -1, 2, -2, 3, 7, 8, 31, 32, 33, 63, 64, 127, 128, 255, -128, 65535,
            65536, 1000, -1000, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x12345678, (1 << 20)};

    @TempDir
    Path dir;

    /** One call: the method, its arguments, and what the JVM said. */
    private record Case(Method method, Object[] args, String expected) {}

    @Test
    void compiledCodeAgreesWithTheJvm() throws Exception {
        List<Method> methods = new ArrayList<>(Arrays.asList(Semantics.class.getDeclaredMethods()));
        methods.removeIf(m -> !Modifier.isPublic(m.getModifiers()));
        methods.sort(Comparator.comparing(Method::getName));
        List<Case> normal = new ArrayList<>();
        List<Case> throwing = new ArrayList<>();
        for (Method m : methods) {
            for (Object[] args : arguments(m.getParameterTypes())) {
                String expected = runOnJvm(m, args);
                (expected.startsWith("throw ") ? throwing : normal).add(new Case(m, args, expected));
            }
        }
        // The JVM run mutated static state (fields, TABLE); compile a fresh copy of the class.
        Path classes = TestClasses.copy(dir.resolve("classes"), Semantics.class);
        String module = Pipeline.emitLlvm(List.of(classes), Target.KERNEL, "semantics");
        String actual = runCompiled(module, normal);
        StringBuilder expected = new StringBuilder();
        for (Case c : normal) {
            expected.append(c.expected()).append('\n');
        }
        assertEquals(expected.toString(), actual);
        // One run per distinct (method, exception): each run ends at its throw.
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Case> distinct = new ArrayList<>();
        for (Case c : throwing) {
            if (seen.add(c.method().getName() + " " + c.expected())) {
                distinct.add(c);
            }
        }
        assertEquals(true, distinct.size() >= 10, "throwing cases: " + distinct.size());
        for (Case c : distinct) {
            assertEquals(c.expected() + "\n", runCompiled(module, List.of(c)), c.method().getName()
                    + Arrays.toString(c.args()));
        }
        assertEquals(true, normal.size() > 1000, "the grid covers " + normal.size() + " calls");
    }

    private static List<Object[]> arguments(Class<?>[] types) {
        List<Object[]> all = new ArrayList<>();
        all.add(new Object[0]);
        for (Class<?> t : types) {
            List<Object[]> next = new ArrayList<>();
            for (Object[] prefix : all) {
                if (t == int.class) {
                    for (int v : INTS) {
                        next.add(append(prefix, v));
                    }
                } else {
                    for (long v : LONGS) {
                        next.add(append(prefix, v));
                    }
                }
            }
            all = next;
        }
        return all;
    }

    private static Object[] append(Object[] prefix, Object v) {
        Object[] a = Arrays.copyOf(prefix, prefix.length + 1);
        a[prefix.length] = v;
        return a;
    }

    private static String runOnJvm(Method m, Object[] args) throws IllegalAccessException {
        try {
            return String.valueOf(m.invoke(null, args));
        } catch (InvocationTargetException e) {
            return "throw " + e.getCause().getClass().getName();
        }
    }

    /** Appends a main that prints each call's result, and runs the module with lli. */
    private String runCompiled(String module, List<Case> cases) throws Exception {
        StringBuilder ll = new StringBuilder();
        for (String line : module.split("\n")) {
            if (!line.startsWith("declare void @\"zeptux_throw\"") && !line.startsWith("declare void @\"zeptux_throw_format\"")) {
                ll.append(line).append('\n');
            }
        }
        ll.append("""
                declare i32 @printf(ptr, ...)
                declare void @exit(i32)
                @fmt.i = private constant [4 x i8] c"%d\\0A\\00"
                @fmt.l = private constant [6 x i8] c"%lld\\0A\\00"
                @fmt.t = private constant [10 x i8] c"throw %s\\0A\\00"
                @buf = private global [128 x i8] zeroinitializer
                define void @"zeptux_throw"(ptr %e, ptr %m, ptr %w) {
                start:
                  %lenp = getelementptr i8, ptr %e, i64 8
                  %len = load i32, ptr %lenp
                  br label %loop
                loop:
                  %i = phi i32 [ 0, %start ], [ %i1, %loop ]
                  %off = mul i32 %i, 2
                  %off64 = sext i32 %off to i64
                  %p = getelementptr i8, ptr %e, i64 16
                  %cp = getelementptr i8, ptr %p, i64 %off64
                  %ch = load i16, ptr %cp
                  %b = trunc i16 %ch to i8
                  %i64 = sext i32 %i to i64
                  %dst = getelementptr [128 x i8], ptr @buf, i64 0, i64 %i64
                  store i8 %b, ptr %dst
                  %i1 = add i32 %i, 1
                  %more = icmp slt i32 %i1, %len
                  br i1 %more, label %loop, label %done
                done:
                  call i32 (ptr, ...) @printf(ptr @fmt.t, ptr @buf)
                  call void @exit(i32 0)
                  unreachable
                }
                define void @"zeptux_throw_format"(ptr %e, ptr %f, ptr %s1, ptr %s2, i64 %n1, i64 %n2, ptr %w) {
                  call void @"zeptux_throw"(ptr %e, ptr null, ptr %w)
                  unreachable
                }
                define i32 @main() {
                """);
        int n = 0;
        for (Case c : cases) {
            Method m = c.method();
            boolean longResult = m.getReturnType() == long.class;
            StringBuilder args = new StringBuilder();
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                args.append(i == 0 ? "" : ", ").append(types[i] == int.class ? "i32 " : "i64 ").append(c.args()[i]);
            }
            String symbol = "org.zeptux.compiler.testdata.Semantics." + m.getName()
                    + org.objectweb.asm.Type.getMethodDescriptor(m);
            String t = longResult ? "i64" : "i32";
            ll.append("  %r").append(n).append(" = call ").append(t).append(" @\"").append(symbol).append("\"(")
                    .append(args).append(")\n");
            ll.append("  call i32 (ptr, ...) @printf(ptr ").append(longResult ? "@fmt.l" : "@fmt.i").append(", ")
                    .append(t).append(" %r").append(n).append(")\n");
            n++;
        }
        ll.append("  ret i32 0\n}\n");
        Path file = dir.resolve("run" + System.nanoTime() + ".ll");
        Files.writeString(file, ll.toString(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("lli-19", "-O1", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lli timed out");
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
