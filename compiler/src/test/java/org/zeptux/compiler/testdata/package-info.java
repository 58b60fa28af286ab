/**
 * Dialect programs the compiler's tests compile; javac builds them as ordinary test classes.
 * Unsafe, so that they may use the raw API (Hardware) and declare native methods (Refused);
 * {@code testdata.safe} holds what safe code is refused.
 */
@Unsafe
package org.zeptux.compiler.testdata;

import org.zeptux.rt.Unsafe;
