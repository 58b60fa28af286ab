/**
 * Checks javac runs on kernel code as it compiles it: struct view layouts
 * ({@link org.zeptux.rt.check.StructLayoutProcessor}), reported at the source line.
 */
package org.zeptux.rt.check;
