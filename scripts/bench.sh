#!/usr/bin/env bash
# Runs the benchmarks (make bench): zeptuxc-compiled Java against clang -O2 C and HotSpot,
# compile speed, boot time, and user mode: the null system call and exec-to-exit time of the same
# static programs (bench/user) on Zeptux and on Linux 6.1 under QEMU TCG; writes bench/results.md
# and bench/results.csv and the table in README.md. Expects the build (mvn -B package -DskipTests);
# arguments go to bench/Bench.java (--runs N, --boots N, --only Kernel,..., --no-readme; --user for
# the user-mode figures alone).
#
# User mode: Linux's figures come from scripts/linux-bench.sh (Debian's kernel, fetched into
# build/bench/linux). Zeptux's are measured in bench/Bench.java's userFigures(), in the section
# marked "ZEPTUX" (to be filled in with the kernel's user mode, issue #15); until then the table
# says "not yet".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/host-tools.sh --bench
exec java bench/Bench.java "$@"
