package org.zeptux.rt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a static method a C-ABI (System V x86-64) symbol that assembly can call.
 *
 * <p>Without it a method's symbol is a mangled Java name; with it the method is also
 * reachable as {@code value()}, an external, global symbol. The entry point the boot code
 * calls ({@code kmain}) and the panic hook the compiler calls ({@code zeptux_throw}) are
 * exported this way.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Export {
    /** The symbol name. */
    String value();
}
