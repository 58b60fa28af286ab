#!/bin/sh
# Prints the coverage of the module loader's parser (lib/Elf, module/ModuleArchive, ModuleManifest,
# ModuleLayout) from the JaCoCo report make fuzz-loader writes (kernel/target/site/jacoco/jacoco.csv).
set -eu
csv=${1:-kernel/target/site/jacoco/jacoco.csv}
[ -f "$csv" ] || { echo "loader-coverage: no $csv (run make fuzz-loader)" >&2; exit 1; }
# GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,...
awk -F, '
    ($2 == "org.zeptux.kernel.lib" && $3 == "Elf") ||
    ($2 == "org.zeptux.kernel.module" && ($3 == "ModuleArchive" || $3 == "ModuleManifest" || $3 == "ModuleLayout")) {
        printf "%-16s lines %4d/%-4d branches %4d/%-4d\n", $3, $9, $8 + $9, $7, $6 + $7
        lm += $8; lc += $9; bm += $6; bc += $7
    }
    END {
        if (lc + lm == 0) { print "loader-coverage: the loader is not in the report" > "/dev/stderr"; exit 1 }
        printf "loader parser    lines %.1f%% (%d/%d), branches %.1f%% (%d/%d)\n", 100 * lc / (lc + lm), lc, lc + lm, 100 * bc / (bc + bm), bc, bc + bm
    }' "$csv"
