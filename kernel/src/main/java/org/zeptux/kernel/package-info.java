/** The Zeptux kernel: the boot order (Kmain) and the version; each subsystem is a package below. */
@Unsafe
package org.zeptux.kernel;

import org.zeptux.rt.Unsafe;
