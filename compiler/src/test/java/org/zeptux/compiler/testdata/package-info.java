/** Dialect programs the compiler's tests compile; javac builds them as ordinary test classes. */
package org.zeptux.compiler.testdata;
