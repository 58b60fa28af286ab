#!/usr/bin/env bash
# Checks the host tools Zeptux builds and boots with, and installs the missing ones.
#
#   scripts/host-tools.sh           install what is missing (apt-get as root, or sudo -n)
#   scripts/host-tools.sh --check   only report; exit 1 if anything is missing
#   scripts/host-tools.sh --bench   also the benchmark's tools (clang 19, valgrind, dpkg-deb); --bench --check too
#
# Tools are looked up by the versioned names zeptuxc runs (LLVM 19), so an older LLVM on the
# PATH does not count. Without root or password-less sudo it prints the exact command to run
# and exits 1.
set -euo pipefail
# e2fsprogs installs into /sbin and /usr/sbin, which a non-login shell's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"

# tool:debian-package. musl-gcc builds the static C test programs (it/src/test/c); busybox-static
# is a static /bin/busybox to put into an initramfs (Linux's in the benchmark, Zeptux's shell);
# e2fsprogs makes and checks the ext2 images of the ext2 tests (mke2fs, e2fsck, debugfs, dumpe2fs).
TOOLS=(
    "nasm:nasm"
    "opt-19:llvm-19"
    "llc-19:llvm-19"
    "llvm-dis-19:llvm-19"
    "llvm-split-19:llvm-19"
    "llvm-objcopy-19:llvm-19"
    "lli-19:llvm-19"
    "ld.lld-19:lld-19"
    "qemu-system-x86_64:qemu-system-x86"
    "gdb:gdb"
    "musl-gcc:musl-tools"
    "busybox:busybox-static"
    "mke2fs:e2fsprogs"
)

# The benchmark (scripts/bench.sh, `make bench`) also compiles C and counts instructions, and
# unpacks Debian's Linux kernel package for the user-mode figures (scripts/linux-bench.sh).
BENCH_TOOLS=(
    "clang-19:clang-19"
    "valgrind:valgrind"
    "dpkg-deb:dpkg"
)

check_only=false
for arg in "$@"; do
    case "$arg" in
        --check) check_only=true ;;
        --bench) TOOLS+=("${BENCH_TOOLS[@]}") ;;
        *) echo "usage: $0 [--bench] [--check]" >&2; exit 2 ;;
    esac
done

missing_tools=()
packages=()
for entry in "${TOOLS[@]}"; do
    tool=${entry%%:*}
    package=${entry#*:}
    if ! command -v "$tool" >/dev/null 2>&1; then
        missing_tools+=("$tool")
        case " ${packages[*]:-} " in
            *" $package "*) ;;
            *) packages+=("$package") ;;
        esac
    fi
done

if [ ${#missing_tools[@]} -eq 0 ]; then
    echo "host tools: all present (${TOOLS[*]%%:*})"
    exit 0
fi

command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages[*]}"
echo "host tools: missing ${missing_tools[*]} (Debian packages: ${packages[*]})"
if $check_only; then
    echo "host tools: install them with: sudo sh -c '$command'" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    run=(sh -c)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run=(sudo sh -c)
else
    echo "host tools: not root and no password-less sudo; run this, then try again:" >&2
    echo "    sudo sh -c '$command'" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "host tools: no apt-get here; install ${packages[*]} (or their equivalents) by hand" >&2
    exit 1
fi

echo "host tools: installing ${packages[*]}"
"${run[@]}" "$command"

for tool in "${missing_tools[@]}"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "host tools: $tool is still missing after installing ${packages[*]}" >&2
        exit 1
    fi
done
echo "host tools: installed ${packages[*]}"
