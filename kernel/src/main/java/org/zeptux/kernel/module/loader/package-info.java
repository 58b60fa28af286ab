/**
 * The module loader's raw step: the bytes of a page the disk was read into, a laid-out module
 * image copied into its buddy block, the kernel's export table and the table of linked-in
 * modules read by index, and the call into a module's init or exit. Everything else of the
 * module code — the parser, the layout, the slots, lsmod, insmod's checks and messages — is
 * safe code in {@code org.zeptux.kernel.module} over byte arrays.
 */
@Unsafe
package org.zeptux.kernel.module.loader;

import org.zeptux.rt.Unsafe;
