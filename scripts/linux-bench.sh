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
#   bench: disk sequential write (...): ... MB/s (median of 3)     (and read, small files created, deleted)
#   bench: -smp 1: 4 processes of 30000000 xorshift steps: ... ms (finished on 1 CPUs)   (three runs each)
#   bench: -smp 4: 4 processes of 30000000 xorshift steps: ... ms (finished on 4 CPUs)
#
# The -smp lines are bench/user/crunch.c (four CPU-bound processes, wall time) under
# multi-threaded TCG with one and with four virtual CPUs: the speed-up the host's cores allow.
# The boot-to-prompt figure is QEMU's start to busybox sh's prompt on the serial console, with an initramfs whose
# /init mounts devtmpfs and execs sh (Zeptux's is its init starting the same busybox sh).
# The kernel is the one Debian's linux-image-amd64 depends on, fetched with `apt-get download`
# into build/bench/linux and unpacked there with dpkg-deb (never installed on this host). The
# programs are built with musl-gcc -static -O2 into build/bench/bin: the same binaries go into
# Zeptux's initramfs for its side of the figures. Needs musl-gcc, busybox, qemu-system-x86_64,
# apt-get and dpkg-deb (scripts/host-tools.sh --bench); bench/Bench.java runs this script.
#
# The disk figures (issue 17) come from a boot of their own: bench/user/diskbench.c on an ext2 file
# system made here by mke2fs (build/bench/ext2-bench.img, which Bench.java gives Zeptux too),
# attached as the second IDE disk (/dev/sdb through ata_piix; a blank 1 MiB first disk as on
# Zeptux, whose hda is its boot disk). Debian builds ATA, SCSI disks and ext4 (which mounts ext2)
# as modules: they and what they depend on (their .modinfo "depends=") go into that initramfs and
# /init insmods them in order. `linux-bench.sh --disk` runs that boot alone.
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/bench
qemu=${QEMU:-qemu-system-x86_64}
disk_only=
if [ "${1:-}" = --disk ]; then
    disk_only=1
fi
# diskbench's MiB, files and runs (bench/Bench.java gives Zeptux the same).
disk_args="32 2000 3"
export PATH="$PATH:/usr/sbin:/sbin"
for tool in musl-gcc busybox "$qemu" apt-get apt-cache dpkg-deb mke2fs; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "linux-bench: $tool is missing: run scripts/host-tools.sh --bench" >&2
        exit 1
    fi
done
mkdir -p "$out/bin" "$out/linux"

# The programs.
for program in nullsys exectime forkwait nop pipeping diskbench crunch; do
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
modules=$out/linux/modules-$release
if [ ! -f "$vmlinuz" ] || [ ! -d "$modules" ]; then
    rm -rf "$out/linux/unpacked" "$modules"
    dpkg-deb -x "$deb" "$out/linux/unpacked"
    cp "$out/linux/unpacked/boot/vmlinuz-$release" "$vmlinuz"
    mv "$out/linux/unpacked/lib/modules/$release/kernel" "$modules"
    rm -rf "$out/linux/unpacked"
fi
version=$(dpkg-deb -f "$deb" Version)

