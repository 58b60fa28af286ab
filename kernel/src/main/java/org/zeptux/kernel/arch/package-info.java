/**
 * x86-64 specifics: CPU identification, interrupts and exceptions, the APICs, the PICs, the PIT
 * and the timer, ACPI and the MADT. Safe code: its devices through hw's port ranges, MMIO
 * regions and firmware views; the descriptor tables and trap frames are hw's.
 */
package org.zeptux.kernel.arch;
