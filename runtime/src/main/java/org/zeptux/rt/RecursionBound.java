package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method that may reach itself, where a guard stops the recursion: at most {@link #value()}
 * activations of it are on any stack at once (the panic hook: a panic while panicking prints
 * one line and stops). The stack-depth proof counts it as {@code value} times its bound with
 * the calls back into it left out, instead of reporting the cycle.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RecursionBound {
    /** The most activations of the method on one stack. */
    int value();
}
