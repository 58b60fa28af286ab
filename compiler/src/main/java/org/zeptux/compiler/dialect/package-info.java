/** The dialect's rules and the javac-style diagnostics that report violations of them. */
package org.zeptux.compiler.dialect;
