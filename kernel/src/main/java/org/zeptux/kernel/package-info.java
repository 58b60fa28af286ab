/** The Zeptux kernel: the boot order (Kmain), panics, and the serial console. */
package org.zeptux.kernel;
