/**
 * The JDK methods zeptuxc compiles from Java source of its own, in the dialect: a call of
 * {@code s.indexOf(c)}, {@code Math.addExact(a, b)}, {@code Long.parseLong(s)} or
 * {@code Character.isDigit(c)} in compiled code becomes a call of the method of the same name
 * here, with the receiver first and, for a method that can fail, the caller's location last
 * (its failures name the caller's line, as a JVM stack trace's first frame in the program
 * does). Each method computes exactly what the JDK's does and fails with the JDK's exception
 * and message. The compiler adds a class of this package to a compilation only when the
 * program calls into it; docs/dialect.md lists the methods.
 */
package org.zeptux.rt.jdk;
