/**
 * The runtime of zeptuxc's hosted target, written in the dialect: process entry and exit,
 * {@code System.out}/{@code System.err} over the write system call, the throw hook, and
 * {@link org.zeptux.rt.hosted.Linux}, the system calls a program may make. The compiler links it
 * into every hosted executable. Unsafe: it makes system calls on raw buffers; its public methods
 * are a safe interface (they check every buffer against its array).
 */
@Unsafe
package org.zeptux.rt.hosted;

import org.zeptux.rt.Unsafe;
