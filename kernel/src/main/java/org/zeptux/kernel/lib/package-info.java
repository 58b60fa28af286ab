/** Kernel library code: formatted output and logging, the C builtins LLVM calls, and ELF reading. */
@Unsafe
package org.zeptux.kernel.lib;

import org.zeptux.rt.Unsafe;
