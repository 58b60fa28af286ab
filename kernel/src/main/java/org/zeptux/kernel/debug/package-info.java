/** Debugging: panics with symbolised backtraces, the serial monitor and its command table, provoked faults. */
@Unsafe
package org.zeptux.kernel.debug;

import org.zeptux.rt.Unsafe;
