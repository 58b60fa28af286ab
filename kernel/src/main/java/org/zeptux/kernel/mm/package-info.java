/**
 * Physical memory: the e820 map, the boot allocator (memblock), the zones with the buddy page
 * allocator and accounting by owner; MemInit sets them up at boot. Safe code: the page frame
 * database's records and the page tables are hw's, BootInfo's entries boot's.
 */
package org.zeptux.kernel.mm;
