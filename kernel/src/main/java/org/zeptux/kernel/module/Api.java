package org.zeptux.kernel.module;

/**
 * The kernel's module API: its version, and (across the kernel) the static methods marked
 * {@code @org.zeptux.rt.KernelApi}, the only ones a module may call. zeptuxc records VERSION in
 * every module it builds; the kernel runs only modules built for its own VERSION. Raise it
 * when an API method changes or goes (docs/modules.md).
 */
public final class Api {
    private Api() {}

    public static final int VERSION = 1;
}
