package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method that starts running on a stack of its own: the boot entry, a thread's entry, the
 * trap dispatcher on an interrupt stack. {@code zeptuxc image} proves that the worst case of
 * everything the method can call fits in {@link #bytes()}, from llc's frame sizes and the call
 * graph (virtual and interface calls resolved over the closed world); a recursion it reaches,
 * or a bound above {@code bytes}, fails the build. The bounds are written to
 * {@code stack-report.txt} beside the image (docs/dialect.md, "Stack depth").
 *
 * <p>The method's stack is {@code bytes} in size (the bound counts the return address of the
 * call that entered it). With {@link #interrupts()}, interrupts and exceptions arrive on the
 * same stack while it runs, so the bound also counts a trap frame and the deepest
 * {@link InterruptContext} entry.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface StackEntry {
    /** The size of the stack the method runs on, in bytes. */
    long bytes();

    /** Whether interrupts and exceptions are taken on this stack while the method runs. */
    boolean interrupts() default false;
}
