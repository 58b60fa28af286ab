/**
 * Benchmark kernels in the dialect: each class's {@code run()} computes a checksum from inputs
 * its own LCG makes, and {@code main} prints it; {@code bench/c} holds the same algorithms in C.
 */
package org.zeptux.bench;
