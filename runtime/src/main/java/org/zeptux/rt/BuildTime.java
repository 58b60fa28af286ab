package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method that runs only at build time, in static initialisers (e.g. a factory that makes a
 * pool): zeptuxc never compiles it, so it may allocate, concatenate strings and throw freely,
 * and a call of it from run-time code is an error.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface BuildTime {}
