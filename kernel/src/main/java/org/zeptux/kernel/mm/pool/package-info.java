/**
 * Typed object pools (docs/memory.md): objects of compiled classes and primitive arrays placed
 * in slabs of buddy pages, freed explicitly, use after free and double free caught. Unsafe: it
 * is where objects are made out of raw memory (RawObjects); what it hands out is ordinary,
 * checked Java objects.
 */
@Unsafe
package org.zeptux.kernel.mm.pool;

import org.zeptux.rt.Unsafe;
