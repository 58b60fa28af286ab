/** Kernel library code: formatted output and logging, the C builtins LLVM calls, and ELF reading. */
package org.zeptux.kernel.lib;
