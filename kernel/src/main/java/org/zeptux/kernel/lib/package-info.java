/** Kernel library code: formatted output and logging, System.out. Safe code (the C builtins are hw's, the ELF reader lib.elf's). */
package org.zeptux.kernel.lib;
