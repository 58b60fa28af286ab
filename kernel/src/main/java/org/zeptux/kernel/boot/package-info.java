/** What the boot stages hand over: the BootInfo block (docs/boot.md). */
package org.zeptux.kernel.boot;
