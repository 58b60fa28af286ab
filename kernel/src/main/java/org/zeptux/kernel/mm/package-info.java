/**
 * Physical memory: the e820 map, the boot allocator (memblock), the page frame database and
 * the buddy page allocator with accounting by owner; MemInit sets them up at boot.
 */
@Unsafe
package org.zeptux.kernel.mm;

import org.zeptux.rt.Unsafe;
