/** x86-64 specifics: CPU identification, descriptor tables, interrupts and exceptions, the APICs and the timer. */
@Unsafe
package org.zeptux.kernel.arch;

import org.zeptux.rt.Unsafe;
