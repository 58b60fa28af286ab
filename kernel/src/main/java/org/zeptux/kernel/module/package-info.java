/** Kernel modules: the module API's version, the modules linked into the image, and the run-time ELF loader. */
@Unsafe
package org.zeptux.kernel.module;

import org.zeptux.rt.Unsafe;
