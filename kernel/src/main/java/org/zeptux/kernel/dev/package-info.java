/** Device drivers: the 16550 UART, the ATA disk, QEMU's isa-debug-exit, and character devices. */
@Unsafe
package org.zeptux.kernel.dev;

import org.zeptux.rt.Unsafe;
