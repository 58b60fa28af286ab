/** Reads class files from directories and jars into ASM trees; the compiler's first stage. */
package org.zeptux.compiler.load;