# The disk boot's modules: the ATA disk driver, SCSI disks and ext4 with every module they depend
# on, in an order where each comes after its dependencies (modinfo's depends=, read from the
# .modinfo strings; names with - and _ are the same module). .ko.xz files are decompressed.
declare -A module_path=() module_done=()
while IFS= read -r f; do
    n=$(basename "$f"); n=${n%.xz}; n=${n%.ko}; n=${n//-/_}
    module_path[$n]=$f
done < <(find "$modules" -name '*.ko' -o -name '*.ko.xz')
module_order=()
add_module() {
    local n=${1//-/_} f deps d
    [ -n "${module_done[$n]:-}" ] && return 0
    f=${module_path[$n]:-}
    if [ -z "$f" ]; then
        echo "linux-bench: module $1 is not in $deb" >&2
        exit 1
    fi
    module_done[$n]=1
    if [ "${f%.xz}" != "$f" ] && ! command -v xz >/dev/null 2>&1; then
        echo "linux-bench: $f is compressed and xz is missing (apt-get install xz-utils)" >&2
        exit 1
    fi
    case $f in
        *.xz) deps=$(xz -dc "$f" | tr '\0' '\n' | grep -a '^depends=' || true) ;;
        *) deps=$(tr '\0' '\n' <"$f" | grep -a '^depends=' || true) ;;
    esac
    deps=${deps#depends=}
    for d in ${deps//,/ }; do
        add_module "$d"
    done
    module_order+=("$n")
}
for m in crc32c_generic ata_piix sd_mod ext4; do
    add_module "$m"
done

# The ext2 image both kernels get (each a fresh copy): 128 MiB, 4 KiB blocks.
disk_image=$out/ext2-bench.img
rm -f "$disk_image"
truncate -s 128M "$disk_image"
mke2fs -q -F -t ext2 -b 4096 "$disk_image"

# The disk boot: busybox, diskbench, the modules (insmod in order), then diskbench on /dev/sdb.
disk_boot() {
    local dtree=$out/linux/initramfs-disk m f insmods=
    rm -rf "$dtree"
    mkdir -p "$dtree/bin" "$dtree/dev" "$dtree/proc" "$dtree/sys" "$dtree/lib/modules" "$dtree/mnt"
    cp "$(command -v busybox)" "$dtree/bin/busybox"
    cp "$out/bin/diskbench" "$dtree/bin/"
    for m in "${module_order[@]}"; do
        f=${module_path[$m]}
        case $f in
            *.xz) xz -dc "$f" >"$dtree/lib/modules/$m.ko" ;;
            *) cp "$f" "$dtree/lib/modules/$m.ko" ;;
        esac
        insmods="$insmods $m"
    done
    cat >"$dtree/init" <<EOF
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
exec </dev/console >/dev/console 2>&1
for m in $insmods; do /bin/busybox insmod /lib/modules/\$m.ko || echo "linux: insmod \$m failed"; done
# sd probes disks asynchronously, so names may come in either order: the second IDE disk is the
# one at SCSI target 0:0:1:0 (ata1.01).
i=0
while [ ! -e /sys/bus/scsi/devices/0:0:1:0/block ] && [ \$i -lt 100 ]; do /bin/busybox sleep 0.1; i=\$((i+1)); done
disk=\$(/bin/busybox ls /sys/bus/scsi/devices/0:0:1:0/block)
i=0
while [ ! -b /dev/\$disk ] && [ \$i -lt 100 ]; do /bin/busybox sleep 0.1; i=\$((i+1)); done
echo "linux: the second IDE disk is /dev/\$disk"
/bin/diskbench /dev/\$disk /mnt $disk_args
/bin/busybox poweroff -f
EOF
    chmod 0755 "$dtree/init"
    (cd "$dtree" && find . -mindepth 1 | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) >"$out/linux/initramfs-disk.cpio"
    cp "$disk_image" "$out/linux/disk.img"
    rm -f "$out/linux/blank.img"
    truncate -s 1M "$out/linux/blank.img"
    local dlog=$out/linux/disk.log
    if ! timeout 900 "$qemu" -accel tcg -M pc -m 256M -kernel "$vmlinuz" -initrd "$out/linux/initramfs-disk.cpio" \
            -append "console=ttyS0 quiet init=/init panic=-1" -serial stdio -display none -monitor none -no-reboot \
            -drive "file=$out/linux/blank.img,if=ide,index=0,format=raw" \
            -drive "file=$out/linux/disk.img,if=ide,index=1,format=raw" </dev/null >"$dlog" 2>&1; then
        echo "linux-bench: QEMU failed or timed out on the disk boot; its output ($dlog):" >&2
        tail -n 30 "$dlog" >&2
        exit 1
    fi
    if ! tr -d '\r' <"$dlog" | grep -q '^diskbench: ok'; then
        echo "linux-bench: no disk figures from Linux; its output ($dlog):" >&2
        tail -n 30 "$dlog" >&2
        exit 1
    fi
    tr -d '\r' <"$dlog" | grep -E '^(bench: disk|diskbench: |linux: the second)'
}
if [ -n "$disk_only" ]; then
    echo "linux: $release (Debian $version)"
    disk_boot
    exit 0
fi

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
# Four CPU-bound processes with one and with four CPUs (multi-threaded TCG), three runs each.
crtree=$out/linux/initramfs-crunch
rm -rf "$crtree"
mkdir -p "$crtree/bin" "$crtree/dev"
cp "$(command -v busybox)" "$crtree/bin/busybox"
cp "$out/bin/crunch" "$crtree/bin/"
printf '%s\n' '#!/bin/busybox sh' '/bin/busybox mount -t devtmpfs devtmpfs /dev' \
    'exec </dev/console >/dev/console 2>&1' '/bin/crunch 4 30000000; /bin/crunch 4 30000000; /bin/crunch 4 30000000' \
    '/bin/busybox poweroff -f' >"$crtree/init"
chmod 0755 "$crtree/init"
(cd "$crtree" && find . -mindepth 1 | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) >"$out/linux/initramfs-crunch.cpio"
crunch_lines=
for smp in 1 4; do
    clog=$out/linux/crunch-$smp.log
    if ! timeout 600 "$qemu" -accel tcg,thread=multi -smp "$smp" -M pc -m 256M -kernel "$vmlinuz" \
            -initrd "$out/linux/initramfs-crunch.cpio" -append "console=ttyS0 quiet init=/init panic=-1" \
            -serial stdio -display none -monitor none -no-reboot </dev/null >"$clog" 2>&1; then
        echo "linux-bench: QEMU failed or timed out (-smp $smp); its output ($clog):" >&2
        tail -n 30 "$clog" >&2
        exit 1
    fi
    got=$(tr -d '\r' <"$clog" | grep -E '^bench: [0-9]+ processes' | sed "s/^bench: /bench: -smp $smp: /" || true)
    if [ "$(printf '%s\n' "$got" | grep -c '^bench: ')" -ne 3 ]; then
        echo "linux-bench: no crunch figures from Linux (-smp $smp); its output ($clog):" >&2
        tail -n 30 "$clog" >&2
        exit 1
    fi
    crunch_lines="$crunch_lines$got"$'\n'
done

echo "linux: $release (Debian $version)"
tr -d '\r' <"$log" | grep -E '^linux: ' || true
printf '%s\n' "$lines"
echo "$prompt_line"
disk_boot
printf '%s' "$crunch_lines"
