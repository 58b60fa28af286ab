/** The pipeline: class files to LLVM IR to objects, and objects plus boot code to a disk image. */
package org.zeptux.compiler.driver;
