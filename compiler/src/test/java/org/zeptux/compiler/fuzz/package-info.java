/** Random dialect programs (Csmith-style) run on the JVM and natively, which must agree. */
package org.zeptux.compiler.fuzz;
