/** x86-64 specifics: CPU identification (and, later, descriptor tables, paging, interrupts). */
package org.zeptux.kernel.arch;
