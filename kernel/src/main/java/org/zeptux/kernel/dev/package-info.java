/** Device drivers: the 16550 UART, the ATA disk, QEMU's isa-debug-exit, and character devices. */
package org.zeptux.kernel.dev;
