/**
 * The JVM implementation of the runtime API: a simulated PC (sparse memory, port devices) on
 * which kernel code runs unchanged in unit tests.
 */
package org.zeptux.rt.host;
