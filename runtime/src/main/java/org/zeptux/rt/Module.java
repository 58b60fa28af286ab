package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a kernel module: on its main class, which has {@code static int init()} (0 for
 * success) and {@code static void exit()}. {@code zeptuxc module} builds the classes of a
 * module into one {@code NAME.zm} (docs/modules.md).
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Module {
    /** The module's name: lower-case letters, digits, '-' and '_'. */
    String name();

    /** Its version, e.g. "1.0". */
    String version();

    /** Names of modules whose init must run before this one's. */
    String[] depends() default {};
}
