/** The zeptuxc command line: one picocli command class per subcommand. */
package org.zeptux.compiler.cli;
