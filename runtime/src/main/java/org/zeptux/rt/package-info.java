/**
 * The dialect's low-level API: raw memory, port I/O, CPU instructions and annotations.
 *
 * <p>zeptuxc replaces every call into this package by the machine code it names (see
 * docs/dialect.md); on the JVM the same calls run against the simulated machine in
 * {@link org.zeptux.rt.host}, so kernel logic can be unit-tested.
 */
package org.zeptux.rt;
