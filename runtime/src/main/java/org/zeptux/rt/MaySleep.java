package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method that may block the calling thread (take a mutex, sleep, wait on a wait queue).
 * zeptuxc refuses any call path from an {@link InterruptContext} method to it, naming the
 * path: an interrupt handler has no thread to put to sleep.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface MaySleep {}
