package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a kernel test: a {@code static void} method with no parameters, written in the
 * dialect next to the code it tests. It runs in two worlds: on the JVM as a JUnit test (over
 * the simulated machine), and inside the real kernel in the test image, reported as KTAP.
 * It checks with {@code org.zeptux.kernel.test.Check}; a failed check marks it failed and the
 * test goes on (like KUnit's EXPECT).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KTest {
    /** Where the test runs. */
    enum World { BOTH, JVM, KERNEL }

    /** Limit the test to one world (say why in {@link #reason()}). */
    World only() default World.BOTH;

    /** Why the test is limited to one world. */
    String reason() default "";
}
