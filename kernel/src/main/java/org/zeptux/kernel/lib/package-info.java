/** Kernel library code: formatted output and logging, System.out, and ELF reading from byte arrays. Safe code (the C builtins are hw's). */
package org.zeptux.kernel.lib;
