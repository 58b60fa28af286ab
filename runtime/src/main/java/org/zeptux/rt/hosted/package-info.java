/**
 * The runtime of zeptuxc's hosted target, written in the dialect: process entry and exit,
 * {@code System.out}/{@code System.err} over the write system call, and the throw hook. The
 * compiler links it into every hosted executable. Unsafe: it makes system calls on raw buffers.
 */
@Unsafe
package org.zeptux.rt.hosted;

import org.zeptux.rt.Unsafe;
