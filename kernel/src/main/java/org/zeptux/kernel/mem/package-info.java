/** Physical memory: the e820 map. */
package org.zeptux.kernel.mem;
