package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method whose stack use is unbounded on purpose: the provoked kernel stack overflow of the
 * monitor's {@code fault stack}, which must reach the guard page. The stack-depth proof counts
 * its own frame and leaves out what it calls; {@link #value()} says why.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface StackUnbounded {
    /** Why the method may use any amount of stack. */
    String value();
}
