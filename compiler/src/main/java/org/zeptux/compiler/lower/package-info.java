/**
 * Lowers the closed world of dialect classes to the IR: symbols, the image heap left by
 * build-time initialisation, intrinsics, and bytecode to basic blocks.
 */
package org.zeptux.compiler.lower;
