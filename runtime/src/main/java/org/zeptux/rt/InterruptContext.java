package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method that runs in interrupt context: the trap dispatcher that interrupt and exception
 * stubs call, or a handler entered from one. Nothing it can reach, through any call (virtual
 * and interface calls over every implementation), may be {@link MaySleep}; zeptuxc reports
 * each such path as an error.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface InterruptContext {}
