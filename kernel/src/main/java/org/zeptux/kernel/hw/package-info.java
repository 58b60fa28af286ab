/**
 * The kernel's raw layer: the only kernel code besides the module loader that touches the
 * machine directly. It hands the rest of the kernel small safe interfaces — port ranges and
 * MMIO regions with checked offsets, read-only views of firmware memory, CPU instructions that
 * cannot corrupt memory — and holds what cannot be made safe: memcpy and its kin, the stack
 * walk behind backtraces, the reset sequence, the deliberate faults. docs/dialect.md, "Safe
 * and unsafe code", says what safe code may do with what this package gives it.
 */
@Unsafe
package org.zeptux.kernel.hw;

import org.zeptux.rt.Unsafe;
