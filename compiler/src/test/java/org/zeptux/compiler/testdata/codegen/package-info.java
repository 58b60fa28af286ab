/**
 * Codegen tests: small dialect classes whose {@code // CHECK:} lines say what their IR must hold
 * ({@code llvm.CodegenTests} runs them; README's "Testing" describes the format).
 */
@Unsafe
package org.zeptux.compiler.testdata.codegen;

import org.zeptux.rt.Unsafe;
