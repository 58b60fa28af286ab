#!/usr/bin/env bash
# Runs the benchmarks (make bench): zeptuxc-compiled Java against clang -O2 C and HotSpot,
# compile speed and boot time; writes bench/results.md and bench/results.csv and the table in
# README.md. Expects the build (mvn -B package -DskipTests); arguments go to bench/Bench.java
# (--runs N, --boots N, --only Kernel,..., --no-readme).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/host-tools.sh --bench
exec java bench/Bench.java "$@"
