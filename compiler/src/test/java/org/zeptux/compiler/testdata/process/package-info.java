/**
 * A hosted program that makes processes (fork, execve, wait4, signals taken with rt_sigtimedwait):
 * run natively by ProcessCallsTests; kept out of testdata.linux, whose programs HostedSuite runs
 * inside Zeptux, until the kernel has fork and exec.
 */
package org.zeptux.compiler.testdata.process;
