package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks part of the kernel's module API (docs/modules.md). On a static method: modules may call
 * it (zeptuxc gives it an external symbol and refuses, in a module, any other call into the
 * kernel). On an interface: modules may implement it and hand their objects to the kernel,
 * which calls them through the interface (never devirtualised; its class info is exported).
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface KernelApi {}
