/** Debugging: panics with symbolised backtraces, the serial monitor and its command table, provoked faults. */
package org.zeptux.kernel.debug;
