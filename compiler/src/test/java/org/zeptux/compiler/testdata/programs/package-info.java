/**
 * Whole programs (a main each) that the hosted differential test runs on the JVM and natively.
 * Unsafe: Natives declares native methods.
 */
@Unsafe
package org.zeptux.compiler.testdata.programs;

import org.zeptux.rt.Unsafe;
