/**
 * Hosted programs that make Linux system calls through {@code org.zeptux.rt.hosted.Linux}: safe
 * code (no {@code @Unsafe}), so they also show that the API needs no raw memory. They run only
 * natively (the JVM has no system calls): {@code driver.LinuxCallsTests} checks their output.
 */
package org.zeptux.compiler.testdata.linux;
