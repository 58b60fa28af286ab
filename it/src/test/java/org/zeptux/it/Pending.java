package org.zeptux.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of behaviour the kernel does not have yet, written to assert it as it will be: tagged
 * {@code pending}, which {@code mvn verify} leaves out (it is neither run nor counted as passing).
 * {@code mvn verify -Dzeptux.pending} runs only these, to see which now pass; the tag comes off a
 * test in the commit that makes it pass. {@link #value} says what it waits for.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("pending")
public @interface Pending {
    /** What the test waits for: the work (and issue) that makes it pass. */
    String value();
}
