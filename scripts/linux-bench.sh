#!/usr/bin/env bash
# Linux's side of make bench's user-mode figures (issue #15): boots Debian's Linux 6.1 under QEMU
# (TCG, as Zeptux is measured) with an initramfs of busybox-static and the static benchmark
# programs of bench/user, and prints what they measure:
#
#   linux: 6.1.0-57-amd64 (Debian 6.1.192-3)
#   linux: clocksource ..., meltdown: ..., spectre_v2: ...
#   bench: null system call (getpid): ... ns/call (...)
#   bench: exec-to-exit (posix_spawn and waitpid of /bin/nop): ... us (...)
#   bench: fork+exit+wait: ... us (...)
#   bench: fork+exec+wait of /bin/nop: ... us (...)
#   bench: pipe round trip between two processes: ... us (...)
#   bench: boot to a shell prompt: ... ms (min ..., max ...; 5 boots)
#
# The last is QEMU's start to busybox sh's prompt on the serial console, with an initramfs whose
# /init mounts devtmpfs and execs sh (Zeptux's is its init starting the same busybox sh).
# The kernel is the one Debian's linux-image-amd64 depends on, fetched with `apt-get download`
# into build/bench/linux and unpacked there with dpkg-deb (never installed on this host). The
# programs are built with musl-gcc -static -O2 into build/bench/bin: the same binaries go into
# Zeptux's initramfs for its side of the figures. Needs musl-gcc, busybox, qemu-system-x86_64,
# apt-get and dpkg-deb (scripts/host-tools.sh --bench); bench/Bench.java runs this script.
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/bench
qemu=${QEMU:-qemu-system-x86_64}
for tool in musl-gcc busybox "$qemu" apt-get apt-cache dpkg-deb; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "linux-bench: $tool is missing: run scripts/host-tools.sh --bench" >&2
        exit 1
    fi
done
mkdir -p "$out/bin" "$out/linux"

# The programs.
for program in nullsys exectime forkwait nop pipeping; do
    musl-gcc -static -O2 -Wall -Wextra -Werror -o "$out/bin/$program" "bench/user/$program.c"
done

# The kernel: linux-image-amd64 depends on linux-image-6.1.0-N-amd64, which holds /boot/vmlinuz-*.
# Downloaded once (again when Debian's package changes); apt's lists are updated when they do not
# know the package or point at a file the archive no longer has.
kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'
}
update_lists() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "linux-bench: $1: run 'sudo apt-get update', then try again" >&2
        exit 1
    fi
    apt-get update -qq >"$out/linux/apt.log" 2>&1 || { cat "$out/linux/apt.log" >&2; exit 1; }
}
download() {
    rm -f "$out/linux/"linux-image-*.deb "$out/linux/"vmlinuz-*
    echo "linux-bench: apt-get download $package" >&2
    (cd "$out/linux" && apt-get download -o APT::Sandbox::User=root "$package") >"$out/linux/apt.log" 2>&1
}
package=$(kernel_package)
if [ -z "$package" ]; then
    update_lists "apt does not know linux-image-amd64"
    package=$(kernel_package)
    if [ -z "$package" ]; then
        echo "linux-bench: no package linux-image-amd64 in apt's lists (see: apt-cache depends linux-image-amd64)" >&2
        exit 1
    fi
fi
deb=$(ls "$out/linux/${package}"_*.deb 2>/dev/null | sort | tail -n 1 || true)
if [ -z "$deb" ]; then
    if ! download; then
        update_lists "apt-get download $package failed"
        package=$(kernel_package)
        download || { cat "$out/linux/apt.log" >&2; echo "linux-bench: apt-get download $package failed" >&2; exit 1; }
    fi
    deb=$(ls "$out/linux/${package}"_*.deb | sort | tail -n 1)
