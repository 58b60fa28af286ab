/** What the boot stages hand over: the BootInfo block (docs/boot.md). Unsafe: it is read (and, for tests, written) by address. */
@Unsafe
package org.zeptux.kernel.boot;

import org.zeptux.rt.Unsafe;
