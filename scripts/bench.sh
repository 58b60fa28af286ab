#!/usr/bin/env bash
# Runs the benchmarks (make bench): zeptuxc-compiled Java against clang -O2 C and HotSpot,
# compile speed, boot time, and user mode: the null system call and exec-to-exit time of the same
# static programs (bench/user) on Zeptux and on Linux 6.1 under QEMU TCG; writes
# build/bench/results.md, results.csv and readme-table.md (make bench-update copies them into
# bench/ and README.md). Expects the build (mvn -B package -DskipTests); arguments go to
# bench/Bench.java (--runs N, --boots N, --only Kernel,...; --user for the user-mode figures alone).
#
# User mode: Linux's figures come from scripts/linux-bench.sh (Debian's kernel, fetched into
# build/bench/linux); Zeptux's from one boot of the same binaries (bench/Bench.java's
# zeptuxUserFigures()).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/host-tools.sh --bench
exec java bench/Bench.java "$@"
