/**
 * The differential suite's cases, one class per bytecode family: every {@code public static
 * void} method without parameters is a case that prints its results; a case named
 * {@code fails...} must end with an exception (a failed check or a {@code throw}). Other
 * methods are helpers. {@code DifferentialSuiteTests} runs every case on the JVM and compiled
 * hosted, and compares them. Safe code: the case selector reads its argument through
 * {@code org.zeptux.rt.hosted.Linux}.
 */
package org.zeptux.compiler.testdata.diff;
