/** Kernel modules: the module API's version, the modules linked into the image, and the run-time ELF loader. */
package org.zeptux.kernel.module;
