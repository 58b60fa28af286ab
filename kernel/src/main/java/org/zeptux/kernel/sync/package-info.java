/** Locks: spinlocks that save interrupts, sleeping mutexes with owner checks, semaphores, completions. */
@Unsafe
package org.zeptux.kernel.sync;

import org.zeptux.rt.Unsafe;
