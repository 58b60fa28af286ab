package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a struct view: a C-layout record over raw memory. Each getter
 * ({@code T name()}, with {@link Offset}) is a field of type {@code long}, {@code int},
 * {@code short}, {@code char}, {@code byte}, {@code boolean} or {@link Address}; a setter
 * ({@code void name(T value)}) writes the field of the getter with the same name. Views are
 * made with {@link Structs#at}; compiled, a view is its address and every call is one load or
 * store at the field's offset.
 *
 * <pre>
 * &#64;Struct(size = 16)
 * interface PageFrame {
 *     &#64;Offset(0) long next();   void next(long v);
 *     &#64;Offset(8) int flags();   void flags(int v);
 *     &#64;Offset(12) short order(); void order(short v);
 * }
 * PageFrame f = Structs.at(base.plus(pfn * Structs.size(PageFrame.class)), PageFrame.class);
 * f.flags(f.flags() | 1);
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Struct {
    /** The record's size in bytes (for arrays of records: {@link Structs#size}). */
    int size();
}
