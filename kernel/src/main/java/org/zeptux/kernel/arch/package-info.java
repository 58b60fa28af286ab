/** x86-64 specifics: CPU identification, descriptor tables, interrupts and exceptions, the APICs and the timer. */
package org.zeptux.kernel.arch;
