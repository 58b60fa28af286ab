/** Kernel threads (tasks), their stacks, the fair scheduler, sleeping and wait queues. */
@Unsafe
package org.zeptux.kernel.sched;

import org.zeptux.rt.Unsafe;
