/** Locks: spinlocks that save interrupts, sleeping mutexes with owner checks, semaphores, completions. */
package org.zeptux.kernel.sync;
