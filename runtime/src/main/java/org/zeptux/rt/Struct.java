package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a struct view: a C-layout record over raw memory. Each getter
 * ({@code T name()}, with {@link Offset}) is a field; a setter ({@code void name(T value)})
 * writes the field of the getter with the same name. A field is
 * <ul>
 * <li>a {@code long}, {@code int}, {@code short}, {@code char}, {@code byte} or {@code boolean};
 * <li>an {@link Address}, {@link PhysAddr}, {@link Pfn} or {@link UserPtr} (8 bytes);
 * <li>a pointer to another view ({@code @Offset(8) Next next()}: 8 bytes, the getter loads the
 *     address and gives its view, 0 gives null; the setter stores a view's address);
 * <li>an {@link Embedded} struct: the inner view at the field's offset, nothing loaded;
 * <li>indexed ({@link Count}): {@code T name(int i)} and {@code void name(int i, T v)}, the
 *     index checked as an array's.
 * </ul>
 * Views are made with {@link Structs#at}; compiled, a view is its address and every call is
 * one load or store at the field's offset.
 *
 * <p>The layout is checked when javac compiles the view ({@code StructLayoutProcessor}): every
 * field inside {@link #size}, naturally aligned, no two fields overlapping, setters matching
 * getters; each violation is an error at the getter. A layout the hardware defines with
 * unaligned fields (the 64-bit TSS, the GDTR/IDTR pointer) says so with {@code packed = true},
 * which waives only the alignment rule.
 *
 * <pre>
 * &#64;Struct(size = 32)
 * interface PageFrame {
 *     &#64;Offset(0) PageFrame next();   void next(PageFrame v);
 *     &#64;Offset(8) int flags();        void flags(int v);
 *     &#64;Offset(12) short order();     void order(short v);
 *     &#64;Offset(16) &#64;Count(2) long word(int i); void word(int i, long v);
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

    /** Whether fields may be unaligned (a hardware layout that has them; C's {@code packed}). */
    boolean packed() default false;
}
