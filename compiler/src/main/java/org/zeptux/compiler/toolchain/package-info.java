/** Finds and runs the external tools: opt, llc, ld.lld, llvm-objcopy (LLVM 19) and nasm. */
package org.zeptux.compiler.toolchain;
