/** Debugging: panics, the serial monitor and its command table, the crash commands. Safe code (backtraces and provoked faults are hw's). */
package org.zeptux.kernel.debug;
