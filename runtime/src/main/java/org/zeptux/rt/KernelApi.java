package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of the kernel as part of the API kernel modules may call. zeptuxc
 * gives such methods external symbols and refuses, in a module, any call into the kernel that
 * is not to one of them (docs/modules.md).
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface KernelApi {}
