package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method that may reach itself, where a guard stops the recursion: at most {@link #value()}
 * activations of it are on any stack at once (the panic hook: a panic while panicking prints
 * one line and stops). Instead of reporting the cycle, the stack-depth proof counts
 * {@code value - 1} activations as deep as the deepest path back into the method, and the last
 * as deep as its bound with the calls back into it left out.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RecursionBound {
    /** The most activations of the method on one stack. */
    int value();
}
