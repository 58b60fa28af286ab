/** What the boot stages hand over: the BootInfo block (docs/boot.md). */
@Unsafe
package org.zeptux.kernel.boot;

import org.zeptux.rt.Unsafe;
