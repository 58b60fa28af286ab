/** Whole programs (a main each) that the hosted differential test runs on the JVM and natively. */
package org.zeptux.compiler.testdata.programs;
