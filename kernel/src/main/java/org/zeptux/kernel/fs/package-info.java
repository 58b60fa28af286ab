/** File systems: the initramfs (a cpio newc archive) as the read-only root, its index and lookups. */
package org.zeptux.kernel.fs;
