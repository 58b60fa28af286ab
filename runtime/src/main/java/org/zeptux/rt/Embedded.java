package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link Struct} field that is itself a struct, stored in place (C's {@code struct gate
 * gates[256]} rather than {@code struct gate *}): the getter returns the view of the inner
 * struct at the field's offset, loading nothing, and there is no setter. With {@link Count},
 * element {@code i} is at the offset plus {@code i} times the inner struct's size. Without
 * {@code @Embedded} a getter returning a view type is a pointer field.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Embedded {
}
