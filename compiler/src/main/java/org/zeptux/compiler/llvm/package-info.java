/** Writes IR modules as LLVM IR text (opaque pointers, LLVM 19); the only writer of LLVM syntax. */
package org.zeptux.compiler.llvm;
