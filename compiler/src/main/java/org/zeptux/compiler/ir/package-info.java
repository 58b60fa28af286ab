/**
 * The SSA-style intermediate representation between JVM bytecode and LLVM IR text.
 *
 * <p>A {@link org.zeptux.compiler.ir.Module} holds functions and globals; a
 * {@link org.zeptux.compiler.ir.Function} holds basic blocks of typed instructions. Nothing in
 * this package knows LLVM syntax: {@code org.zeptux.compiler.llvm} is the only writer.
 */
package org.zeptux.compiler.ir;
