package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package as unsafe: its code may use the raw API — {@link Memory}, {@link Port},
 * {@link Cpu}, {@link Syscall}, {@link Structs} and struct views, {@link RawObjects}, the
 * methods of {@link Address} that forge, move or dereference an address — and declare
 * {@code native} methods. zeptuxc refuses all of that in every other package (docs/dialect.md, "Safe and
 * unsafe code"), so the code that can corrupt memory is exactly the unsafe packages, and
 * {@code zeptuxc unsafe} measures their share of the kernel. Annotate the package in its
 * {@code package-info.java}:
 *
 * <pre>
 * &#64;Unsafe
 * package org.zeptux.kernel.hw;
 *
 * import org.zeptux.rt.Unsafe;
 * </pre>
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface Unsafe {}
