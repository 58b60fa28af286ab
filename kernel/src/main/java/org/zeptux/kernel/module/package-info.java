/**
 * Kernel modules: the module API's version, the modules linked into the image, and the run-time
 * ELF loader. Unsafe for now: the loader copies and relocates module code by address and calls
 * it; its parsing is being hardened (issue 20), after which the safe policy (lsmod, insmod's
 * checks) can move out of the raw part.
 */
@Unsafe
package org.zeptux.kernel.module;

import org.zeptux.rt.Unsafe;
