package org.zeptux.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.host.DebugExit;
import org.zeptux.rt.host.Machine;
import org.zeptux.rt.host.Uart16550;

/**
 * Runs every {@link KTest} of the kernel tests (src/ktest/java) on the JVM, one JUnit test each (named
 * {@code Class.method}), over a fresh simulated PC and in a fresh class loader (fresh static
 * state). A test fails when any of its checks failed; the message is what the checks printed
 * on the console.
 */
public class KTestJvmTests {
    @TestFactory
    Stream<DynamicTest> kernelTests() throws Exception {
        List<Method> tests = discover();
        assertTrue(tests.size() >= 5, "kernel tests found: " + tests.size());
        int kernelOnly = 0;
        List<DynamicTest> dynamic = new ArrayList<>();
        for (Method m : tests) {
            KTest k = m.getAnnotation(KTest.class);
            if (k.only() == KTest.World.KERNEL) {
                kernelOnly++;
                // Reported as skipped (not passed): it runs in the test kernel only.
                dynamic.add(DynamicTest.dynamicTest(m.getDeclaringClass().getSimpleName() + "." + m.getName(), () -> {
                    throw new org.opentest4j.TestAbortedException("runs in the kernel only: " + k.reason());
                }));
                continue;
            }
            dynamic.add(DynamicTest.dynamicTest(m.getDeclaringClass().getSimpleName() + "." + m.getName(), () -> run(m)));
        }
        System.out.printf("ktest (JVM): %d tests, %d run here, %d skipped (kernel-only)%n", tests.size(),
                dynamic.size() - kernelOnly, kernelOnly);
        return dynamic.stream();
    }

    @Test
    void eachKernelLoaderHasItsOwnStaticState() throws Exception {
        try (KernelLoader first = new KernelLoader(); KernelLoader second = new KernelLoader()) {
            Class<?> a = first.loadClass(Check.class.getName());
            Class<?> b = second.loadClass(Check.class.getName());
            assertTrue(a != b && a != Check.class, "each loader defines the kernel's classes itself");
            Field failures = a.getDeclaredField("failures");
            failures.setAccessible(true);
            failures.setInt(null, 5);
            assertEquals(5, (int) a.getMethod("failures").invoke(null));
            assertEquals(0, (int) b.getMethod("failures").invoke(null), "a fresh loader starts from the initialisers");
            assertTrue(first.loadClass(KTest.class.getName()) == KTest.class, "the runtime is shared");
        }
    }

    /**
     * Runs one test in a fresh {@link KernelLoader}: the kernel's classes and the tests are
     * loaded anew, so their static initialisers run again and no static state is left from
     * another test (as in a freshly booted test kernel, where each class starts from its image).
     */
    private static void run(Method test) throws Exception {
        Uart16550 uart = new Uart16550();
        Machine machine = new Machine().attach(0x3F8, 8, uart).attach(0xF4, 4, new DebugExit());
        try (var ignored = Machine.install(machine); KernelLoader loader = new KernelLoader()) {
            loader.hookUseAfterFree(machine);
            loader.loadClass("org.zeptux.kernel.dev.Uart").getMethod("init").invoke(null);
            Class<?> check = loader.loadClass(Check.class.getName());
            check.getMethod("reset").invoke(null);
            Method fresh = loader.loadClass(test.getDeclaringClass().getName()).getDeclaredMethod(test.getName());
            fresh.setAccessible(true);
            fresh.invoke(null);
            assertEquals(0, (int) check.getMethod("failures").invoke(null),
                    "failed checks:\n" + uart.transmitted().replace("\r\n", "\n"));
        }
    }

    /**
     * A child-first class loader for the kernel's classes (org.zeptux.kernel.*: target/classes
     * and target/ktest-classes) that delegates every other class to the test's loader, so the
     * runtime (org.zeptux.rt, the simulated machine) is shared and the kernel is fresh.
     */
    public static final class KernelLoader extends URLClassLoader {
        private static final String KERNEL = "org.zeptux.kernel.";

        public KernelLoader() throws Exception {
            super(new URL[] {kernelClasses().toUri().toURL(), ktestClasses().toUri().toURL()},
                    KTestJvmTests.class.getClassLoader());
        }

        /**
         * Defines a kernel class with the use-after-free checks compiled code has
         * ({@link UseAfterFreeChecks}).
         */
        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            URL resource = findResource(name.replace('.', '/') + ".class");
            if (resource == null) {
                throw new ClassNotFoundException(name);
            }
            try (var in = resource.openStream()) {
                byte[] checked = UseAfterFreeChecks.instrument(in.readAllBytes());
                return defineClass(name, checked, 0, checked.length);
            } catch (java.io.IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        /** Makes {@code machine} call this loader's kernel hook for a use after free, as compiled code does. */
        void hookUseAfterFree(Machine machine) throws ReflectiveOperationException {
            Method hook = loadClass("org.zeptux.kernel.mm.pool.Pool").getDeclaredMethod("useAfterFree", Object.class, String.class);
            hook.setAccessible(true);
            machine.onUseAfterFree((object, where) -> {
                try {
                    hook.invoke(null, object, where);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;                    // the panic's MachineExit
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(KERNEL)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /**
     * The compiled kernel tests: target/ktest-classes (src/ktest/java), beside the kernel's
     * target/classes.
     */
    static Path ktestClasses() {
        return kernelClasses().resolveSibling("ktest-classes");
    }

    /** The kernel's compiled classes, target/classes. */
    static Path kernelClasses() {
        try {
            return Path.of(Kmain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every @KTest method in the compiled kernel tests, sorted by class and name. */
    static List<Method> discover() throws Exception {
        Path root = ktestClasses();
        assertTrue(Files.isDirectory(root), "no kernel tests compiled at " + root);
        List<Method> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class")).sorted()::iterator) {
                String name = root.relativize(p).toString().replace('/', '.').replaceFirst("\\.class$", "");
                if (name.endsWith("package-info")) {
                    continue;
                }
                for (Method m : Class.forName(name).getDeclaredMethods()) {
                    if (m.isAnnotationPresent(KTest.class)) {
                        assertTrue(Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                                && m.getReturnType() == void.class, m + " must be static void with no parameters");
                        found.add(m);
                    }
                }
            }
        }
        found.sort(Comparator.comparing((Method m) -> m.getDeclaringClass().getName()).thenComparing(Method::getName));
        return found;
    }
}
