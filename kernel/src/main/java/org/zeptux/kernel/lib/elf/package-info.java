/**
 * The ELF reader the module loader uses (and exec will): it reads headers and sections of an
 * image in memory by address, so it is unsafe until it reads through a bounds-checked view.
 */
@Unsafe
package org.zeptux.kernel.lib.elf;

import org.zeptux.rt.Unsafe;
