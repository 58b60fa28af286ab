/** An unsafe package with a small safe interface over the raw API, for the tests of the unsafe rule. */
@Unsafe
package org.zeptux.compiler.testdata.raw;

import org.zeptux.rt.Unsafe;
