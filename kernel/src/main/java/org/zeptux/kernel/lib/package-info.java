/** Kernel library code: formatted output and the C builtins LLVM calls. */
package org.zeptux.kernel.lib;
