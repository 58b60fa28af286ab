/**
 * Kernel modules: the module API's version, the modules linked into the image, and the run-time
 * ELF loader: safe code over byte arrays (the archive, the manifest, the layout, the slots,
 * insmod's checks and messages). Its one raw step — reading the disk, copying a laid-out image
 * into its block, the kernel's tables and the call into a module — is the unsafe package
 * {@code org.zeptux.kernel.module.loader}.
 */
package org.zeptux.kernel.module;
