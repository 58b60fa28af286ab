/** Kernel tests (KTest): checks, and the runner that reports KTAP from inside the kernel. */
@Unsafe
package org.zeptux.kernel.test;

import org.zeptux.rt.Unsafe;
