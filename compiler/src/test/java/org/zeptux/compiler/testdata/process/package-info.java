/**
 * A hosted program that makes processes (fork, execve, wait4, signals taken with rt_sigtimedwait):
 * run natively by ProcessCallsTests, and inside Zeptux by HostedSuite (which adds it by name: it
 * executes itself, so it needs argument 0 to be its path).
 */
package org.zeptux.compiler.testdata.process;
