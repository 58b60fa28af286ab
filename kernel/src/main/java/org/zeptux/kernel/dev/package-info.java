/** Device drivers: the 16550 UART and QEMU's isa-debug-exit. */
package org.zeptux.kernel.dev;