fi
release=${package#linux-image-}
vmlinuz=$out/linux/vmlinuz-$release
if [ ! -f "$vmlinuz" ]; then
    rm -rf "$out/linux/unpacked"
    dpkg-deb -x "$deb" "$out/linux/unpacked"
    cp "$out/linux/unpacked/boot/vmlinuz-$release" "$vmlinuz"
    rm -rf "$out/linux/unpacked"
fi
version=$(dpkg-deb -f "$deb" Version)

# The initramfs: busybox, the programs and an /init that runs them and powers off. An uncompressed
# cpio "newc" archive (the kernel also reads gzip; there is nothing to gain at this size).
tree=$out/linux/initramfs
rm -rf "$tree"
mkdir -p "$tree/bin" "$tree/dev" "$tree/sys"
cp "$(command -v busybox)" "$tree/bin/busybox"
cp "$out/bin/nullsys" "$out/bin/exectime" "$out/bin/forkwait" "$out/bin/nop" "$out/bin/pipeping" "$tree/bin/"
cat >"$tree/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t sysfs sysfs /sys
exec </dev/console >/dev/console 2>&1
cpu=/sys/devices/system/cpu/vulnerabilities
echo "linux: clocksource $(/bin/busybox cat /sys/devices/system/clocksource/clocksource0/current_clocksource)," \
    "meltdown: $(/bin/busybox cat $cpu/meltdown), spectre_v2: $(/bin/busybox cat $cpu/spectre_v2)"
/bin/nullsys 200000 7 && /bin/exectime /bin/nop 200 && /bin/forkwait 200 && /bin/pipeping 10000 7
/bin/busybox poweroff -f
EOF
chmod 0755 "$tree/init"
(cd "$tree" && find . -mindepth 1 | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) >"$out/linux/initramfs.cpio"

# Boot to a shell prompt: an initramfs whose /init execs busybox sh on the console; the time from
# QEMU's start to sh's prompt ("# "), five boots, the median.
shtree=$out/linux/initramfs-sh
rm -rf "$shtree"
mkdir -p "$shtree/bin" "$shtree/dev"
cp "$(command -v busybox)" "$shtree/bin/busybox"
ln -s busybox "$shtree/bin/sh"
printf '%s\n' '#!/bin/busybox sh' '/bin/busybox mount -t devtmpfs devtmpfs /dev' \
    'exec /bin/sh </dev/console >/dev/console 2>&1' >"$shtree/init"
chmod 0755 "$shtree/init"
(cd "$shtree" && find . -mindepth 1 | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) >"$out/linux/initramfs-sh.cpio"
prompt_ms=()
for i in 1 2 3 4 5; do
    plog=$out/linux/prompt.log
    : >"$plog"
    start=$(date +%s%N)
    "$qemu" -accel tcg -M pc -m 256M -kernel "$vmlinuz" -initrd "$out/linux/initramfs-sh.cpio" \
        -append "console=ttyS0 quiet init=/init panic=-1" -serial stdio -display none -monitor none \
        -no-reboot </dev/null >"$plog" 2>&1 &
    qpid=$!
    ms=
    while kill -0 "$qpid" 2>/dev/null; do
        if grep -q '# ' "$plog"; then
            ms=$(( ($(date +%s%N) - start) / 1000000 ))
            break
        fi
        if [ $(( ($(date +%s%N) - start) / 1000000000 )) -ge 120 ]; then
            break
        fi
        sleep 0.005
    done
    kill "$qpid" 2>/dev/null || true
    wait "$qpid" 2>/dev/null || true
    if [ -z "$ms" ]; then
        echo "linux-bench: no shell prompt from Linux within 120 s; its output ($plog):" >&2
        tail -n 30 "$plog" >&2
        exit 1
    fi
    prompt_ms+=("$ms")
done
sorted=($(printf '%s\n' "${prompt_ms[@]}" | sort -n))
prompt_line="bench: boot to a shell prompt: ${sorted[2]} ms (min ${sorted[0]}, max ${sorted[4]}; 5 boots)"

# The boot: the kernel prints little (quiet); panic=-1 and -no-reboot end QEMU if /init fails.
log=$out/linux/boot.log
if ! timeout 600 "$qemu" -accel tcg -M pc -m 256M -kernel "$vmlinuz" -initrd "$out/linux/initramfs.cpio" \
        -append "console=ttyS0 quiet init=/init panic=-1" -serial stdio -display none -monitor none \
        -no-reboot </dev/null >"$log" 2>&1; then
    echo "linux-bench: QEMU failed or timed out; its output ($log):" >&2
    tail -n 30 "$log" >&2
    exit 1
fi
lines=$(tr -d '\r' <"$log" | grep -E '^bench: ' || true)
if [ "$(printf '%s\n' "$lines" | grep -c '^bench: ')" -ne 5 ]; then
    echo "linux-bench: no figures from Linux; its output ($log):" >&2
    tail -n 30 "$log" >&2
    exit 1
fi
echo "linux: $release (Debian $version)"
tr -d '\r' <"$log" | grep -E '^linux: ' || true
printf '%s\n' "$lines"
echo "$prompt_line"
