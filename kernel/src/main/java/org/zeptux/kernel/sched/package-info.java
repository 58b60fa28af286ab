/** Kernel threads (tasks), their stacks, the fair scheduler, sleeping and wait queues. */
package org.zeptux.kernel.sched;
