/** The Zeptux kernel: the boot order (Kmain) and the version; each subsystem is a package below. */
package org.zeptux.kernel;
