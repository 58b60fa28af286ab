package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An indexed {@link Struct} field: {@code value} elements from the getter's {@link Offset},
 * each as wide as the field's type. The getter takes the index ({@code long entry(int i)}),
 * the setter the index and the value ({@code void entry(int i, long v)}); an index outside
 * {@code [0, value)} throws {@code ArrayIndexOutOfBoundsException}, as an array's would.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Count {
    int value();
}
