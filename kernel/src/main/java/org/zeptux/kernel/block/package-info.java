/**
 * Block devices: what a disk or a partition offers the file systems above it (whole sectors
 * moved between the device and pages, the caller waiting), and the table of them by device
 * number. The drivers below (dev.Ata) and the caches above (the page cache, ext2) meet here.
 */
package org.zeptux.kernel.block;
