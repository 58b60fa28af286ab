/** Integration tests: real Zeptux images booted under QEMU, driven over the serial console. */
package org.zeptux.it;
