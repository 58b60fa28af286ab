/**
 * User processes: the process table and a process's life ({@link org.zeptux.kernel.proc.Processes}),
 * loading static ELF programs ({@link org.zeptux.kernel.proc.Exec}), the Linux x86-64 system
 * calls ({@link org.zeptux.kernel.proc.Syscalls} and the classes it dispatches to), open files,
 * the console as a terminal, and the monitor's {@code run} and {@code procs}. Safe code: user
 * memory is reached only through hw.UserAccess, page tables only through mm.AddressSpace.
 */
package org.zeptux.kernel.proc;
