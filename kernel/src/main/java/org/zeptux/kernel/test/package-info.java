/** Kernel tests (KTest): checks, and the runner that reports KTAP from inside the kernel. */
package org.zeptux.kernel.test;
