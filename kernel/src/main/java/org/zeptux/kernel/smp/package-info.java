/**
 * Several CPUs: starting the application processors, each CPU's typed data (PerCpu), the
 * inter-processor interrupts and what they carry (pings, TLB shootdowns). docs/smp.md.
 */
package org.zeptux.kernel.smp;
