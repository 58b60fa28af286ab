/** Builds the raw disk image: the MBR with its load table, stage 2 and the flat kernel. */
package org.zeptux.compiler.image;
